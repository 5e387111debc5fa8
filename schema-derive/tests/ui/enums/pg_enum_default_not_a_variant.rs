use schema_model::{Table, TsEnum};

#[derive(TsEnum)]
#[ts_enum(pg_enum = "task_status")]
pub enum TaskStatus {
    Todo,
    Done,
}

#[derive(Table)]
pub struct Task {
    #[column(primary_key)]
    pub id: String,
    #[column(default = "doing")]
    pub status: TaskStatus,
}

fn main() {}
