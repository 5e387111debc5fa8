use schema_model::Table;

#[derive(Table)]
pub struct Session {
    #[column(primary_key)]
    pub id: String,
    #[column(default_now)]
    pub token: String,
}

fn main() {}
