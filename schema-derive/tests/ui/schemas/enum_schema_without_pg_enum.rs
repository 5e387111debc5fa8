use schema_model::TsEnum;

// A union stored as text has no PostgreSQL type to put in a schema.
#[derive(TsEnum)]
#[ts_enum(schema = "auth")]
pub enum Role {
    Member,
    Admin,
}

fn main() {}
