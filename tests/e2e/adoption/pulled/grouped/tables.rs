#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use schema_model::nanoid;
use schema_model::Table;
#[derive(Table)]
#[table(
    name = "workspaces",
    section = "WORKSPACES",
    many(projects = Project),
    many(jobs = Job),
    many(memoryEntries = MemoryEntry),
    many(columnConfigs = ColumnConfig),
    many(knowledgebaseEntries = KnowledgebaseEntry),
    many(knowledgeSources = KnowledgeSource),
    many(notifications = Notification),
    many(members = WorkspaceMember),
    many(invitations = Invitation),
    many(activityLogs = ActivityLog)
)]
pub struct Workspace {
    #[column(primary_key)]
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub github_repo: Option<String>,
    #[column(default = "elmer-docs/")]
    pub context_path: Option<String>,
    #[column(ts_import = "WorkspaceSettings")]
    pub settings: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(
    name = "projects",
    section = "PROJECTS",
    many(stages = ProjectStageEntry),
    many(documents = Document),
    many(prototypes = Prototype),
    many(tickets = Ticket),
    many(juryEvaluations = JuryEvaluation),
    many(notifications = Notification),
    one(linearMapping = LinearMapping)
)]
pub struct Project {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub name: String,
    pub description: Option<String>,
    #[column(default = "inbox")]
    pub stage: ProjectStage,
    #[column(default = "active")]
    pub status: ProjectStatus,
    #[column(default = 0)]
    pub priority: Option<i32>,
    #[column(ts_import = "ProjectMetadata")]
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "project_stages", section = "PROJECT STAGES (history)")]
pub struct ProjectStageEntry {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub stage: ProjectStage,
    pub entered_at: chrono::NaiveDateTime,
    pub exited_at: Option<chrono::NaiveDateTime>,
    pub triggered_by: Option<String>,
    pub notes: Option<String>,
}
#[derive(Table)]
#[table(name = "documents", section = "DOCUMENTS")]
pub struct Document {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub r#type: DocumentType,
    pub title: String,
    pub content: String,
    #[column(default = 1)]
    pub version: i32,
    pub file_path: Option<String>,
    #[column(ts_import = "DocumentMetadata")]
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "prototypes", section = "PROTOTYPES")]
pub struct Prototype {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub r#type: PrototypeType,
    pub name: String,
    pub storybook_path: Option<String>,
    pub chromatic_url: Option<String>,
    pub chromatic_build_id: Option<String>,
    #[column(default = 1)]
    pub version: i32,
    #[column(default = "building")]
    pub status: Option<PrototypeStatus>,
    #[column(ts_import = "PrototypeMetadata")]
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
    #[column(ts_type = "Record<string, unknown>")]
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "jobs", section = "JOBS")]
pub struct Job {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = set_null)]
    pub project_id: Option<String>,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub r#type: JobType,
    #[column(default = "pending")]
    pub status: JobStatus,
    #[column(default = 0)]
    pub attempts: i32,
    #[column(default = 3)]
    pub max_attempts: i32,
    #[column(default = 0)]
    pub priority: Option<i32>,
    #[column(ts_type = "Record<string, unknown>")]
    pub input: Option<serde_json::Value>,
    #[column(ts_type = "Record<string, unknown>")]
    pub output: Option<serde_json::Value>,
    pub error: Option<String>,
    #[column(default = 0)]
    pub progress: Option<f32>,
    pub started_at: Option<chrono::NaiveDateTime>,
    pub completed_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "job_runs")]
pub struct JobRun {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Job::id, on_delete = cascade)]
    pub job_id: String,
    pub status: JobStatus,
    pub attempt: i32,
    pub started_at: chrono::NaiveDateTime,
    pub completed_at: Option<chrono::NaiveDateTime>,
    pub error: Option<String>,
}
#[derive(Table)]
#[table(name = "notifications", section = "NOTIFICATIONS")]
pub struct Notification {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    #[column(references = Project::id, on_delete = set_null)]
    pub project_id: Option<String>,
    #[column(references = Job::id, on_delete = set_null)]
    pub job_id: Option<String>,
    pub r#type: NotificationType,
    #[column(default = "medium")]
    pub priority: NotificationPriority,
    #[column(default = "unread")]
    pub status: NotificationStatus,
    pub title: String,
    pub message: String,
    pub action_type: Option<String>,
    pub action_label: Option<String>,
    pub action_url: Option<String>,
    #[column(ts_type = "Record<string, unknown>")]
    pub action_data: Option<serde_json::Value>,
    #[column(ts_import = "NotificationMetadata")]
    pub metadata: Option<serde_json::Value>,
    pub read_at: Option<chrono::NaiveDateTime>,
    pub actioned_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
    pub expires_at: Option<chrono::NaiveDateTime>,
}
#[derive(Table)]
#[table(name = "memory_entries", section = "MEMORY")]
pub struct MemoryEntry {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    #[column(references = Project::id, on_delete = set_null)]
    pub project_id: Option<String>,
    pub r#type: MemoryType,
    pub content: String,
    pub embedding: Option<String>,
    #[column(ts_type = "Record<string, unknown>")]
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "linear_mappings", section = "LINEAR INTEGRATION")]
pub struct LinearMapping {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub linear_project_id: String,
    pub linear_team_id: String,
    pub synced_at: Option<chrono::NaiveDateTime>,
    #[column(ts_type = "Record<string, unknown>")]
    pub metadata: Option<serde_json::Value>,
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
    #[column(ts_type = "Record<string, unknown>")]
    pub metadata: Option<serde_json::Value>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "jury_evaluations", section = "JURY EVALUATIONS")]
pub struct JuryEvaluation {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Project::id, on_delete = cascade)]
    pub project_id: String,
    pub phase: JuryPhase,
    pub jury_size: i32,
    pub approval_rate: Option<f32>,
    pub conditional_rate: Option<f32>,
    pub rejection_rate: Option<f32>,
    pub verdict: Option<JuryVerdict>,
    pub top_concerns: Option<Vec<String>>,
    pub top_suggestions: Option<Vec<String>>,
    pub raw_results: Option<serde_json::Value>,
    pub report_path: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "column_configs", section = "COLUMN CONFIGURATION (Kanban)")]
pub struct ColumnConfig {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub stage: ProjectStage,
    pub display_name: String,
    pub order: i32,
    pub color: Option<String>,
    pub auto_trigger_jobs: Option<Vec<JobType>>,
    pub required_documents: Option<Vec<DocumentType>>,
    #[column(default = 0)]
    pub required_approvals: Option<i32>,
    #[column(default = 0)]
    pub ai_iterations: Option<i32>,
    #[column(ts_type = "Record<string, unknown>")]
    pub rules: Option<serde_json::Value>,
    #[column(default = false)]
    pub human_in_loop: Option<bool>,
    #[column(default = true)]
    pub enabled: Option<bool>,
}
#[derive(Table)]
#[table(name = "knowledgebase_entries", section = "KNOWLEDGE BASE")]
pub struct KnowledgebaseEntry {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub r#type: KnowledgebaseType,
    pub title: String,
    pub content: String,
    pub file_path: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "knowledge_sources")]
pub struct KnowledgeSource {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub r#type: String,
    #[column(ts_type = "Record<string, unknown>")]
    pub config: Option<serde_json::Value>,
    pub last_synced_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
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
    pub joined_at: chrono::NaiveDateTime,
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
    pub expires_at: chrono::NaiveDateTime,
    pub accepted_at: Option<chrono::NaiveDateTime>,
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
}
#[derive(Table)]
#[table(name = "activity_logs", section = "ACTIVITY LOGS (Audit Trail)")]
pub struct ActivityLog {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    #[column(references = User::id, on_delete = set_null)]
    pub user_id: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    #[column(ts_type = "Record<string, unknown>")]
    pub metadata: Option<serde_json::Value>,
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
}
