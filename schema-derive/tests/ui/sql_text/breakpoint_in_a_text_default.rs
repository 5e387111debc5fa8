use schema_model::Table;

#[derive(Table)]
pub struct Note {
    #[column(primary_key)]
    pub id: String,
    #[column(default = "a --> statement-breakpoint b")]
    pub body: String,
}

fn main() {}
