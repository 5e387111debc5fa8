use schema_model::Table;

#[derive(Table)]
#[table]
pub struct User {
    #[column]
    pub id: String,
}

fn main() {}
