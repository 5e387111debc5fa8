use schema_model::Table;

#[derive(Table)]
pub struct User {
    #[column(primary_key, default = "x", default_fn = schema_model::nanoid)]
    pub id: String,
}

fn main() {}
