use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(identity = always, sql_type = "text")]
    pub id: String,
}

fn main() {}
