//! Plan 01-01: the Auth.js and collaboration tables (migration 0001), in the plan's order.

use chrono::NaiveDateTime;
use schema_model::{nanoid, Table};
use serde_json::Value as Json;

use crate::baseline::Workspace;
use crate::enums::WorkspaceRole;

#[derive(Table)]
#[table(
    name = "users",
    section = "USERS (Authentication)",
    many(accounts = Account, sessions = Session, workspaceMembers = WorkspaceMember),
    many(invitationsSent = Invitation, activityLogs = ActivityLog)
)]
pub struct User {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(unique)]
    pub email: String,
    pub name: Option<String>,
    pub image: Option<String>,
    /// NULL for OAuth-only users.
    pub password_hash: Option<String>,
    pub email_verified: Option<NaiveDateTime>,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
    #[column(default_now)]
    pub updated_at: NaiveDateTime,
}

#[derive(Table)]
#[table(name = "sessions", section = "AUTH.JS ADAPTER TABLES")]
pub struct Session {
    #[column(primary_key)]
    pub session_token: String,
    #[column(references = User::id, on_delete = cascade)]
    pub user_id: String,
    pub expires: NaiveDateTime,
}

/// An OAuth account linked to a user. The token fields keep Auth.js's snake_case property names.
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
    pub expires: NaiveDateTime,
}

#[derive(Table)]
#[table(
    name = "workspace_members",
    section = "WORKSPACE MEMBERS (Collaboration)",
    unique(workspace_id, user_id)
)]
pub struct WorkspaceMember {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    #[column(references = User::id, on_delete = cascade)]
    pub user_id: String,
    #[column(default = "member")]
    pub role: WorkspaceRole,
    #[column(default_now)]
    pub joined_at: NaiveDateTime,
}

#[derive(Table)]
#[table(name = "invitations", section = "INVITATIONS")]
pub struct Invitation {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub email: String,
    #[column(default = "member")]
    pub role: WorkspaceRole,
    #[column(unique)]
    pub token: String,
    #[column(references = User::id, on_delete = cascade, relation = "inviter")]
    pub invited_by: String,
    pub expires_at: NaiveDateTime,
    /// Set once the invitation is used: an invitation works one time.
    pub accepted_at: Option<NaiveDateTime>,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

#[derive(Table)]
#[table(name = "activity_logs", section = "ACTIVITY LOGS (Audit Trail)")]
pub struct ActivityLog {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    /// SET NULL keeps the history when a user is deleted.
    #[column(references = User::id, on_delete = set_null)]
    pub user_id: Option<String>,
    /// What happened: `project.created`, `member.invited`, …
    pub action: String,
    /// `project`, `workspace`, `member`.
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    #[column(ts_type = "Record<string, unknown>")]
    pub metadata: Option<Json>,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}
