use schema_model::Table;

#[derive(Table)]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    #[column(on_delete = cascade, relation = "author")]
    pub author_id: String,
}

fn main() {}
