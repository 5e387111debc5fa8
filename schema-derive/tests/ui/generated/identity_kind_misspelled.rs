use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(identity = allways)]
    pub id: i32,
}

fn main() {}
