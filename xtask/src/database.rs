//! `verify`, `migrate` and `rollback`: the database side, through `schema-verify`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use schema_verify::server::redact;
use schema_verify::{
    verify_database, Database, Migrations, ProviderChoice, Server, ServerOptions, VerifyOptions,
    VerifyReport,
};

#[derive(clap::Args)]
pub struct VerifyArgs {
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
    /// The drizzle migrations folder. Default: generated/migrations.
    #[arg(long)]
    migrations: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct MigrateArgs {
    /// The database to migrate. Default: DATABASE_URL.
    #[arg(long)]
    database_url: Option<String>,
    /// The drizzle migrations folder. Default: generated/migrations.
    #[arg(long)]
    migrations: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct RollbackArgs {
    /// The database to roll back. Default: DATABASE_URL.
    #[arg(long)]
    database_url: Option<String>,
    /// The drizzle migrations folder. Default: generated/migrations.
    #[arg(long)]
    migrations: Option<PathBuf>,
}

pub fn verify(args: &VerifyArgs) -> anyhow::Result<()> {
    let mut options = ServerOptions::from_env()?;
    if let Some(provider) = args.provider {
        options.provider = provider;
    }
    if args.image.is_some() {
        options.image = args.image.clone();
    }
    if args.database_url.is_some() {
        options.database_url = args.database_url.clone();
    }
    let declared = orchestrator_schema::try_schema()
        .context("the Rust schema is inconsistent (orchestrator-schema)")?;
    let migrations = load_migrations(args.migrations.as_ref())?;
    let mut report = VerifyReport::default();

    if args.in_place {
        let Some(url) = &options.database_url else {
            bail!(
                "--in-place checks an existing database: pass --database-url or set DATABASE_URL"
            );
        };
        let started = Instant::now();
        let database = Database::existing(url)?;
        let mut client = database.connect_read_only()?;
        report.timings.start = started.elapsed();
        report.server = redact(url);
        report.database = database.name().to_string();
        let applied = schema_verify::migrate::applied(&mut client)?;
        match migrations.pending(&applied) {
            Ok(pending) if pending.is_empty() => {}
            Ok(pending) => eprintln!(
                "note: {} migration(s) not applied to this database: {}",
                pending.len(),
                pending
                    .iter()
                    .map(|m| m.tag.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Err(e) => eprintln!("note: {e}"),
        }
        let options = VerifyOptions {
            probes: false,
            ..VerifyOptions::default()
        };
        verify_database(&mut client, &declared, &options, &mut report)?;
        return finish(args, &report);
    }

    let started = Instant::now();
    let server = Server::start(&options)?;
    eprintln!(
        "schema-verify: PostgreSQL from {} ({})",
        server.kind(),
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
        &declared,
        &VerifyOptions::default(),
        &mut report,
    )?;
    finish(args, &report)
}

fn finish(args: &VerifyArgs, report: &VerifyReport) -> anyhow::Result<()> {
    match args.format.as_str() {
        "json" => println!("{}", report.to_json()),
        _ => print!("{}", report.to_text()),
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

pub fn migrate(args: &MigrateArgs) -> anyhow::Result<()> {
    let url = database_url(args.database_url.as_ref())?;
    let migrations = load_migrations(args.migrations.as_ref())?;
    let mut client = Database::existing(&url)?.connect()?;
    let outcome = migrations.migrate(&mut client)?;
    if outcome.applied.is_empty() {
        println!(
            "{}: up to date ({} migration(s) applied before)",
            redact(&url),
            outcome.already_applied
        );
    } else {
        for tag in &outcome.applied {
            println!("applied {tag}");
        }
        println!(
            "{}: {} migration(s) applied, {} before",
            redact(&url),
            outcome.applied.len(),
            outcome.already_applied
        );
    }
    Ok(())
}

pub fn rollback(args: &RollbackArgs) -> anyhow::Result<()> {
    let url = database_url(args.database_url.as_ref())?;
    let migrations = load_migrations(args.migrations.as_ref())?;
    let mut client = Database::existing(&url)?.connect()?;
    match migrations.rollback(&mut client)? {
        Some(tag) => println!("{}: rolled back {tag}", redact(&url)),
        None => println!(
            "{}: no migration is applied; nothing to roll back",
            redact(&url)
        ),
    }
    Ok(())
}

fn database_url(arg: Option<&String>) -> anyhow::Result<String> {
    match arg
        .cloned()
        .or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()))
    {
        Some(url) => Ok(url),
        None => {
            bail!("no database: pass --database-url postgres://user@host/db or set DATABASE_URL")
        }
    }
}

fn load_migrations(dir: Option<&PathBuf>) -> anyhow::Result<Migrations> {
    let dir = dir
        .cloned()
        .unwrap_or_else(|| crate::project_root().join("generated").join("migrations"));
    Migrations::load(&dir).with_context(|| {
        format!(
            "reading the migrations in {} (run `cargo xtask gen` to write them)",
            dir.display()
        )
    })
}
