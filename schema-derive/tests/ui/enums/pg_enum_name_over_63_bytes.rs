use schema_model::TsEnum;

#[derive(TsEnum)]
#[ts_enum(pg_enum = "task_status_of_every_task_in_every_project_of_every_workspace_ever")]
pub enum TaskStatus {
    Todo,
    Done,
}

#[derive(TsEnum)]
#[ts_enum(pg_enum = "")]
pub enum Empty {
    One,
}

fn main() {}
