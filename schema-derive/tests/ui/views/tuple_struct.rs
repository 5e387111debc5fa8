use schema_model::View;

#[derive(View)]
#[view(sql = "select 1")]
pub struct Ids(i32);

fn main() {}
