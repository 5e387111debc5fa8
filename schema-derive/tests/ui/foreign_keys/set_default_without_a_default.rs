use schema_model::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: String,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id, on_delete = set_default)]
    pub author_id: String,
}

fn main() {}
