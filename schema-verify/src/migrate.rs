//! Applies drizzle-kit migrations the way drizzle's own migrator records them, so the TypeScript
//! app's `migrate()` and ours agree on what is applied: `drizzle.__drizzle_migrations` rows of
//! (id serial, hash = sha256 hex of the `.sql` file, created_at = the journal's `when`).
//!
//! Stricter than drizzle: an advisory lock serializes concurrent migrators; an applied migration
//! whose file changed or vanished, or a pending migration older than an applied one, stops the run;
//! each migration runs in its own transaction, and a failing statement is reported with its file
//! and line. A statement that cannot run in that transaction (`COMMIT`, `CREATE INDEX
//! CONCURRENTLY`, `VACUUM`, …) is refused before anything runs, unless its file starts with
//! `-- no-transaction`: such a migration runs statement by statement and is recorded only when
//! all succeeded. Rollback checks the down file against `migrations.sum` first.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use schema_migrations::{drops, statements, Dropped, Statement};
/// drizzle-kit's separator between statements in a migration file.
pub use schema_model::ddl::BREAKPOINT;

use crate::error::{
    db_message, ChangedMigration, Direction, Error, Result, RunMode, StatementFailure,
};
use schema_migrations::transaction::{outside_transaction, runs_without_transaction, split};

/// Key of the session-level advisory lock held while migrating ("schema-v" in ASCII).
pub const LOCK_KEY: i64 = 0x7363_6865_6d61_2d76;

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
    /// The down file's hash recorded in `migrations.sum`, when the folder has one that lists it.
    pub down_recorded: Option<String>,
    /// The file starts with `-- no-transaction`: it runs statement by statement.
    pub no_transaction: bool,
}

/// The migrations folder: `meta/_journal.json` and the files it names, in journal order.
#[derive(Debug, Clone)]
pub struct Migrations {
    pub dir: PathBuf,
    pub journal_path: PathBuf,
    pub migrations: Vec<Migration>,
    /// `migrations.sum` exists (down files are checked against it before a rollback).
    pub has_sum: bool,
}

/// A row of `drizzle.__drizzle_migrations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    /// drizzle makes it `serial`; other tools `bigserial`: read whatever the width.
    pub id: i64,
    pub hash: String,
    pub created_at: i64,
}

/// What a migrate run did.
#[derive(Debug, Clone, Default)]
pub struct MigrateOutcome {
    pub applied: Vec<String>,
    pub already_applied: usize,
}

/// Called with the pids of the sessions holding the migration lock.
pub type OnWait<'a> = dyn FnMut(&[i32]) + 'a;

/// How to wait for the migration lock another session holds.
#[derive(Default)]
pub struct LockWait<'a> {
    /// Give up after this long (`None`: wait as long as it takes).
    pub timeout: Option<Duration>,
    /// Told once, when the lock is held by someone else, who holds it (the pids of their
    /// sessions).
    pub on_wait: Option<&'a mut OnWait<'a>>,
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
        let sum = files.get(schema_migrations::layout::SUM);
        let recorded = sum
            .map(|sum| schema_migrations::sum::recorded(sum))
            .unwrap_or_default();
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
                down_recorded: recorded
                    .get(migration.paths.down.as_str())
                    .map(|h| h.to_string()),
                no_transaction: runs_without_transaction(&migration.sql),
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
            has_sum: sum.is_some(),
        })
    }

    /// Applies every pending migration, each in its own transaction, under the advisory lock
    /// (waiting for it as long as it takes).
    pub fn migrate(&self, client: &mut postgres::Client) -> Result<MigrateOutcome> {
        self.migrate_with(client, LockWait::default())
    }

    /// [`Migrations::migrate`], waiting for the migration lock as `wait` says.
    pub fn migrate_with(
        &self,
        client: &mut postgres::Client,
        wait: LockWait<'_>,
    ) -> Result<MigrateOutcome> {
        with_lock(client, wait, |client| {
            let applied = applied(client)?;
            let pending = self.pending(&applied)?;
            // Everything refused before anything runs.
            for migration in &pending {
                if migration.no_transaction {
                    continue;
                }
                if let Some(found) = outside_transaction(&migration.sql).into_iter().next() {
                    return Err(Error::OutsideTransaction {
                        file: migration.path.clone(),
                        line: found.line,
                        what: found.what,
                        statement: found.statement,
                    });
                }
            }
            ensure_table(client)?;
            let mut outcome = MigrateOutcome {
                applied: Vec::new(),
                already_applied: applied.len(),
            };
            for migration in pending {
                if migration.no_transaction {
                    run_without_transaction(client, migration)?;
                    outcome.applied.push(migration.tag.clone());
                    continue;
                }
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
                tx.commit().map_err(|source| {
                    if source.as_db_error().is_some() {
                        Error::Postgres {
                            context: format!(
                                "committing migration {} (it was rolled back: nothing of it is applied)",
                                migration.tag
                            ),
                            source,
                        }
                    } else {
                        Error::Postgres {
                            context: format!(
                                "committing migration {}: the connection broke during COMMIT, so \
                                 whether it is applied is unknown here. The migration and its \
                                 record in drizzle.__drizzle_migrations commit together: run \
                                 migrate again, it applies {} only if it is not recorded",
                                migration.tag, migration.tag
                            ),
                            source,
                        }
                    }
                })?;
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
    /// or `None` when nothing is applied (and then changes nothing). The down file must match
    /// `migrations.sum`. `confirm` sees what the down file destroys before anything runs (the
    /// migration lock is held meanwhile); its `Err(reason)` stops the rollback with nothing
    /// changed.
    pub fn rollback(
        &self,
        client: &mut postgres::Client,
        confirm: impl FnOnce(&RollbackPlan) -> std::result::Result<(), String>,
    ) -> Result<Option<String>> {
        self.rollback_with(client, LockWait::default(), confirm)
    }

    /// [`Migrations::rollback`], waiting for the migration lock as `wait` says.
    pub fn rollback_with(
        &self,
        client: &mut postgres::Client,
        wait: LockWait<'_>,
        confirm: impl FnOnce(&RollbackPlan) -> std::result::Result<(), String>,
    ) -> Result<Option<String>> {
        with_lock(client, wait, |client| {
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
            if self.has_sum {
                let hash = schema_migrations::sum::sha256_hex(down.as_bytes());
                if migration.down_recorded.as_deref() != Some(hash.as_str()) {
                    return Err(Error::Rollback {
                        message: format!(
                            "cannot roll back `{}`: {} {} {}. A down file is run only as \
                             `gen` recorded it: restore it (git checkout), or for a custom \
                             migration run `gen` to record the edit. Nothing was changed.",
                            migration.tag,
                            migration.down_path.display(),
                            if migration.down_recorded.is_some() {
                                "was changed since it was recorded in"
                            } else {
                                "is not recorded in"
                            },
                            self.dir.join(schema_migrations::layout::SUM).display()
                        ),
                    });
                }
            }
            let plan = RollbackPlan {
                tag: migration.tag.clone(),
                down_path: migration.down_path.clone(),
                drops: drops(&down),
            };
            let alone = runs_without_transaction(&down);
            if !alone {
                if let Some(found) = outside_transaction(&down).into_iter().next() {
                    return Err(Error::OutsideTransaction {
                        file: migration.down_path.clone(),
                        line: found.line,
                        what: found.what,
                        statement: found.statement,
                    });
                }
            }
            confirm(&plan).map_err(|message| Error::Rollback { message })?;
            if alone {
                run_alone(
                    client,
                    &migration.tag,
                    &migration.down_path,
                    &down,
                    Direction::Down,
                )?;
                client
                    .execute(
                        "DELETE FROM drizzle.__drizzle_migrations WHERE id = $1::bigint",
                        &[&last.id],
                    )
                    .map_err(Error::pg(format!(
                        "removing the record of {} (its down file ran whole, without a \
                         transaction; delete the row with id {} by hand if it is still there)",
                        migration.tag, last.id
                    )))?;
                return Ok(Some(migration.tag.clone()));
            }
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
                "DELETE FROM drizzle.__drizzle_migrations WHERE id = $1::bigint",
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
            // Cast: another tool may have made id bigserial, or created_at numeric.
            "SELECT id::bigint, hash::text, created_at::bigint \
             FROM drizzle.__drizzle_migrations ORDER BY id",
            &[],
        )
        .map_err(Error::pg("reading drizzle.__drizzle_migrations"))?;
    rows.iter()
        .map(|row| {
            let read = |e: postgres::Error| Error::Postgres {
                context: "reading a row of drizzle.__drizzle_migrations".into(),
                source: e,
            };
            Ok(AppliedMigration {
                id: row.try_get(0).map_err(read)?,
                hash: row
                    .try_get::<_, Option<String>>(1)
                    .map_err(read)?
                    .unwrap_or_default(),
                created_at: row.try_get::<_, Option<i64>>(2).map_err(read)?.unwrap_or(0),
            })
        })
        .collect()
}

pub(crate) fn with_lock<T>(
    client: &mut postgres::Client,
    wait: LockWait<'_>,
    f: impl FnOnce(&mut postgres::Client) -> Result<T>,
) -> Result<T> {
    // A default statement_timeout (set on the role or the database, as production often has)
    // must not kill a long backfill half way: this session has none.
    client
        .batch_execute("SET statement_timeout = 0")
        .map_err(Error::pg(
            "turning off statement_timeout for the migration session",
        ))?;
    take_lock(client, wait)?;
    let result = f(client);
    // On a broken connection the lock goes with the session anyway.
    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY]);
    result
}

/// Takes the advisory lock at once when it is free; else says who holds it, then waits.
fn take_lock(client: &mut postgres::Client, wait: LockWait<'_>) -> Result<()> {
    let try_lock = |client: &mut postgres::Client| -> Result<bool> {
        Ok(client
            .query_one("SELECT pg_try_advisory_lock($1)", &[&LOCK_KEY])
            .map_err(Error::pg("taking the migration lock"))?
            .get(0))
    };
    if try_lock(client)? {
        return Ok(());
    }
    if let Some(on_wait) = wait.on_wait {
        on_wait(&lock_holders(client)?);
    }
    match wait.timeout {
        None => {
            client
                .execute("SELECT pg_advisory_lock($1)", &[&LOCK_KEY])
                .map_err(Error::pg("taking the migration lock"))?;
            Ok(())
        }
        Some(timeout) => {
            let deadline = Instant::now() + timeout;
            loop {
                if try_lock(client)? {
                    return Ok(());
                }
                if Instant::now() >= deadline {
                    return Err(Error::LockWait {
                        seconds: timeout.as_secs_f64(),
                        holders: lock_holders(client)?,
                    });
                }
                std::thread::sleep(Duration::from_millis(100).min(deadline - Instant::now()));
            }
        }
    }
}

/// The pids of the sessions holding the migration lock on this database (`pg_locks`: a bigint key is split
/// into classid, objid, with objsubid 1).
pub fn lock_holders(client: &mut postgres::Client) -> Result<Vec<i32>> {
    let rows = client
        .query(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted \
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
             AND classid::bigint = ($1::bigint >> 32) AND objid::bigint = ($1::bigint & 4294967295) \
             AND objsubid = 1 ORDER BY pid",
            &[&LOCK_KEY],
        )
        .map_err(Error::pg("reading pg_locks"))?;
    Ok(rows.iter().filter_map(|row| row.get(0)).collect())
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

/// A `-- no-transaction` migration: each statement on its own (autocommitted), the record
/// only when all succeeded. A failure says which statements are applied.
fn run_without_transaction(client: &mut postgres::Client, migration: &Migration) -> Result<()> {
    run_alone(
        client,
        &migration.tag,
        &migration.path,
        &migration.sql,
        Direction::Up,
    )?;
    client
        .execute(
            "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)",
            &[&migration.hash, &migration.when],
        )
        .map_err(|source| Error::Postgres {
            context: format!(
                "recording migration {tag}: every statement of it ran (it runs without a \
                 transaction), and the record {}. If it is missing, record it by hand: INSERT \
                 INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('{hash}', {when})",
                if source.as_db_error().is_some() {
                    "was NOT written"
                } else {
                    "may or may not have been written (the connection broke): look for hash \
                     in drizzle.__drizzle_migrations"
                },
                tag = migration.tag,
                hash = migration.hash,
                when = migration.when
            ),
            source,
        })?;
    Ok(())
}

/// Runs `sql` statement by statement outside any transaction; a failure lists the statements
/// that ran and stay.
fn run_alone(
    client: &mut postgres::Client,
    tag: &str,
    file: &Path,
    sql: &str,
    direction: Direction,
) -> Result<()> {
    let statements = split(sql);
    for (done, statement) in statements.iter().enumerate() {
        if let Err(error) = client.batch_execute(statement.sql) {
            return Err(Error::StatementFailed(Box::new(StatementFailure {
                tag: tag.to_string(),
                direction,
                file: file.to_path_buf(),
                line: error_line(statement, &error),
                statement: statement.sql.lines().next().unwrap_or("").to_string(),
                message: db_message(&error),
                sqlstate: error.code().map(|c| c.code().to_string()),
                mode: RunMode::NoTransaction {
                    applied: statements[..done].iter().map(|s| s.line).collect(),
                    total: statements.len(),
                    // A server error means the statement was refused; a broken connection
                    // leaves it unknown.
                    uncertain: error.as_db_error().is_none(),
                },
            })));
        }
    }
    Ok(())
}

/// The line of the file where the server says `statement` failed.
fn error_line(statement: &Statement<'_>, error: &postgres::Error) -> usize {
    // The server's error position is a character offset into the statement.
    match error.as_db_error().and_then(|db| db.position()) {
        Some(postgres::error::ErrorPosition::Original(position)) => {
            let before: String = statement
                .sql
                .chars()
                .take((*position as usize).saturating_sub(1))
                .collect();
            statement.line + before.matches('\n').count()
        }
        _ => statement.line,
    }
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
            return Err(Error::StatementFailed(Box::new(StatementFailure {
                tag: tag.to_string(),
                direction,
                file: file.to_path_buf(),
                line: error_line(&statement, &error),
                statement: statement.sql.lines().next().unwrap_or("").to_string(),
                message: db_message(&error),
                sqlstate: error.code().map(|c| c.code().to_string()),
                mode: RunMode::Transaction,
            })));
        }
    }
    Ok(())
}
