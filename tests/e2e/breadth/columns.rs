//! Column types, arrays and generated columns: `tests/drizzle-fixture/breadth/columns/`.

use schema_model::Schema;

mod step1 {
    use chrono::{DateTime, NaiveDate, Utc};
    use schema_model::{Schema, SchemaBuilder, Table};

    #[derive(Table)]
    #[table(name = "products")]
    pub struct Product {
        #[column(primary_key, default_sql = "gen_random_uuid()")]
        pub id: uuid::Uuid,
        #[column(sql_type = "varchar(20)")]
        pub sku: String,
        #[column(sql_type = "char(3)")]
        pub currency: String,
        #[column(sql_type = "numeric(10, 2)")]
        pub price: String,
        pub quantity: i32,
        #[column(sql_type = "numeric", generated = "\"quantity\" * 2")]
        pub total: Option<String>,
        pub released_on: Option<NaiveDate>,
        #[column(sql_type = "time")]
        pub opens_at: Option<String>,
        #[column(sql_type = "interval")]
        pub warranty: Option<String>,
        pub created_at: DateTime<Utc>,
        #[column(mode = "string")]
        pub updated_at: Option<DateTime<Utc>>,
        #[column(sql_type = "json")]
        pub attributes: Option<serde_json::Value>,
        #[column(sql_type = "bytea")]
        pub thumbnail: Option<Vec<u8>>,
        #[column(sql_type = "inet")]
        pub last_ip: Option<String>,
        #[column(sql_type = "cidr")]
        pub subnet: Option<String>,
        #[column(sql_type = "macaddr")]
        pub mac: Option<String>,
        #[column(sql_type = "macaddr8")]
        pub mac8: Option<String>,
        #[column(sql_type = "text[]")]
        pub tags: Vec<String>,
        #[column(sql_type = "integer[][]")]
        pub matrix: Option<Vec<Vec<i32>>>,
    }

    pub fn schema() -> Schema {
        SchemaBuilder::new().table::<Product>().build().unwrap()
    }
}

pub(crate) mod step2 {
    use chrono::{DateTime, NaiveDate, Utc};
    use schema_model::{Schema, SchemaBuilder, Table};

    #[derive(Table)]
    #[table(name = "products")]
    pub struct Product {
        #[column(primary_key, default_sql = "gen_random_uuid()")]
        pub id: uuid::Uuid,
        #[column(sql_type = "varchar(40)")]
        pub sku: String,
        #[column(sql_type = "char(3)")]
        pub currency: String,
        #[column(sql_type = "numeric(12, 2)")]
        pub price: String,
        pub quantity: i32,
        #[column(sql_type = "numeric", generated = "\"quantity\" * 3")]
        pub total: Option<String>,
        pub released_on: Option<NaiveDate>,
        #[column(sql_type = "time")]
        pub opens_at: Option<String>,
        #[column(sql_type = "interval")]
        pub warranty: Option<String>,
        pub created_at: DateTime<Utc>,
        #[column(mode = "string")]
        pub updated_at: Option<DateTime<Utc>>,
        #[column(sql_type = "json")]
        pub attributes: Option<serde_json::Value>,
        #[column(sql_type = "bytea")]
        pub thumbnail: Option<Vec<u8>>,
        #[column(sql_type = "inet")]
        pub last_ip: Option<String>,
        #[column(sql_type = "cidr")]
        pub subnet: Option<String>,
        #[column(sql_type = "macaddr")]
        pub mac: Option<String>,
        #[column(sql_type = "macaddr8")]
        pub mac8: Option<String>,
        #[column(sql_type = "text[]")]
        pub tags: Vec<String>,
        #[column(sql_type = "integer[][]")]
        pub matrix: Option<Vec<Vec<i32>>>,
        #[column(sql_type = "varchar(8)[]")]
        pub sizes: Option<Vec<String>>,
        #[column(generated = "length(\"currency\")")]
        pub currency_length: Option<i32>,
    }

    pub fn schema() -> Schema {
        SchemaBuilder::new().table::<Product>().build().unwrap()
    }
}

#[test]
fn columns() {
    super::prove("columns", &[step1::schema(), step2::schema()]).unwrap();
}

#[test]
fn planner_writes_drizzle_kits_alterations() {
    let plan = schema_model::diff::plan(
        &step1::schema(),
        &step2::schema(),
        schema_model::diff::PlanOptions::default(),
    )
    .unwrap();
    let up: Vec<String> = plan.up_statements().into_iter().map(|s| s.sql).collect();
    assert_eq!(
        up,
        [
            "ALTER TABLE \"products\" ALTER COLUMN \"sku\" SET DATA TYPE varchar(40);",
            "ALTER TABLE \"products\" ALTER COLUMN \"price\" SET DATA TYPE numeric(12, 2);",
            "ALTER TABLE \"products\" drop column \"total\";",
            "ALTER TABLE \"products\" ADD COLUMN \"total\" numeric GENERATED ALWAYS AS (\"quantity\" * 3) STORED;",
            "ALTER TABLE \"products\" ADD COLUMN \"sizes\" varchar(8)[];",
            "ALTER TABLE \"products\" ADD COLUMN \"currency_length\" integer GENERATED ALWAYS AS (length(\"currency\")) STORED;",
        ]
    );
    let _: &Schema = &step1::schema();
}
