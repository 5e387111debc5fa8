use schema_model::Table;

#[derive(Table)]
pub struct Ticket {
    #[column(primary_key)]
    pub id: String,
    /// `sql_type` decides over the field's type: `i64` would take it, `smallint` does not.
    #[column(sql_type = "smallint", default = 40000)]
    pub rank: i64,
    #[column(sql_type = "integer", default = 0.5)]
    pub position: f64,
    #[column(sql_type = "real", default = 1e39)]
    pub weight: f64,
    /// Fits: fine.
    #[column(sql_type = "int2", default = -32768)]
    pub lowest: i32,
    /// An SQL type the derive does not size: PostgreSQL judges it.
    #[column(sql_type = "numeric(30, 0)", default = 99999999999999999999)]
    pub huge: String,
}

fn main() {}
