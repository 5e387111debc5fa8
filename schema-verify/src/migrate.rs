//! Applies drizzle-kit migrations the way drizzle's own migrator records them, so the TypeScript
//! app's `migrate()` and ours agree on what is applied: `drizzle.__drizzle_migrations` rows of
//! (id serial, hash = sha256 hex of the `.sql` file, created_at = the journal's `when`).
//!
//! Stricter than drizzle: an advisory lock serializes concurrent migrators; an applied migration
//! whose file changed or vanished, or a pending migration older than an applied one, stops the run;
//! each migration runs in its own transaction, and a failing statement is reported with its file
//! and line.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{db_message, ChangedMigration, Direction, Error, Result, StatementFailure};

/// drizzle-kit's separator between statements in a migration file.
pub const BREAKPOINT: &str = "--> statement-breakpoint";

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
    /// `NNNN_tag.down.sql`, when it exists.
    pub down_path: PathBuf,
}

/// The migrations folder: `meta/_journal.json` and the files it names, in journal order.
#[derive(Debug, Clone)]
pub struct Migrations {
    pub dir: PathBuf,
    pub journal_path: PathBuf,
    pub migrations: Vec<Migration>,
}

#[derive(serde::Deserialize)]
struct Journal {
    entries: Vec<JournalEntry>,
}

#[derive(serde::Deserialize)]
struct JournalEntry {
    idx: u32,
    when: i64,
    tag: String,
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
    pub fn load(dir: &Path) -> Result<Migrations> {
        let journal_path = dir.join("meta").join("_journal.json");
        let text = std::fs::read_to_string(&journal_path).map_err(Error::io(&journal_path))?;
        let journal: Journal = serde_json::from_str(&text).map_err(|e| Error::Journal {
            path: journal_path.clone(),
            message: format!("not a drizzle journal: {e}"),
        })?;
        let mut migrations = Vec::new();
        for entry in journal.entries {
            let path = dir.join(format!("{}.sql", entry.tag));
            let bytes = std::fs::read(&path).map_err(|source| match source.kind() {
                std::io::ErrorKind::NotFound => Error::Journal {
                    path: journal_path.clone(),
                    message: format!(
                        "names migration `{}`, but {} does not exist",
                        entry.tag,
                        path.display()
                    ),
                },
                _ => Error::Io {
                    path: path.clone(),
                    source,
                },
            })?;
            let hash = hex(&Sha256::digest(&bytes));
            let sql = String::from_utf8(bytes).map_err(|_| Error::Journal {
                path: path.clone(),
                message: "is not UTF-8".into(),
            })?;
            migrations.push(Migration {
                idx: entry.idx,
                down_path: dir.join(format!("{}.down.sql", entry.tag)),
                tag: entry.tag,
                when: entry.when,
                path,
                sql,
                hash,
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
            let down = std::fs::read_to_string(&migration.down_path).map_err(|e| Error::Rollback {
                message: format!(
                    "cannot roll back `{}`: {}: {e}. Rollback needs the down file `cargo xtask gen` writes beside each migration.",
                    migration.tag,
                    migration.down_path.display()
                ),
            })?;
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

/// Something a down file destroys, with the data in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dropped {
    Table {
        table: String,
        line: usize,
    },
    Column {
        table: String,
        column: String,
        line: usize,
    },
    /// A statement this reader cannot parse: it may drop anything, so it is shown to the user.
    Unreadable {
        line: usize,
        statement: String,
    },
}

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Dropped::Table { table, line } => write!(f, "line {line}: table {table}, all its rows"),
            Dropped::Column {
                table,
                column,
                line,
            } => write!(f, "line {line}: column {table}.{column}, all its values"),
            Dropped::Unreadable { line, statement } => {
                write!(
                    f,
                    "line {line}: a statement not understood, read it: {statement}"
                )
            }
        }
    }
}

/// The tables and columns a migration (a down file) drops, in file order.
pub fn drops(sql: &str) -> Vec<Dropped> {
    use sqlparser::ast::{AlterTableOperation, ObjectName, ObjectType, Statement as Ast};
    let name = |object: &ObjectName| {
        object
            .0
            .iter()
            .map(|part| match part.as_ident() {
                Some(ident) => ident.value.clone(),
                None => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    let dialect = sqlparser::dialect::PostgreSqlDialect {};
    let mut out = Vec::new();
    for statement in statements(sql) {
        let line = statement.line;
        let Ok(parsed) = sqlparser::parser::Parser::parse_sql(&dialect, statement.sql) else {
            out.push(Dropped::Unreadable {
                line,
                statement: statement.sql.lines().next().unwrap_or("").to_string(),
            });
            continue;
        };
        for ast in parsed {
            match ast {
                Ast::Drop {
                    object_type: ObjectType::Table,
                    names,
                    ..
                } => out.extend(names.iter().map(|n| Dropped::Table {
                    table: name(n),
                    line,
                })),
                Ast::AlterTable(alter) => {
                    for operation in &alter.operations {
                        if let AlterTableOperation::DropColumn { column_names, .. } = operation {
                            out.extend(column_names.iter().map(|c| Dropped::Column {
                                table: name(&alter.name),
                                column: c.value.clone(),
                                line,
                            }));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
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

fn with_lock<T>(
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
fn ensure_table(client: &mut postgres::Client) -> Result<()> {
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

/// One statement of a migration file, with the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    pub line: usize,
    pub sql: &'a str,
}

/// Splits a migration on drizzle's breakpoints. Each statement starts at its first line that is
/// neither blank nor a `--` comment (a file's header comment is not part of its first
/// statement), and keeps that line's number.
pub fn statements(sql: &str) -> Vec<Statement<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for chunk in sql.split(BREAKPOINT) {
        let mut start = 0;
        for line in chunk.split_inclusive('\n') {
            let text = line.trim();
            if !(text.is_empty() || text.starts_with("--")) {
                break;
            }
            start += line.len();
        }
        let text = chunk[start..].trim_end();
        if !text.is_empty() {
            let trimmed_start = start + (chunk[start..].len() - chunk[start..].trim_start().len());
            let line = 1 + sql[..offset + trimmed_start].matches('\n').count();
            out.push(Statement {
                line,
                sql: text.trim_start(),
            });
        }
        offset += chunk.len() + BREAKPOINT.len();
    }
    out
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_keep_their_line_numbers() {
        let sql = "CREATE TABLE a (id text);\n--> statement-breakpoint\nCREATE TABLE b (\n  id text\n);\n--> statement-breakpoint\n\nALTER TABLE b ADD x int;\n";
        let got = statements(sql);
        assert_eq!(got.len(), 3);
        assert_eq!((got[0].line, got[0].sql), (1, "CREATE TABLE a (id text);"));
        assert_eq!(got[1].line, 3);
        assert_eq!((got[2].line, got[2].sql), (8, "ALTER TABLE b ADD x int;"));
    }

    #[test]
    fn a_header_comment_is_not_part_of_the_first_statement() {
        let sql = "-- generated by `cargo xtask gen`, do not edit\n\n-- why\nALTER TABLE \"a\" ADD COLUMN \"b\" int;--> statement-breakpoint\nDROP TABLE \"c\";\n";
        let got = statements(sql);
        assert_eq!(
            got,
            [
                Statement {
                    line: 4,
                    sql: "ALTER TABLE \"a\" ADD COLUMN \"b\" int;"
                },
                Statement {
                    line: 5,
                    sql: "DROP TABLE \"c\";"
                }
            ]
        );
        // A file of comments only has no statement.
        assert!(statements("-- nothing\n").is_empty());
    }

    #[test]
    fn finds_the_tables_and_columns_a_down_file_drops() {
        let sql = "-- generated by `cargo xtask gen`, do not edit\nDROP TABLE \"activity_logs\" CASCADE;--> statement-breakpoint\nALTER TABLE \"users\" DROP COLUMN \"email_verified\";--> statement-breakpoint\nDROP INDEX \"tasks_idx\";--> statement-breakpoint\nALTER TABLE \"users\" ALTER COLUMN \"name\" DROP NOT NULL;--> statement-breakpoint\nTHIS IS NOT SQL;";
        assert_eq!(
            drops(sql),
            [
                Dropped::Table {
                    table: "activity_logs".into(),
                    line: 2
                },
                Dropped::Column {
                    table: "users".into(),
                    column: "email_verified".into(),
                    line: 3
                },
                Dropped::Unreadable {
                    line: 6,
                    statement: "THIS IS NOT SQL;".into()
                },
            ]
        );
        assert!(drops("CREATE INDEX \"x\" ON \"t\" (\"c\");").is_empty());
    }

    #[test]
    fn hashes_like_node_crypto() {
        // sha256("") as node's createHash('sha256').update('').digest('hex') prints it.
        assert_eq!(
            hex(&Sha256::digest(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
