use schema_model::Table;

#[derive(Table)]
#[table(name = "notes\0")]
pub struct Note {
    #[column(primary_key)]
    pub id: String,
}

fn main() {}
