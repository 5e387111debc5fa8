use schema_model::Table;

#[derive(Table)]
#[table(primary_key(identifier, token))]
pub struct VerificationToken {
    #[column(primary_key)]
    pub identifier: String,
    pub token: String,
}

fn main() {}
