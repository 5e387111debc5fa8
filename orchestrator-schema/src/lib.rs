//! The product-management orchestrator's PostgreSQL schema, declared in Rust.
//!
//! This crate is the source of truth: `cargo xtask gen` turns it into the migrations and the
//! TypeScript under `generated/`, and `cargo xtask verify` proves a database holds it.
//!
//! - [`baseline`]: the 16 tables the orchestrator started with (migration 0000).
//! - [`auth`]: plan 01-01, the 7 Auth.js and collaboration tables (migration 0001).

pub mod auth;
pub mod baseline;
pub mod enums;

use schema_model::{Schema, SchemaBuilder};

use auth::*;
use baseline::*;

/// The tables plan 01-01 adds, in the order the plan declares them.
pub const PLAN_01_01_TABLES: [&str; 7] = [
    "users",
    "sessions",
    "accounts",
    "verification_tokens",
    "workspace_members",
    "invitations",
    "activity_logs",
];

/// The whole schema: the 16 baseline tables, then plan 01-01's 7.
pub fn schema() -> Schema {
    let built = SchemaBuilder::new()
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
        .build();
    match built {
        Ok(schema) => schema,
        // A mistake here is a bug in this crate, caught by its own tests before anyone else runs.
        Err(errors) => panic!("the orchestrator schema is inconsistent:\n{errors}"),
    }
}

/// The schema before plan 01-01: the 16 baseline tables, with the TypeScript relations that point
/// at plan 01-01's tables left out (they did not exist yet).
pub fn baseline() -> Schema {
    schema().without_tables(&PLAN_01_01_TABLES)
}
