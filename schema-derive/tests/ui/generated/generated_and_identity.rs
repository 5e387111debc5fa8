use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(generated = "1", identity = always)]
    pub total: i32,
}

fn main() {}
