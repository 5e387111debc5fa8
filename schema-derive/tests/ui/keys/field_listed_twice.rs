use schema_model::Table;

#[derive(Table)]
#[table(primary_key(identifier, identifier), index())]
pub struct VerificationToken {
    pub identifier: String,
    pub token: String,
}

fn main() {}
