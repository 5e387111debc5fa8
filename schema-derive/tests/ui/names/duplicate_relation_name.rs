use schema_model::Table;

#[derive(Table)]
#[table(many(posts = Post))]
pub struct User {
    #[column(primary_key)]
    pub id: String,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id)]
    pub author_id: String,
    #[column(references = User::id)]
    pub editor_id: Option<String>,
}

fn main() {}
