//! The schema as plain data.
//!
//! The same `Schema` comes out of the derive (through `SchemaBuilder`), out of a snapshot file
//! (serde), out of migration SQL read back with sqlparser, and out of `pg_catalog`; one comparison
//! serves all four. Everything here is ordered (`Vec` in declaration order), so every emitter is
//! deterministic.

use serde::{Deserialize, Serialize};

/// PostgreSQL's limit on identifier length, in bytes (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// The schema a table or type is in unless declared otherwise.
pub const DEFAULT_SCHEMA: &str = "public";

/// A table's or enum type's name as the model keys it: bare (`users`) in `public`, qualified
/// (`auth.users`) in any other schema, as drizzle-kit's snapshot keys its tables. The derive
/// refuses a `.` in a name, so the first `.` separates the schema.
pub fn split_qualified(name: &str) -> (Option<&str>, &str) {
    match name.split_once('.') {
        Some((schema, bare)) => (Some(schema), bare),
        None => (None, name),
    }
}

/// The name without its schema: what constraint and index names are made of (`users_pkey`).
pub fn bare_name(name: &str) -> &str {
    split_qualified(name).1
}

/// The model's key of `name` in `schema` (`None` or `public`: the bare name).
pub fn qualified_name(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(schema) if !schema.is_empty() && schema != DEFAULT_SCHEMA => {
            format!("{schema}.{name}")
        }
        _ => name.to_string(),
    }
}

/// A whole database schema: the tables in declaration order, and the PostgreSQL enum types
/// their columns use.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schema {
    pub tables: Vec<TableDef>,
    /// PostgreSQL enum types (`CREATE TYPE … AS ENUM`), in order of first use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<PgEnum>,
    /// The extensions the schema needs (`citext`, `pg_trgm`, `vector`), in declaration order:
    /// `CREATE EXTENSION IF NOT EXISTS` before any table (see [`crate::extensions`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// Views and materialized views, in declaration order (see [`crate::views`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<crate::views::ViewDef>,
    /// Standalone sequences (drizzle's `pgSequence`), in declaration order (see
    /// [`crate::sequences`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<crate::sequences::SequenceDef>,
}

impl Schema {
    pub fn table(&self, name: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.name == name)
    }

    pub fn pg_enum(&self, name: &str) -> Option<&PgEnum> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn view(&self, name: &str) -> Option<&crate::views::ViewDef> {
        self.views.iter().find(|v| v.name == name)
    }

    /// The PostgreSQL schemas other than `public` that tables, enum types and sequences are in,
    /// by name: each is created before its first use and dropped after its last.
    pub fn pg_schemas(&self) -> Vec<&str> {
        let names = self.tables.iter().map(|t| t.name.as_str());
        let names = names.chain(self.enums.iter().map(|e| e.name.as_str()));
        let names = names.chain(self.sequences.iter().map(|s| s.sequence.name.as_str()));
        let schemas: std::collections::BTreeSet<&str> =
            names.filter_map(|n| split_qualified(n).0).collect();
        schemas.into_iter().collect()
    }

    pub fn sequence(&self, name: &str) -> Option<&crate::sequences::SequenceDef> {
        self.sequences.iter().find(|s| s.sequence.name == name)
    }
}

/// One table: its columns, keys, constraints, indexes, and the TypeScript-only facts about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDef {
    pub name: String,
    /// Declared rename: the table's previous name. The planner emits `ALTER TABLE … RENAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    pub columns: Vec<ColumnDef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<UniqueConstraint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// CHECK constraints, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckConstraint>,
    /// TypeScript-only facts (export names, relations); no SQL depends on them.
    #[serde(default)]
    pub ts: TableTs,
}

impl TableDef {
    /// A table with no columns, keys or TypeScript facts yet, to be filled in (by a reader of
    /// SQL or of the catalog).
    pub fn empty(name: impl Into<String>) -> TableDef {
        TableDef {
            name: name.into(),
            renamed_from: None,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            checks: Vec::new(),
            ts: TableTs::default(),
        }
    }

    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The PostgreSQL schema the table is in, `None` for `public`.
    pub fn pg_schema(&self) -> Option<&str> {
        split_qualified(&self.name).0
    }

    /// The table's name without its schema.
    pub fn bare_name(&self) -> &str {
        bare_name(&self.name)
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnDef {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    pub sql_type: SqlType,
    pub not_null: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<SqlDefault>,
    /// A value PostgreSQL computes: a stored generated expression or an identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    #[serde(default)]
    pub ts: ColumnTs,
}

/// A column type, spelled as drizzle-kit writes it in DDL.
///
/// Serialized as that spelling (`"text"`, `"timestamp"`, `"varchar(255)"`), so snapshots read
/// like SQL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SqlType {
    Text,
    Varchar(Option<u32>),
    SmallInt,
    Integer,
    BigInt,
    Real,
    DoublePrecision,
    Numeric,
    Boolean,
    Timestamp,
    TimestampTz,
    Date,
    Uuid,
    Json,
    Jsonb,
    /// A PostgreSQL enum type of the schema ([`PgEnum`]), by name.
    Enum(String),
    /// Any other type, written by the user (`#[column(sql_type = "...")]`), kept verbatim
    /// (lower-cased).
    Other(String),
}

impl SqlType {
    /// The spelling used in DDL, as drizzle-kit writes it.
    pub fn sql(&self) -> String {
        match self {
            SqlType::Text => "text".into(),
            SqlType::Varchar(None) => "varchar".into(),
            SqlType::Varchar(Some(n)) => format!("varchar({n})"),
            SqlType::SmallInt => "smallint".into(),
            SqlType::Integer => "integer".into(),
            SqlType::BigInt => "bigint".into(),
            SqlType::Real => "real".into(),
            SqlType::DoublePrecision => "double precision".into(),
            SqlType::Numeric => "numeric".into(),
            SqlType::Boolean => "boolean".into(),
            SqlType::Timestamp => "timestamp".into(),
            SqlType::TimestampTz => "timestamp with time zone".into(),
            SqlType::Date => "date".into(),
            SqlType::Uuid => "uuid".into(),
            SqlType::Json => "json".into(),
            SqlType::Jsonb => "jsonb".into(),
            // drizzle-kit quotes the names of types it does not know (`parseType`), and
            // qualifies one outside `public`: `"auth"."role"`.
            SqlType::Enum(name) => crate::ddl::qualified_ident(name),
            SqlType::Other(s) => s.clone(),
        }
    }

    /// The spelling PostgreSQL's `format_type()` reports in `pg_catalog`.
    pub fn catalog(&self) -> String {
        match self {
            SqlType::Varchar(None) => "character varying".into(),
            SqlType::Varchar(Some(n)) => format!("character varying({n})"),
            SqlType::Timestamp => "timestamp without time zone".into(),
            SqlType::Enum(name) => name.clone(),
            other => other.sql(),
        }
    }

    /// Parses either spelling (DDL or catalog), case-insensitively, a quoted type name as the
    /// name (`"citext"` → `citext`); unknown types become `Other`.
    pub fn parse(spelling: &str) -> SqlType {
        let s = spelling.trim();
        if let Some(name) = crate::enums::qualified_enum_name(s) {
            return SqlType::Enum(name);
        }
        // A type named as a quoted identifier (drizzle-kit writes custom types so: "citext").
        let s = s
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .filter(|inner| !inner.contains('"'))
            .unwrap_or(s);
        // Most spellings (every one this crate writes) are already a keyword as written: only
        // the others are lowercased and have their spaces normalized (three allocations a column
        // of a snapshot of thousands of tables).
        if let Some(keyword) = SqlType::keyword(s) {
            return keyword;
        }
        let s = s.to_ascii_lowercase();
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match SqlType::keyword(&s) {
            Some(keyword) => keyword,
            None => {
                for prefix in ["varchar(", "character varying("] {
                    if let Some(n) = s
                        .strip_prefix(prefix)
                        .and_then(|rest| rest.strip_suffix(')'))
                        .and_then(|n| n.trim().parse().ok())
                    {
                        return SqlType::Varchar(Some(n));
                    }
                }
                SqlType::Other(crate::pg_type::normalize(&s))
            }
        }
    }

    /// The type a lowercase spelling with single spaces names, when it is one of the keywords.
    fn keyword(s: &str) -> Option<SqlType> {
        Some(match s {
            "text" => SqlType::Text,
            "varchar" | "character varying" => SqlType::Varchar(None),
            "smallint" | "int2" => SqlType::SmallInt,
            "integer" | "int" | "int4" => SqlType::Integer,
            "bigint" | "int8" => SqlType::BigInt,
            "real" | "float4" => SqlType::Real,
            "double precision" | "float8" => SqlType::DoublePrecision,
            "numeric" | "decimal" => SqlType::Numeric,
            "boolean" | "bool" => SqlType::Boolean,
            "timestamp" | "timestamp without time zone" => SqlType::Timestamp,
            "timestamptz" | "timestamp with time zone" => SqlType::TimestampTz,
            "date" => SqlType::Date,
            "uuid" => SqlType::Uuid,
            "json" => SqlType::Json,
            "jsonb" => SqlType::Jsonb,
            _ => return None,
        })
    }
}

impl Serialize for SqlType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Schema-qualified, as no other type is spelled: `"public"."task_status"`.
            SqlType::Enum(name) => serializer.serialize_str(&crate::enums::qualified(name)),
            other => serializer.serialize_str(&other.sql()),
        }
    }
}

impl<'de> Deserialize<'de> for SqlType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Parsed from the text as it is read (borrowed or not), without a `String` of its own.
        struct Spelling;
        impl serde::de::Visitor<'_> for Spelling {
            type Value = SqlType;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a SQL type's spelling")
            }
            fn visit_str<E: serde::de::Error>(self, spelling: &str) -> Result<SqlType, E> {
                Ok(SqlType::parse(spelling))
            }
        }
        deserializer.deserialize_str(Spelling)
    }
}

/// A SQL-side column default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum SqlDefault {
    /// A text literal, unquoted here: `DEFAULT 'member'`.
    Text(String),
    /// A numeric literal in its canonical decimal spelling: `DEFAULT 0`, `DEFAULT 0.5`.
    Number(String),
    Boolean(bool),
    /// A JSON literal in its compact serde_json spelling: `DEFAULT '[]'::jsonb`.
    Json(String),
    /// `DEFAULT now()`.
    Now,
    /// Any other SQL expression, emitted verbatim.
    Expression(String),
}

/// A primary key; single-column or composite, columns in key order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// `{table}_pkey` for a single column (PostgreSQL names the inline `PRIMARY KEY`),
    /// `{table}_{col}_{col}_pk` for a composite key (drizzle-kit's name).
    pub name: String,
    pub columns: Vec<String>,
}

impl PrimaryKey {
    /// The key with the name drizzle-kit and PostgreSQL give it.
    pub fn new(table: &str, columns: Vec<String>) -> PrimaryKey {
        PrimaryKey {
            name: PrimaryKey::default_name(table, &columns),
            columns,
        }
    }

    /// PostgreSQL's name for a one-column key (`users_pkey`), drizzle-kit's for a composite one
    /// (`members_workspace_id_user_id_pk`).
    pub fn default_name(table: &str, columns: &[String]) -> String {
        let table = bare_name(table);
        if columns.len() == 1 {
            format!("{table}_pkey")
        } else {
            format!("{table}_{}_pk", columns.join("_"))
        }
    }

    pub fn is_composite(&self) -> bool {
        self.columns.len() > 1
    }
}

/// A unique constraint (not a unique index); single-column or composite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    /// `{table}_{col}_{col}_unique`, drizzle-kit's name, unless declared.
    pub name: String,
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
}

impl UniqueConstraint {
    /// drizzle-kit's name for a unique constraint: `users_email_unique`.
    pub fn default_name(table: &str, columns: &[String]) -> String {
        format!("{}_{}_unique", bare_name(table), columns.join("_"))
    }

    pub fn new(table: &str, columns: Vec<String>) -> UniqueConstraint {
        UniqueConstraint {
            name: UniqueConstraint::default_name(table, &columns),
            columns,
            nulls_not_distinct: false,
        }
    }
}

/// What a foreign key does when the referenced row is deleted or its key updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    /// As drizzle-kit writes it after `ON DELETE`: `cascade`, `set null`, `no action`.
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "no action",
            FkAction::Restrict => "restrict",
            FkAction::Cascade => "cascade",
            FkAction::SetNull => "set null",
            FkAction::SetDefault => "set default",
        }
    }

    /// From `pg_constraint.confdeltype` / `confupdtype`.
    pub fn from_catalog_code(code: char) -> Option<FkAction> {
        Some(match code {
            'a' => FkAction::NoAction,
            'r' => FkAction::Restrict,
            'c' => FkAction::Cascade,
            'n' => FkAction::SetNull,
            'd' => FkAction::SetDefault,
            _ => return None,
        })
    }
}

/// A foreign key constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// `{table}_{cols}_{ref_table}_{ref_cols}_fk`, drizzle-kit's name (bare table names).
    pub name: String,
    pub columns: Vec<String>,
    /// The referenced table's key in the model (`auth.users` outside `public`).
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
}

impl ForeignKey {
    /// drizzle-kit's name for a foreign key: `posts_author_id_users_id_fk`.
    pub fn default_name(
        table: &str,
        columns: &[String],
        ref_table: &str,
        ref_columns: &[String],
    ) -> String {
        // Constraint names are bare, whatever schema either table is in (drizzle-kit's).
        format!(
            "{}_{}_{}_{}_fk",
            bare_name(table),
            columns.join("_"),
            bare_name(ref_table),
            ref_columns.join("_")
        )
    }

    pub fn new(
        table: &str,
        columns: Vec<String>,
        ref_table: &str,
        ref_columns: Vec<String>,
        on_delete: FkAction,
        on_update: FkAction,
    ) -> ForeignKey {
        ForeignKey {
            name: ForeignKey::default_name(table, &columns, ref_table, &ref_columns),
            columns,
            ref_table: ref_table.to_string(),
            ref_columns,
            on_delete,
            on_update,
        }
    }
}

/// A CHECK constraint: `CONSTRAINT "name" CHECK (expression)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckConstraint {
    /// As the user names it (drizzle's `check("name", sql`...`)`).
    pub name: String,
    /// The SQL expression, as written (without the outer parentheses `CHECK (...)` adds).
    pub expression: String,
}

/// A PostgreSQL enum type: `CREATE TYPE "public"."task_status" AS ENUM('todo', 'done')`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PgEnum {
    pub name: String,
    /// The labels in their sort order.
    pub values: Vec<String>,
    /// Declared value renames: new label → previous label. The planner emits
    /// `ALTER TYPE … RENAME VALUE`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub renamed_values: std::collections::BTreeMap<String, String>,
}

/// A (non-constraint) index: `CREATE [UNIQUE] INDEX "n" ON "t" USING method (keys) [WITH (...)] [WHERE ...]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    /// The key columns in key order; for an expression key (see `keys`), its SQL text.
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    /// The access method: `btree` (the default), `hash`, `gin`, `gist`, `brin`, or an
    /// extension's (`bloom`, `hnsw`, `ivfflat`).
    #[serde(default = "default_index_method", skip_serializing_if = "is_btree")]
    pub method: String,
    /// Per-key options, one per entry of `columns`; empty when every key is a plain ascending
    /// column (the only index this model held before, so older snapshots read unchanged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<IndexKey>,
    /// A partial index's predicate, as SQL after `WHERE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub where_sql: Option<String>,
    /// Storage parameters (`WITH (fillfactor=70)`), in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<(String, String)>,
    /// `CREATE INDEX CONCURRENTLY`: does not block writes while it builds.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub concurrently: bool,
}

fn default_index_method() -> String {
    "btree".to_string()
}

fn is_btree(method: &String) -> bool {
    method == "btree"
}

impl Index {
    /// A plain btree index on columns.
    pub fn new(name: impl Into<String>, columns: Vec<String>, unique: bool) -> Index {
        Index {
            name: name.into(),
            columns,
            unique,
            method: default_index_method(),
            keys: Vec::new(),
            where_sql: None,
            with: Vec::new(),
            concurrently: false,
        }
    }

    /// drizzle-kit's name for an index on columns: `{table}_{col}_{col}_index`.
    pub fn default_name(table: &str, columns: &[String]) -> String {
        format!("{}_{}_index", bare_name(table), columns.join("_"))
    }

    /// The options of the `i`-th key (a plain ascending column when none are declared).
    pub fn key(&self, i: usize) -> IndexKey {
        self.keys.get(i).cloned().unwrap_or_default()
    }

    /// The key columns that are columns (not expressions).
    pub fn column_names(&self) -> impl Iterator<Item = &String> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.key(*i).expression)
            .map(|(_, c)| c)
    }

    /// The same index with `keys` emptied when every key is plain, so equal indexes compare
    /// equal however they were written.
    pub fn normalized(mut self) -> Index {
        if self.keys.iter().all(|k| *k == IndexKey::default()) {
            self.keys.clear();
        }
        self.method = self.method.to_ascii_lowercase();
        self
    }
}

/// How one key of an index is written: `"email" DESC NULLS LAST`, `"title" gin_trgm_ops`,
/// `lower("email")`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IndexKey {
    /// The key is an SQL expression (the entry of `Index::columns` is its text), not a column.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expression: bool,
    /// The operator class: `gin_trgm_ops`, `vector_cosine_ops`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub desc: bool,
    /// `NULLS FIRST`; drizzle's default is `NULLS LAST` in both orders.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_first: bool,
}

/// TypeScript-only facts about a table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TableTs {
    /// The exported `pgTable` constant: `verificationTokens`.
    pub export_name: String,
    /// The select row type in `types.ts`: `VerificationToken`.
    pub row_type: String,
    /// The insert row type in `types.ts`: `NewVerificationToken`.
    pub insert_type: String,
    /// The section comment above the table in `schema.ts` (`AUTH.JS ADAPTER TABLES`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Drizzle `relations()` entries, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
}

/// TypeScript-only facts about a column.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnTs {
    /// The property name in the drizzle table and the row types: `providerAccountId`.
    pub property: String,
    /// The narrowed type (`$type<…>()`), when the column is narrowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<TsType>,
    /// An application-side default function (`$defaultFn(() => nanoid())`): its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_fn: Option<String>,
    /// A timestamp or date read as a string (drizzle's `mode: "string"`) instead of a `Date`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub string_mode: bool,
}

/// A TypeScript type a column is narrowed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum TsType {
    /// A string-literal union declared by a Rust enum: `WorkspaceRole`.
    Enum(TsEnum),
    /// A JSON array of a string-literal union: `JobType[]`.
    EnumArray(TsEnum),
    /// A type the user owns, imported from their module (never generated): `WorkspaceSettings`.
    Imported(String),
    /// A TypeScript type expression emitted as written: `Record<string, unknown>`, `string[]`.
    Expr(String),
}

/// A string-literal union (`export type WorkspaceRole = "admin" | "member" | "viewer"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TsEnum {
    pub name: String,
    pub variants: Vec<String>,
    /// Written inline at each use (`"building" | "ready" | "failed"`) instead of exported by name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inline: bool,
}

/// One entry of a drizzle `relations()` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// The property name: `inviter`, `invitationsSent`, `linearMapping`.
    pub name: String,
    /// The SQL name of the table on the other side.
    pub target: String,
    pub kind: RelationKind,
}

/// In a snapshot: `{"kind": "one", "fields": […], "references": […]}`, `{"kind": "one_inverse"}`,
/// `{"kind": "many"}` (read by hand, see `Deserialize` below).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RelationKind {
    /// The owning side of a foreign key: `one(users, { fields: [...], references: [...] })`.
    One {
        fields: Vec<String>,
        references: Vec<String>,
    },
    /// The inverse side of a one-to-one: `one(linearMappings)`.
    OneInverse,
    /// The inverse side of a one-to-many: `many(invitations)`.
    Many,
}

// serde's derive reads an internally tagged enum by buffering each value into a tree first (the
// tag may come last): a snapshot has one on every relation. Read in one pass instead, in any
// key order, with the derive's messages; unknown keys are ignored, as the derive does, and so
// are `fields` and `references` once the kind is known to have none (only when they come before
// the kind must they read as lists of names: the derive would ignore them for `many`).
impl<'de> Deserialize<'de> for RelationKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, IgnoredAny, MapAccess, Visitor};
        const VARIANTS: &[&str] = &["one", "one_inverse", "many"];

        /// A key of the object, or a value of its `kind`: read from the text without a `String`
        /// unless it is none of the known ones (which only an error names).
        enum Word {
            Known(&'static str),
            Other(String),
        }
        impl<'de> Deserialize<'de> for Word {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Known;
                impl Visitor<'_> for Known {
                    type Value = Word;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        // A key is always a string in JSON: only `kind`'s value can be another
                        // type, and the derive names what it wants there so.
                        f.write_str("variant identifier")
                    }
                    fn visit_str<E: Error>(self, word: &str) -> Result<Word, E> {
                        let mut known = ["kind", "fields", "references"].iter().chain(VARIANTS);
                        Ok(match known.find(|k| **k == word) {
                            Some(k) => Word::Known(k),
                            None => Word::Other(word.to_string()),
                        })
                    }
                }
                deserializer.deserialize_str(Known)
            }
        }

        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = RelationKind;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a relation kind: an object with its `kind`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RelationKind, A::Error> {
                let mut kind: Option<Word> = None;
                let mut fields: Option<Vec<String>> = None;
                let mut references: Option<Vec<String>> = None;
                while let Some(key) = map.next_key::<Word>()? {
                    let without_fields = matches!(kind, Some(Word::Known(k)) if k != "one");
                    match key {
                        Word::Known("kind") if kind.is_some() => {
                            return Err(A::Error::duplicate_field("kind"))
                        }
                        Word::Known("kind") => kind = Some(map.next_value()?),
                        Word::Known("fields" | "references") if without_fields => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        Word::Known("fields") if fields.is_some() => {
                            return Err(A::Error::duplicate_field("fields"))
                        }
                        Word::Known("fields") => fields = Some(map.next_value()?),
                        Word::Known("references") if references.is_some() => {
                            return Err(A::Error::duplicate_field("references"))
                        }
                        Word::Known("references") => references = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                match kind {
                    None => Err(A::Error::missing_field("kind")),
                    Some(Word::Known("one")) => Ok(RelationKind::One {
                        fields: fields.ok_or_else(|| A::Error::missing_field("fields"))?,
                        references: references
                            .ok_or_else(|| A::Error::missing_field("references"))?,
                    }),
                    Some(Word::Known("one_inverse")) => Ok(RelationKind::OneInverse),
                    Some(Word::Known("many")) => Ok(RelationKind::Many),
                    Some(Word::Known(other)) => Err(A::Error::unknown_variant(other, VARIANTS)),
                    Some(Word::Other(other)) => Err(A::Error::unknown_variant(&other, VARIANTS)),
                }
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// A column whose value PostgreSQL computes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Generated {
    /// `GENERATED ALWAYS AS (expr) STORED`: the expression as drizzle-kit writes it.
    Stored { expression: String },
    /// `GENERATED ALWAYS|BY DEFAULT AS IDENTITY (sequence name … )`.
    Identity(Identity),
}

impl Generated {
    pub fn identity(&self) -> Option<&Identity> {
        match self {
            Generated::Identity(identity) => Some(identity),
            Generated::Stored { .. } => None,
        }
    }

    pub fn expression(&self) -> Option<&str> {
        match self {
            Generated::Stored { expression } => Some(expression),
            Generated::Identity(_) => None,
        }
    }
}

/// An identity column: `ALWAYS` refuses explicit values on insert, `BY DEFAULT` takes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub always: bool,
    /// The implicit sequence, every option resolved as drizzle-kit resolves it
    /// (`{table}_{column}_seq`, `INCREMENT BY 1`, `MAXVALUE` of the column's type, …).
    pub sequence: Sequence,
}

/// A sequence: a `pgSequence`, or the one behind an identity column. Numbers are kept as
/// drizzle-kit writes them (decimal strings), since a `bigint` maximum does not fit every
/// JavaScript number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub name: String,
    pub increment: String,
    pub min_value: String,
    pub max_value: String,
    pub start_with: String,
    pub cache: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cycle: bool,
}

/// The options a sequence declaration may leave out; [`SequenceOptions::resolve`] fills them as
/// drizzle-kit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SequenceOptions {
    pub increment: Option<i64>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub start_with: Option<i64>,
    pub cache: Option<i64>,
    pub cycle: bool,
}

impl SequenceOptions {
    /// The sequence `name` with every option resolved. `range` is the type's (min, max): an
    /// identity's column type, or `bigint` for a `pgSequence`.
    pub fn resolve(&self, name: &str, range: (i64, i64)) -> Sequence {
        let increment = self.increment.unwrap_or(1);
        let descending = increment < 0;
        let min_value = self
            .min_value
            .unwrap_or(if descending { range.0 } else { 1 });
        let max_value = self
            .max_value
            .unwrap_or(if descending { -1 } else { range.1 });
        let start_with = self
            .start_with
            .unwrap_or(if descending { max_value } else { min_value });
        Sequence {
            name: name.to_string(),
            increment: increment.to_string(),
            min_value: min_value.to_string(),
            max_value: max_value.to_string(),
            start_with: start_with.to_string(),
            cache: self.cache.unwrap_or(1).to_string(),
            cycle: self.cycle,
        }
    }
}

impl Sequence {
    /// The options a declaration states so that [`SequenceOptions::resolve`] (given the
    /// increment) gives this sequence back, in declaration order (`start_with`, `increment`,
    /// `min_value`, `max_value`, `cache`; `cycle` and the name aside): what `schema.ts` and a
    /// pulled declaration write.
    pub fn declared_options(&self, range: (i64, i64)) -> Vec<(&'static str, &str)> {
        let increment = self.increment.parse::<i64>().ok();
        let defaults = SequenceOptions {
            increment,
            ..Default::default()
        }
        .resolve(&self.name, range);
        let default_start = if increment.is_some_and(|i| i < 0) {
            &self.max_value
        } else {
            &self.min_value
        };
        let one = "1".to_string();
        [
            ("start_with", &self.start_with, default_start),
            ("increment", &self.increment, &one),
            ("min_value", &self.min_value, &defaults.min_value),
            ("max_value", &self.max_value, &defaults.max_value),
            ("cache", &self.cache, &defaults.cache),
        ]
        .into_iter()
        .filter(|(_, value, default)| value != default)
        .map(|(option, value, _)| (option, value.as_str()))
        .collect()
    }

    /// ` INCREMENT BY 1 MINVALUE 1 MAXVALUE … START WITH 1 CACHE 1[ CYCLE]`, drizzle-kit's order.
    pub fn options_sql(&self) -> String {
        let mut out = String::new();
        for (keyword, value) in [
            ("INCREMENT BY", &self.increment),
            ("MINVALUE", &self.min_value),
            ("MAXVALUE", &self.max_value),
            ("START WITH", &self.start_with),
            ("CACHE", &self.cache),
        ] {
            if !value.is_empty() {
                out.push_str(&format!(" {keyword} {value}"));
            }
        }
        if self.cycle {
            out.push_str(" CYCLE");
        }
        out
    }
}

/// The range of an identity column's type, as drizzle-kit bounds its sequence: `integer`'s,
/// `bigint`'s, otherwise `smallint`'s.
pub fn identity_range(sql_type: &SqlType) -> (i64, i64) {
    match sql_type {
        SqlType::Integer => (i32::MIN as i64, i32::MAX as i64),
        SqlType::BigInt => (i64::MIN, i64::MAX),
        _ => (i16::MIN as i64, i16::MAX as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `RelationKind` as serde's derive reads it: the hand-written reader must agree with it.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case", tag = "kind")]
    enum DerivedRelationKind {
        One {
            fields: Vec<String>,
            references: Vec<String>,
        },
        OneInverse,
        Many,
    }

    impl From<DerivedRelationKind> for RelationKind {
        fn from(kind: DerivedRelationKind) -> Self {
            match kind {
                DerivedRelationKind::One { fields, references } => {
                    RelationKind::One { fields, references }
                }
                DerivedRelationKind::OneInverse => RelationKind::OneInverse,
                DerivedRelationKind::Many => RelationKind::Many,
            }
        }
    }

    #[test]
    fn a_relation_kind_reads_as_the_derive_reads_it() {
        let texts = [
            r#"{"kind": "one", "fields": ["owner_id"], "references": ["id"]}"#,
            r#"{"fields": ["a", "b"], "references": ["x", "y"], "kind": "one"}"#,
            r#"{"kind": "one_inverse"}"#,
            r#"{"kind": "many", "note": {"nested": [1, 2]}}"#,
            r#"{"kind": "m\u0061ny"}"#,
            r#"{"fields": [], "kind": "many"}"#,
            r#"{"kind": "many", "fields": "a", "references": {"b": 1}}"#,
            r#"{"kind": "one_inverse", "fields": ["a"], "fields": ["b"]}"#,
            r#"{"kind": "one", "fields": ["a"], "references": ["b"], "fields": ["c"]}"#,
            r#"{"kind": "one", "fields": ["a"]}"#,
            r#"{"kind": "one", "references": ["a"]}"#,
            r#"{"kind": "several"}"#,
            r#"{"kind": "fields"}"#,
            r#"{"fields": ["a"]}"#,
            r#"{}"#,
            r#"{"kind": 1}"#,
            r#"{"kind": "one", "fields": "a", "references": ["a"]}"#,
            r#"{"kind": "many", "kind": "many"}"#,
        ];
        for text in texts {
            let ours = serde_json::from_str::<RelationKind>(text).map_err(|e| e.to_string());
            let derived = serde_json::from_str::<DerivedRelationKind>(text)
                .map(RelationKind::from)
                .map_err(|e| e.to_string());
            match (&ours, &derived) {
                (Ok(ours), Ok(derived)) => assert_eq!(ours, derived, "{text}"),
                // The derive buffers the object first, so its errors point at the object's end
                // (`… at line 1 column 30`); the words must be the same.
                (Err(ours), Err(derived)) => assert_eq!(
                    ours.split(" at line ").next(),
                    derived.split(" at line ").next(),
                    "{text}"
                ),
                _ => panic!("{text}: ours {ours:?}, the derive's {derived:?}"),
            }
        }
        // Not an object: refused (the derive also reads a sequence with the tag first, which no
        // snapshot holds).
        for text in [r#"["one", ["a"], ["b"]]"#, r#""many""#, "null"] {
            let error = serde_json::from_str::<RelationKind>(text).unwrap_err();
            assert!(
                error.to_string().contains("expected a relation kind"),
                "{text}: {error}"
            );
        }
        for kind in [
            RelationKind::One {
                fields: vec!["a".into()],
                references: vec!["b".into()],
            },
            RelationKind::OneInverse,
            RelationKind::Many,
        ] {
            let text = serde_json::to_string(&kind).unwrap();
            assert_eq!(serde_json::from_str::<RelationKind>(&text).unwrap(), kind);
        }
    }

    #[test]
    fn a_sql_type_reads_from_any_spelling_as_parse_reads_it() {
        for spelling in [
            "text",
            "Double  Precision",
            "\"citext\"",
            "\"public\".\"task_status\"",
            "varchar(20)",
            "character varying",
            "timestamp with time zone",
            "numeric(10, 2)",
            "t\\u0065xt",
        ] {
            let json = serde_json::to_string(spelling)
                .unwrap()
                .replace("\\\\u0065", "\\u0065");
            let read: SqlType = serde_json::from_str(&json).unwrap();
            assert_eq!(
                read,
                SqlType::parse(&spelling.replace("\\u0065", "e")),
                "{spelling}"
            );
        }
    }
}
