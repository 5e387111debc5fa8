use schema_model::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: String,
    #[column(primary_key)]
    pub email: String,
}

fn main() {}
