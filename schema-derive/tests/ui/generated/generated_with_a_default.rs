use schema_model::Table;

#[derive(Table)]
pub struct Order {
    pub quantity: i32,
    #[column(generated = "\"quantity\" * 2", default = 0)]
    pub total: Option<i32>,
}

fn main() {}
