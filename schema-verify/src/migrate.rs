//! Applies drizzle-kit migrations the way drizzle's own migrator records them, so the TypeScript
//! app's `migrate()` and ours agree on what is applied: `drizzle.__drizzle_migrations` rows of
//! (id serial, hash = sha256 hex of the `.sql` file, created_at = the journal's `when`).
//!
//! Stricter than drizzle: an advisory lock serializes concurrent migrators; an applied migration
//! whose file changed or vanished, or a pending migration older than an applied one, stops the run;
//! each migration runs in its own transaction, and a failing statement is reported with its file
//! and line.

use std::path::{Path, PathBuf};

pub use schema_migrations::{drops, statements, Dropped, Statement};
/// drizzle-kit's separator between statements in a migration file.
pub use schema_model::ddl::BREAKPOINT;

use crate::error::{db_message, ChangedMigration, Direction, Error, Result, StatementFailure};

/// Key of the session-level advisory lock held while migrating ("schema-v" in ASCII).
const LOCK_KEY: i64 = 0x7363_6865_6d61_2d76;

/// One migration from the journal.
#[derive(Debug, Clone)]
pub struct Migration {
    pub idx: u32,
    pub tag: String,
    /// The journal's `when` (milliseconds); drizzle stores it as `created_at`.
    pub when: i64,
    pub path: PathBuf,
    pub sql: String,
    /// sha256 of the file's bytes, lower-case hex, as drizzle computes it.
    pub hash: String,
    /// `NNNN_tag.down.sql` (it may not exist).
    pub down_path: PathBuf,
    /// The down file's contents, when it exists.
    pub down: Option<String>,
}

/// The migrations folder: `meta/_journal.json` and the files it names, in journal order.
#[derive(Debug, Clone)]
pub struct Migrations {
    pub dir: PathBuf,
    pub journal_path: PathBuf,
    pub migrations: Vec<Migration>,
}

/// A row of `drizzle.__drizzle_migrations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    pub id: i32,
    pub hash: String,
    pub created_at: i64,
}

/// What a migrate run did.
#[derive(Debug, Clone, Default)]
pub struct MigrateOutcome {
    pub applied: Vec<String>,
    pub already_applied: usize,
}

impl Migrations {
    /// Reads the folder through `schema-migrations` (the one reader of its format).
    pub fn load(dir: &Path) -> Result<Migrations> {
        let journal_path = dir.join(schema_migrations::layout::JOURNAL);
        let files = schema_migrations::fs::read_dir(dir).map_err(|e| Error::Journal {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let folder = schema_migrations::MigrationsFolder::parse(&files, &dir.display().to_string())
            .map_err(|e| Error::Journal {
                path: journal_path.clone(),
                message: e.to_string(),
            })?;
        let mut migrations = Vec::new();
        for migration in folder.migrations {
            let when = i64::try_from(migration.when).map_err(|_| Error::Journal {
                path: journal_path.clone(),
                message: format!(
                    "entry {:?} has \"when\" {}, beyond what drizzle's created_at (bigint) holds",
                    migration.tag, migration.when
                ),
            })?;
            migrations.push(Migration {
                idx: migration.idx as u32,
                path: dir.join(&migration.paths.up),
                down_path: dir.join(&migration.paths.down),
                down: migration.down,
                tag: migration.tag,
                when,
                sql: migration.sql,
                hash: migration.hash,
            });
        }
        Ok(Migrations {
            dir: dir.to_path_buf(),
            journal_path,
            migrations,
        })
    }

    /// Applies every pending migration, each in its own transaction, under the advisory lock.
    pub fn migrate(&self, client: &mut postgres::Client) -> Result<MigrateOutcome> {
        with_lock(client, |client| {
            ensure_table(client)?;
            let applied = applied(client)?;
            let pending = self.pending(&applied)?;
            let mut outcome = MigrateOutcome {
                applied: Vec::new(),
                already_applied: applied.len(),
            };
            for migration in pending {
                let mut tx = client
                    .transaction()
                    .map_err(Error::pg("starting a transaction"))?;
                run_statements(
                    &mut tx,
                    &migration.tag,
                    &migration.path,
                    &migration.sql,
                    Direction::Up,
                )?;
                tx.execute(
                    "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)",
                    &[&migration.hash, &migration.when],
                )
                .map_err(Error::pg(format!("recording migration {}", migration.tag)))?;
                tx.commit()
                    .map_err(Error::pg(format!("committing migration {}", migration.tag)))?;
                outcome.applied.push(migration.tag.clone());
            }
            Ok(outcome)
        })
    }

    /// Checks the applied rows against the files and returns the migrations still to apply.
    pub fn pending(&self, applied: &[AppliedMigration]) -> Result<Vec<&Migration>> {
        let mut is_applied = vec![false; self.migrations.len()];
        for row in applied {
            let Some(position) = self
                .migrations
                .iter()
                .position(|m| m.when == row.created_at)
            else {
                return Err(Error::AppliedMigrationMissing {
                    id: row.id,
                    created_at: row.created_at,
                    journal: self.journal_path.clone(),
                });
            };
            let migration = &self.migrations[position];
            if migration.hash != row.hash {
                return Err(Error::AppliedMigrationChanged(Box::new(ChangedMigration {
                    tag: migration.tag.clone(),
                    file: migration.path.clone(),
                    applied_hash: row.hash.clone(),
                    file_hash: migration.hash.clone(),
                })));
            }
            is_applied[position] = true;
        }
        let last_applied = self
            .migrations
            .iter()
            .zip(&is_applied)
            .filter(|(_, applied)| **applied)
            .max_by_key(|(m, _)| m.when)
            .map(|(m, _)| m);
        let pending: Vec<&Migration> = self
            .migrations
            .iter()
            .zip(&is_applied)
            .filter(|(_, applied)| !**applied)
            .map(|(m, _)| m)
            .collect();
        if let (Some(last), Some(early)) = (
            last_applied,
            pending
                .iter()
                .find(|m| m.when <= last_applied.map_or(0, |l| l.when)),
        ) {
            return Err(Error::OutOfOrder {
                tag: early.tag.clone(),
                last_applied: last.tag.clone(),
            });
        }
        Ok(pending)
    }

    /// Applies the last applied migration's down file and removes its record; returns its tag,
    /// or `None` when nothing is applied. `confirm` sees what the down file would drop before
    /// anything runs (the migration lock is held meanwhile); its `Err(reason)` stops the rollback
    /// with nothing changed.
    pub fn rollback(
        &self,
        client: &mut postgres::Client,
        confirm: impl FnOnce(&RollbackPlan) -> std::result::Result<(), String>,
    ) -> Result<Option<String>> {
        with_lock(client, |client| {
            ensure_table(client)?;
            let applied = applied(client)?;
            let Some(last) = applied.iter().max_by_key(|row| (row.created_at, row.id)) else {
                return Ok(None);
            };
            let Some(migration) = self.migrations.iter().find(|m| m.when == last.created_at) else {
                return Err(Error::AppliedMigrationMissing {
                    id: last.id,
                    created_at: last.created_at,
                    journal: self.journal_path.clone(),
                });
            };
            let Some(down) = migration.down.clone() else {
                return Err(Error::Rollback {
                    message: format!(
                        "cannot roll back `{}`: {} does not exist. Rollback runs the down file written beside each migration; a migration written by another tool has none.",
                        migration.tag,
                        migration.down_path.display()
                    ),
                });
            };
            let plan = RollbackPlan {
                tag: migration.tag.clone(),
                down_path: migration.down_path.clone(),
                drops: drops(&down),
            };
            confirm(&plan).map_err(|message| Error::Rollback { message })?;
            let mut tx = client
                .transaction()
                .map_err(Error::pg("starting a transaction"))?;
            run_statements(
                &mut tx,
                &migration.tag,
                &migration.down_path,
                &down,
                Direction::Down,
            )?;
            tx.execute(
                "DELETE FROM drizzle.__drizzle_migrations WHERE id = $1",
                &[&last.id],
            )
            .map_err(Error::pg(format!(
                "removing the record of {}",
                migration.tag
            )))?;
            tx.commit().map_err(Error::pg(format!(
                "committing the rollback of {}",
                migration.tag
            )))?;
            Ok(Some(migration.tag.clone()))
        })
    }
}

/// What a rollback is about to do: which migration, and what its down file drops.
#[derive(Debug, Clone)]
pub struct RollbackPlan {
    pub tag: String,
    pub down_path: PathBuf,
    pub drops: Vec<Dropped>,
}

/// The applied migrations, oldest first; empty when drizzle's table does not exist yet.
pub fn applied(client: &mut postgres::Client) -> Result<Vec<AppliedMigration>> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL",
            &[],
        )
        .map_err(Error::pg("looking for drizzle.__drizzle_migrations"))?
        .get(0);
    if !exists {
        return Ok(Vec::new());
    }
    let rows = client
        .query(
            "SELECT id, hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id",
            &[],
        )
        .map_err(Error::pg("reading drizzle.__drizzle_migrations"))?;
    Ok(rows
        .iter()
        .map(|row| AppliedMigration {
            id: row.get(0),
            hash: row.get(1),
            created_at: row.get::<_, Option<i64>>(2).unwrap_or(0),
        })
        .collect())
}

pub(crate) fn with_lock<T>(
    client: &mut postgres::Client,
    f: impl FnOnce(&mut postgres::Client) -> Result<T>,
) -> Result<T> {
    client
        .execute("SELECT pg_advisory_lock($1)", &[&LOCK_KEY])
        .map_err(Error::pg("taking the migration lock"))?;
    let result = f(client);
    // On a broken connection the lock goes with the session anyway.
    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY]);
    result
}

/// drizzle's own DDL for its table, so either migrator may create it.
pub(crate) fn ensure_table(client: &mut postgres::Client) -> Result<()> {
    client
        .batch_execute(
            "CREATE SCHEMA IF NOT EXISTS \"drizzle\";
             CREATE TABLE IF NOT EXISTS \"drizzle\".\"__drizzle_migrations\" (
                 id SERIAL PRIMARY KEY,
                 hash text NOT NULL,
                 created_at bigint
             );",
        )
        .map_err(Error::pg("creating drizzle.__drizzle_migrations"))
}

fn run_statements(
    tx: &mut postgres::Transaction<'_>,
    tag: &str,
    file: &Path,
    sql: &str,
    direction: Direction,
) -> Result<()> {
    for statement in statements(sql) {
        if let Err(error) = tx.batch_execute(statement.sql) {
            // The server's error position is a character offset into the statement: turn it into
            // a line of the file.
            let line = match error.as_db_error().and_then(|db| db.position()) {
                Some(postgres::error::ErrorPosition::Original(position)) => {
                    let before: String = statement
                        .sql
                        .chars()
                        .take((*position as usize).saturating_sub(1))
                        .collect();
                    statement.line + before.matches('\n').count()
                }
                _ => statement.line,
            };
            return Err(Error::StatementFailed(Box::new(StatementFailure {
                tag: tag.to_string(),
                direction,
                file: file.to_path_buf(),
                line,
                statement: statement.sql.lines().next().unwrap_or("").to_string(),
                message: db_message(&error),
                sqlstate: error.code().map(|c| c.code().to_string()),
            })));
        }
    }
    Ok(())
}
