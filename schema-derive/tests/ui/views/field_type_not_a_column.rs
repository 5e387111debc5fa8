use schema_model::View;

pub struct Point {
    pub x: f64,
}

#[derive(View)]
#[view(sql = "select point(0, 0) as at")]
pub struct Places {
    pub at: Point,
}

fn main() {}
