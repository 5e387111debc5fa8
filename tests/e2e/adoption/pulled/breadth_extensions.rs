#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use schema_model::{Table, TsEnum};
#[derive(Table)]
#[table(
    name = "members",
    index(name = "members_name_trgm_index", name(op = "gist_trgm_ops"), using = "gist"),
    index(name, using = "bloom")
)]
pub struct Member {
    #[column(primary_key)]
    pub id: String,
    #[column(sql_type = "citext")]
    pub email: String,
    pub name: String,
    #[column(sql_type = "hstore", ts_type = "Record<string, string | null>")]
    pub attributes: Option<String>,
}
/// The whole schema, checked (`SchemaBuilder::build`).
pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
    schema_model::SchemaBuilder::new()
        .extension("citext")
        .extension("pg_trgm")
        .extension("bloom")
        .extension("hstore")
        .table::<Member>()
        .build()
}
