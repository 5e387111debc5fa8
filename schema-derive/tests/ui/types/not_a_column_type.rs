use schema_model::Table;

pub struct Money(i64);

#[derive(Table)]
pub struct Invoice {
    #[column(primary_key)]
    pub id: String,
    pub total: Money,
    /// With an explicit SQL type the Rust type need not be a `ColumnType`.
    #[column(sql_type = "numeric")]
    pub tax: Money,
}

fn main() {}
