use schema_model::Table;

#[derive(Table)]
#[table(name = "users", schema = "app.auth")]
pub struct User {
    #[column(primary_key)]
    pub id: String,
}

fn main() {}
