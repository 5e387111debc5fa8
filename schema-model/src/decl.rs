//! A table as `#[derive(Table)]` declares it, turned into the model ([`TableDef`]) by one
//! shared function, [`TableDecl::table_def`].
//!
//! A declaration is one `static` per table in two parts. What the compiler must check (each
//! column's Rust type, the foreign keys' targets, the tables relations point at) is Rust: function
//! pointers and checked consts, so a mistake is a compile error at the user's token. Everything
//! else (names, keys, defaults, indexes, TypeScript names) is one JSON string, [`TableSpec`],
//! which the derive writes and this module reads. rustc reads, resolves, type-checks, evaluates
//! and caches every expression of every table again on each edit of a schema crate; a string
//! is one token. At 2,000 tables, a declaration written as Rust data was a quarter of an edit's
//! compile time.
//!
//! The JSON is an implementation detail between `schema-derive` and this crate, which are
//! released together; a declaration that does not parse is a version mismatch between the two.
//! Everything a name is computed from (constraint names, the inverse relations' order) is
//! computed here, once, the way the model's constructors compute it.

use serde::Deserialize;

use crate::column_type::check::{FkTarget, Nullable, References};
use crate::column_type::{ColumnRef, ColumnType};
use crate::model::{
    identity_range, CheckConstraint, ColumnDef, ColumnTs, FkAction, ForeignKey, Generated,
    Identity, Index, IndexKey, PgEnum, PrimaryKey, Relation, RelationKind, SequenceOptions,
    SqlDefault, SqlType, TableDef, TableTs, TsType, UniqueConstraint,
};

/// One table, as the derive emits it.
#[derive(Debug, Clone, Copy)]
pub struct TableDecl {
    pub name: &'static str,
    /// The Rust struct's name, for messages (`User`). A string, not `std::any::type_name`'s
    /// full path: a function pointer per table was a function per table to compile on every
    /// edit, and the module path is only to be had from a macro call, which ties rustc's
    /// incremental cache to the table's place in its file.
    pub rust_type: &'static str,
    /// The rest of the declaration, as JSON: a [`TableSpec`].
    pub spec: &'static str,
    /// The SQL type of each column whose type is its field's Rust type (not `sql_type`), in
    /// column order: `ColumnInfo` of `<T as ColumnType>`.
    pub column_types: &'static [fn() -> ColumnInfo],
    /// The TypeScript narrowing of each column with `sql_type` whose field's type may narrow
    /// it (`TsTypeDecl::Probe`), in column order.
    pub ts_probes: &'static [fn() -> Option<TsType>],
    /// Each foreign key's target, checked against the column's type, in the spec's order.
    pub foreign_keys: &'static [FkTarget],
    /// Each inverse relation's target table (SQL name), in the spec's order.
    pub relation_targets: &'static [&'static str],
}

/// A derived table as the model, and the tables it points at.
#[derive(Debug)]
pub struct DeclaredTable {
    pub def: TableDef,
    /// `(SQL name, Rust type)` of every table its foreign keys and relations point at, the type
    /// as the attribute names it (`auth::User`), for "add `.table::<T>()`".
    pub referenced: Vec<(String, String)>,
}

/// The part of a table's declaration the compiler does not check, as the derive writes it in
/// JSON. Fields left out take their defaults (empty, `None`, `false`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableSpec {
    pub renamed_from: Option<String>,
    pub columns: Vec<ColumnDecl>,
    /// The primary key's columns in key order; empty when there is none.
    pub primary_key: Vec<String>,
    pub uniques: Vec<UniqueDecl>,
    pub indexes: Vec<IndexDecl>,
    pub foreign_keys: Vec<ForeignKeyDecl>,
    /// `check(name = "...", sql = "...")`: (name, expression).
    pub checks: Vec<(String, String)>,
    pub export_name: String,
    pub row_type: String,
    pub insert_type: String,
    pub section: Option<String>,
    /// The inverse relations (`many(...)`, then `one(...)`); the owning ones come from the
    /// foreign keys.
    pub inverse_relations: Vec<InverseRelationDecl>,
}

/// A unique constraint: `unique(a, b)` or `#[column(unique)]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UniqueDecl {
    pub columns: Vec<String>,
    /// `UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15+): two NULLs collide.
    #[serde(default)]
    pub nulls_not_distinct: bool,
}

/// An index: `index(...)` or `#[column(index)]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexDecl {
    /// The declared name; drizzle-kit's `{table}_{cols}_index` when `None`.
    #[serde(default)]
    pub name: Option<String>,
    pub keys: Vec<IndexKeyDecl>,
    #[serde(default)]
    pub unique: bool,
    pub method: String,
    #[serde(default)]
    pub where_sql: Option<String>,
    #[serde(default)]
    pub with: Vec<(String, String)>,
    #[serde(default)]
    pub concurrently: bool,
}

impl IndexDecl {
    pub fn index(&self, table: &str) -> Index {
        // Expressions and predicates in the spelling a migration read back has.
        let columns: Vec<String> = self
            .keys
            .iter()
            .map(|k| match k.expression {
                true => crate::sql_read::normalize_sql(&k.column),
                false => k.column.clone(),
            })
            .collect();
        let name = self.name.clone().unwrap_or_else(|| {
            let plain: Vec<String> = self
                .keys
                .iter()
                .filter(|k| !k.expression)
                .map(|k| k.column.clone())
                .collect();
            Index::default_name(table, &plain)
        });
        Index {
            name,
            columns,
            unique: self.unique,
            method: self.method.clone(),
            keys: self
                .keys
                .iter()
                .map(|k| IndexKey {
                    expression: k.expression,
                    opclass: k.opclass.clone(),
                    desc: k.desc,
                    nulls_first: k.nulls_first,
                })
                .collect(),
            where_sql: self
                .where_sql
                .as_deref()
                .map(crate::sql_read::normalize_sql),
            with: self.with.clone(),
            concurrently: self.concurrently,
        }
        .normalized()
    }
}

/// One key of an index: a column (its SQL name) or an SQL expression.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexKeyDecl {
    pub column: String,
    #[serde(default)]
    pub expression: bool,
    #[serde(default)]
    pub opclass: Option<String>,
    #[serde(default)]
    pub desc: bool,
    #[serde(default)]
    pub nulls_first: bool,
}

/// One column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDecl {
    pub name: String,
    /// The TypeScript property name.
    pub property: String,
    #[serde(default)]
    pub renamed_from: Option<String>,
    /// `sql_type = "..."`; `None`: the field's Rust type (the next of `column_types`).
    #[serde(default)]
    pub sql_type: Option<SqlTypeDecl>,
    #[serde(default)]
    pub ts_type: TsTypeDecl,
    #[serde(default)]
    pub default: Option<DefaultDecl>,
    /// The application-side default function's name (`nanoid`).
    #[serde(default)]
    pub default_fn: Option<String>,
    /// `generated = "…"` or `identity(…)`.
    #[serde(default)]
    pub generated: Option<GeneratedDecl>,
    /// `mode = "string"`: a timestamp or date read as a string in TypeScript.
    #[serde(default)]
    pub string_mode: bool,
}

/// `#[column(sql_type = "...")]`: the spelling, and whether the field is not an `Option`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlTypeDecl {
    pub spelling: String,
    pub not_null: bool,
}

/// A column whose type is its field's Rust type `T`: `<T as ColumnType>::column`, as a
/// function pointer of the declaration's `column_types` (written `__column::<T>`).
pub fn column<T: ColumnType>() -> ColumnInfo {
    T::column()
}

/// A single-column foreign key's target, `references = Target::column` on a field of type `F`:
/// `F` must fit the target column (`References`), and the key's name PostgreSQL's 63 bytes,
/// checked when the declaration is evaluated at compile time: `name_bytes` bytes of
/// `{table}_{column}_{target table}_{target column}_fk` are the referencing side's (the derive
/// counts them), the rest are the target's. Checked here rather than in a const of its own: an
/// item per foreign key was a tenth of an edit's compile time at thousands of tables. A table
/// with two names too long reports the first; the second once the first is fixed.
#[track_caller]
pub const fn foreign_key<F: References<Ty>, T, Ty>(
    target: ColumnRef<T, Ty>,
    name_bytes: usize,
    name_too_long: &'static str,
) -> FkTarget {
    checked_target(target, name_bytes, name_too_long)
}

/// [`foreign_key`] with `on_delete` or `on_update = set_null`, which needs a nullable field:
/// one call with both bounds rather than a second statement per key.
#[track_caller]
pub const fn foreign_key_set_null<F: References<Ty> + Nullable, T, Ty>(
    target: ColumnRef<T, Ty>,
    name_bytes: usize,
    name_too_long: &'static str,
) -> FkTarget {
    checked_target(target, name_bytes, name_too_long)
}

#[track_caller]
const fn checked_target<T, Ty>(
    target: ColumnRef<T, Ty>,
    name_bytes: usize,
    name_too_long: &'static str,
) -> FkTarget {
    let target = FkTarget {
        table: target.table,
        column: target.column,
    };
    if name_bytes + target.bare_table_len() + target.column.len()
        > crate::model::MAX_IDENTIFIER_BYTES
    {
        crate::column_type::check::fail(name_too_long)
    }
    target
}

/// A value PostgreSQL computes, as declared.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum GeneratedDecl {
    /// `generated = "price * quantity"`.
    Stored(String),
    /// `identity(always, start_with = 1, …)`.
    Identity {
        always: bool,
        /// The sequence's name; `{table}_{column}_seq` when not declared.
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        options: SequenceOptions,
    },
}

/// What a `ColumnType` says about a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    pub sql_type: SqlType,
    pub nullable: bool,
    pub ts_type: Option<TsType>,
    /// The PostgreSQL enum type the column has (a `TsEnum` with `pg_enum = "..."`).
    pub pg_enum: Option<PgEnum>,
}

/// Where a column's TypeScript narrowing comes from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TsTypeDecl {
    /// The field's `ColumnType` (none with `sql_type`).
    #[default]
    FromType,
    /// With `sql_type`: the field's type's narrowing when it is a `ColumnType` (the next of
    /// `ts_probes`).
    Probe,
    /// `ts_type = "..."`.
    Expr(String),
    /// `ts_import = "..."`.
    Imported(String),
}

/// A SQL default, as [`SqlDefault`] is.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DefaultDecl {
    Text(String),
    Number(String),
    Boolean(bool),
    Json(String),
    Now,
    Expression(String),
}

/// A single-column foreign key, and the owning relation it creates; its target is the
/// declaration's `foreign_keys` entry of the same position.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeyDecl {
    pub column: String,
    #[serde(default)]
    pub on_delete: FkAction,
    #[serde(default)]
    pub on_update: FkAction,
    /// The owning relation's name; `None` with `no_relation`.
    #[serde(default)]
    pub relation: Option<String>,
    /// The target's Rust type as the attribute names it (`auth::User`), for messages.
    pub target_type: String,
}

/// `many(name = Target)` or `one(name = Target)`; its target is the declaration's
/// `relation_targets` entry of the same position.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InverseRelationDecl {
    pub name: String,
    /// `true` for `one(...)`, `false` for `many(...)`.
    #[serde(default)]
    pub one: bool,
    /// The target's Rust type as the attribute names it, for messages.
    pub target_type: String,
}

/// What a declaration declares, for messages (`table \`users\``): formatted only when a message
/// is, not once per table.
#[derive(Clone, Copy)]
struct Subject<'a>(&'static str, &'a str);

impl std::fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`", self.0, self.1)
    }
}

/// Reads a declaration's JSON; a failure is a derive of another version than this crate's.
fn parse_spec<T: serde::de::DeserializeOwned>(what: Subject, spec: &str) -> T {
    serde_json::from_str(spec).unwrap_or_else(|error| {
        panic!(
            "the declaration of {what} does not read ({error}): schema-derive and schema-model \
             must be of the same version; use the `Table` derive `schema_model` re-exports"
        )
    })
}

/// Lines a spec's entries up with the typed parts of a declaration, which the derive writes in
/// the same order; a mismatch is a derive of another version.
fn paired<'a, T>(what: Subject, parts: &'a [T], count: usize) -> std::slice::Iter<'a, T> {
    assert_eq!(
        parts.len(),
        count,
        "the declaration of {what} has {} typed parts for {count} entries: schema-derive and \
         schema-model must be of the same version",
        parts.len()
    );
    parts.iter()
}

impl TableDecl {
    /// A declaration with nothing but a name: what the derive emits next to a compile error.
    pub const fn placeholder(name: &'static str, rust_type: &'static str) -> TableDecl {
        TableDecl {
            name,
            rust_type,
            spec: "{}",
            column_types: &[],
            ts_probes: &[],
            foreign_keys: &[],
            relation_targets: &[],
        }
    }

    /// The table as the model.
    pub fn table_def(&self) -> TableDef {
        self.declared().def
    }

    /// The table as the model and the tables it points at: the one function every derived
    /// table goes through.
    pub fn declared(&self) -> DeclaredTable {
        let table = self.name;
        let what = Subject("table", table);
        let spec: TableSpec = parse_spec(what, self.spec);
        let targets = paired(what, self.foreign_keys, spec.foreign_keys.len());
        let foreign_keys: Vec<(ForeignKeyDecl, FkTarget)> = spec
            .foreign_keys
            .into_iter()
            .zip(targets.copied())
            .collect();
        let relation_targets = paired(what, self.relation_targets, spec.inverse_relations.len());
        let mut referenced: Vec<(String, String)> = Vec::new();
        let fk_targets = foreign_keys
            .iter()
            .map(|(fk, t)| (t.table, &fk.target_type));
        let inverse_targets = spec.inverse_relations.iter().map(|r| &r.target_type);
        for (table, rust_type) in
            fk_targets.chain(relation_targets.clone().copied().zip(inverse_targets))
        {
            if !referenced.iter().any(|(name, _)| name == table) {
                referenced.push((table.to_string(), rust_type.clone()));
            }
        }
        let owning = foreign_keys.iter().filter_map(|(fk, target)| {
            Some(Relation {
                name: fk.relation.clone()?,
                target: target.table.to_string(),
                kind: RelationKind::One {
                    fields: vec![fk.column.clone()],
                    references: vec![target.column.to_string()],
                },
            })
        });
        let inverse = spec
            .inverse_relations
            .into_iter()
            .zip(relation_targets)
            .map(|(r, target)| Relation {
                name: r.name,
                target: target.to_string(),
                kind: if r.one {
                    RelationKind::OneInverse
                } else {
                    RelationKind::Many
                },
            });
        let relations = owning.chain(inverse).collect();
        let def = TableDef {
            name: table.to_string(),
            // A rename stays in the table's schema: `auth.users` was `auth.accounts`.
            renamed_from: spec.renamed_from.map(|old| {
                crate::model::qualified_name(crate::model::split_qualified(table).0, &old)
            }),
            columns: column_defs(what, table, spec.columns, self.column_types, self.ts_probes),
            primary_key: (!spec.primary_key.is_empty())
                .then(|| PrimaryKey::new(table, spec.primary_key)),
            uniques: spec
                .uniques
                .into_iter()
                .map(|u| UniqueConstraint {
                    nulls_not_distinct: u.nulls_not_distinct,
                    ..UniqueConstraint::new(table, u.columns)
                })
                .collect(),
            foreign_keys: foreign_keys
                .iter()
                .map(|(fk, target)| {
                    ForeignKey::new(
                        table,
                        vec![fk.column.clone()],
                        target.table,
                        vec![target.column.to_string()],
                        fk.on_delete,
                        fk.on_update,
                    )
                })
                .collect(),
            indexes: spec.indexes.iter().map(|i| i.index(table)).collect(),
            checks: spec
                .checks
                .into_iter()
                .map(|(name, expression)| CheckConstraint { name, expression })
                .collect(),
            ts: TableTs {
                export_name: spec.export_name,
                row_type: spec.row_type,
                insert_type: spec.insert_type,
                section: spec.section,
                relations,
            },
        };
        DeclaredTable { def, referenced }
    }

    /// The PostgreSQL enum types of the columns, in column order (one per column using one).
    pub fn pg_enums(&self) -> Vec<PgEnum> {
        self.column_types
            .iter()
            .filter_map(|info| info().pg_enum)
            .collect()
    }
}

/// A view's columns as `#[derive(View)]` declares them: a JSON array of [`ColumnDecl`]s and
/// the typed parts, as a table's.
pub fn view_columns(
    view: &str,
    spec: &str,
    column_types: &[fn() -> ColumnInfo],
    ts_probes: &[fn() -> Option<TsType>],
) -> Vec<ColumnDef> {
    let what = Subject("view", view);
    let columns = parse_spec(what, spec);
    column_defs(what, view, columns, column_types, ts_probes)
}

/// The columns of table `table` (which names an identity's sequence), each spec with its
/// typed parts.
fn column_defs(
    what: Subject,
    table: &str,
    columns: Vec<ColumnDecl>,
    column_types: &[fn() -> ColumnInfo],
    ts_probes: &[fn() -> Option<TsType>],
) -> Vec<ColumnDef> {
    let rust_typed = columns.iter().filter(|c| c.sql_type.is_none()).count();
    let probed = columns
        .iter()
        .filter(|c| matches!(c.ts_type, TsTypeDecl::Probe))
        .count();
    let mut column_types = paired(what, column_types, rust_typed);
    let mut ts_probes = paired(what, ts_probes, probed);
    columns
        .into_iter()
        .map(|column| {
            let info = match &column.sql_type {
                None => column_types.next().map(|info| info()),
                Some(_) => None,
            };
            let probe = match column.ts_type {
                TsTypeDecl::Probe => ts_probes.next(),
                _ => None,
            };
            column.column_def_in(table, info, probe)
        })
        .collect()
}

impl ColumnDecl {
    /// The column of table `table` (which names an identity's sequence), with its type's
    /// `ColumnInfo` unless it has `sql_type`, and its narrowing probe if it has one.
    fn column_def_in(
        self,
        table: &str,
        info: Option<ColumnInfo>,
        probe: Option<&fn() -> Option<TsType>>,
    ) -> ColumnDef {
        let (sql_type, not_null, type_ts) = match (info, &self.sql_type) {
            (_, Some(sql)) => (SqlType::parse(&sql.spelling), sql.not_null, None),
            (Some(info), None) => (info.sql_type, !info.nullable, info.ts_type),
            (None, None) => unreachable!("`column_defs` pairs every Rust-typed column"),
        };
        let ty = match self.ts_type {
            TsTypeDecl::FromType => type_ts,
            TsTypeDecl::Probe => probe.and_then(|probe| probe()),
            TsTypeDecl::Expr(expr) => Some(TsType::Expr(expr)),
            TsTypeDecl::Imported(name) => Some(TsType::Imported(name)),
        };
        let generated = self.generated.map(|g| match g {
            GeneratedDecl::Stored(expression) => Generated::Stored { expression },
            GeneratedDecl::Identity {
                always,
                name,
                options,
            } => {
                let name = name.unwrap_or_else(|| {
                    format!("{}_{}_seq", crate::model::bare_name(table), self.name)
                });
                Generated::Identity(Identity {
                    always,
                    sequence: options.resolve(&name, identity_range(&sql_type)),
                })
            }
        });
        // An identity is NOT NULL whatever the field says (drizzle makes it so).
        let not_null = not_null || matches!(generated, Some(Generated::Identity(_)));
        ColumnDef {
            name: self.name,
            renamed_from: self.renamed_from,
            sql_type,
            not_null,
            default: self.default.map(DefaultDecl::sql_default),
            generated,
            ts: ColumnTs {
                property: self.property,
                ty,
                default_fn: self.default_fn,
                string_mode: self.string_mode,
            },
        }
    }
}

impl DefaultDecl {
    pub fn sql_default(self) -> SqlDefault {
        match self {
            DefaultDecl::Text(s) => SqlDefault::Text(s),
            DefaultDecl::Number(s) => SqlDefault::Number(s),
            DefaultDecl::Boolean(b) => SqlDefault::Boolean(b),
            DefaultDecl::Json(s) => SqlDefault::Json(s),
            DefaultDecl::Now => SqlDefault::Now,
            DefaultDecl::Expression(s) => SqlDefault::Expression(s),
        }
    }
}

/// The declaration of a derived table, for [`tables!`](crate::tables); a hand-written `Table`
/// (no declaration) fails to compile here and is added with `.table::<T>()` instead.
pub const fn declared(decl: Option<&'static TableDecl>) -> &'static TableDecl {
    match decl {
        Some(decl) => decl,
        None => panic!("a hand-written `Table` has no static declaration: add it with `SchemaBuilder::table::<T>()`"),
    }
}

/// The static declarations of derived tables, in order, for [`SchemaBuilder::tables`]:
/// `SchemaBuilder::new().tables(tables![User, Account, Session])`. One flat array, however many
/// tables: nothing nests, so the compiler's stack does not grow with the schema.
///
/// [`SchemaBuilder::tables`]: crate::SchemaBuilder::tables
#[macro_export]
macro_rules! tables {
    ($($table:ty),* $(,)?) => {{
        const TABLES: &[&$crate::decl::TableDecl] =
            &[$($crate::decl::declared(<$table as $crate::Table>::DECL)),*];
        TABLES
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_column() -> ColumnInfo {
        <String as ColumnType>::column()
    }

    /// A spec names only what differs from a plain column; everything left out is the default.
    #[test]
    fn a_spec_reads_with_its_typed_parts() {
        static DECL: TableDecl = TableDecl {
            spec: r#"{"columns":[{"name":"id","property":"id"},{"name":"code","property":"code","sql_type":{"spelling":"varchar(8)","not_null":true},"default":{"text":"x"}}],"primary_key":["id"],"export_name":"things","row_type":"Thing","insert_type":"NewThing"}"#,
            column_types: &[text_column],
            ..TableDecl::placeholder("things", "Thing")
        };
        let def = DECL.table_def();
        assert_eq!(def.columns.len(), 2);
        assert_eq!(def.columns[0].sql_type, SqlType::Text);
        assert!(def.columns[0].not_null);
        assert_eq!(def.columns[1].sql_type, SqlType::parse("varchar(8)"));
        assert_eq!(def.columns[1].default, Some(SqlDefault::Text("x".into())));
        assert_eq!(def.primary_key.unwrap().columns, ["id"]);
        assert_eq!(def.ts.row_type, "Thing");
    }

    #[test]
    #[should_panic(expected = "schema-derive and schema-model must be of the same version")]
    fn a_spec_of_another_version_is_refused() {
        static DECL: TableDecl = TableDecl {
            spec: r#"{"columns":[],"colour":"blue"}"#,
            ..TableDecl::placeholder("things", "Thing")
        };
        DECL.table_def();
    }

    #[test]
    #[should_panic(expected = "has 0 typed parts for 1 entries")]
    fn a_column_without_its_type_is_refused() {
        static DECL: TableDecl = TableDecl {
            spec: r#"{"columns":[{"name":"id","property":"id"}]}"#,
            ..TableDecl::placeholder("things", "Thing")
        };
        DECL.table_def();
    }
}
