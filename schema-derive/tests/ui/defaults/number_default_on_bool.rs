use schema_model::Table;

#[derive(Table)]
pub struct Column {
    #[column(primary_key)]
    pub id: String,
    #[column(default = 0)]
    pub visible: bool,
    #[column(default = 0.5)]
    pub position: i32,
    #[column(default = true)]
    pub label: Option<String>,
}

fn main() {}
