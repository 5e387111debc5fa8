#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use schema_model::{Table, TsEnum};
#[derive(Table)]
#[table(name = "orders")]
pub struct Order {
    #[column(primary_key, identity = always)]
    pub id: i32,
    #[column(
        identity(
            always,
            start_with = 1000,
            increment = 5,
            max_value = 100000,
            cache = 10
        )
    )]
    pub ticket: i64,
    #[column(identity = by_default)]
    pub position: i16,
    pub note: Option<String>,
    #[column(identity(always, start_with = 7, name = "orders_sequence_number"))]
    pub seq_no: i32,
}
#[derive(Table)]
#[table(name = "legacy_orders")]
pub struct LegacyOrder {
    #[column(sql_type = "serial", primary_key)]
    pub id: String,
    #[column(sql_type = "bigserial")]
    pub big: String,
    #[column(sql_type = "smallserial")]
    pub small: String,
    #[column(sql_type = "serial")]
    pub extra: String,
}
/// The whole schema, checked (`SchemaBuilder::build`).
pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
    schema_model::SchemaBuilder::new().table::<Order>().table::<LegacyOrder>().build()
}
