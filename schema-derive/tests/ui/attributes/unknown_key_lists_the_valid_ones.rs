use schema_model::Table;

#[derive(Table)]
pub struct User {
    #[column(autoincrement)]
    pub id: i32,
}

fn main() {}
