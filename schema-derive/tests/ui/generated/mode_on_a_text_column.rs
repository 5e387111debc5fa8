use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(mode = "string")]
    pub at: String,
}

fn main() {}
