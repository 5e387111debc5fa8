use schema_model::Table;

#[derive(Table)]
pub struct Job {
    #[column(primary_key)]
    pub id: String,
    #[column(default_json = "[1, 2,]")]
    pub steps: serde_json::Value,
}

fn main() {}
