use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(identity(start_with = 1))]
    pub id: i32,
}

fn main() {}
