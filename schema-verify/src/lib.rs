//! Proves on a real PostgreSQL that a database is exactly the declared schema.
//!
//! - [`Server`] starts PostgreSQL (testcontainers, local binaries) or connects to `DATABASE_URL`,
//!   and makes throwaway databases on it.
//! - [`Migrations`] applies drizzle-kit migrations as drizzle's migrator records them, more strictly.
//! - [`introspect()`] reads `pg_catalog` into a [`schema_model::Schema`]; [`compare()`] diffs it with
//!   the declared one.
//! - [`cleanup::install_signal_handlers`]: the opt-in Ctrl-C handler and exit hook; the library
//!   installs none by itself.

pub mod assertions;
pub mod baseline;
#[cfg(unix)]
pub mod builds;
pub mod cleanup;
pub mod compare;
mod compare_generated;
mod compare_index;
pub mod connect;
#[cfg(unix)]
mod docker;
pub mod enums_checks;
pub mod error;
pub mod introspect;
mod introspect_generated;
pub mod introspect_index;
#[cfg(unix)]
pub mod local;
pub mod migrate;
pub mod probes;
pub mod redact;
pub mod registry;
pub mod report;
pub mod sequences;
pub mod server;
pub mod testing;
pub mod verify;
pub mod views;

pub use assertions::SchemaAssertions;
pub use compare::{compare, Comparison, Finding, FindingKind};
pub use enums_checks::introspect_declared;
pub use error::{Error, Result};
pub use introspect::{introspect, introspect_schemas, Catalog};
pub use migrate::Migrations;
pub use probes::{run_probes, ProbeOutcome};
pub use report::{Timings, VerifyReport};
pub use server::{Database, ProviderChoice, ProviderKind, Server, ServerOptions, UrlSource};
pub use verify::{verify_database, VerifyOptions};
