//! The migrations folder, owned in one place: drizzle's journal and SQL files, the down files,
//! the schema snapshots, the checksums, and the planner that writes the next migration.
//!
//! Everything here is pure over a [`Files`] map (path relative to the migrations folder →
//! contents), except [`fs`], the one filesystem adapter. `gen`/`check` (through `schema-cli`),
//! `schema-verify`'s migrator and the tests all read the folder through this crate.
//!
//! # Layout (version 1)
//!
//! ```text
//! migrations/
//!   0000_baseline.sql            drizzle's migrator applies it and records its SHA-256
//!   0000_baseline.down.sql       the rollback (drizzle ignores it)
//!   meta/_journal.json           drizzle's journal
//!   meta/_schema/0000_baseline.json   our snapshot of the schema after 0000 (format version 1)
//!   meta/0000_snapshot.json      drizzle-kit's own snapshot (version 7) of the same schema, so
//!                                `drizzle-kit generate` can continue the history ([`drizzle_snapshot`])
//!   migrations.sum               SHA-256 of every file above
//! ```
//!
//! drizzle-kit reads every file in `meta/` whose name does not start with `_` as one of its own
//! snapshots and stops on one it cannot parse, so ours live under `meta/_schema/`. The first
//! layout (version 0) kept our snapshots at `meta/NNNN_snapshot.json`; [`upgrade`] moves them
//! without touching a `.sql` file (drizzle's migrator has recorded their hashes).

mod by_size;
pub mod drizzle_snapshot;
pub mod folder;
pub mod fs;
pub mod import;
pub mod journal;
pub mod layout;
mod leading;
pub mod plan;
pub mod replay;
pub mod snapshot;
pub mod sql;
pub mod sum;
pub mod transaction;
pub mod upgrade;

use std::borrow::Cow;
use std::collections::BTreeMap;

pub use folder::{history, FolderError, Migration, MigrationKind, MigrationsFolder};
pub use journal::{Journal, JournalEntry};
pub use plan::{plan_folder, FolderOutcome, GenerateOptions, MigrationRequest, Replay};
pub use sql::{drops, statements, Dropped, Statement};
pub use upgrade::{upgrade, Upgrade};

/// Files by path relative to the migrations folder (`/`-separated), with their contents.
pub type Files = BTreeMap<String, String>;

/// The folder as [`plan_folder`] wants it: a file it keeps as it is borrows the text read from
/// the folder (megabytes each at thousands of tables), a file it writes owns its new text.
pub type FolderFiles<'a> = BTreeMap<String, Cow<'a, str>>;
