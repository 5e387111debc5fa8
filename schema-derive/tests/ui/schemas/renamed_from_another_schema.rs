use schema_model::Table;

// A rename stays in the table's schema; a move between schemas cannot be declared.
#[derive(Table)]
#[table(name = "users", schema = "auth", renamed_from = "public.users")]
pub struct User {
    #[column(primary_key)]
    pub id: String,
}

fn main() {}
