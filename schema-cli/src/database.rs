//! `verify`, `migrate` and `rollback`: the database side, through `schema-verify` (feature
//! `database`).

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use schema_model::Schema;
use schema_verify::connect::ConnectTimeouts;
use schema_verify::migrate::{LockWait, RollbackPlan};
use schema_verify::{
    verify_database, Database, Migrations, ProviderChoice, Server, ServerOptions, UrlSource,
    VerifyOptions, VerifyReport,
};

use crate::settings::Project;

/// How long connecting may take; every database command has these.
#[derive(clap::Args, Clone, Copy)]
pub struct ConnectArgs {
    /// Seconds to wait for the TCP connection to the server.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    connect_timeout: f64,
    /// Seconds to wait, once connected, for the server to finish PostgreSQL's start-up
    /// handshake (an endpoint that is not PostgreSQL fails within them).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    startup_timeout: f64,
}

impl ConnectArgs {
    fn apply(&self) -> anyhow::Result<()> {
        let seconds = |value: f64, flag: &str| {
            if value.is_finite() && value > 0.0 {
                Ok(Duration::from_secs_f64(value))
            } else {
                Err(anyhow::anyhow!(
                    "{flag} takes a number of seconds above 0, not {value}"
                ))
            }
        };
        schema_verify::connect::set_timeouts(ConnectTimeouts {
            connect: seconds(self.connect_timeout, "--connect-timeout")?,
            startup: seconds(self.startup_timeout, "--startup-timeout")?,
        });
        Ok(())
    }
}

/// Waiting for another migrator.
#[derive(clap::Args, Clone, Copy)]
pub struct LockArgs {
    /// Seconds to wait for the migration lock (this tool's advisory lock, held by another
    /// migrate or rollback) before giving up. Default: wait as long as it takes. Not
    /// PostgreSQL's `lock_timeout`, which is never set: no statement of a migration is timed.
    #[arg(long, value_name = "SECONDS")]
    migration_lock_wait: Option<f64>,
}

impl LockArgs {
    fn timeout(&self) -> anyhow::Result<Option<Duration>> {
        match self.migration_lock_wait {
            None => Ok(None),
            Some(value) if value.is_finite() && value >= 0.0 => {
                Ok(Some(Duration::from_secs_f64(value)))
            }
            Some(value) => bail!("--migration-lock-wait takes a number of seconds, not {value}"),
        }
    }
}

/// Says on stderr whom we wait for.
fn waiting(location: &str) -> impl FnMut(&[i32]) + '_ {
    move |pids: &[i32]| {
        let pids: Vec<String> = pids.iter().map(|p| p.to_string()).collect();
        tell!(
            "waiting for the migration lock on {location}: held by the session(s) with pid {} \
             (another migrate or rollback; --migration-lock-wait bounds the wait)",
            if pids.is_empty() {
                "unknown".to_string()
            } else {
                pids.join(", ")
            }
        );
    }
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    /// Where PostgreSQL comes from: auto (testcontainers, then local binaries, then DATABASE_URL),
    /// testcontainers, local or url. Default: SCHEMA_VERIFY_PROVIDER, else auto.
    #[arg(long)]
    provider: Option<ProviderChoice>,
    /// The container image for testcontainers (name:tag). Default: SCHEMA_VERIFY_POSTGRES_IMAGE,
    /// else postgres:15.
    #[arg(long)]
    image: Option<String>,
    /// An existing server (the `url` provider, or the database `--in-place` checks). Default:
    /// DATABASE_URL.
    #[arg(long)]
    database_url: Option<String>,
    /// Check the database named by the URL itself, read-only, without migrating or probing: drift
    /// detection against production.
    #[arg(long)]
    in_place: bool,
    /// Report format on stdout.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Also write a JUnit XML report to this file.
    #[arg(long)]
    junit: Option<PathBuf>,
    /// The drizzle migrations folder. Default: the project's (schema-as-code.toml).
    #[arg(long)]
    migrations: Option<PathBuf>,
    /// The PostgreSQL major version to verify on (13 to 18): a pinned build is fetched into the
    /// cache when the machine has none. Default: SCHEMA_VERIFY_PG_VERSION, else the machine's.
    #[arg(long, value_parser = schema_verify::server::parse_pg_version)]
    pg_version: Option<u32>,
    /// A folder holding `initdb` and `postgres` for the local provider. Default:
    /// SCHEMA_VERIFY_PG_BIN.
    #[arg(long)]
    pg_bin: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(flatten)]
    lock: LockArgs,
    /// The database to migrate. Default: DATABASE_URL.
    #[arg(long)]
    database_url: Option<String>,
    /// The drizzle migrations folder. Default: the project's (schema-as-code.toml).
    #[arg(long)]
    migrations: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct RollbackArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(flatten)]
    lock: LockArgs,
    /// The database to roll back. Default: DATABASE_URL.
    #[arg(long)]
    database_url: Option<String>,
    /// The drizzle migrations folder. Default: the project's (schema-as-code.toml).
    #[arg(long)]
    migrations: Option<PathBuf>,
    /// Roll back even when the down file drops tables or columns (their data is lost). Without
    /// it, such a rollback asks on a terminal and is refused otherwise.
    #[arg(long, alias = "allow-destructive")]
    yes: bool,
}

pub fn verify(project: &Project, declared: &Schema, args: &VerifyArgs) -> anyhow::Result<()> {
    args.connect.apply()?;
    let mut options = ServerOptions::from_env()?;
    if let Some(provider) = args.provider {
        options.provider = provider;
    }
    if args.image.is_some() {
        options.image = args.image.clone();
    }
    if let Some(url) = &args.database_url {
        options.set_database_url_flag(nonempty_url(url)?);
    }
    if args.pg_version.is_some() {
        options.pg_version = args.pg_version;
    }
    if args.pg_bin.is_some() {
        options.pg_bin = args.pg_bin.clone();
    }
    let migrations = load_migrations(project, args.migrations.as_ref())?;
    let mut report = VerifyReport::default();

    if args.in_place {
        let Some(url) = &options.database_url else {
            bail!(
                "--in-place checks an existing database: pass --database-url or set DATABASE_URL"
            );
        };
        let started = Instant::now();
        let database = Database::existing(url, options.database_url_source)?;
        let mut client = database.connect_read_only()?;
        report.timings.start = started.elapsed();
        report.server = database.location().to_string();
        report.database = database.name().to_string();
        let applied = schema_verify::migrate::applied(&mut client)?;
        match migrations.pending(&applied) {
            Ok(pending) if pending.is_empty() => {}
            Ok(pending) => tell!(
                "note: {} migration(s) not applied to this database: {}",
                pending.len(),
                pending
                    .iter()
                    .map(|m| m.tag.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Err(e) => tell!("note: {e}"),
        }
        let options = VerifyOptions {
            probes: false,
            ..VerifyOptions::default()
        };
        verify_database(&mut client, declared, &options, &mut report)?;
        return finish(args, &report);
    }

    let started = Instant::now();
    let server = Server::start(&options)?;
    tell!(
        "schema-verify: PostgreSQL from {} ({})",
        server.source(),
        server.description()
    );
    let database = server.scratch_database()?;
    let mut client = database.connect()?;
    report.timings.start = started.elapsed();
    report.server = server.description().to_string();
    report.database = database.name().to_string();

    let started = Instant::now();
    report.migrations_applied = migrations.migrate(&mut client)?.applied;
    report.timings.migrate = started.elapsed();

    verify_database(
        &mut client,
        declared,
        &VerifyOptions::default(),
        &mut report,
    )?;
    finish(args, &report)
}

fn finish(args: &VerifyArgs, report: &VerifyReport) -> anyhow::Result<()> {
    match args.format.as_str() {
        "json" => say!("{}", report.to_json()),
        _ => crate::out(&report.to_text()),
    }
    if let Some(path) = &args.junit {
        std::fs::write(path, report.to_junit())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if !report.is_ok() {
        // An error return (not process::exit) so the database and server are dropped first.
        bail!(
            "the database differs from the declared schema ({} mismatch(es))",
            report.all_findings().len()
        );
    }
    Ok(())
}

pub fn migrate(project: &Project, args: &MigrateArgs) -> anyhow::Result<()> {
    args.connect.apply()?;
    let database = existing_database(args.database_url.as_ref())?;
    let migrations = load_migrations(project, args.migrations.as_ref())?;
    let mut client = database.connect()?;
    let mut on_wait = waiting(database.location());
    let outcome = migrations.migrate_with(
        &mut client,
        LockWait {
            timeout: args.lock.timeout()?,
            on_wait: Some(&mut on_wait),
        },
    )?;
    if outcome.applied.is_empty() {
        say!(
            "{}: up to date ({} migration(s) applied before)",
            database.location(),
            outcome.already_applied
        );
    } else {
        for tag in &outcome.applied {
            say!("applied {tag}");
        }
        say!(
            "{}: {} migration(s) applied, {} before",
            database.location(),
            outcome.applied.len(),
            outcome.already_applied
        );
    }
    Ok(())
}

pub fn rollback(project: &Project, args: &RollbackArgs) -> anyhow::Result<()> {
    args.connect.apply()?;
    let database = existing_database(args.database_url.as_ref())?;
    let migrations = load_migrations(project, args.migrations.as_ref())?;
    let mut client = database.connect()?;
    let confirm = |plan: &RollbackPlan| {
        let stdin = std::io::stdin();
        let mut terminal = stdin.is_terminal().then(|| stdin.lock());
        confirm_rollback(
            plan,
            project.command(),
            args.yes,
            database.location(),
            terminal.as_mut().map(|t| t as &mut dyn BufRead),
            &mut std::io::stderr(),
        )
    };
    let mut on_wait = waiting(database.location());
    let wait = LockWait {
        timeout: args.lock.timeout()?,
        on_wait: Some(&mut on_wait),
    };
    match migrations.rollback_with(&mut client, wait, confirm)? {
        Some(tag) => say!("{}: rolled back {tag}", database.location()),
        None => say!(
            "{}: no migration is applied; nothing to roll back",
            database.location()
        ),
    }
    Ok(())
}

/// Says on `out` what the down file destroys; when it destroys anything, goes on only with
/// `--yes` or a `yes` typed at the terminal (`terminal` is `None` when stdin is not one).
fn confirm_rollback(
    plan: &RollbackPlan,
    command: &str,
    yes: bool,
    location: &str,
    terminal: Option<&mut dyn BufRead>,
    out: &mut dyn Write,
) -> Result<(), String> {
    if plan.drops.is_empty() {
        return Ok(());
    }
    // Messages to stderr are best effort: a closed stderr must not decide the rollback.
    let _ = writeln!(
        out,
        "rolling back {} on {location} runs {}, which destroys (statement by statement):",
        plan.tag,
        relative(&plan.down_path).display()
    );
    for dropped in &plan.drops {
        let _ = writeln!(out, "  {dropped}");
    }
    if yes {
        return Ok(());
    }
    let refused = format!(
        "rollback of `{}` not done: it would drop the data listed above. Back it up, then run \
         `{command} rollback --yes` to go ahead. Nothing was changed.",
        plan.tag
    );
    let Some(terminal) = terminal else {
        return Err(refused);
    };
    let _ = write!(out, "Run it, losing what is listed? Type `yes` to go on: ");
    let _ = out.flush();
    let mut answer = String::new();
    terminal
        .read_line(&mut answer)
        .map_err(|e| format!("reading the answer: {e}"))?;
    if answer.trim() == "yes" {
        Ok(())
    } else {
        Err(refused)
    }
}

/// `path` from the current directory when it is below it (as people typed it), else whole.
fn relative(path: &std::path::Path) -> &std::path::Path {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path)
}

/// The database named by `--database-url`, else DATABASE_URL.
fn existing_database(flag: Option<&String>) -> anyhow::Result<Database> {
    let (url, source) = match flag {
        Some(url) => (nonempty_url(url)?, UrlSource::Flag),
        None => match std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            Some(url) => (url, UrlSource::Env),
            None => bail!(
                "no database: pass --database-url postgres://user@host/db or set DATABASE_URL"
            ),
        },
    };
    Ok(Database::existing(&url, source)?)
}

/// `--database-url ""` is a mistake, said as clearly as an empty DATABASE_URL.
fn nonempty_url(url: &str) -> anyhow::Result<String> {
    if url.trim().is_empty() {
        bail!("--database-url is empty: pass --database-url postgres://user@host/db, or leave the flag out to use DATABASE_URL");
    }
    Ok(url.to_string())
}

fn load_migrations(project: &Project, dir: Option<&PathBuf>) -> anyhow::Result<Migrations> {
    let dir = dir.cloned().unwrap_or_else(|| project.migrations_dir());
    Migrations::load(&dir).with_context(|| {
        format!(
            "reading the migrations in {} (run `{} gen` to write them)",
            dir.display(),
            project.command()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use schema_verify::migrate::Dropped;

    fn plan(drops: Vec<Dropped>) -> RollbackPlan {
        RollbackPlan {
            tag: "0008_x".into(),
            down_path: "migrations/0008_x.down.sql".into(),
            drops,
        }
    }

    fn dropping() -> RollbackPlan {
        plan(vec![
            Dropped::Table {
                table: "activity_logs".into(),
                line: 2,
            },
            Dropped::Column {
                table: "users".into(),
                column: "email_verified".into(),
                line: 3,
            },
        ])
    }

    #[test]
    fn a_rollback_that_drops_nothing_goes_ahead_silently() {
        let mut out = Vec::new();
        assert_eq!(
            confirm_rollback(
                &plan(Vec::new()),
                "cargo xtask",
                false,
                "db",
                None,
                &mut out
            ),
            Ok(())
        );
        assert!(out.is_empty());
    }

    #[test]
    fn a_dropping_rollback_without_a_terminal_needs_yes() {
        let mut out = Vec::new();
        let refused = confirm_rollback(
            &dropping(),
            "cargo xtask",
            false,
            "postgres://app@db/app",
            None,
            &mut out,
        )
        .unwrap_err();
        assert!(refused.contains("--yes"), "{refused}");
        assert!(refused.contains("Nothing was changed"), "{refused}");
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("on postgres://app@db/app runs migrations/0008_x.down.sql"),
            "{out}"
        );
        assert!(out.contains("table activity_logs"), "{out}");
        assert!(out.contains("column users.email_verified"), "{out}");

        let mut out = Vec::new();
        assert_eq!(
            confirm_rollback(&dropping(), "cargo xtask", true, "db", None, &mut out),
            Ok(())
        );
        assert!(String::from_utf8(out)
            .unwrap()
            .contains("table activity_logs"));
    }

    #[test]
    fn at_a_terminal_only_yes_goes_ahead() {
        for (typed, goes_ahead) in [("yes\n", true), ("y\n", false), ("\n", false), ("", false)] {
            let mut answer = std::io::Cursor::new(typed.as_bytes());
            let got = confirm_rollback(
                &dropping(),
                "cargo xtask",
                false,
                "db",
                Some(&mut answer),
                &mut Vec::new(),
            );
            assert_eq!(got.is_ok(), goes_ahead, "typed {typed:?}: {got:?}");
        }
    }
}
