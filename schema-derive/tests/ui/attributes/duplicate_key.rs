use schema_model::Table;

#[derive(Table)]
#[table(name = "users", name = "people")]
pub struct User {
    #[column(primary_key, unique, unique)]
    pub id: String,
}

fn main() {}
