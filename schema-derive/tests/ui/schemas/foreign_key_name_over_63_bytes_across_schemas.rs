use schema_model::Table;

// The foreign key's name is made of the bare table names (`auth.` is not part of it), and
// still over 63 bytes here.
#[derive(Table)]
#[table(name = "users_of_every_workspace_and_project", schema = "auth")]
pub struct User {
    #[column(primary_key)]
    pub id: String,
}

#[derive(Table)]
#[table(name = "posts")]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id)]
    pub author_of_the_post_id: String,
}

fn main() {}
