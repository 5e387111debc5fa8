use schema_model::Table;

#[derive(Table)]
pub struct Account {
    #[column(primary_key)]
    pub id: String,
    pub refresh_token: Option<String>,
    #[column(ts_name = "refreshToken")]
    pub refresh_token_v2: Option<String>,
}

fn main() {}
