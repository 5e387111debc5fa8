use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(identity(always, increment = 0, min_value = 10, max_value = 5, start_with = 20))]
    pub id: i32,
}

fn main() {}
