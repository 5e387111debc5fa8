use schema_model::Table;

#[derive(Table)]
pub struct User(String);

fn main() {}
