use schema_model::Table;

#[derive(Table)]
#[table(unique(provider, account), index(created))]
pub struct Account {
    #[column(primary_key)]
    pub id: String,
    pub provider: String,
    pub provider_account_id: String,
}

fn main() {}
