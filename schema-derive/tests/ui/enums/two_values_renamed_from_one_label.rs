use schema_model::TsEnum;

#[derive(TsEnum)]
#[ts_enum(pg_enum = "task_status")]
pub enum TaskStatus {
    #[ts_enum(renamed_from = "in_progress")]
    Started,
    #[ts_enum(renamed_from = "in_progress")]
    Doing,
}

fn main() {}
