use schema_model::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: String,
    pub email_address: String,
    #[column(name = "email_address")]
    pub email: String,
}

fn main() {}
