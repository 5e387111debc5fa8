use schema_model::View;

#[derive(View)]
#[view(sql = "select 1 as id", materialised)]
pub struct Ids {
    pub id: i32,
}

fn main() {}
