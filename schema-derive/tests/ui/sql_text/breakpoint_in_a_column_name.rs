use schema_model::Table;

#[derive(Table)]
pub struct Note {
    #[column(primary_key)]
    pub id: String,
    #[column(name = "body--> statement-breakpoint")]
    pub body: String,
}

fn main() {}
