use schema_model::TsEnum;

#[derive(TsEnum)]
pub enum TaskStatus {
    Todo,
    #[ts_enum(renamed_from = "in_progress")]
    Started,
}

fn main() {}
