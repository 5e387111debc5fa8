use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(identity = by_default)]
    pub id: Option<i64>,
}

fn main() {}
