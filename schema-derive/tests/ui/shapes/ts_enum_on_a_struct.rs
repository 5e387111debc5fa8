use schema_model::TsEnum;

#[derive(TsEnum)]
pub struct Role {
    pub name: String,
}

fn main() {}
