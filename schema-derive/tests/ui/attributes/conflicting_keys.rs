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
    #[column(references = User::id, relation = "author", no_relation)]
    pub author_id: String,
    #[column(ts_type = "Record<string, unknown>", ts_import = "PostMeta")]
    pub meta: serde_json::Value,
}

fn main() {}
