//! A table as `#[derive(Table)]` declares it: static data (`&'static str`s, slices, function
//! pointers), turned into the model ([`TableDef`]) by one shared function, [`TableDecl::table_def`].
//!
//! The derive emits one `const` of these types per table instead of a function that builds the
//! model field by field, so a schema of thousands of tables compiles to data rather than code.
//! Everything a name is computed from (constraint names, the inverse relations' order) is
//! computed here, once, the way the model's constructors compute it.

use crate::column_type::check::FkTarget;
use crate::column_type::ColumnType;
use crate::model::{
    identity_range, CheckConstraint, ColumnDef, ColumnTs, FkAction, ForeignKey, Generated,
    Identity, Index, IndexKey, PgEnum, PrimaryKey, Relation, RelationKind, SequenceOptions,
    SqlDefault, SqlType, TableDef, TableTs, TsType, UniqueConstraint,
};

/// One table.
#[derive(Debug, Clone, Copy)]
pub struct TableDecl {
    pub name: &'static str,
    /// The Rust struct's name, for messages (`User`). A string, not `std::any::type_name`'s
    /// full path: a function pointer per table was a function per table to compile on every
    /// edit, and the module path is only to be had from a macro call, which ties rustc's
    /// incremental cache to the table's place in its file.
    pub rust_type: &'static str,
    pub renamed_from: Option<&'static str>,
    pub columns: &'static [ColumnDecl],
    /// The primary key's columns in key order; empty when there is none.
    pub primary_key: &'static [&'static str],
    pub uniques: &'static [UniqueDecl],
    pub indexes: &'static [IndexDecl],
    pub foreign_keys: &'static [ForeignKeyDecl],
    /// `check(name = "...", sql = "...")`: (name, expression).
    pub checks: &'static [(&'static str, &'static str)],
    pub export_name: &'static str,
    pub row_type: &'static str,
    pub insert_type: &'static str,
    pub section: Option<&'static str>,
    /// The inverse relations (`many(...)`, then `one(...)`); the owning ones come from the
    /// foreign keys.
    pub inverse_relations: &'static [InverseRelationDecl],
    /// The tables the foreign keys and relations point at: SQL name, and the Rust type's path
    /// as the attribute names it (`auth::User`), for "add `.table::<T>()`".
    pub referenced: &'static [(&'static str, &'static str)],
}

/// A unique constraint: `unique(a, b)` or `#[column(unique)]`.
#[derive(Debug, Clone, Copy)]
pub struct UniqueDecl {
    pub columns: &'static [&'static str],
    /// `UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15+): two NULLs collide.
    pub nulls_not_distinct: bool,
}

/// An index: `index(...)` or `#[column(index)]`.
#[derive(Debug, Clone, Copy)]
pub struct IndexDecl {
    /// The declared name; drizzle-kit's `{table}_{cols}_index` when `None`.
    pub name: Option<&'static str>,
    pub keys: &'static [IndexKeyDecl],
    pub unique: bool,
    pub method: &'static str,
    pub where_sql: Option<&'static str>,
    pub with: &'static [(&'static str, &'static str)],
    pub concurrently: bool,
}

impl IndexDecl {
    /// A plain btree index on columns.
    pub const fn on(keys: &'static [IndexKeyDecl]) -> IndexDecl {
        IndexDecl {
            name: None,
            keys,
            unique: false,
            method: "btree",
            where_sql: None,
            with: &[],
            concurrently: false,
        }
    }

    pub fn index(&self, table: &str) -> Index {
        // Expressions and predicates in the spelling a migration read back has.
        let columns: Vec<String> = self
            .keys
            .iter()
            .map(|k| match k.expression {
                true => crate::sql_read::normalize_sql(k.column),
                false => k.column.to_string(),
            })
            .collect();
        let name = self.name.map(str::to_string).unwrap_or_else(|| {
            let plain: Vec<String> = self
                .keys
                .iter()
                .filter(|k| !k.expression)
                .map(|k| k.column.to_string())
                .collect();
            Index::default_name(table, &plain)
        });
        Index {
            name,
            columns,
            unique: self.unique,
            method: self.method.to_string(),
            keys: self
                .keys
                .iter()
                .map(|k| IndexKey {
                    expression: k.expression,
                    opclass: k.opclass.map(str::to_string),
                    desc: k.desc,
                    nulls_first: k.nulls_first,
                })
                .collect(),
            where_sql: self.where_sql.map(crate::sql_read::normalize_sql),
            with: self
                .with
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            concurrently: self.concurrently,
        }
        .normalized()
    }
}

/// One key of an index: a column (its SQL name) or an SQL expression.
#[derive(Debug, Clone, Copy)]
pub struct IndexKeyDecl {
    pub column: &'static str,
    pub expression: bool,
    pub opclass: Option<&'static str>,
    pub desc: bool,
    pub nulls_first: bool,
}

impl IndexKeyDecl {
    /// A plain ascending column.
    pub const fn column(column: &'static str) -> IndexKeyDecl {
        IndexKeyDecl {
            column,
            expression: false,
            opclass: None,
            desc: false,
            nulls_first: false,
        }
    }
}

/// One column.
#[derive(Debug, Clone, Copy)]
pub struct ColumnDecl {
    pub name: &'static str,
    pub renamed_from: Option<&'static str>,
    pub ty: ColumnTypeDecl,
    pub default: Option<DefaultDecl>,
    /// The TypeScript property name.
    pub property: &'static str,
    pub ts_type: TsTypeDecl,
    /// The application-side default function's name (`nanoid`).
    pub default_fn: Option<&'static str>,
    /// `generated = "…"` or `identity(…)`.
    pub generated: Option<GeneratedDecl>,
    /// `mode = "string"`: a timestamp or date read as a string in TypeScript.
    pub string_mode: bool,
}

impl ColumnDecl {
    /// What the derive leaves out of a column's declaration (`..ColumnDecl::PLAIN`): no rename,
    /// default, generation or string mode, the TypeScript type from the Rust type. `name`, `ty`
    /// and `property` are always written.
    pub const PLAIN: ColumnDecl = ColumnDecl {
        name: "",
        renamed_from: None,
        ty: ColumnTypeDecl::Sql {
            spelling: "",
            not_null: false,
        },
        default: None,
        property: "",
        ts_type: TsTypeDecl::FromType,
        default_fn: None,
        generated: None,
        string_mode: false,
    };
}

/// A column with nothing declared but its name, its TypeScript property and its field's type
/// `T` (`<T as ColumnType>::column`): most columns, written `__column::<T>("name", "name")`.
/// The derive writes this call rather than a `ColumnDecl { .. }` literal, and the type as a
/// generic argument rather than a qualified path: a third of the tokens, which rustc reads,
/// resolves and type-checks for every column of every table on each edit of the schema crate.
pub const fn column<T: ColumnType>(name: &'static str, property: &'static str) -> ColumnDecl {
    ColumnDecl {
        name,
        property,
        ty: ColumnTypeDecl::Rust(T::column),
        ..ColumnDecl::PLAIN
    }
}

impl ColumnDecl {
    /// `column::<T>(..).with_default(..)`: a column with a database default, the second most
    /// common kind, as a call rather than a literal (see [`column`]).
    pub const fn with_default(self, default: DefaultDecl) -> ColumnDecl {
        ColumnDecl {
            default: Some(default),
            ..self
        }
    }

    /// `column::<T>(..).with_default_fn("nanoid")`: a column whose value the application makes.
    pub const fn with_default_fn(self, function: &'static str) -> ColumnDecl {
        ColumnDecl {
            default_fn: Some(function),
            ..self
        }
    }
}

/// A single-column foreign key to `target` (the derive's checked target), as [`column`] is a
/// plain column: a call rather than a literal, for fewer tokens.
///
/// It also checks, when the declaration is evaluated at compile time, that the foreign key's
/// name fits in PostgreSQL's 63 bytes: `name_bytes` bytes of
/// `{table}_{column}_{target table}_{target column}_fk` are the referencing side's (the derive
/// counts them), the rest are the target's. Checked here rather than in a const of its own: an
/// item per foreign key was a tenth of an edit's compile time at thousands of tables. A table
/// with two names too long reports the first; the second once the first is fixed.
#[track_caller]
#[allow(clippy::too_many_arguments)]
pub const fn foreign_key(
    column: &'static str,
    target: FkTarget,
    on_delete: FkAction,
    on_update: FkAction,
    relation: Option<&'static str>,
    name_bytes: usize,
    name_too_long: &'static str,
) -> ForeignKeyDecl {
    if name_bytes + target.bare_table_len() + target.column.len()
        > crate::model::MAX_IDENTIFIER_BYTES
    {
        crate::column_type::check::fail(name_too_long)
    }
    ForeignKeyDecl {
        column,
        ref_table: target.table,
        ref_column: target.column,
        on_delete,
        on_update,
        relation,
    }
}

/// A value PostgreSQL computes, as declared.
#[derive(Debug, Clone, Copy)]
pub enum GeneratedDecl {
    /// `generated = "price * quantity"`.
    Stored(&'static str),
    /// `identity(always, start_with = 1, …)`.
    Identity {
        always: bool,
        /// The sequence's name; `{table}_{column}_seq` when not declared.
        name: Option<&'static str>,
        options: SequenceOptions,
    },
}

/// Where a column's SQL type and nullability come from.
#[derive(Debug, Clone, Copy)]
pub enum ColumnTypeDecl {
    /// The field's Rust type: `<T as ColumnType>::column`.
    Rust(fn() -> ColumnInfo),
    /// `#[column(sql_type = "...")]`: the spelling, and whether the field is not an `Option`.
    Sql {
        spelling: &'static str,
        not_null: bool,
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
#[derive(Debug, Clone, Copy)]
pub enum TsTypeDecl {
    /// The field's `ColumnType` (none with `ColumnTypeDecl::Sql`).
    FromType,
    /// With `sql_type`: the field's type's narrowing when it is a `ColumnType`.
    Probe(fn() -> Option<TsType>),
    /// `ts_type = "..."`.
    Expr(&'static str),
    /// `ts_import = "..."`.
    Imported(&'static str),
}

/// A SQL default, as [`SqlDefault`] with static strings.
#[derive(Debug, Clone, Copy)]
pub enum DefaultDecl {
    Text(&'static str),
    Number(&'static str),
    Boolean(bool),
    Json(&'static str),
    Now,
    Expression(&'static str),
}

/// A single-column foreign key, and the owning relation it creates.
#[derive(Debug, Clone, Copy)]
pub struct ForeignKeyDecl {
    pub column: &'static str,
    pub ref_table: &'static str,
    pub ref_column: &'static str,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    /// The owning relation's name; `None` with `no_relation`.
    pub relation: Option<&'static str>,
}

/// `many(name = Target)` or `one(name = Target)`.
#[derive(Debug, Clone, Copy)]
pub struct InverseRelationDecl {
    pub name: &'static str,
    pub target: &'static str,
    /// `true` for `one(...)`, `false` for `many(...)`.
    pub one: bool,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl TableDecl {
    /// A declaration with nothing but a name: what the derive emits next to a compile error.
    pub const fn placeholder(name: &'static str, rust_type: &'static str) -> TableDecl {
        TableDecl {
            name,
            rust_type,
            renamed_from: None,
            columns: &[],
            primary_key: &[],
            uniques: &[],
            indexes: &[],
            foreign_keys: &[],
            checks: &[],
            export_name: name,
            row_type: name,
            insert_type: name,
            section: None,
            inverse_relations: &[],
            referenced: &[],
        }
    }

    /// The table as the model: the one function every derived table goes through.
    pub fn table_def(&self) -> TableDef {
        let table = self.name;
        let owning = self.foreign_keys.iter().filter_map(|fk| {
            Some(Relation {
                name: fk.relation?.to_string(),
                target: fk.ref_table.to_string(),
                kind: RelationKind::One {
                    fields: vec![fk.column.to_string()],
                    references: vec![fk.ref_column.to_string()],
                },
            })
        });
        let inverse = self.inverse_relations.iter().map(|r| Relation {
            name: r.name.to_string(),
            target: r.target.to_string(),
            kind: if r.one {
                RelationKind::OneInverse
            } else {
                RelationKind::Many
            },
        });
        TableDef {
            name: table.to_string(),
            // A rename stays in the table's schema: `auth.users` was `auth.accounts`.
            renamed_from: self.renamed_from.map(|old| {
                crate::model::qualified_name(crate::model::split_qualified(table).0, old)
            }),
            columns: self
                .columns
                .iter()
                .map(|c| c.column_def_in(table))
                .collect(),
            primary_key: (!self.primary_key.is_empty())
                .then(|| PrimaryKey::new(table, strings(self.primary_key))),
            uniques: self
                .uniques
                .iter()
                .map(|u| UniqueConstraint {
                    nulls_not_distinct: u.nulls_not_distinct,
                    ..UniqueConstraint::new(table, strings(u.columns))
                })
                .collect(),
            foreign_keys: self
                .foreign_keys
                .iter()
                .map(|fk| {
                    ForeignKey::new(
                        table,
                        vec![fk.column.to_string()],
                        fk.ref_table,
                        vec![fk.ref_column.to_string()],
                        fk.on_delete,
                        fk.on_update,
                    )
                })
                .collect(),
            indexes: self.indexes.iter().map(|i| i.index(table)).collect(),
            checks: self
                .checks
                .iter()
                .map(|(name, expression)| CheckConstraint {
                    name: name.to_string(),
                    expression: expression.to_string(),
                })
                .collect(),
            ts: TableTs {
                export_name: self.export_name.to_string(),
                row_type: self.row_type.to_string(),
                insert_type: self.insert_type.to_string(),
                section: self.section.map(str::to_string),
                relations: owning.chain(inverse).collect(),
            },
        }
    }

    /// The PostgreSQL enum types of the columns, in column order (one per column using one).
    pub fn pg_enums(&self) -> Vec<PgEnum> {
        self.columns
            .iter()
            .filter_map(|c| match c.ty {
                ColumnTypeDecl::Rust(info) => info().pg_enum,
                ColumnTypeDecl::Sql { .. } => None,
            })
            .collect()
    }

    /// `(SQL name, Rust type)` of every table this one points at.
    pub fn referenced_tables(&self) -> Vec<(&'static str, &'static str)> {
        self.referenced.to_vec()
    }
}

impl ColumnDecl {
    /// The column of table `table` (which names an identity's sequence).
    pub fn column_def_in(&self, table: &str) -> ColumnDef {
        let (sql_type, not_null, type_ts) = match self.ty {
            ColumnTypeDecl::Rust(info) => {
                let info = info();
                (info.sql_type, !info.nullable, info.ts_type)
            }
            ColumnTypeDecl::Sql { spelling, not_null } => {
                (SqlType::parse(spelling), not_null, None)
            }
        };
        let ty = match self.ts_type {
            TsTypeDecl::FromType => type_ts,
            TsTypeDecl::Probe(probe) => probe(),
            TsTypeDecl::Expr(expr) => Some(TsType::Expr(expr.to_string())),
            TsTypeDecl::Imported(name) => Some(TsType::Imported(name.to_string())),
        };
        let generated = self.generated.map(|g| match g {
            GeneratedDecl::Stored(expression) => Generated::Stored {
                expression: expression.to_string(),
            },
            GeneratedDecl::Identity {
                always,
                name,
                options,
            } => {
                let default_name = format!("{}_{}_seq", crate::model::bare_name(table), self.name);
                let name = name.unwrap_or(&default_name);
                Generated::Identity(Identity {
                    always,
                    sequence: options.resolve(name, identity_range(&sql_type)),
                })
            }
        });
        // An identity is NOT NULL whatever the field says (drizzle makes it so).
        let not_null = not_null || matches!(generated, Some(Generated::Identity(_)));
        ColumnDef {
            name: self.name.to_string(),
            renamed_from: self.renamed_from.map(str::to_string),
            sql_type,
            not_null,
            default: self.default.map(DefaultDecl::sql_default),
            generated,
            ts: ColumnTs {
                property: self.property.to_string(),
                ty,
                default_fn: self.default_fn.map(str::to_string),
                string_mode: self.string_mode,
            },
        }
    }
}

impl DefaultDecl {
    pub fn sql_default(self) -> SqlDefault {
        match self {
            DefaultDecl::Text(s) => SqlDefault::Text(s.to_string()),
            DefaultDecl::Number(s) => SqlDefault::Number(s.to_string()),
            DefaultDecl::Boolean(b) => SqlDefault::Boolean(b),
            DefaultDecl::Json(s) => SqlDefault::Json(s.to_string()),
            DefaultDecl::Now => SqlDefault::Now,
            DefaultDecl::Expression(s) => SqlDefault::Expression(s.to_string()),
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
