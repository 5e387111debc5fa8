//! [`schema_cli`] built as a Rust `dylib`, for a project's xtask to link dynamically.
//!
//! Why: after a schema edit, `cargo xtask gen` recompiles the schema crate and relinks the
//! xtask. Linked statically, that relink reads the whole toolkit (sqlparser, clap, the
//! planner, the TypeScript emitter: ~300 MB of rlibs) and writes a 40 MB binary every time,
//! the largest single step of a small schema's edit → migration loop. Linked against this
//! library, the xtask is the schema crate and a `main`, and the toolkit is linked once, when
//! it changes.
//!
//! ```toml
//! # xtask/Cargo.toml
//! [dependencies]
//! schema-cli-dylib = "0.1"
//! my-schema = { path = "../schema" }
//! [features]
//! database = ["schema-cli-dylib/database"]
//! ```
//!
//! ```ignore
//! // xtask/src/main.rs
//! fn main() -> std::process::ExitCode {
//!     schema_cli_dylib::run(my_schema::try_schema)
//! }
//! ```
//!
//! `cargo run` (and so `cargo xtask`) puts this library and Rust's `libstd` on the loader's
//! path; a binary run by its path needs an rpath, which the xtask's build script adds (see
//! this repository's `xtask/build.rs`). The crates the schema crate shares with the toolkit
//! (`schema-model`, `serde_json`) are taken from this library, once.
//!
//! The price: cargo names a path dependency's dylib without a hash, so its builds with and
//! without `database` share one file, and switching between `gen` and a database command relinks
//! this library for the other feature set (about 1 s and 4 s on a 2-core machine), where
//! `schema-cli` linked statically keeps both builds.
pub use schema_cli::*;
