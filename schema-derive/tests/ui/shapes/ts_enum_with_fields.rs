use schema_model::TsEnum;

#[derive(TsEnum)]
pub enum Shape {
    Circle(f64),
    Square { side: f64 },
    Point,
}

fn main() {}
