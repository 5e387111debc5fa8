//! A foreign key may reference any column that is a key by itself: the one-column primary key
//! (declared on the field or in `primary_key(...)`), a `unique` column, a `unique(field)` list,
//! a unique index on the field alone.
use schema_model::{SchemaBuilder, Table};

#[derive(Table)]
#[table(name = "users", primary_key(id), unique(code), index(slug, unique))]
pub struct User {
    pub id: String,
    #[column(unique)]
    pub email: String,
    pub code: String,
    pub slug: String,
}

#[derive(Table)]
#[table(name = "posts")]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id)]
    pub author_id: String,
    #[column(references = User::email, relation = "by_email")]
    pub author_email: String,
    #[column(references = User::code, relation = "by_code")]
    pub author_code: String,
    #[column(references = User::slug, relation = "by_slug")]
    pub author_slug: String,
}

fn main() {
    let schema = SchemaBuilder::new()
        .table::<User>()
        .table::<Post>()
        .build()
        .expect("every target is a key");
    let posts = schema.tables.iter().find(|t| t.name == Post::NAME).unwrap();
    let targets: Vec<&str> = posts
        .foreign_keys
        .iter()
        .map(|fk| fk.ref_columns[0].as_str())
        .collect();
    assert_eq!(targets, ["id", "email", "code", "slug"]);
}
