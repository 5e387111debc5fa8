use schema_model::Table;

#[derive(Table)]
#[table(check(name = "price_positive", expr = "\"price\" > 0"), check = "price > 0")]
pub struct Product {
    #[column(primary_key)]
    pub id: String,
    pub price: i32,
}

fn main() {}
