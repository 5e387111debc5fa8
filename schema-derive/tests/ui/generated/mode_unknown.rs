use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(mode = "text")]
    pub at: chrono::NaiveDateTime,
}

fn main() {}
