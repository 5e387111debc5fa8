//! `#[derive(Table)]`, `#[derive(View)]` and `#[derive(TsEnum)]`: PostgreSQL tables and views declared on plain Rust structs.
//!
//! Use them through `schema-model` (`use schema_model::{Table, TsEnum};`); the expansion names
//! `::schema_model` paths only, and builds model values (`TableDef`, `ColumnDef`, …), never SQL.
//!
//! ```
//! use schema_model::{nanoid, SchemaBuilder, Table, TsEnum};
//! # #[derive(Table)]
//! # #[table(name = "users")]
//! # pub struct User { #[column(primary_key)] pub id: String }
//! # #[derive(Table)]
//! # #[table(name = "workspaces", many(members = WorkspaceMember))]
//! # pub struct Workspace { #[column(primary_key)] pub id: String }
//!
//! #[derive(TsEnum)]
//! pub enum WorkspaceRole { Admin, Member, Viewer }
//!
//! #[derive(Table)]
//! #[table(name = "workspace_members", unique(workspace_id, user_id))]
//! pub struct WorkspaceMember {
//!     #[column(primary_key, default_fn = nanoid)]
//!     pub id: String,
//!     #[column(references = Workspace::id, on_delete = cascade)]
//!     pub workspace_id: String,
//!     #[column(references = User::id, on_delete = cascade)]
//!     pub user_id: String,
//!     #[column(default = "member")]
//!     pub role: WorkspaceRole,
//!     #[column(default_now)]
//!     pub joined_at: chrono::NaiveDateTime,
//! }
//!
//! let schema = SchemaBuilder::new()
//!     .tables(schema_model::tables![User, Workspace, WorkspaceMember])
//!     .build()
//!     .expect("a consistent schema");
//! let members = schema.table("workspace_members").unwrap();
//! assert_eq!(members.uniques[0].name, "workspace_members_workspace_id_user_id_unique");
//! assert_eq!(WorkspaceMember::default_id().len(), 21);
//! ```
//!
//! `SchemaBuilder::build` runs the checks that need every table at once.
//!
//! A derived table is static data: `<T as Table>::DECL` (a `schema_model::decl::TableDecl` of
//! `&'static str`s and slices), which one shared function in `schema-model` turns into the
//! model. `tables![...]` is a flat array of those declarations, so a schema of 10,000 tables
//! compiles without anything nesting 10,000 deep; `.table::<T>()` adds one table at a time.
//!
//! # Column types
//!
//! A field's Rust type gives the column's SQL type, its nullability and its TypeScript type
//! through `schema_model::ColumnType` (see `schema_model::column_type` for the table):
//! `String` → `text`, `i16`/`i32`/`i64` → `smallint`/`integer`/`bigint`, `f32`/`f64` →
//! `real`/`double precision`, `bool` → `boolean`, `chrono::NaiveDateTime` → `timestamp`,
//! `chrono::DateTime<Utc>` → `timestamp with time zone`, `chrono::NaiveDate` → `date`,
//! `serde_json::Value` → `jsonb`, `Vec<String>` → `jsonb` typed `string[]`, `Vec<E>` → `jsonb`
//! typed `E[]`, a `TsEnum` → `text` typed as its string-literal union. `Option<T>` is nullable;
//! every other column is NOT NULL.
//!
//! # `#[table(...)]` on the struct
//!
//! | key | meaning | default |
//! |---|---|---|
//! | `name = "accounts"` | SQL table name | the struct's name in snake_case |
//! | `export = "verificationTokens"` | the drizzle `pgTable` constant | the table name in camelCase |
//! | `row_type = "Account"` | the select row type in TypeScript | the struct's name |
//! | `insert_type = "NewAccount"` | the insert row type in TypeScript | `New` + row type |
//! | `section = "AUTH.JS ADAPTER TABLES"` | comment header above the table in `schema.ts` | none |
//! | `primary_key(identifier, token)` | composite primary key (field names), named `{table}_{cols}_pk` | |
//! | `unique(provider, provider_account_id)` | composite unique constraint `{table}_{cols}_unique`; repeatable | |
//! | `index(workspace_id, created_at)` | index `{table}_{cols}_index`; repeatable | |
//! | `renamed_from = "old_name"` | the table's previous name; the migration renames it | |
//! | `many(invitationsSent = Invitation, …)` | inverse one-to-many relations (`many(invitations)`): relation name = the struct of the table holding the foreign key; repeatable | |
//! | `one(linearMapping = LinearMapping)` | inverse one-to-one relations (`one(linearMappings)`); repeatable | |
//!
//! # `#[column(...)]` on a field
//!
//! | key | meaning |
//! |---|---|
//! | `name = "user_id"` | SQL column name (default: the field's name in snake_case; `r#type` → `type`) |
//! | `ts_name = "refresh_token"` | TypeScript property (default: the SQL name in camelCase) |
//! | `sql_type = "varchar(255)"` | SQL type override; the field's type then need not be a `ColumnType` (nullable iff written `Option<…>`) |
//! | `primary_key` | single-column primary key, `{table}_pkey` |
//! | `unique` | single-column unique constraint, `{table}_{col}_unique` |
//! | `index` | single-column index, `{table}_{col}_index` |
//! | `default = "member"` / `0` / `-1` / `0.5` / `true` | SQL literal default; must fit the field's type (text on `String` or a `TsEnum`, where it must be a variant; numbers on numbers; booleans on `bool`) |
//! | `default_now` | `DEFAULT now()` (timestamp and date columns) |
//! | `default_json = "[]"` | JSON default for jsonb columns; validated at compile time, stored compact |
//! | `default_sql = "gen_random_uuid()"` | any SQL expression, verbatim and unchecked |
//! | `default_fn = nanoid` | application-side default: no SQL default; the TypeScript side gets `$defaultFn(() => nanoid())`, the Rust side `Struct::default_<field>()` (the function must return the field's type) |
//! | `references = User::id` | foreign key to that column; a typo fails to compile, and the types must match (`Option<T>` may reference `T`) |
//! | `on_delete = cascade` / `on_update = …` | `cascade`, `set_null` (nullable columns only), `restrict`, `no_action` (default), `set_default` (columns with a default) |
//! | `relation = "inviter"` | name of the owning-side relation the foreign key creates (default: the target struct's name in lowerCamelCase, `User::id` → `user`) |
//! | `no_relation` | the foreign key creates no relation |
//! | `ts_type = "Record<string, Persona>"` | TypeScript type expression for the column (`$type<…>()` and the row types): any type over your types (`RecipeStep[]`, `Array<Foo \| Bar>`, `{ score: number; tags?: string[] }`); each identifier in it that is not TypeScript's own (`Record`, `Array`, `Partial`, `string`, …) is imported from your `json-types` module. A malformed expression is a compile error at the attribute |
//! | `ts_import = "WorkspaceSettings"` | the same as `ts_type` (the spelling for a type of yours) |
//! | `renamed_from = "old_name"` | the column's previous name; the migration renames it |
//!
//! At most one of `default`, `default_now`, `default_json`, `default_sql`, `default_fn`.
//!
//! The derive also generates, for each field, an associated const `Struct::field` of type
//! `ColumnRef<Struct, FieldType>` (what `references = Struct::field` names); a struct with a
//! derived `Table` therefore cannot have an inherent item named like one of its fields.
//!
//! Relations come in this order: one `one(...)` per foreign key (field order), then the
//! struct's `many(...)`, then its `one(...)`.
//!
//! # `#[derive(TsEnum)]` on a fieldless enum
//!
//! `#[ts_enum(name = "WorkspaceRole")]` sets the TypeScript name (default: the enum's name);
//! `#[ts_enum(inline)]` writes the union at each use instead of exporting it by name. Each
//! variant stands for its name in snake_case, or `#[ts_enum(rename = "...")]`. The derive
//! implements `ColumnType` (a `text` column), `TsEnumType`, `Display` and `FromStr`, and adds
//! `Enum::ALL` and `Enum::as_str()`.
//!
//! # `#[derive(View)]` on a struct
//!
//! A view (drizzle's ``pgView("name", { ... }).as(sql`...`)``, with explicit columns) or, with
//! `materialized`, a materialized view (`pgMaterializedView`). `#[view(...)]` takes `name`
//! (default: the struct's name in snake_case), `sql` (the query, kept verbatim: the migration
//! writes `CREATE VIEW "public"."name" AS (<sql>);`), `materialized`, `export` and `row_type`
//! (the TypeScript names). Each field types one column the query yields, with the same Rust
//! types as a table's; `#[column(...)]` takes `name`, `ts_name`, `sql_type`, `ts_type` and
//! `ts_import` (a view has no keys, defaults or foreign keys). Add it with
//! `SchemaBuilder::view::<V>()`: it is created after the tables, dropped before them, and
//! dropped and created again when its query changes. `types.ts` gets its select row.
//!
//! ```
//! use schema_model::{SchemaBuilder, Table, View};
//! # #[derive(Table)]
//! # #[table(name = "users")]
//! # pub struct User { #[column(primary_key)] pub id: String, pub active: bool }
//!
//! #[derive(View)]
//! #[view(name = "active_users", sql = "select \"id\" from \"users\" where \"active\"")]
//! pub struct ActiveUser {
//!     pub id: String,
//! }
//!
//! let schema = SchemaBuilder::new().table::<User>().view::<ActiveUser>().build().unwrap();
//! assert_eq!(schema.views[0].columns[0].name, "id");
//! ```
//!
//! # Mistakes
//!
//! Every mistake in one struct is reported in one compile, at the token that is wrong:
//! unknown keys (with "did you mean"), duplicate keys, field lists naming unknown fields, two
//! primary keys, two fields with one column name, identifiers over 63 bytes (table, column,
//! constraint and index names, foreign key names), defaults that do not fit the column, invalid
//! JSON defaults, a `ts_type` that is not a TypeScript type expression (or one JSON cannot hold:
//! function, conditional, mapped and template-literal types), `set_null` on a NOT NULL column, a foreign key to a column of another type,
//! `on_delete` without `references`. The UI tests in `schema-derive/tests/ui/` show each
//! message.
//!
//! Whole-schema mistakes are found by `SchemaBuilder::build`, each message naming both places:
//! two tables with one name, a foreign key to a table left out of the schema, to a column that
//! does not exist or is neither the primary key nor unique, constraint or index names that
//! collide (PostgreSQL keeps them in one namespace per schema), a relation to a table left out,
//! an inverse `many`/`one` relation with no relation back (or more than one: drizzle cannot
//! tell which it inverts), and two different `TsEnum`s with one TypeScript name.

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod view;

use proc_macro::TokenStream;

/// Declares a struct as a table. See the [crate docs](crate) for the attributes.
#[proc_macro_derive(Table, attributes(table, column))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    expand::derive_table(input.into()).into()
}

/// Declares a struct as a view or materialized view: its query, and one typed field per column
/// the query yields. See the [crate docs](crate).
#[proc_macro_derive(View, attributes(view, column))]
pub fn derive_view(input: TokenStream) -> TokenStream {
    view::derive_view(input.into()).into()
}

/// Declares a fieldless enum as a TypeScript string-literal union stored as `text`. See the
/// [crate docs](crate).
#[proc_macro_derive(TsEnum, attributes(ts_enum))]
pub fn derive_ts_enum(input: TokenStream) -> TokenStream {
    expand::derive_ts_enum(input.into()).into()
}
