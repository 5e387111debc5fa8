use schema_model::View;

#[derive(View)]
#[view(sql = "select 1 as id")]
pub struct Ids {
    pub id: i32,
    #[column(name = "id")]
    pub other: i32,
}

fn main() {}
