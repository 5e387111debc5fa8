use schema_model::Table;

#[derive(Table)]
#[table(name = "articles", index(published_at(nulls_first, nulls_last)))]
pub struct Article {
    #[column(primary_key)]
    pub id: String,
    pub title: String,
    pub published_at: Option<String>,
}

fn main() {}
