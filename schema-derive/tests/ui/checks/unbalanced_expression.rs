use schema_model::Table;

#[derive(Table)]
#[table(
    check(name = "price_positive", sql = "\"price\" > 0) OR (true"),
    check(name = "name_set", sql = "\"name\" <> ''"),
    check(name = "empty", sql = "  ")
)]
pub struct Product {
    #[column(primary_key)]
    pub id: String,
    pub price: i32,
    pub name: String,
}

fn main() {}
