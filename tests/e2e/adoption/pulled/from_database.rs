#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use schema_model::{Table, TsEnum};
#[derive(Table)]
#[table(name = "accounts", unique(provider, provider_account_id))]
pub struct Account {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id, on_delete = cascade)]
    pub user_id: String,
    pub r#type: String,
    pub provider: String,
    pub provider_account_id: String,
    pub refresh_token: Option<String>,
    pub access_token: Option<String>,
    pub expires_at: Option<i32>,
    pub token_type: Option<String>,
    pub scope: Option<String>,
    pub id_token: Option<String>,
    pub session_state: Option<String>,
}
#[derive(Table)]
#[table(name = "activity_logs")]
pub struct ActivityLog {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    #[column(references = User::id, on_delete = set_null)]
    pub user_id: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub metadata: Option<serde_json::Value>,
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "column_configs")]
pub struct ColumnConfig {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub stage: String,
    pub display_name: String,
    pub order: i32,
    pub color: Option<String>,
    pub auto_trigger_jobs: Option<serde_json::Value>,
    pub required_documents: Option<serde_json::Value>,
    #[column(default = 0)]
    pub required_approvals: Option<i32>,
    #[column(default = 0)]
    pub ai_iterations: Option<i32>,
    pub rules: Option<serde_json::Value>,
    #[column(default = false)]
    pub human_in_loop: Option<bool>,
    #[column(default = true)]
    pub enabled: Option<bool>,
}
#[derive(Table)]
#[table(name = "documents")]
pub struct Document {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub r#type: String,
    pub title: String,
    pub content: String,
    #[column(default = 1)]
    pub version: i32,
    pub file_path: Option<String>,
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "invitations")]
pub struct Invitation {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub email: String,
    #[column(default = "member")]
    pub role: String,
    #[column(unique)]
    pub token: String,
    #[column(references = User::id, on_delete = cascade)]
    pub invited_by: String,
    pub expires_at: chrono::NaiveDateTime,
    pub accepted_at: Option<chrono::NaiveDateTime>,
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "job_runs")]
pub struct JobRun {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Job::id, on_delete = cascade)]
    pub job_id: String,
    pub status: String,
    pub attempt: i32,
    pub started_at: chrono::NaiveDateTime,
    pub completed_at: Option<chrono::NaiveDateTime>,
    pub error: Option<String>,
}
#[derive(Table)]
#[table(name = "jobs", many(jobRuns = JobRun), many(notifications = Notification))]
pub struct Job {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = set_null)]
    pub project_id: Option<String>,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub r#type: String,
    #[column(default = "pending")]
    pub status: String,
    #[column(default = 0)]
    pub attempts: i32,
    #[column(default = 3)]
    pub max_attempts: i32,
    #[column(default = 0)]
    pub priority: Option<i32>,
    pub input: Option<serde_json::Value>,
    pub output: Option<serde_json::Value>,
    pub error: Option<String>,
    #[column(default = 0)]
    pub progress: Option<f32>,
    pub started_at: Option<chrono::NaiveDateTime>,
    pub completed_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "jury_evaluations")]
pub struct JuryEvaluation {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub phase: String,
    pub jury_size: i32,
    pub approval_rate: Option<f32>,
    pub conditional_rate: Option<f32>,
    pub rejection_rate: Option<f32>,
    pub verdict: Option<String>,
    pub top_concerns: Option<serde_json::Value>,
    pub top_suggestions: Option<serde_json::Value>,
    pub raw_results: Option<serde_json::Value>,
    pub report_path: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "knowledge_sources")]
pub struct KnowledgeSource {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub r#type: String,
    pub config: Option<serde_json::Value>,
    pub last_synced_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "knowledgebase_entries")]
pub struct KnowledgebaseEntry {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub r#type: String,
    pub title: String,
    pub content: String,
    pub file_path: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "linear_mappings")]
pub struct LinearMapping {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub linear_project_id: String,
    pub linear_team_id: String,
    pub synced_at: Option<chrono::NaiveDateTime>,
    pub metadata: Option<serde_json::Value>,
}
#[derive(Table)]
#[table(name = "memory_entries")]
pub struct MemoryEntry {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    #[column(references = Project::id, on_delete = set_null)]
    pub project_id: Option<String>,
    pub r#type: String,
    pub content: String,
    pub embedding: Option<String>,
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "notifications")]
pub struct Notification {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    #[column(references = Project::id, on_delete = set_null)]
    pub project_id: Option<String>,
    #[column(references = Job::id, on_delete = set_null)]
    pub job_id: Option<String>,
    pub r#type: String,
    #[column(default = "medium")]
    pub priority: String,
    #[column(default = "unread")]
    pub status: String,
    pub title: String,
    pub message: String,
    pub action_type: Option<String>,
    pub action_label: Option<String>,
    pub action_url: Option<String>,
    pub action_data: Option<serde_json::Value>,
    pub metadata: Option<serde_json::Value>,
    pub read_at: Option<chrono::NaiveDateTime>,
    pub actioned_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
    pub expires_at: Option<chrono::NaiveDateTime>,
}
#[derive(Table)]
#[table(name = "project_stages")]
pub struct ProjectStage {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub stage: String,
    pub entered_at: chrono::NaiveDateTime,
    pub exited_at: Option<chrono::NaiveDateTime>,
    pub triggered_by: Option<String>,
    pub notes: Option<String>,
}
#[derive(Table)]
#[table(
    name = "projects",
    many(documents = Document),
    many(jobs = Job),
    many(juryEvaluations = JuryEvaluation),
    many(linearMappings = LinearMapping),
    many(memoryEntries = MemoryEntry),
    many(notifications = Notification),
    many(projectStages = ProjectStage),
    many(prototypes = Prototype),
    many(tickets = Ticket)
)]
pub struct Project {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub name: String,
    pub description: Option<String>,
    #[column(default = "inbox")]
    pub stage: String,
    #[column(default = "active")]
    pub status: String,
    #[column(default = 0)]
    pub priority: Option<i32>,
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "prototype_versions")]
pub struct PrototypeVersion {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Prototype::id, on_delete = cascade)]
    pub prototype_id: String,
    pub storybook_path: Option<String>,
    pub chromatic_url: Option<String>,
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "prototypes", many(prototypeVersions = PrototypeVersion))]
pub struct Prototype {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub r#type: String,
    pub name: String,
    pub storybook_path: Option<String>,
    pub chromatic_url: Option<String>,
    pub chromatic_build_id: Option<String>,
    #[column(default = 1)]
    pub version: i32,
    #[column(default = "building")]
    pub status: Option<String>,
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "sessions")]
pub struct Session {
    #[column(primary_key)]
    pub session_token: String,
    #[column(references = User::id, on_delete = cascade)]
    pub user_id: String,
    pub expires: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "tickets")]
pub struct Ticket {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub linear_id: Option<String>,
    pub linear_identifier: Option<String>,
    pub title: String,
    pub description: Option<String>,
    #[column(default = "backlog")]
    pub status: Option<String>,
    pub priority: Option<i32>,
    pub prototype_component_link: Option<String>,
    pub estimated_points: Option<i32>,
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(
    name = "users",
    many(accounts = Account),
    many(activityLogs = ActivityLog),
    many(invitations = Invitation),
    many(sessions = Session),
    many(workspaceMembers = WorkspaceMember)
)]
pub struct User {
    #[column(primary_key)]
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
#[table(name = "verification_tokens", primary_key(identifier, token))]
pub struct VerificationToken {
    pub identifier: String,
    pub token: String,
    pub expires: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "workspace_members", unique(workspace_id, user_id))]
pub struct WorkspaceMember {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    #[column(references = User::id, on_delete = cascade)]
    pub user_id: String,
    #[column(default = "member")]
    pub role: String,
    #[column(default_now)]
    pub joined_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(
    name = "workspaces",
    many(activityLogs = ActivityLog),
    many(columnConfigs = ColumnConfig),
    many(invitations = Invitation),
    many(jobs = Job),
    many(knowledgeSources = KnowledgeSource),
    many(knowledgebaseEntries = KnowledgebaseEntry),
    many(memoryEntries = MemoryEntry),
    many(notifications = Notification),
    many(projects = Project),
    many(workspaceMembers = WorkspaceMember)
)]
pub struct Workspace {
    #[column(primary_key)]
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub github_repo: Option<String>,
    #[column(default = "elmer-docs/")]
    pub context_path: Option<String>,
    pub settings: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
/// The whole schema, checked (`SchemaBuilder::build`).
pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
    schema_model::SchemaBuilder::new()
        .table::<Account>()
        .table::<ActivityLog>()
        .table::<ColumnConfig>()
        .table::<Document>()
        .table::<Invitation>()
        .table::<JobRun>()
        .table::<Job>()
        .table::<JuryEvaluation>()
        .table::<KnowledgeSource>()
        .table::<KnowledgebaseEntry>()
        .table::<LinearMapping>()
        .table::<MemoryEntry>()
        .table::<Notification>()
        .table::<ProjectStage>()
        .table::<Project>()
        .table::<PrototypeVersion>()
        .table::<Prototype>()
        .table::<Session>()
        .table::<Ticket>()
        .table::<User>()
        .table::<VerificationToken>()
        .table::<WorkspaceMember>()
        .table::<Workspace>()
        .build()
}
