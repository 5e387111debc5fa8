use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(generated = " ")]
    pub total: Option<i32>,
}

fn main() {}
