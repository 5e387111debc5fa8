use schema_model::Table;

#[derive(Table)]
#[table(name = "a_table_name_that_goes_on_and_on_well_past_what_postgres_will_keep")]
pub struct Long {
    #[column(primary_key)]
    pub id: String,
    pub a_column_name_that_goes_on_and_on_well_past_what_postgres_will_keep: String,
}

fn main() {}
