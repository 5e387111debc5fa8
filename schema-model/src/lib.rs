//! Schema as code: PostgreSQL tables declared in Rust with `#[derive(Table)]`, and the pure
//! functions over them.
//!
//! - [`model`]: the schema as plain data ([`Schema`], [`TableDef`], [`ColumnDef`], …).
//! - [`ddl`]: PostgreSQL DDL that creates a schema from nothing, as drizzle-kit writes it.
//! - [`diff`]: the migration planner, from one snapshot to another.
//! - [`sql_read`]: migration SQL read back through sqlparser into a [`Schema`], to check
//!   committed migrations without a database.
//! - [`sequences`]: standalone sequences (`pgSequence`), declared with [`PgSequence`].
//! - [`pg_version`]: what each PostgreSQL major version can express.
//! - [`ts`]: the TypeScript emitters (a drizzle schema and dependency-free row types).
//! - [`diagram`]: `SCHEMA.md`, the schema as a Mermaid entity-relationship diagram.
//!
//! Nothing in this crate does I/O; `xtask` and `schema-verify` do.

// The derive expands to `::schema_model::…` paths; this lets the crate's own tests use it.
extern crate self as schema_model;

pub mod builder;
pub mod column_type;
pub mod ddl;
pub mod decl;
pub mod diagram;
pub mod diff;
pub mod enums;
pub mod extensions;
pub mod model;
pub mod pg_type;
pub mod pg_version;
pub mod sequences;
pub mod sql_read;
pub mod ts;
pub mod views;

pub use builder::{SchemaBuilder, SchemaError, SchemaErrors};
pub use column_type::{ColumnRef, ColumnType, Table, TsEnumType};
pub use model::*;
pub use schema_derive::{Table, TsEnum, View};
pub use sequences::{PgSequence, SequenceDef};
pub use views::{View, ViewDef, ViewTs};

/// Application-side id generator for `#[column(default_fn = nanoid)]`: a 21-character URL-safe
/// id, the same alphabet and length as the `nanoid` npm package the TypeScript side calls.
pub fn nanoid() -> String {
    nanoid::nanoid!()
}

/// Re-exports the derive's expansion relies on; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use serde_json;

    /// What a derived table's declaration block imports with one glob (`use
    /// ::schema_model::__private::prelude::*`): one import item instead of one per name, at
    /// thousands of tables. The names start with `__` so that they shadow none of the user's
    /// types, which the block's field types name.
    pub mod prelude {
        pub use crate::column_type::check as __k;
        pub use crate::decl as __d;
        pub use crate::decl::column as __column;
        pub use crate::model::FkAction as __FkAction;
        pub use crate::{ColumnType as __ColumnType, Table as __Table};
        pub use std::option::Option::{None, Some};
    }
}
