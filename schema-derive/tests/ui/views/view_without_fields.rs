use schema_model::View;

#[derive(View)]
#[view(sql = "select 1")]
pub struct Nothing {}

fn main() {}
