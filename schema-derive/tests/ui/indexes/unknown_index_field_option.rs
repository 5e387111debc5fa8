use schema_model::Table;

#[derive(Table)]
#[table(name = "articles", index(title(dsc)))]
pub struct Article {
    #[column(primary_key)]
    pub id: String,
    pub title: String,
    pub published_at: Option<String>,
}

fn main() {}
