//! A database with no migration history: `pull --database-url … --baseline` writes the Rust
//! source and migration 0000 from it, `baseline` records 0000 as applied without running it,
//! and from then on both migrators agree there is nothing to apply.

use std::fs;

use anyhow::{ensure, Context, Result};
use schema_cli::adopt::{baseline, pull, BaselineArgs, PullArgs};
use schema_cli::{Project, Settings};

/// A URL for the test database (the password stays in this process).
fn url_of(config: &postgres::Config) -> Result<String> {
    let host = match config.get_hosts().first().context("a host")? {
        postgres::config::Host::Tcp(name) => name.clone(),
        postgres::config::Host::Unix(path) => path.display().to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("postgres");
    let password = config
        .get_password()
        .map(|p| format!(":{}", String::from_utf8_lossy(p)))
        .unwrap_or_default();
    let dbname = config.get_dbname().context("a database name")?;
    Ok(format!(
        "postgres://{user}{password}@{host}:{port}/{dbname}"
    ))
}

#[test]
fn a_database_without_history_gets_a_baseline() -> Result<()> {
    let database = schema_verify::testing::test_database("adopt_baseline");
    let mut client = database.connect()?;
    // The orchestrator's tables, made without any migrator.
    let ddl = schema_model::ddl::render(&schema_model::ddl::create_schema(
        &orchestrator_schema::schema(),
    ));
    for statement in schema_migrations::statements(&ddl) {
        client.batch_execute(statement.sql)?;
    }
    let url = url_of(database.config())?;

    let work = tempfile::tempdir()?;
    let project = Project {
        root: work.path().to_path_buf(),
        settings: Settings::default(),
    };
    // baseline refuses before there is a 0000.
    let early = baseline(
        &project,
        &BaselineArgs {
            database_url: Some(url.clone()),
        },
    );
    ensure!(early.is_err(), "baseline without a migration");

    let out = work.path().join("src/schema.rs");
    pull(
        &project,
        &PullArgs {
            database_url: Some(url.clone()),
            out: out.clone(),
            groups: Vec::new(),
            baseline: true,
        },
    )?;
    ensure!(fs::read_to_string(&out)?.contains("#[derive(Table)]"));
    let migrations = project.migrations_dir();
    ensure!(migrations.join("0000_baseline.sql").is_file());

    baseline(
        &project,
        &BaselineArgs {
            database_url: Some(url.clone()),
        },
    )?;
    let outcome = schema_verify::Migrations::load(&migrations)?.migrate(&mut client)?;
    ensure!(
        outcome.applied.is_empty() && outcome.already_applied == 1,
        "{outcome:?}"
    );
    // A second baseline is refused: the database has a history now.
    let again = baseline(
        &project,
        &BaselineArgs {
            database_url: Some(url),
        },
    )
    .unwrap_err()
    .to_string();
    ensure!(again.contains("records 1 applied migration"), "{again}");

    // A database that lacks 0000's schema is not baselined.
    let empty = schema_verify::testing::test_database("adopt_baseline_empty");
    let refused = baseline(
        &project,
        &BaselineArgs {
            database_url: Some(url_of(empty.config())?),
        },
    )
    .unwrap_err()
    .to_string();
    ensure!(
        refused.contains("is not the schema of generated/migrations/0000_baseline.sql"),
        "{refused}"
    );
    Ok(())
}
