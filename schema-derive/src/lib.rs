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
//! A derived table is static data: `<T as Table>::DECL` (a `schema_model::decl::TableDecl`: what
//! the compiler checks as Rust, a function pointer per column type and the foreign keys' targets,
//! and the rest as one JSON string), which one shared function in `schema-model` turns into the
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
//! | `schema = "auth"` | the PostgreSQL schema (drizzle's `pgSchema("auth").table(...)`); see [PostgreSQL schemas](#postgresql-schemas) | `public` |
//! | `export = "verificationTokens"` | the drizzle `pgTable` constant | the table name in camelCase |
//! | `row_type = "Account"` | the select row type in TypeScript | the struct's name |
//! | `insert_type = "NewAccount"` | the insert row type in TypeScript | `New` + row type |
//! | `section = "AUTH.JS ADAPTER TABLES"` | comment header above the table in `schema.ts` | none |
//! | `primary_key(identifier, token)` | composite primary key (field names), named `{table}_{cols}_pk` | |
//! | `unique(provider, provider_account_id)` | composite unique constraint `{table}_{cols}_unique`; repeatable; `unique(a, b, nulls_not_distinct)` makes two NULLs collide (`UNIQUE NULLS NOT DISTINCT`, PostgreSQL 15+) | |
//! | `index(workspace_id, created_at)` | index `{table}_{cols}_index`; repeatable; options below | |
//! | `renamed_from = "old_name"` | the table's previous name (in its own schema); the migration renames it | |
//! | `many(invitationsSent = Invitation, …)` | inverse one-to-many relations (`many(invitations)`): relation name = the struct of the table holding the foreign key; repeatable | |
//! | `one(linearMapping = LinearMapping)` | inverse one-to-one relations (`one(linearMappings)`); repeatable | |
//! | `check(name = "price_positive", sql = "\"price\" > 0")` | CHECK constraint, named as declared (drizzle's `check("price_positive", sql\`"price" > 0\`)`); the SQL is written verbatim inside `CHECK (...)`; repeatable. A changed one is dropped and added again | |
//!
//! # Indexes: `index(...)`
//!
//! An `index(...)` list holds its keys in order, and options:
//!
//! ```text
//! #[table(
//!     index(slug, unique),                                  // CREATE UNIQUE INDEX "t_slug_index" … USING btree ("slug")
//!     index(author_id, published_at(desc, nulls_first)),    // ("author_id","published_at" DESC NULLS FIRST)
//!     index(title, using = "hash"),                         // USING hash ("title")
//!     index(name = "t_title_trgm_index", title(op = "gin_trgm_ops"), using = "gin"),
//!     index(name = "t_live_index", published_at, where_sql = "\"deleted_at\" IS NULL"),
//!     index(name = "t_slug_lower_index", sql = "lower(\"slug\")"),
//!     index(created_at, using = "brin", with(pages_per_range = 16)),
//!     index(email, concurrently),                           // CREATE INDEX CONCURRENTLY (outside a transaction)
//! )]
//! ```
//!
//! | in `index(...)` | meaning |
//! |---|---|
//! | `field` | a key column |
//! | `field(desc)`, `field(asc)`, `field(nulls_first)`, `field(nulls_last)` | its order (drizzle's default: `ASC NULLS LAST`; `desc` alone is `DESC NULLS LAST`, as drizzle writes `.desc()`) |
//! | `field(op = "gin_trgm_ops")` | its operator class; no order with it (drizzle-kit 0.31 would drop it) |
//! | `sql = "lower(\"email\")"` | an expression key, SQL verbatim (stored in sqlparser's spelling); needs `name` |
//! | `name = "..."` | the index name (default `{table}_{cols}_index`, drizzle-kit's) |
//! | `using = "gin"` | the method: `btree` (default), `hash`, `gin`, `gist`, `spgist`, `brin`, or an extension's (`bloom`, `hnsw`, `ivfflat`) |
//! | `where_sql = "..."` | a partial index's predicate |
//! | `with(fillfactor = 70)` | storage parameters |
//! | `unique`, `concurrently` | `CREATE UNIQUE INDEX`, `CREATE INDEX CONCURRENTLY` |
//!
//! A field named like an option (`name`, `using`, …) is a field when written without `=`.
//!
//! # Extensions and their types
//!
//! A schema declares the extensions it needs on the builder, and columns of their types with
//! `sql_type` (and `ts_type` for their TypeScript type):
//!
//! ```text
//! SchemaBuilder::new().extension("citext").extension("hstore").tables(tables![Member])
//!
//! #[column(sql_type = "citext")] pub email: String,
//! #[column(sql_type = "hstore", ts_type = "Record<string, string | null>")] pub attributes: Option<String>,
//! #[column(sql_type = "vector(1536)", ts_type = "number[]")] pub embedding: String,
//! ```
//!
//! Each migration that starts declaring an extension begins with `CREATE EXTENSION IF NOT
//! EXISTS "citext";` (drizzle-kit writes none); one that stops declaring it ends with `DROP
//! EXTENSION IF EXISTS`. A type drizzle-kit does not know is written quoted (`"citext"`), as
//! drizzle-kit writes it; `schema.ts` declares it with drizzle's `customType`.
//!
//! # Sequences
//!
//! A standalone sequence (drizzle's `pgSequence`) is no struct: it is declared on the builder
//! with `schema_model::PgSequence`, whose options are drizzle's (`start_with`, `increment`,
//! `min_value`, `max_value`, `cache`, `cycle`) plus `renamed_from` and `schema` (drizzle's
//! `auth.sequence(...)`); an identity column's
//! sequence is declared on the column instead (`identity(...)`, below).
//!
//! ```text
//! const ORDER_NUMBERS: PgSequence = PgSequence::new("order_numbers").start_with(1000).increment(5);
//! SchemaBuilder::new().tables(tables![Order]).sequence(ORDER_NUMBERS)
//! ```
//!
//! `SchemaBuilder::build` refuses the options PostgreSQL would refuse and a name another
//! relation of the schema has.
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
//! | `references = User::id` | foreign key to that column, which must be its table's one-column primary key or unique; a typo or any other column fails to compile, and the types must match (`Option<T>` may reference `T`) |
//! | `on_delete = cascade` / `on_update = …` | `cascade`, `set_null` (nullable columns only), `restrict`, `no_action` (default), `set_default` (columns with a default) |
//! | `relation = "inviter"` | name of the owning-side relation the foreign key creates (default: the target struct's name in lowerCamelCase, `User::id` → `user`) |
//! | `no_relation` | the foreign key creates no relation |
//! | `ts_type = "Record<string, Persona>"` | TypeScript type expression for the column (`$type<…>()` and the row types): any type over your types (`RecipeStep[]`, `Array<Foo \| Bar>`, `{ score: number; tags?: string[] }`); each identifier in it that is not TypeScript's own (`Record`, `Array`, `Partial`, `string`, …) is imported from your `json-types` module. A malformed expression is a compile error at the attribute |
//! | `ts_import = "WorkspaceSettings"` | the same as `ts_type` (the spelling for a type of yours) |
//! | `renamed_from = "old_name"` | the column's previous name; the migration renames it |
//! | `generated = "\"quantity\" * 2"` | a stored generated column: `GENERATED ALWAYS AS (…) STORED`, drizzle's `.generatedAlwaysAs(sql\`…\`)`; left out of the insert row; no default with it |
//! | `identity = always` / `identity = by_default` | an identity column (`i16`, `i32` or `i64`, never an `Option`): `GENERATED ALWAYS AS IDENTITY (sequence name "{table}_{col}_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE … START WITH 1 CACHE 1)`, drizzle's `.generatedAlwaysAsIdentity()`; an `always` one is left out of the insert row |
//! | `identity(always, start_with = 1000, increment = 5, min_value = 1, max_value = 100000, cache = 10, cycle, name = "orders_seq")` | the same with sequence options; the ones left out are resolved as drizzle-kit resolves them |
//! | `mode = "string"` | a timestamp read as a `string` in TypeScript (drizzle's `mode: "string"`) instead of a `Date` |
//!
//! At most one of `default`, `default_now`, `default_json`, `default_sql`, `default_fn`.
//!
//! Column types beyond the Rust mapping are named with `sql_type`, in any spelling PostgreSQL
//! accepts; drizzle's builder is chosen from it: `uuid` (or a `uuid::Uuid` field; with
//! `default_sql = "gen_random_uuid()"` it is `.defaultRandom()`), `varchar(n)`, `char(n)`,
//! `numeric(p, s)` (a `string` in TypeScript), `date`, `time`, `interval`, `json`, `inet`,
//! `cidr`, `macaddr`, `macaddr8`, `serial` / `bigserial` / `smallserial`, and arrays of any of
//! them with `[]` per dimension (`text[]` → `text().array()`, `integer[][]` →
//! `integer().array().array()`; a `Vec<T>` field without `sql_type` stays `jsonb`). Other types
//! (`bytea`, `tsvector`) are written with drizzle's `customType`.
//!
//! ```ignore
//! #[derive(Table)]
//! #[table(name = "orders")]
//! pub struct Order {
//!     #[column(primary_key, identity = always)]
//!     pub id: i32,
//!     #[column(sql_type = "numeric(10, 2)")]
//!     pub price: String,
//!     pub quantity: i32,
//!     #[column(sql_type = "numeric", generated = "\"price\" * \"quantity\"")]
//!     pub total: Option<String>,
//!     #[column(sql_type = "text[]")]
//!     pub tags: Vec<String>,
//!     #[column(mode = "string")]
//!     pub placed_at: chrono::DateTime<chrono::Utc>,
//! }
//! ```
//!
//! The derive also generates, for each field a foreign key may reference (the primary key when
//! it is one column, a `unique` column, a column with a unique index of its own that is not
//! partial), an associated const `Struct::field` of type `ColumnRef<Struct, FieldType>`: what
//! `references = Struct::field` names. A foreign key to any other column does not compile ("no
//! function or associated item named `field`"): PostgreSQL would refuse it. A struct with a
//! derived `Table` cannot have an inherent item named like one of those fields.
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
//! `#[ts_enum(pg_enum = "task_status")]` makes the enum a PostgreSQL enum type instead of text:
//! `CREATE TYPE "public"."task_status" AS ENUM('todo', 'done')` before the tables that use it
//! (dropped after them), columns of type `"task_status"`, and in `schema.ts`
//! `export const taskStatus = pgEnum("task_status", [...])` with `taskStatus("status")` columns.
//! A new variant is `ALTER TYPE … ADD VALUE 'v' BEFORE 'w'` (before the next kept value, as
//! drizzle-kit places it; last: no `BEFORE`). `#[ts_enum(renamed_from = "in_progress")]` on a
//! variant renames the label (`ALTER TYPE … RENAME VALUE`, rows keep it). A removed variant is
//! refused without `--allow-destructive`; with it, drizzle-kit's recipe runs (the columns to
//! text, the type dropped and created again, the columns cast back: rows holding the removed
//! label fail). A migration that uses a label it adds (a default, a check) is refused:
//! PostgreSQL cannot use it before the adding transaction commits.
//!
//! ```
//! use schema_model::{SchemaBuilder, Table, TsEnum};
//!
//! #[derive(TsEnum)]
//! #[ts_enum(pg_enum = "task_status")]
//! pub enum TaskStatus {
//!     Todo,
//!     #[ts_enum(renamed_from = "doing")]
//!     InProgress,
//!     Done,
//! }
//!
//! #[derive(Table)]
//! #[table(name = "tasks", check(name = "tasks_priority_positive", sql = "\"priority\" > 0"))]
//! pub struct Task {
//!     #[column(primary_key)]
//!     pub id: String,
//!     #[column(default = "todo")]
//!     pub status: TaskStatus,
//!     pub priority: i32,
//! }
//!
//! let schema = SchemaBuilder::new().table::<Task>().build().unwrap();
//! assert_eq!(schema.enums[0].values, ["todo", "in_progress", "done"]);
//! assert_eq!(schema.tables[0].checks[0].name, "tasks_priority_positive");
//! ```
//!
//! # PostgreSQL schemas
//!
//! `#[table(schema = "auth")]` and `#[ts_enum(pg_enum = "role", schema = "auth")]` put a table
//! or an enum type into the schema `auth`. The model names it `auth.users` (drizzle-kit's
//! snapshot key); constraint and index names stay bare (`posts_author_id_users_id_fk`). The
//! migration that first uses the schema starts with `CREATE SCHEMA "auth";`, the one that
//! leaves it empty ends with `DROP SCHEMA "auth";`, and every statement qualifies the table as
//! drizzle-kit 0.31 does (`CREATE TABLE "auth"."users"`, `REFERENCES "auth"."users"("id")`,
//! `DROP INDEX "auth"."…"`). Foreign keys cross schemas either way. `schema.ts` declares
//! `export const auth = pgSchema("auth");` and builds with `auth.table(...)`/`auth.enum(...)`.
//!
//! Compile errors: `schema = "public"` (the default; drizzle's `pgSchema("public")` throws), a
//! schema starting with `pg_` (reserved by PostgreSQL), a `.` in a schema, table or enum name,
//! `schema` on a `TsEnum` without `pg_enum`, and a `renamed_from` naming another schema (a move
//! between schemas, `ALTER TABLE … SET SCHEMA`, is not supported yet). Views and identity
//! sequences stay in `public`; a standalone sequence takes `PgSequence::new(..).schema("auth")`.
//!
//! ```
//! use schema_model::{SchemaBuilder, Table, TsEnum};
//!
//! #[derive(TsEnum)]
//! #[ts_enum(pg_enum = "role", schema = "auth")]
//! pub enum Role { Member, Admin }
//!
//! #[derive(Table)]
//! #[table(name = "users", schema = "auth")]
//! pub struct User {
//!     #[column(primary_key)]
//!     pub id: String,
//!     #[column(default = "member")]
//!     pub role: Role,
//! }
//!
//! #[derive(Table)]
//! #[table(name = "posts")]
//! pub struct Post {
//!     #[column(primary_key)]
//!     pub id: String,
//!     #[column(references = User::id)]
//!     pub author_id: String,
//! }
//!
//! let schema = SchemaBuilder::new().table::<User>().table::<Post>().build().unwrap();
//! assert_eq!(schema.tables[0].name, "auth.users");
//! assert_eq!(schema.enums[0].name, "auth.role");
//! assert_eq!(schema.tables[1].foreign_keys[0].name, "posts_author_id_users_id_fk");
//! assert_eq!(schema.pg_schemas(), ["auth"]);
//! ```
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
//! `on_delete` without `references`, a `check(...)` without its name or SQL (or with SQL whose
//! parentheses or quotes do not balance, or a name taken by another constraint of the table), a
//! `renamed_from` on a variant of an enum that is not `pg_enum` (or naming a label another
//! variant still has, or shared by two variants), a `pg_enum` name or label over 63 bytes, index
//! options that are unknown, contradictory (`asc` and `desc`, an order with an operator class)
//! or that drizzle-kit cannot write (an expression index without a name). The UI tests in
//! `schema-derive/tests/ui/` show each message.
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
mod check_index;
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
