use schema_model::Table;

#[derive(Table)]
#[table(primary_key(identifier, tokn))]
pub struct VerificationToken {
    pub identifier: String,
    pub token: String,
}

fn main() {}
