use schema_model::Table;

#[derive(Table)]
pub struct Job {
    #[column(primary_key)]
    pub id: String,
    #[column(default = "[]")]
    pub tags: Vec<String>,
    #[column(default_json = "{}")]
    pub name: String,
}

fn main() {}
