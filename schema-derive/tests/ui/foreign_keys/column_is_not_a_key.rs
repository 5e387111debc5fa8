use schema_model::Table;

#[derive(Table)]
#[table(
    unique(org, handle),
    index(nickname, unique, where_sql = "\"nickname\" IS NOT NULL")
)]
pub struct User {
    #[column(primary_key)]
    pub id: String,
    pub email: String,
    pub org: String,
    pub handle: String,
    pub nickname: Option<String>,
}

#[derive(Table)]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    /// Neither the primary key nor unique: PostgreSQL would refuse the foreign key.
    #[column(references = User::email)]
    pub author_email: String,
    /// Unique only together with `org`.
    #[column(references = User::handle, relation = "by_handle")]
    pub author_handle: String,
    /// Unique only where it is set (a partial index): PostgreSQL refuses it as a target.
    #[column(references = User::nickname, relation = "by_nickname")]
    pub author_nickname: Option<String>,
}

fn main() {}
