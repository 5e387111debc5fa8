//! Assembling tables into a schema, with the checks one derive cannot see: each derive knows
//! its own struct, only the builder knows which tables are in the schema together.

use std::collections::HashMap;
use std::fmt;

use crate::column_type::Table;
use crate::decl::TableDecl;
use crate::model::{
    Generated, Index, PgEnum, RelationKind, Schema, SqlType, TableDef, TsEnum, TsType,
};
use crate::sequences::PgSequence;
use crate::views::{View, ViewDef};

/// Collects tables in declaration order; `build` runs the whole-schema checks.
///
/// ```
/// # use schema_model::{tables, SchemaBuilder, Table};
/// # #[derive(Table)]
/// # #[table(name = "users")]
/// # pub struct User { #[column(primary_key)] pub id: String }
/// # #[derive(Table)]
/// # #[table(name = "posts")]
/// # pub struct Post { #[column(primary_key)] pub id: String }
/// let schema = SchemaBuilder::new().tables(tables![User, Post]).build().unwrap();
/// assert_eq!(schema.tables.len(), 2);
/// ```
#[derive(Debug, Default)]
pub struct SchemaBuilder {
    entries: Vec<Entry>,
    /// `.extension("citext")`, in declaration order.
    extensions: Vec<&'static str>,
    /// Views with the Rust type that declares each, in order.
    views: Vec<(ViewDef, &'static str)>,
    /// `.sequence(PgSequence::new("order_numbers"))`, in declaration order.
    sequences: Vec<PgSequence>,
}

/// A table and the Rust names needed to say where a mistake is.
#[derive(Debug)]
enum Entry {
    /// A derived table: turned into the model in `build`. With its full Rust path
    /// (`std::any::type_name`) when added as `.table::<T>()`; `tables![..]` has only the
    /// declaration's struct name.
    Declared(&'static TableDecl, Option<&'static str>),
    /// A hand-written `Table`, built when added.
    Built(Box<Built>),
}

/// An entry once its model is built.
#[derive(Debug)]
struct Built {
    def: TableDef,
    /// `std::any::type_name` of the type added with `.table::<T>()`; for `tables![..]`, the
    /// declaration's struct name (`TableDecl::rust_type`).
    rust_type: &'static str,
    /// `(SQL name, Rust type)` of every table its foreign keys and relations point at.
    referenced: Vec<(String, String)>,
    /// The PostgreSQL enum types its columns use.
    pg_enums: Vec<PgEnum>,
}

impl SchemaBuilder {
    pub fn new() -> Self {
        SchemaBuilder::default()
    }

    /// Adds the table `T`; tables keep the order they are added in. For many tables, prefer
    /// [`SchemaBuilder::tables`]: a chain of thousands of calls nests that deep in the compiler.
    pub fn table<T: Table>(mut self) -> Self {
        self.entries.push(match T::DECL {
            Some(decl) => Entry::Declared(decl, Some(std::any::type_name::<T>())),
            None => Entry::Built(Box::new(Built {
                def: T::table_def(),
                rust_type: std::any::type_name::<T>(),
                referenced: T::referenced_tables()
                    .into_iter()
                    .map(|(name, ty)| (name.to_string(), ty.to_string()))
                    .collect(),
                pg_enums: T::pg_enums(),
            })),
        });
        self
    }

    /// Adds derived tables in order: `.tables(tables![User, Account, Session])`.
    pub fn tables(mut self, tables: &[&'static TableDecl]) -> Self {
        self.entries
            .extend(tables.iter().map(|decl| Entry::Declared(decl, None)));
        self
    }

    /// Declares an extension the schema needs (`citext`, `hstore`, `pg_trgm`, `vector`): every
    /// migration that starts declaring it begins with `CREATE EXTENSION IF NOT EXISTS "citext";`,
    /// before the tables whose columns or indexes use it, and the verifier checks it is installed.
    pub fn extension(mut self, name: &'static str) -> Self {
        self.extensions.push(name);
        self
    }

    /// Adds the view `V` (`#[derive(View)]`); views keep the order they are added in.
    pub fn view<V: View>(mut self) -> Self {
        self.views.push((V::view_def(), std::any::type_name::<V>()));
        self
    }

    /// Declares a standalone sequence, drizzle's `pgSequence` (see [`PgSequence`]); sequences
    /// keep the order they are declared in.
    pub fn sequence(mut self, sequence: PgSequence) -> Self {
        self.sequences.push(sequence);
        self
    }

    /// The schema, or every whole-schema mistake found.
    pub fn build(self) -> Result<Schema, SchemaErrors> {
        let entries = built_entries(self.entries);
        // The first table of each name; later ones are duplicates, reported on their own.
        let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            by_name.entry(&entry.def.name).or_insert(i);
        }
        let tables = Tables {
            entries: &entries,
            by_name,
        };
        let mut errors = Vec::new();
        check_table_names(&entries, &mut errors);
        check_foreign_keys(&tables, &mut errors);
        check_relations(&tables, &mut errors);
        check_constraint_names(&tables, &mut errors);
        check_table_constraint_names(&entries, &mut errors);
        check_ts_enums(&entries, &mut errors);
        let enums = collect_pg_enums(&entries, &mut errors);
        check_extensions(&self.extensions, &mut errors);
        check_view_names(&tables, &self.views, &mut errors);
        check_sequences(&tables, &self.views, &self.sequences, &mut errors);
        drop(tables);
        if errors.is_empty() {
            Ok(Schema {
                tables: entries.into_iter().map(|e| e.def).collect(),
                enums,
                extensions: self.extensions.iter().map(|e| e.to_string()).collect(),
                views: self.views.into_iter().map(|(view, _)| view).collect(),
                sequences: self.sequences.iter().map(PgSequence::def).collect(),
            })
        } else {
            Err(SchemaErrors(errors))
        }
    }
}

impl Entry {
    fn built(self) -> Built {
        match self {
            Entry::Declared(decl, path) => {
                let declared = decl.declared();
                Built {
                    def: declared.def,
                    rust_type: path.unwrap_or(decl.rust_type),
                    referenced: declared.referenced,
                    pg_enums: decl.pg_enums(),
                }
            }
            Entry::Built(built) => *built,
        }
    }
}

/// The entries' models, in order. Reading a declaration (its JSON spec) takes microseconds, and
/// nothing else can start before the whole schema is read: from a thousand tables on, the
/// second half is read on a second thread.
fn built_entries(mut entries: Vec<Entry>) -> Vec<Built> {
    const PARALLEL_FROM: usize = 1000;
    let parallel = entries.len() >= PARALLEL_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if !parallel {
        return entries.into_iter().map(Entry::built).collect();
    }
    let second_half = entries.split_off(entries.len() / 2);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            second_half
                .into_iter()
                .map(Entry::built)
                .collect::<Vec<_>>()
        });
        let mut built: Vec<Built> = Vec::with_capacity(entries.len() * 2 + 1);
        built.extend(entries.into_iter().map(Entry::built));
        built.extend(
            second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        built
    })
}

/// The built entries with an index by SQL name, so each check is linear in the tables.
struct Tables<'e> {
    entries: &'e [Built],
    by_name: HashMap<&'e str, usize>,
}

impl<'e> Tables<'e> {
    /// The first table named `name`.
    fn find(&self, name: &str) -> Option<&'e Built> {
        self.by_name.get(name).map(|&i| &self.entries[i])
    }
}

/// One whole-schema mistake. Each message names both places involved and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error(
        "extension `{name}` {problem}: declare it as `CREATE EXTENSION` names it, e.g. `.extension(\"pg_trgm\")`"
    )]
    Extension { name: String, problem: &'static str },

    #[error("sequence `{name}`: {problem}")]
    Sequence { name: String, problem: String },

    #[error(
        "two tables are named `{name}`: `{first}` and `{second}`; rename one with `#[table(name = \"...\")]`"
    )]
    DuplicateTable {
        name: String,
        first: String,
        second: String,
    },

    #[error(
        "table `{table}`, column {columns}: foreign key `{foreign_key}` references table `{ref_table}`, which is not in the schema; add `.table::<{rust_type}>()` to the builder"
    )]
    MissingReferencedTable {
        table: String,
        columns: Columns,
        foreign_key: String,
        ref_table: String,
        rust_type: String,
    },

    #[error(
        "table `{table}`, column {columns}: foreign key `{foreign_key}` references {ref_columns} of table `{ref_table}`, which has no such column"
    )]
    MissingReferencedColumn {
        table: String,
        columns: Columns,
        foreign_key: String,
        ref_table: String,
        ref_columns: Columns,
    },

    #[error(
        "table `{table}`, column {columns}: foreign key `{foreign_key}` references {ref_columns} of table `{ref_table}`, which is neither its primary key nor unique (a partial unique index does not count); PostgreSQL refuses it (\"there is no unique constraint matching given keys for referenced table\"): mark {ref_columns} `unique` in `{ref_table}` or reference its primary key"
    )]
    ReferencedColumnNotUnique {
        table: String,
        columns: Columns,
        foreign_key: String,
        ref_table: String,
        ref_columns: Columns,
    },

    #[error(
        "table `{table}`: relation `{relation}` points at table `{target}`, which is not in the schema; add `.table::<{rust_type}>()` to the builder"
    )]
    MissingRelationTarget {
        table: String,
        relation: String,
        target: String,
        rust_type: String,
    },

    #[error(
        "table `{table}`: relation `{relation}` ({kind}) needs a foreign key from `{target}` to `{table}` with its relation, and `{target}` has none; drizzle cannot resolve the relation: add `references = ...` to a field of `{target}` (without `no_relation`) or drop the relation"
    )]
    InverseRelationWithoutForeignKey {
        table: String,
        relation: String,
        kind: &'static str,
        target: String,
    },

    #[error(
        "table `{table}`: relation `{relation}` ({kind}) is ambiguous: `{target}` has {} relations to `{table}` ({}); drizzle cannot tell which one it inverts: mark the others `no_relation` or drop the inverse relation", .candidates.len(), .candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
    )]
    AmbiguousInverseRelation {
        table: String,
        relation: String,
        kind: &'static str,
        target: String,
        /// The relations of `target` that point back at `table`.
        candidates: Vec<String>,
    },

    #[error(
        "the name `{name}` is used twice: by the {first} and by the {second}; PostgreSQL keeps tables, indexes and the constraints backed by them in one namespace per schema: rename one"
    )]
    NameCollision {
        name: String,
        first: String,
        second: String,
    },

    #[error(
        "two different TypeScript enums are named `{name}`: {first_variants} (table `{first_table}`, column `{first_column}`) and {second_variants} (table `{second_table}`, column `{second_column}`); rename one with `#[ts_enum(name = \"...\")]`"
    )]
    TsEnumClash {
        name: String,
        first_table: String,
        first_column: String,
        first_variants: String,
        second_table: String,
        second_column: String,
        second_variants: String,
    },

    #[error(
        "two different PostgreSQL enums are named `{name}`: ({first_values}) used by table `{first_table}` and ({second_values}) used by table `{second_table}`; give one another `#[ts_enum(pg_enum = \"...\")]`"
    )]
    PgEnumClash {
        name: String,
        first_table: String,
        first_values: String,
        second_table: String,
        second_values: String,
    },
}

/// Column names in a message: `` `a` `` or `` (`a`, `b`) ``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns(pub Vec<String>);

impl fmt::Display for Columns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = self
            .0
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if self.0.len() == 1 {
            f.write_str(&quoted)
        } else {
            write!(f, "({quoted})")
        }
    }
}

/// Every whole-schema mistake found, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct SchemaErrors(pub Vec<SchemaError>);

fn check_table_names(entries: &[Built], errors: &mut Vec<SchemaError>) {
    let mut seen: HashMap<&str, &Built> = HashMap::new();
    for entry in entries {
        if let Some(first) = seen.insert(&entry.def.name, entry) {
            errors.push(SchemaError::DuplicateTable {
                name: entry.def.name.clone(),
                first: first.rust_type.to_string(),
                second: entry.rust_type.to_string(),
            });
        }
    }
}

/// The Rust type `entry` named for the table `sql_name`, for "add `.table::<T>()`".
fn rust_type_of(entry: &Built, sql_name: &str) -> String {
    entry
        .referenced
        .iter()
        .find(|(name, _)| name == sql_name)
        .map_or_else(|| sql_name.to_string(), |(_, ty)| ty.to_string())
}

/// Whether `columns` are exactly the primary key, a unique constraint or a unique index of
/// `table`: what PostgreSQL requires of a foreign key's target. A partial unique index or one
/// with an expression key does not count: PostgreSQL refuses both as a target.
fn is_unique_key(table: &TableDef, columns: &[String]) -> bool {
    let same = |other: &[String]| {
        other.len() == columns.len() && columns.iter().all(|c| other.contains(c))
    };
    let plain_unique_index = |index: &Index| {
        index.unique && index.where_sql.is_none() && !index.keys.iter().any(|key| key.expression)
    };
    table.primary_key.iter().any(|pk| same(&pk.columns))
        || table.uniques.iter().any(|u| same(&u.columns))
        || table
            .indexes
            .iter()
            .any(|i| plain_unique_index(i) && same(&i.columns))
}

fn check_foreign_keys(tables: &Tables, errors: &mut Vec<SchemaError>) {
    for entry in tables.entries {
        for fk in &entry.def.foreign_keys {
            let Some(target) = tables.find(&fk.ref_table) else {
                errors.push(SchemaError::MissingReferencedTable {
                    table: entry.def.name.clone(),
                    columns: Columns(fk.columns.clone()),
                    foreign_key: fk.name.clone(),
                    ref_table: fk.ref_table.clone(),
                    rust_type: rust_type_of(entry, &fk.ref_table),
                });
                continue;
            };
            if fk
                .ref_columns
                .iter()
                .any(|c| target.def.column(c).is_none())
            {
                errors.push(SchemaError::MissingReferencedColumn {
                    table: entry.def.name.clone(),
                    columns: Columns(fk.columns.clone()),
                    foreign_key: fk.name.clone(),
                    ref_table: fk.ref_table.clone(),
                    ref_columns: Columns(fk.ref_columns.clone()),
                });
            } else if !is_unique_key(&target.def, &fk.ref_columns) {
                errors.push(SchemaError::ReferencedColumnNotUnique {
                    table: entry.def.name.clone(),
                    columns: Columns(fk.columns.clone()),
                    foreign_key: fk.name.clone(),
                    ref_table: fk.ref_table.clone(),
                    ref_columns: Columns(fk.ref_columns.clone()),
                });
            }
        }
    }
}

fn check_relations(tables: &Tables, errors: &mut Vec<SchemaError>) {
    for entry in tables.entries {
        for relation in &entry.def.ts.relations {
            let Some(target) = tables.find(&relation.target) else {
                // A foreign key's own relation is reported with the foreign key.
                if !matches!(relation.kind, RelationKind::One { .. }) {
                    errors.push(SchemaError::MissingRelationTarget {
                        table: entry.def.name.clone(),
                        relation: relation.name.clone(),
                        target: relation.target.clone(),
                        rust_type: rust_type_of(entry, &relation.target),
                    });
                }
                continue;
            };
            let kind = match relation.kind {
                RelationKind::One { .. } => continue,
                RelationKind::Many => "many",
                RelationKind::OneInverse => "one, inverse",
            };
            // drizzle pairs an inverse relation with the target's one `one(...)` back to us.
            let candidates: Vec<&str> = target
                .def
                .ts
                .relations
                .iter()
                .filter(|r| {
                    matches!(r.kind, RelationKind::One { .. }) && r.target == entry.def.name
                })
                .map(|r| r.name.as_str())
                .collect();
            match candidates.len() {
                0 => errors.push(SchemaError::InverseRelationWithoutForeignKey {
                    table: entry.def.name.clone(),
                    relation: relation.name.clone(),
                    kind,
                    target: relation.target.clone(),
                }),
                1 => {}
                _ => errors.push(SchemaError::AmbiguousInverseRelation {
                    table: entry.def.name.clone(),
                    relation: relation.name.clone(),
                    kind,
                    target: relation.target.clone(),
                    candidates: candidates.into_iter().map(str::to_string).collect(),
                }),
            }
        }
    }
}

fn check_constraint_names<'e>(tables: &Tables<'e>, errors: &mut Vec<SchemaError>) {
    let entries = tables.entries;
    // Tables, indexes, and primary keys and unique constraints (each backed by an index) share
    // PostgreSQL's per-schema relation namespace.
    let mut relations: HashMap<&str, Place> = HashMap::with_capacity(entries.len() * 3);
    for entry in entries {
        // Duplicate table names are reported on their own.
        relations
            .entry(&entry.def.name)
            .or_insert(Place::Table(&entry.def.name));
    }
    let mut claim = |name: &'e str, place: Place<'e>| match relations.get(name) {
        Some(first) => errors.push(SchemaError::NameCollision {
            name: name.to_string(),
            first: first.to_string(),
            second: place.to_string(),
        }),
        None => {
            relations.insert(name, place);
        }
    };
    for (i, entry) in entries.iter().enumerate() {
        let t = &entry.def.name;
        if tables.by_name[t.as_str()] != i {
            continue; // a duplicate table, reported on its own
        }
        if let Some(pk) = &entry.def.primary_key {
            claim(&pk.name, Place::PrimaryKey(t));
        }
        for unique in &entry.def.uniques {
            claim(&unique.name, Place::Unique(t, Some(&unique.columns)));
        }
        for index in &entry.def.indexes {
            claim(&index.name, Place::Index(t, &index.columns));
        }
    }
}

/// Where a constraint name is claimed, put into words only when two claims collide (the
/// checks see every name of every table; a message is rare).
#[derive(Clone, Copy)]
enum Place<'e> {
    Table(&'e str),
    PrimaryKey(&'e str),
    /// A unique constraint, with its columns where the message names them.
    Unique(&'e str, Option<&'e [String]>),
    Index(&'e str, &'e [String]),
    ForeignKey(&'e str, &'e [String]),
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = |columns: &[String]| Columns(columns.to_vec());
        match *self {
            Place::Table(t) => write!(f, "table `{t}`"),
            Place::PrimaryKey(t) => write!(f, "primary key of table `{t}`"),
            Place::Unique(t, None) => write!(f, "unique constraint on table `{t}`"),
            Place::Unique(t, Some(c)) => {
                write!(f, "unique constraint on table `{t}` {}", columns(c))
            }
            Place::Index(t, c) => write!(f, "index on table `{t}` {}", columns(c)),
            Place::ForeignKey(t, c) => write!(f, "foreign key on table `{t}` {}", columns(c)),
        }
    }
}

/// Foreign keys live outside the relation namespace, but one table's constraint names differ.
fn check_table_constraint_names(entries: &[Built], errors: &mut Vec<SchemaError>) {
    let mut constraints: HashMap<&str, Place> = HashMap::new();
    for entry in entries {
        let t = &entry.def.name;
        constraints.clear();
        if let Some(pk) = &entry.def.primary_key {
            constraints.insert(&pk.name, Place::PrimaryKey(t));
        }
        for unique in &entry.def.uniques {
            constraints
                .entry(&unique.name)
                .or_insert(Place::Unique(t, None));
        }
        for fk in &entry.def.foreign_keys {
            let place = Place::ForeignKey(t, &fk.columns);
            match constraints.get(fk.name.as_str()) {
                Some(first) => errors.push(SchemaError::NameCollision {
                    name: fk.name.clone(),
                    first: first.to_string(),
                    second: place.to_string(),
                }),
                None => {
                    constraints.insert(&fk.name, place);
                }
            }
        }
    }
}

fn check_ts_enums(entries: &[Built], errors: &mut Vec<SchemaError>) {
    let mut seen: HashMap<&str, (&TsEnum, &str, &str)> = HashMap::new();
    for entry in entries {
        for column in &entry.def.columns {
            let ts_enum = match &column.ts.ty {
                Some(TsType::Enum(e) | TsType::EnumArray(e)) => e,
                _ => continue,
            };
            match seen.get(ts_enum.name.as_str()) {
                Some((first, first_table, first_column)) if *first != ts_enum => {
                    errors.push(SchemaError::TsEnumClash {
                        name: ts_enum.name.clone(),
                        first_table: first_table.to_string(),
                        first_column: first_column.to_string(),
                        first_variants: union(first),
                        second_table: entry.def.name.clone(),
                        second_column: column.name.clone(),
                        second_variants: union(ts_enum),
                    })
                }
                Some(_) => {}
                None => {
                    seen.insert(&ts_enum.name, (ts_enum, &entry.def.name, &column.name));
                }
            }
        }
    }
}

/// `"a" | "b"`, as the union is written in TypeScript.
fn union(ts_enum: &TsEnum) -> String {
    let variants = ts_enum
        .variants
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(" | ");
    if ts_enum.inline {
        format!("{variants} (inline)")
    } else {
        variants
    }
}

/// The PostgreSQL enum types of every table, in order of first use, each once; two different
/// ones with one name are a mistake.
fn collect_pg_enums(entries: &[Built], errors: &mut Vec<SchemaError>) -> Vec<PgEnum> {
    let mut enums: Vec<PgEnum> = Vec::new();
    let mut first_table: HashMap<String, &str> = HashMap::new();
    let values = |e: &PgEnum| e.values.join(", ");
    for entry in entries {
        for e in &entry.pg_enums {
            match enums.iter().find(|known| known.name == e.name) {
                Some(known) if known != e => errors.push(SchemaError::PgEnumClash {
                    name: e.name.clone(),
                    first_table: first_table[&e.name].to_string(),
                    first_values: values(known),
                    second_table: entry.def.name.clone(),
                    second_values: values(e),
                }),
                Some(_) => {}
                None => {
                    first_table.insert(e.name.clone(), &entry.def.name);
                    enums.push(e.clone());
                }
            }
        }
    }
    enums
}

fn check_extensions(extensions: &[&'static str], errors: &mut Vec<SchemaError>) {
    for (i, name) in extensions.iter().enumerate() {
        let problem = if !crate::extensions::is_valid_name(name) {
            "is not an extension name (lower-case letters, digits, `_` and `-`, at most 63 bytes)"
        } else if extensions[..i].contains(name) {
            "is declared twice"
        } else {
            continue;
        };
        errors.push(SchemaError::Extension {
            name: name.to_string(),
            problem,
        });
    }
}

/// A view shares PostgreSQL's relation namespace with tables (and with other views).
fn check_view_names(
    tables: &Tables,
    views: &[(ViewDef, &'static str)],
    errors: &mut Vec<SchemaError>,
) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (view, rust_type) in views {
        let place = format!("view `{}` (`{rust_type}`)", view.name);
        if let Some(table) = tables.find(&view.name) {
            errors.push(SchemaError::NameCollision {
                name: view.name.clone(),
                first: format!("table `{}` (`{}`)", view.name, table.rust_type),
                second: place,
            });
        } else if let Some(first) = seen.insert(&view.name, rust_type) {
            errors.push(SchemaError::NameCollision {
                name: view.name.clone(),
                first: format!("view `{}` (`{first}`)", view.name),
                second: place,
            });
        }
    }
}

/// Each sequence's options and rename, and its name in PostgreSQL's relation namespace (shared
/// with tables, views, indexes, key constraints and the sequences of identity and serial columns).
fn check_sequences(
    tables: &Tables,
    views: &[(ViewDef, &'static str)],
    sequences: &[PgSequence],
    errors: &mut Vec<SchemaError>,
) {
    let mut relations: HashMap<String, String> = HashMap::new();
    for entry in tables.entries {
        let t = &entry.def.name;
        relations.insert(t.clone(), format!("table `{t}`"));
        let keys = entry.def.primary_key.iter().map(|pk| &pk.name);
        let uniques = entry.def.uniques.iter().map(|u| &u.name);
        let indexes = entry.def.indexes.iter().map(|i| &i.name);
        for name in keys.chain(uniques).chain(indexes) {
            relations.insert(name.clone(), format!("index or key of table `{t}`"));
        }
        for column in &entry.def.columns {
            let implicit = match &column.generated {
                Some(Generated::Identity(identity)) => Some(identity.sequence.name.clone()),
                _ if matches!(&column.sql_type, SqlType::Other(s) if s.ends_with("serial")) => {
                    Some(format!("{t}_{}_seq", column.name))
                }
                _ => None,
            };
            if let Some(name) = implicit {
                relations.insert(
                    name,
                    format!("sequence of column `{}` of table `{t}`", column.name),
                );
            }
        }
    }
    for (view, rust_type) in views {
        relations.insert(
            view.name.clone(),
            format!("view `{}` (`{rust_type}`)", view.name),
        );
    }
    let problem = |name: &str, problem: String| SchemaError::Sequence {
        name: name.to_string(),
        problem,
    };
    // Each sequence's model key (`auth.s`), computed once for the comparisons below.
    let keys: Vec<String> = sequences.iter().map(PgSequence::qualified_name).collect();
    for (i, declared) in sequences.iter().enumerate() {
        let name = keys[i].as_str();
        if declared.name.is_empty() || declared.name.len() > crate::model::MAX_IDENTIFIER_BYTES {
            errors.push(problem(
                name,
                format!(
                    "the name is {} bytes long; PostgreSQL takes 1 to {}",
                    declared.name.len(),
                    crate::model::MAX_IDENTIFIER_BYTES
                ),
            ));
        }
        if let Some(pg_schema) = declared.schema {
            let why = if pg_schema == crate::model::DEFAULT_SCHEMA {
                Some("`.schema(\"public\")` is the default; drop it (drizzle's `pgSchema(\"public\")` is refused too)".to_string())
            } else if pg_schema.is_empty() || pg_schema.len() > crate::model::MAX_IDENTIFIER_BYTES {
                Some(format!(
                    "the schema name is {} bytes long; PostgreSQL takes 1 to {}",
                    pg_schema.len(),
                    crate::model::MAX_IDENTIFIER_BYTES
                ))
            } else if pg_schema.starts_with("pg_") {
                Some(format!("the schema name `{pg_schema}` starts with `pg_`, which PostgreSQL reserves for its own schemas"))
            } else if pg_schema.contains('.') {
                Some(format!(
                    "the schema name `{pg_schema}` holds a `.`; PostgreSQL schemas do not nest"
                ))
            } else {
                None
            };
            errors.extend(why.map(|why| problem(name, why)));
        }
        for why in crate::sequences::option_problems(&declared.def().sequence) {
            errors.push(problem(name, why));
        }
        if let Some(previous) = declared.renamed_from {
            let previous_key = crate::model::qualified_name(declared.schema, previous);
            if previous == declared.name {
                errors.push(problem(
                    name,
                    "`.renamed_from(..)` names the sequence itself; drop it".into(),
                ));
            } else if keys.contains(&previous_key) {
                errors.push(problem(
                    name,
                    format!(
                        "`.renamed_from(\"{previous}\")` names a sequence that is still declared; \
                         a renamed sequence is declared under its new name only"
                    ),
                ));
            }
        }
        let place = format!("sequence `{name}`");
        if keys[..i].iter().any(|key| key == name) {
            errors.push(problem(name, "is declared twice".into()));
        } else if let Some(first) = relations.get(name) {
            errors.push(SchemaError::NameCollision {
                name: name.to_string(),
                first: first.clone(),
                second: place,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_tables_are_read_on_two_threads_in_their_order() {
        let entries = |n: usize| -> Vec<Entry> {
            (0..n)
                .map(|i| {
                    Entry::Built(Box::new(Built {
                        def: TableDef::empty(format!("t{i}")),
                        rust_type: "T",
                        referenced: Vec::new(),
                        pg_enums: Vec::new(),
                    }))
                })
                .collect()
        };
        for n in [0, 3, 999, 1000, 2001] {
            let names: Vec<String> = built_entries(entries(n))
                .into_iter()
                .map(|built| built.def.name)
                .collect();
            assert_eq!(names, (0..n).map(|i| format!("t{i}")).collect::<Vec<_>>());
        }
    }
}
