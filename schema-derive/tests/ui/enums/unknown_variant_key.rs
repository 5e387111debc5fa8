use schema_model::TsEnum;

#[derive(TsEnum)]
#[ts_enum(pg_enum = "task_status")]
pub enum TaskStatus {
    Todo,
    #[ts_enum(renamed_form = "in_progress")]
    Started,
}

fn main() {}
