use schema_model::Table;

#[derive(Table)]
#[table(nme = "users")]
pub struct User {
    #[column(primary_kye)]
    pub id: String,
}

fn main() {}
