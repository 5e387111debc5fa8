use schema_model::TsEnum;

#[derive(TsEnum)]
#[ts_enum(pg_enum = "task_status")]
pub enum TaskStatus {
    Todo,
    #[ts_enum(renamed_from = "todo")]
    Started,
    #[ts_enum(renamed_from = "started")]
    Begun,
}

fn main() {}
