#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use schema_model::nanoid;
use schema_model::Table;
#[derive(Table)]
#[table(
    name = "users",
    section = "USERS (Authentication)",
    many(accounts = Account),
    many(sessions = Session),
    many(workspaceMembers = WorkspaceMember),
    many(invitationsSent = Invitation),
    many(activityLogs = ActivityLog)
)]
pub struct User {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(unique)]
    pub email: String,
    pub name: Option<String>,
    pub image: Option<String>,
    pub password_hash: Option<String>,
    pub email_verified: Option<chrono::NaiveDateTime>,
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
    #[column(default_now)]
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "sessions", section = "AUTH.JS ADAPTER TABLES")]
pub struct Session {
    #[column(primary_key)]
    pub session_token: String,
    #[column(references = User::id, on_delete = cascade)]
    pub user_id: String,
    pub expires: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(
    name = "accounts",
    section = "AUTH.JS ADAPTER TABLES",
    unique(provider, provider_account_id)
)]
pub struct Account {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(references = User::id, on_delete = cascade)]
    pub user_id: String,
    pub r#type: String,
    pub provider: String,
    pub provider_account_id: String,
    #[column(ts_name = "refresh_token")]
    pub refresh_token: Option<String>,
    #[column(ts_name = "access_token")]
    pub access_token: Option<String>,
    #[column(ts_name = "expires_at")]
    pub expires_at: Option<i32>,
    #[column(ts_name = "token_type")]
    pub token_type: Option<String>,
    pub scope: Option<String>,
    #[column(ts_name = "id_token")]
    pub id_token: Option<String>,
    #[column(ts_name = "session_state")]
    pub session_state: Option<String>,
}
#[derive(Table)]
#[table(
    name = "verification_tokens",
    section = "AUTH.JS ADAPTER TABLES",
    primary_key(identifier, token)
)]
pub struct VerificationToken {
    pub identifier: String,
    pub token: String,
    pub expires: chrono::NaiveDateTime,
}
