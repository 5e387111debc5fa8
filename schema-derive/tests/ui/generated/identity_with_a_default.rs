use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(primary_key, identity = always, default = 1)]
    pub id: i32,
}

fn main() {}
