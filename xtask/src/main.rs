//! `cargo xtask gen | check | verify | migrate | rollback`.
//!
//! - `gen` writes everything under `generated/` from the Rust schema (migrations, snapshots,
//!   TypeScript); `check` runs the same generation in check mode and fails when anything is stale.
//! - `verify`, `migrate` and `rollback` talk to PostgreSQL through `schema-verify`.

mod codegen;
mod database;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Schema-as-code tasks for this repository"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write migrations, snapshots and TypeScript under `generated/` from the Rust schema.
    Gen(codegen::GenArgs),
    /// Fail when `generated/` is not exactly what `gen` would write, or a migration was edited.
    Check,
    /// Start PostgreSQL, apply the migrations, and prove the database is the Rust schema.
    Verify(database::VerifyArgs),
    /// Apply pending migrations to a database.
    Migrate(database::MigrateArgs),
    /// Apply the last applied migration's down file.
    Rollback(database::RollbackArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Gen(args) => codegen::gen(&args),
        Command::Check => codegen::check(),
        Command::Verify(args) => database::verify(&args),
        Command::Migrate(args) => database::migrate(&args),
        Command::Rollback(args) => database::rollback(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors here are for people: the message and its causes, never a backtrace
            // (anyhow's Debug adds one whenever RUST_BACKTRACE is set).
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The repository's root (the workspace folder above `xtask/`).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the project root")
        .to_path_buf()
}
