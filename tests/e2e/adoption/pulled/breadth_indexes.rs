#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use schema_model::{Table, TsEnum};
#[derive(Table)]
#[table(
    name = "articles",
    unique(author_id, title, nulls_not_distinct),
    index(name = "articles_slug_lower_index", sql = "lower(\"slug\")"),
    index(slug, unique),
    index(author_id, published_at(desc, nulls_first)),
    index(
        name = "articles_live_index",
        published_at(nulls_first),
        where_sql = "\"deleted_at\" IS NULL AND \"published_at\" IS NOT NULL"
    ),
    index(created_at, using = "brin", with(pages_per_range = 16))
)]
pub struct Article {
    #[column(primary_key)]
    pub id: String,
    pub slug: String,
    pub author_id: String,
    #[column(index)]
    pub title: Option<String>,
    pub published_at: Option<chrono::NaiveDateTime>,
    pub deleted_at: Option<chrono::NaiveDateTime>,
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
}
/// The whole schema, checked (`SchemaBuilder::build`).
pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
    schema_model::SchemaBuilder::new().table::<Article>().build()
}
