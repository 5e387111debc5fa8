use schema_model::Table;

#[derive(Table)]
pub enum User {
    Admin,
}

fn main() {}
