#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use schema_model::{Table, TsEnum};
#[derive(Table)]
#[table(name = "products")]
pub struct Product {
    #[column(sql_type = "uuid", primary_key, default_sql = "gen_random_uuid()")]
    pub id: String,
    #[column(sql_type = "varchar(40)")]
    pub sku: String,
    #[column(sql_type = "char(3)")]
    pub currency: String,
    #[column(sql_type = "numeric(12, 2)")]
    pub price: String,
    pub quantity: i32,
    #[column(sql_type = "numeric", generated = "\"quantity\" * 3")]
    pub total: Option<String>,
    pub released_on: Option<chrono::NaiveDate>,
    #[column(sql_type = "time")]
    pub opens_at: Option<String>,
    #[column(sql_type = "interval")]
    pub warranty: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[column(mode = "string")]
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
    #[column(sql_type = "json")]
    pub attributes: Option<serde_json::Value>,
    #[column(sql_type = "bytea")]
    pub thumbnail: Option<String>,
    #[column(sql_type = "inet")]
    pub last_ip: Option<String>,
    #[column(sql_type = "cidr")]
    pub subnet: Option<String>,
    #[column(sql_type = "macaddr")]
    pub mac: Option<String>,
    #[column(sql_type = "macaddr8")]
    pub mac8: Option<String>,
    #[column(sql_type = "text[]", ts_type = "string[]")]
    pub tags: String,
    #[column(sql_type = "integer[][]")]
    pub matrix: Option<String>,
    #[column(sql_type = "varchar(8)[]", ts_type = "string[]")]
    pub sizes: Option<String>,
    #[column(generated = "length(\"currency\")")]
    pub currency_length: Option<i32>,
}
/// The whole schema, checked (`SchemaBuilder::build`).
pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
    schema_model::SchemaBuilder::new().table::<Product>().build()
}
