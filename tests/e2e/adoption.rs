//! Adopting the toolkit and leaving it: the real drizzle-kit 0.31 (pinned in `ts/`) and a real
//! PostgreSQL.
//!
//! - [`leave`]: beside every migration `gen` writes drizzle-kit's own snapshot, the one
//!   drizzle-kit itself would write, so `drizzle-kit generate` on our `schema.ts` and our folder
//!   finds nothing to do, and after a change writes the SQL our `gen` writes.
//! - [`import`]: a drizzle project written with drizzle-kit and applied with drizzle's migrator
//!   becomes the start of our history, and both migrators go on from there.
//! - [`pull`]: the Rust source of the orchestrator's schema, from a database and from the
//!   history, declares `orchestrator-schema`'s model.
//! - [`baseline`]: a database without a history gets migration 0000 recorded, not run.

mod baseline;
mod import;
mod leave;
mod pull;
