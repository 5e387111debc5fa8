use schema_model::Table;

#[derive(Table)]
#[table(name = "users", schema = "")]
pub struct User {
    #[column(primary_key)]
    pub id: String,
}

#[derive(Table)]
#[table(
    name = "accounts",
    schema = "authentication_and_authorization_of_every_user_of_every_workspace"
)]
pub struct Account {
    #[column(primary_key)]
    pub id: String,
}

fn main() {}
