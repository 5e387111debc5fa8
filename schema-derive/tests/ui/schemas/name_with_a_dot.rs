use schema_model::{Table, TsEnum};

// The model keys a table outside `public` as `schema.name`: a dot in the name is refused.
#[derive(Table)]
#[table(name = "auth.users")]
pub struct User {
    #[column(primary_key)]
    pub id: String,
}

#[derive(TsEnum)]
#[ts_enum(pg_enum = "auth.role")]
pub enum Role {
    Member,
}

fn main() {}
