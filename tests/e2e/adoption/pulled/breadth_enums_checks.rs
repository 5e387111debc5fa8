#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use schema_model::{Table, TsEnum};
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(pg_enum = "priority_level")]
pub enum PriorityLevel {
    Low,
    High,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(pg_enum = "task_status")]
pub enum TaskStatus {
    Todo,
    InProgress,
    Blocked,
    Done,
    Archived,
}
#[derive(Table)]
#[table(
    name = "tasks",
    check(
        name = "tasks_priority_positive",
        sql = "\"priority\" >= 1 AND \"priority\" <= 5"
    ),
    check(name = "tasks_estimate_nonnegative", sql = "\"estimate\" >= 0")
)]
pub struct Task {
    #[column(primary_key)]
    pub id: String,
    #[column(default = "todo")]
    pub status: TaskStatus,
    #[column(default = 1)]
    pub priority: i32,
    pub estimate: Option<i32>,
    #[column(default = "low")]
    pub level: PriorityLevel,
}
/// The whole schema, checked (`SchemaBuilder::build`).
pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
    schema_model::SchemaBuilder::new().table::<Task>().build()
}
