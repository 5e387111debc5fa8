use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(primary_key, identity = always)]
    pub id: String,
}

fn main() {}
