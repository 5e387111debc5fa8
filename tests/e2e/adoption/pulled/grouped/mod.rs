#![allow(dead_code, clippy::duplicated_attributes)]
#[allow(unused_imports)]
use schema_model::TsEnum;
pub mod auth;
pub use auth::*;
pub mod tables;
pub use tables::*;
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum DocumentType {
    Research,
    Prd,
    DesignBrief,
    EngineeringSpec,
    GtmBrief,
    PrototypeNotes,
    JuryReport,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum JobStatus {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum JobType {
    GeneratePrd,
    GenerateDesignBrief,
    GenerateEngineeringSpec,
    GenerateGtmBrief,
    AnalyzeTranscript,
    RunJuryEvaluation,
    BuildPrototype,
    IteratePrototype,
    GenerateTickets,
    ValidateTickets,
    ScoreStageAlignment,
    DeployChromatic,
    CreateFeatureBranch,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(inline)]
pub enum JuryPhase {
    Research,
    Prd,
    Prototype,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(inline)]
pub enum JuryVerdict {
    Pass,
    Fail,
    Conditional,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum KnowledgebaseType {
    CompanyContext,
    StrategicGuardrails,
    Personas,
    Roadmap,
    Rules,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum MemoryType {
    Decision,
    Feedback,
    Context,
    Artifact,
    Conversation,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum NotificationPriority {
    Low,
    Medium,
    High,
    Urgent,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum NotificationStatus {
    Unread,
    Read,
    Actioned,
    Dismissed,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum NotificationType {
    JobFailed,
    JobCompleted,
    MissingTranscript,
    MissingDocument,
    ApprovalRequired,
    JuryFailed,
    IntegrationError,
    StageBlocked,
    ActionRequired,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum ProjectStage {
    Inbox,
    Discovery,
    Prd,
    Design,
    Prototype,
    Validate,
    Tickets,
    Build,
    Alpha,
    Beta,
    Ga,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum ProjectStatus {
    Active,
    Paused,
    Completed,
    Archived,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(inline)]
pub enum PrototypeStatus {
    Building,
    Ready,
    Failed,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum PrototypeType {
    Standalone,
    Context,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum WorkspaceRole {
    Admin,
    Member,
    Viewer,
}
/// The whole schema, checked (`SchemaBuilder::build`).
pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
    schema_model::SchemaBuilder::new()
        .table::<Workspace>()
        .table::<Project>()
        .table::<ProjectStageEntry>()
        .table::<Document>()
        .table::<Prototype>()
        .table::<PrototypeVersion>()
        .table::<Job>()
        .table::<JobRun>()
        .table::<Notification>()
        .table::<MemoryEntry>()
        .table::<LinearMapping>()
        .table::<Ticket>()
        .table::<JuryEvaluation>()
        .table::<ColumnConfig>()
        .table::<KnowledgebaseEntry>()
        .table::<KnowledgeSource>()
        .table::<User>()
        .table::<Session>()
        .table::<Account>()
        .table::<VerificationToken>()
        .table::<WorkspaceMember>()
        .table::<Invitation>()
        .table::<ActivityLog>()
        .build()
}
