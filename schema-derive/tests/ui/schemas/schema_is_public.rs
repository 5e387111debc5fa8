use schema_model::{Table, TsEnum};

// `public` is where a table goes without `schema`; drizzle's `pgSchema("public")` throws.
#[derive(Table)]
#[table(name = "users", schema = "public")]
pub struct User {
    #[column(primary_key)]
    pub id: String,
}

#[derive(TsEnum)]
#[ts_enum(pg_enum = "role", schema = "public")]
pub enum Role {
    Member,
}

fn main() {}
