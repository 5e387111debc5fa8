use schema_model::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: Option<String>,
}

fn main() {}
