use schema_model::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id)]
    pub author_id: String,
    /// `Option` of the target's type is fine.
    #[column(references = User::id, relation = "editor")]
    pub editor_id: Option<i64>,
}

fn main() {}
