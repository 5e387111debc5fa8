use schema_model::View;

#[derive(View)]
#[view(
    name = "a_view_name_that_goes_on_and_on_well_past_what_postgresql_keeps_intact",
    sql = "select 1 as id"
)]
pub struct Ids {
    pub id: i32,
}

fn main() {}
