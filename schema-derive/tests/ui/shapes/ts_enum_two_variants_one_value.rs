use schema_model::TsEnum;

#[derive(TsEnum)]
#[ts_enum(nme = "Status", inline)]
pub enum Status {
    InProgress,
    #[ts_enum(rename = "in_progress")]
    Started,
}

fn main() {}
