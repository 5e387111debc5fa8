//! Adopting the toolkit and leaving it: the real drizzle-kit 0.31 (pinned in `ts/`) and a real
//! PostgreSQL.
//!
//! - [`leave`]: beside every migration `gen` writes drizzle-kit's own snapshot, the one
//!   drizzle-kit itself would write, so `drizzle-kit generate` on our `schema.ts` and our folder
//!   finds nothing to do, and after a change writes the SQL our `gen` writes.

mod import;
mod leave;
mod pull;
