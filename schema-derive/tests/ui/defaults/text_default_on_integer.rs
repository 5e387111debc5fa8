use schema_model::Table;

#[derive(Table)]
pub struct Job {
    #[column(primary_key)]
    pub id: String,
    #[column(default = "3")]
    pub attempts: i32,
}

fn main() {}
