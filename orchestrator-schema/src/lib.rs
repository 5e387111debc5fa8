//! The product-management orchestrator's PostgreSQL schema, declared in Rust.
//!
//! This crate is the source of truth: `cargo xtask gen` turns it into the migrations and the
//! TypeScript under `generated/`, and `cargo xtask verify` proves a database holds it.
//!
//! - [`baseline`]: the 16 tables the orchestrator started with (migration 0000).
//! - [`auth`]: plan 01-01, the 7 Auth.js and collaboration tables (migration 0001).
//!
//! The schema of each past migration is its committed snapshot
//! (`generated/migrations/meta/_schema/`), not a subset of today's structs.

pub mod auth;
pub mod baseline;
pub mod enums;

use schema_model::decl::TableDecl;
use schema_model::{tables, Schema, SchemaBuilder, SchemaErrors};

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

/// Every table, in the order the schema lists them: the baseline tables, then plan 01-01's,
/// then what came after. Another crate's schema can take them and add its own
/// (`.tables(orchestrator_schema::TABLES).tables(tables![...])`).
pub const TABLES: &[&TableDecl] = tables![
    Workspace,
    Project,
    ProjectStageEntry,
    Document,
    Prototype,
    PrototypeVersion,
    Job,
    JobRun,
    Notification,
    MemoryEntry,
    LinearMapping,
    Ticket,
    JuryEvaluation,
    ColumnConfig,
    KnowledgebaseEntry,
    KnowledgeSource,
    User,
    Session,
    Account,
    VerificationToken,
    WorkspaceMember,
    Invitation,
    ActivityLog,
];

/// The whole schema; `Err` lists every whole-schema mistake (a foreign key to a column that is
/// not unique, a table left out, ...), for a tool to report without panicking.
pub fn try_schema() -> Result<Schema, SchemaErrors> {
    SchemaBuilder::new().tables(TABLES).build()
}

/// [`try_schema`] for tests and examples: panics with the mistakes when the schema is
/// inconsistent. Tools report the error instead.
pub fn schema() -> Schema {
    try_schema().unwrap_or_else(|errors| inconsistent(errors))
}

fn inconsistent(errors: SchemaErrors) -> ! {
    panic!("the orchestrator schema is inconsistent:\n{errors}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `try_` form is what `cargo xtask` calls; the panicking one must build the same.
    #[test]
    fn try_forms_build_the_same_schemas() {
        let schema = try_schema().unwrap_or_else(|errors| panic!("{errors}"));
        assert_eq!(schema, super::schema());
    }
}
