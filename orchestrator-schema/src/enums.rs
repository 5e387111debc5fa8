//! The string-literal unions the orchestrator's text and jsonb columns are narrowed to.

use schema_model::TsEnum;

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
pub enum PrototypeType {
    Standalone,
    Context,
}

/// `prototypes.status`; the hand-written schema writes this union inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(inline)]
pub enum PrototypeStatus {
    Building,
    Ready,
    Failed,
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
pub enum JobStatus {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
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
pub enum MemoryType {
    Decision,
    Feedback,
    Context,
    Artifact,
    Conversation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum KnowledgebaseType {
    CompanyContext,
    StrategicGuardrails,
    Personas,
    Roadmap,
    Rules,
}

/// `jury_evaluations.phase`, written inline in the hand-written schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(inline)]
pub enum JuryPhase {
    Research,
    Prd,
    Prototype,
}

/// `jury_evaluations.verdict`, written inline in the hand-written schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(inline)]
pub enum JuryVerdict {
    Pass,
    Fail,
    Conditional,
}

/// A member's role in a workspace (plan 01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum WorkspaceRole {
    Admin,
    Member,
    Viewer,
}
