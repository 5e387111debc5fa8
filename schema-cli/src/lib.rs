//! The command line a project's xtask embeds: `gen | check | upgrade | verify | migrate |
//! rollback | import | pull | baseline` over the project's own Rust schema ([`adopt`] holds the
//! last three: adopting a drizzle-kit history or a database without one).
//!
//! ```no_run
//! // xtask/src/main.rs
//! # mod my_schema { pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> { unimplemented!() } }
//! fn main() -> std::process::ExitCode {
//!     schema_cli::run(my_schema::try_schema)
//! }
//! ```
//!
//! The project is found at run time by its `schema-as-code.toml` ([`settings`]). With the
//! default feature `database`, one binary does everything. A project that wants `gen` light
//! depends on this crate with `default-features = false` and gives its xtask a feature
//! `database = ["schema-cli/database"]`: `gen`, `check` and `upgrade` then never build or link
//! the PostgreSQL client or testcontainers, and the database commands re-run the
//! same xtask through `cargo run --features database` (built once, then cached beside the
//! light one).

/// A line on stdout; a closed stdout (`| head -1`) drops it quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => { $crate::out(&format!("{}\n", format_args!($($arg)*))) };
}

/// A line on stderr, as quietly.
macro_rules! tell {
    ($($arg:tt)*) => { $crate::err(&format!("{}\n", format_args!($($arg)*))) };
}

#[cfg(feature = "database")]
pub mod adopt;
#[cfg(feature = "database")]
pub mod database;
pub mod project;
pub mod settings;

use std::ffi::OsString;
use std::fmt::Display;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use schema_migrations::MigrationRequest;
use schema_model::Schema;

pub use settings::{Project, Settings};

#[derive(Parser)]
#[command(about = "Schema as code: migrations, TypeScript and proofs from the Rust schema")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Write migrations, snapshots and TypeScript from the Rust schema.
    Gen(GenArgs),
    /// Fail when the generated files are not exactly what `gen` would write, or a migration was
    /// edited.
    Check,
    /// Move the migrations folder to the current layout (no .sql file changes).
    Upgrade,
    /// Start PostgreSQL, apply the migrations, and prove the database is the Rust schema.
    #[cfg(feature = "database")]
    Verify(database::VerifyArgs),
    /// Apply pending migrations to a database.
    #[cfg(feature = "database")]
    Migrate(database::MigrateArgs),
    /// Apply the last applied migration's down file.
    #[cfg(feature = "database")]
    Rollback(database::RollbackArgs),
    /// Make a drizzle-kit out folder the start of the history (its SQL byte for byte).
    #[cfg(feature = "database")]
    Import(adopt::ImportArgs),
    /// Write the Rust schema (derive structs) from the last snapshot or a live database.
    #[cfg(feature = "database")]
    Pull(adopt::PullArgs),
    /// Record migration 0000 as applied on the database it was pulled from, without running it.
    #[cfg(feature = "database")]
    Baseline(adopt::BaselineArgs),
    /// verify, migrate and rollback in a build without the `database` feature: they run in a
    /// build with it.
    #[cfg(not(feature = "database"))]
    #[command(external_subcommand)]
    Database(Vec<OsString>),
}

#[derive(clap::Args, Default, Debug)]
pub struct GenArgs {
    /// Name of the new migration (default: a readable name picked from its contents).
    #[arg(long)]
    pub name: Option<String>,
    /// Allow steps that lose data (drop table or column, narrowing type change, …).
    #[arg(long)]
    pub allow_destructive: bool,
    /// Write an empty migration for hand-written SQL (needs --name); `gen` records its
    /// checksum and snapshot again whenever you edit it.
    #[arg(long)]
    pub custom: bool,
}

/// Runs the command line with the project's schema; the whole of a project's xtask.
pub fn run<E: Display>(declared: impl FnOnce() -> Result<Schema, E>) -> ExitCode {
    run_from(std::env::args_os(), declared)
}

/// The schema as the project declares it, behind one non-generic type: the command line is
/// compiled once, in this crate, instead of again in every xtask that calls [`run`] (that copy
/// was most of what relinking an xtask after a schema edit compiled).
type Declared<'a> = Box<dyn FnOnce() -> Result<Schema, String> + 'a>;

/// [`run`] with explicit arguments (the first is the program name).
pub fn run_from<E: Display>(
    args: impl IntoIterator<Item = OsString>,
    declared: impl FnOnce() -> Result<Schema, E>,
) -> ExitCode {
    run_declared(
        args.into_iter().collect(),
        Box::new(|| declared().map_err(|errors| errors.to_string())),
    )
}

fn run_declared(args: Vec<OsString>, declared: Declared<'_>) -> ExitCode {
    // Found once: its settings name the command people type (for --help), and every command
    // runs in it. Without one, --help still works; the commands then say why they cannot run.
    let project = Project::current();
    let bin_name = project
        .as_ref()
        .map(|p| p.settings.cli.command.clone())
        .unwrap_or_else(|_| "cargo xtask".into());
    let matches = match Cli::command()
        .bin_name(bin_name)
        .try_get_matches_from(&args)
    {
        Ok(matches) => matches,
        Err(error) => error.exit(),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    match project.and_then(|project| execute(&project, cli, &args, declared)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors here are for people: the message and its causes, never a backtrace
            // (anyhow's Debug adds one whenever RUST_BACKTRACE is set).
            tell!("error: {error}");
            for cause in error.chain().skip(1) {
                tell!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Writes to stdout. Once stdout is closed (the reader went away) the rest is dropped: the
/// command still finishes its work and cleans up, and ends quietly.
pub(crate) fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// Writes to stderr, ignoring a closed one as [`out`] does.
pub(crate) fn err(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn load(declared: Declared<'_>) -> anyhow::Result<Schema> {
    declared().map_err(|errors| anyhow::anyhow!("the Rust schema is inconsistent:\n{errors}"))
}

fn execute(
    project: &Project,
    cli: Cli,
    #[cfg_attr(feature = "database", allow(unused_variables))] args: &[OsString],
    declared: Declared<'_>,
) -> anyhow::Result<()> {
    // The servers a database command starts are stopped on Ctrl-C and at exit: the CLI opts in,
    // the library installs no handler by itself.
    #[cfg(feature = "database")]
    schema_verify::cleanup::install_signal_handlers();
    match cli.command {
        Command::Gen(gen) => {
            let schema = load(declared)?;
            let generated = project::gen(
                project,
                &schema,
                MigrationRequest {
                    name: gen.name.as_deref(),
                    allow_destructive: gen.allow_destructive,
                    custom: gen.custom,
                },
            );
            drop_in_background(schema);
            generated
        }
        Command::Check => {
            let schema = load(declared)?;
            let checked = project::check(project, &schema);
            drop_in_background(schema);
            checked
        }
        Command::Upgrade => project::upgrade(project),
        #[cfg(feature = "database")]
        Command::Verify(verify) => database::verify(project, &load(declared)?, &verify),
        #[cfg(feature = "database")]
        Command::Migrate(migrate) => database::migrate(project, &migrate),
        #[cfg(feature = "database")]
        Command::Rollback(rollback) => database::rollback(project, &rollback),
        #[cfg(feature = "database")]
        Command::Import(import) => adopt::import(project, &import),
        #[cfg(feature = "database")]
        Command::Pull(pull) => adopt::pull(project, &pull),
        #[cfg(feature = "database")]
        Command::Baseline(baseline) => adopt::baseline(project, &baseline),
        #[cfg(not(feature = "database"))]
        Command::Database(words) => delegate(project, &words, args, declared),
    }
}

/// Frees `value` on a thread of its own. A schema of thousands of tables is hundreds of
/// thousands of allocations, and freeing them one by one (or unmapping the megabytes of the
/// files read and written) took longer than anything `gen` has left to do once it has written
/// its files; the process need not wait for it (when it ends
/// first, the system takes the memory back at once).
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure and the value in it are dropped right here.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

/// Runs a database command in the build of this xtask with the `database` feature, after
/// making sure the generated files are current (the database commands read them).
#[cfg(not(feature = "database"))]
fn delegate(
    project: &Project,
    words: &[OsString],
    args: &[OsString],
    declared: Declared<'_>,
) -> anyhow::Result<()> {
    use anyhow::{bail, Context};
    const DATABASE_COMMANDS: [&str; 6] = [
        "verify", "migrate", "rollback", "import", "pull", "baseline",
    ];
    let command = project.command();
    let name = words.first().and_then(|w| w.to_str()).unwrap_or("");
    if !DATABASE_COMMANDS.contains(&name) {
        bail!(
            "unknown command `{name}`; the commands are gen, check, upgrade, verify, migrate, rollback, import, pull and baseline (`{command} --help`)"
        );
    }
    if std::env::var_os("SCHEMA_CLI_DELEGATED").is_some() {
        bail!(
            "`{name}` needs the `database` feature of schema-cli, and this build was started for it without one: give the xtask's Cargo.toml `[features] database = [\"schema-cli/database\"]`"
        );
    }
    // Without cargo (a binary run directly) there is no package to rebuild.
    let Some(package) = std::env::var_os("CARGO_PKG_NAME") else {
        bail!(
            "`{name}` needs the `database` feature: run this binary through `cargo run --features database -- {name}`, or build it with that feature"
        );
    };
    if name == "verify" {
        // verify compares the database with the schema the build with the feature compiles;
        // it is the same source, so nothing to do here but load it early for a clear error.
        load(declared)?;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .arg("run")
        .arg("--quiet")
        .arg("--package")
        .arg(&package)
        .arg("--features")
        .arg("database")
        .arg("--")
        .args(&args[1..])
        .env("SCHEMA_CLI_DELEGATED", "1")
        .status()
        .with_context(|| format!("running cargo for `{command} {name}`"))?;
    if status.success() {
        Ok(())
    } else {
        // The child said what went wrong.
        std::process::exit(status.code().unwrap_or(1));
    }
}
