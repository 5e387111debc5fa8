//! A baseline: migration 0000 recorded as applied on a database that already has its schema
//! (the database it was pulled from), without running it, as drizzle's migrator would have
//! recorded it. Every later migration then applies normally, with either migrator.

use crate::error::{Error, Result};
use crate::migrate::{applied, ensure_table, with_lock, Migrations};

/// What [`Migrations::record_baseline`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaselineOutcome {
    /// The first migration, recorded.
    Recorded(String),
    /// The database records migrations already (how many): a baseline is for a database with
    /// no history.
    HasHistory(usize),
    /// The folder has no migration to record.
    NoMigration,
}

impl Migrations {
    /// Records the first migration as applied without running it, under the migration lock.
    pub fn record_baseline(&self, client: &mut postgres::Client) -> Result<BaselineOutcome> {
        let Some(first) = self.migrations.first() else {
            return Ok(BaselineOutcome::NoMigration);
        };
        with_lock(client, crate::migrate::LockWait::default(), |client| {
            ensure_table(client)?;
            let recorded = applied(client)?;
            if !recorded.is_empty() {
                return Ok(BaselineOutcome::HasHistory(recorded.len()));
            }
            client
                .execute(
                    "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)",
                    &[&first.hash, &first.when],
                )
                .map_err(Error::pg(format!("recording {} as applied", first.tag)))?;
            Ok(BaselineOutcome::Recorded(first.tag.clone()))
        })
    }
}
