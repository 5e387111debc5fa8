use schema_model::Table;

#[derive(Table)]
#[table(
    check(name = "price_positive", sql = "\"price\" > 0"),
    check(name = "price_positive", sql = "\"price\" < 1000"),
    check(name = "products_name_unique", sql = "\"name\" <> ''")
)]
pub struct Product {
    #[column(primary_key)]
    pub id: String,
    pub price: i32,
    #[column(unique)]
    pub name: String,
}

fn main() {}
