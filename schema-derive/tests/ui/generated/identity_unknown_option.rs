use schema_model::Table;

#[derive(Table)]
pub struct Order {
    #[column(identity(always, strat_with = 1))]
    pub id: i32,
}

fn main() {}
