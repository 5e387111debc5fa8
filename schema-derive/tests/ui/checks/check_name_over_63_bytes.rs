use schema_model::Table;

#[derive(Table)]
#[table(check(
    name = "products_price_is_positive_and_below_the_limit_the_finance_team_set_in_2024",
    sql = "\"price\" > 0"
))]
pub struct Product {
    #[column(primary_key)]
    pub id: String,
    pub price: i32,
}

fn main() {}
