use schema_model::TsEnum;

#[derive(TsEnum)]
pub enum Never {}

fn main() {}
