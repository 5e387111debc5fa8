use schema_model::Table;

#[derive(Table)]
#[table(name = users, section = 5)]
pub struct User {
    #[column(primary_key = true, sql_type = text)]
    pub id: String,
}

fn main() {}
