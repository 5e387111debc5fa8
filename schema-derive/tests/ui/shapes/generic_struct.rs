use schema_model::Table;

#[derive(Table)]
pub struct Wrapper<T> {
    #[column(primary_key)]
    pub id: T,
}

fn main() {}
