//! Adopting an existing project (feature `database`): `import` a drizzle-kit history, `pull`
//! the Rust source of a schema, and `baseline` a database that has no migration history.

use std::path::PathBuf;

use anyhow::{bail, Context};
use schema_migrations::layout::{JOURNAL, SUM};
use schema_migrations::{fs, plan_folder, GenerateOptions, MigrationRequest, Replay};
use schema_model::Schema;
use schema_verify::baseline::BaselineOutcome;
use schema_verify::{Database, Migrations, ProviderChoice, Server, ServerOptions, UrlSource};

use crate::settings::Project;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The drizzle-kit out folder (the one with meta/_journal.json).
    #[arg(long)]
    pub from: PathBuf,
    /// Where PostgreSQL comes from for the scratch database the import is confirmed on (as for
    /// verify). Default: SCHEMA_VERIFY_PROVIDER, else auto.
    #[arg(long)]
    pub provider: Option<ProviderChoice>,
}

#[derive(clap::Args)]
pub struct PullArgs {
    /// Read a live database (introspection) instead of the last snapshot of the history.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Where to write the Rust source: a file (`src/schema.rs`), or with --group a folder
    /// (`src/schema/`, a module per group and `mod.rs`).
    #[arg(long)]
    pub out: PathBuf,
    /// A module of tables: `auth=users,sessions,accounts`; repeatable. Tables in no group go to
    /// the module `tables`.
    #[arg(long = "group", value_name = "MODULE=TABLE,…")]
    pub groups: Vec<String>,
    /// With --database-url, when the project has no migration history: also write migration
    /// 0000 from the database (then record it there with `baseline`).
    #[arg(long)]
    pub baseline: bool,
}

#[derive(clap::Args)]
pub struct BaselineArgs {
    /// The database whose schema migration 0000 describes. Default: DATABASE_URL.
    #[arg(long)]
    pub database_url: Option<String>,
}

/// `import --from DIR`.
pub fn import(project: &Project, args: &ImportArgs) -> anyhow::Result<()> {
    let dir = project.migrations_dir();
    let display = project.settings.paths.migrations.trim_end_matches('/');
    let source_display = args.from.display().to_string();
    let source = fs::read_dir(&args.from)?;
    let current = fs::read_dir(&dir)?;
    let imported = schema_migrations::import::import(&source, &source_display, &current, display)
        .map_err(|problems| anyhow::anyhow!("{}", problems.join("\n")))
        .with_context(|| format!("{source_display} cannot be imported as it is"))?;
    for warning in &imported.warnings {
        eprintln!("warning: {warning}");
    }

    // Confirm each migration's snapshot against what its SQL builds in PostgreSQL.
    let mut options = ServerOptions::from_env()?;
    if let Some(provider) = args.provider {
        options.provider = provider;
    }
    let server = Server::start(&options)?;
    let database = server.scratch_database()?;
    let mut client = database.connect()?;
    for migration in &imported.migrations {
        let file = format!("{source_display}/{}.sql", migration.tag);
        for statement in schema_migrations::statements(&migration.sql) {
            client.batch_execute(statement.sql).map_err(|e| {
                anyhow::anyhow!(
                    "{file}:{}: PostgreSQL refuses the statement building the scratch database: {}",
                    statement.line,
                    e.as_db_error()
                        .map_or(e.to_string(), |db| db.message().to_string())
                )
            })?;
        }
        let catalog = schema_verify::introspect_declared(&mut client, "public", &migration.schema)?;
        let findings = schema_verify::compare(&migration.schema, &catalog).findings;
        if !findings.is_empty() {
            bail!(
                "{file} builds a database that differs from what the import read from it:\n{}",
                findings
                    .iter()
                    .map(|f| format!("  {}: {}", f.table, f.message()))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
    drop(client);
    drop(database);
    drop(server);

    // gen's planner completes the folder: checksums, and drizzle snapshots where none were.
    let last = imported
        .migrations
        .last()
        .map(|m| m.schema.clone())
        .unwrap_or_default();
    let mut files = imported.files.clone();
    let sum = schema_migrations::sum::sum_file(&files, project.command());
    files.insert(SUM.into(), sum);
    let folder = plan_folder(
        &files,
        &GenerateOptions {
            schema: &last,
            request: MigrationRequest::default(),
            now_millis: 0,
            command: project.command(),
            display_dir: display,
            replay: Replay::All,
        },
    );
    if !folder.problems.is_empty() || folder.new_migration.is_some() {
        bail!(
            "the imported folder does not check: {}",
            folder.problems.join("\n")
        );
    }
    fs::write_changes(&dir, &folder.expected, &[], &[SUM, JOURNAL])?;
    println!(
        "imported {} migration(s) from {source_display} into {display} (the .sql files byte for byte; confirmed on a scratch database)",
        imported.migrations.len()
    );
    println!(
        "next: `{} pull --out <file.rs>` writes the Rust schema from the last snapshot; with it, `{} gen` has nothing to do",
        project.command(),
        project.command()
    );
    Ok(())
}

/// The schema `pull` starts from: a live database's, or the history's last snapshot.
fn pulled_schema(project: &Project, args: &PullArgs) -> anyhow::Result<(Schema, String)> {
    if let Some(url) = &args.database_url {
        let database = Database::existing(url, UrlSource::Flag)?;
        let mut client = database.connect_read_only()?;
        let catalog = schema_verify::introspect(&mut client, "public")?;
        let mut problems = Vec::new();
        for (table, name, definition) in &catalog.extras.checks {
            problems.push(format!(
                "table {table}: check constraint {name} ({definition}) is not in the model yet"
            ));
        }
        for ((table, name), definition) in &catalog.extras.unusual_indexes {
            problems.push(format!(
                "table {table}: index {name} ({definition}) is not a plain btree index on columns, which `pull` does not write yet"
            ));
        }
        if !problems.is_empty() {
            bail!(
                "{} has what the Rust schema cannot declare yet:\n{}",
                database.location(),
                problems.join("\n")
            );
        }
        let schema = schema_migrations::import::with_typescript_names(catalog.schema);
        return Ok((schema, database.location().to_string()));
    }
    let files = fs::read_dir(&project.migrations_dir())?;
    let display = project.settings.paths.migrations.trim_end_matches('/');
    let history = schema_migrations::history(&files, display)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("reading the history in {display}"))?;
    let Some((tag, schema)) = history.into_iter().last() else {
        bail!(
            "{display} has no migration to pull from; pass --database-url to pull from a database"
        );
    };
    // Our snapshots hold the TypeScript names (an imported one, those import gave it).
    Ok((schema, format!("{display}/{tag}")))
}

/// `pull`.
pub fn pull(project: &Project, args: &PullArgs) -> anyhow::Result<()> {
    let (schema, source) = pulled_schema(project, args)?;
    let mut groups = Vec::new();
    for group in &args.groups {
        let Some((module, tables)) = group.split_once('=') else {
            bail!("--group {group:?}: write it as MODULE=TABLE,TABLE (auth=users,sessions)");
        };
        groups.push(schema_pull::Group {
            module: module.trim().to_string(),
            tables: tables.split(',').map(|t| t.trim().to_string()).collect(),
        });
    }
    let files = schema_pull::pull(&schema, &groups).map_err(|problems| {
        anyhow::anyhow!(
            "{source} cannot be written as Rust yet:\n{}",
            problems.join("\n")
        )
    })?;
    let header = format!("// pulled by `{} pull` from {source}\n", project.command());
    if groups.is_empty() {
        let text = files
            .get(schema_pull::SINGLE_FILE)
            .context("pull wrote no file")?;
        write_file(&args.out, &format!("{header}{text}"))?;
        println!("wrote {}", args.out.display());
    } else {
        for (name, text) in &files {
            let path = args.out.join(name);
            write_file(&path, &format!("{header}{text}"))?;
            println!("wrote {}", path.display());
        }
    }
    if args.baseline {
        let current = fs::read_dir(&project.migrations_dir())?;
        if current.contains_key(JOURNAL) {
            bail!("--baseline writes migration 0000, but the project has a history already");
        }
        crate::project::gen(
            project,
            &schema,
            MigrationRequest {
                name: Some("baseline"),
                ..MigrationRequest::default()
            },
        )?;
        println!(
            "record it as applied on the database it came from, without running it: `{} baseline --database-url …`",
            project.command()
        );
    }
    Ok(())
}

fn write_file(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// `baseline`: records migration 0000 as applied without running it.
pub fn baseline(project: &Project, args: &BaselineArgs) -> anyhow::Result<()> {
    let (url, source) = match &args.database_url {
        Some(url) => (url.clone(), UrlSource::Flag),
        None => match std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            Some(url) => (url, UrlSource::Env),
            None => bail!(
                "no database: pass --database-url postgres://user@host/db or set DATABASE_URL"
            ),
        },
    };
    let database = Database::existing(&url, source)?;
    let dir = project.migrations_dir();
    let display = project.settings.paths.migrations.trim_end_matches('/');
    let migrations = Migrations::load(&dir)?;
    let mut client = database.connect()?;
    // Only a database that has 0000's schema may skip running it.
    let files = fs::read_dir(&dir)?;
    let history =
        schema_migrations::history(&files, display).map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some((tag, schema)) = history.first() {
        let catalog = schema_verify::introspect_declared(&mut client, "public", schema)?;
        let findings = schema_verify::compare(schema, &catalog).findings;
        if !findings.is_empty() {
            bail!(
                "{} is not the schema of {display}/{tag}.sql, so it cannot be recorded as applied there:\n{}",
                database.location(),
                findings
                    .iter()
                    .map(|f| format!("  {}: {}", f.table, f.message()))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
    match migrations.record_baseline(&mut client)? {
        BaselineOutcome::Recorded(tag) => println!(
            "{}: recorded {tag} as applied (not run); `{} migrate` applies what comes after it",
            database.location(),
            project.command()
        ),
        BaselineOutcome::HasHistory(n) => bail!(
            "{} records {n} applied migration(s) already: a baseline is for a database without a history; run `{} migrate`",
            database.location(),
            project.command()
        ),
        BaselineOutcome::NoMigration => bail!(
            "{display} has no migration; write 0000 from the database first: `{} pull --database-url … --out <file.rs> --baseline`",
            project.command()
        ),
    }
    Ok(())
}
