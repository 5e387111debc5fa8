//! Every mistake of a struct in one compile; and the table with mistakes still gets its
//! `Table` impl and column consts, so `Post`, which is right, compiles without errors.
use schema_model::Table;

#[derive(Table)]
#[table(nme = "users", unique(emial))]
pub struct User {
    #[column(primary_key)]
    pub id: String,
    #[column(primary_key)]
    pub email: String,
    #[column(default = 1)]
    pub name: String,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id, on_delete = cascade)]
    pub author_id: String,
}

fn main() {}
