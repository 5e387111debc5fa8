//! Type changes along PostgreSQL's assignment casts (integer to varchar, bigint to integer,
//! timestamp to date, jsonb to json, text to varchar(n)): `SET DATA TYPE` without `USING`, as
//! drizzle-kit writes it. (Where PostgreSQL has no such cast, text to integer, drizzle-kit's
//! statement is refused and ours adds `USING`: the planner's unit tests.) The down file goes
//! back along casts PostgreSQL lacks (varchar to integer), with `USING`.

use schema_model::{Schema, SchemaBuilder};

mod step1 {
    use schema_model::Table;

    #[derive(Table)]
    #[table(name = "readings")]
    pub struct Reading {
        #[column(primary_key)]
        pub id: String,
        pub code: i32,
        pub total: i64,
        pub taken_at: chrono::NaiveDateTime,
        pub payload: Option<serde_json::Value>,
        pub label: String,
    }
}

mod step2 {
    use schema_model::Table;

    #[derive(Table)]
    #[table(name = "readings")]
    pub struct Reading {
        #[column(primary_key)]
        pub id: String,
        #[column(sql_type = "varchar(20)")]
        pub code: String,
        pub total: i32,
        pub taken_at: chrono::NaiveDate,
        #[column(sql_type = "json")]
        pub payload: Option<serde_json::Value>,
        #[column(sql_type = "varchar(8)")]
        pub label: String,
    }
}

fn build(builder: SchemaBuilder) -> Schema {
    builder.build().expect("a consistent schema")
}

#[test]
fn type_changes_agree_with_drizzle_kit_and_postgresql() -> anyhow::Result<()> {
    super::prove(
        "type-changes",
        &[
            build(SchemaBuilder::new().table::<step1::Reading>()),
            build(SchemaBuilder::new().table::<step2::Reading>()),
        ],
    )
}
