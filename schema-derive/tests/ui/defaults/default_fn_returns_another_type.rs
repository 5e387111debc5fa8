use schema_model::{nanoid, Table};

#[derive(Table)]
pub struct Counter {
    #[column(primary_key, default_fn = nanoid)]
    pub id: i64,
}

fn main() {}
