use schema_model::Table;

#[derive(Table)]
#[table(check(sql = "\"price\" > 0"), check(name = "price_positive"))]
pub struct Product {
    #[column(primary_key)]
    pub id: String,
    pub price: i32,
}

fn main() {}
