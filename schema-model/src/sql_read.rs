//! Migration SQL read back into a [`Schema`] through `sqlparser` (PostgreSQL dialect).
//!
//! Replaying every migration file in order gives the schema the migrations build, without a
//! database; comparing it with the Rust schema ([`sql_shape`] of both) catches a hand-edited
//! migration. All of sqlparser's syntax tree is walked here and nowhere else: its constraint
//! types change between minor versions, and the crate is pinned to one minor version.

use std::collections::HashMap;

use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, AlterTypeAddValuePosition, AlterTypeOperation,
    ColumnOption, Expr, ObjectName, ObjectNamePart, ObjectType, ReferentialAction,
    RenameTableNameKind, TableConstraint, UnaryOperator, UserDefinedTypeRepresentation, Value,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

mod generated;
mod sequences;

use crate::ddl::BREAKPOINT;
use crate::model::{
    CheckConstraint, ColumnDef, ColumnTs, FkAction, ForeignKey, Index, PgEnum, PrimaryKey, Schema,
    SqlDefault, SqlType, TableDef, TableTs, UniqueConstraint,
};
use crate::views::{self, ViewDef, ViewTs};

/// A migration statement that does not parse or cannot be applied to the schema so far.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, statement {statement}: {message}\n  {sql}")]
pub struct ReadError {
    /// The migration file (as given by the caller).
    pub file: String,
    /// The statement's position in the file, from 1.
    pub statement: usize,
    pub sql: String,
    pub message: String,
}

/// Parses one statement (or several) with sqlparser's PostgreSQL dialect; the error is
/// sqlparser's message.
pub fn parse(sql: &str) -> Result<usize, String> {
    Parser::parse_sql(&PostgreSqlDialect {}, sql)
        .map(|statements| statements.len())
        .map_err(|e| e.to_string())
}

/// Replays migration files, in order, from an empty database.
pub fn replay<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Schema, ReadError> {
    let mut schema = Schema::default();
    for (file, sql) in files {
        apply(&mut schema, file, sql)?;
    }
    Ok(schema)
}

/// Applies one migration file (statements separated by `--> statement-breakpoint`) to `schema`.
pub fn apply(schema: &mut Schema, file: &str, sql: &str) -> Result<(), ReadError> {
    let mut tables = TableIndex::default();
    for (i, chunk) in sql.split(BREAKPOINT).enumerate() {
        let error = |message: String| ReadError {
            file: file.to_string(),
            statement: i + 1,
            sql: chunk.trim().to_string(),
            message,
        };
        if let Some(result) = generated::apply_alter(schema, chunk) {
            result.map_err(error)?;
            continue;
        }
        if let Some(result) = sequences::apply(schema, chunk) {
            result.map_err(error)?;
            continue;
        }
        let (chunk, computed) = generated::strip(chunk).map_err(error)?;
        let statements =
            Parser::parse_sql(&PostgreSqlDialect {}, &chunk).map_err(|e| error(e.to_string()))?;
        for statement in statements {
            apply_statement(schema, &mut tables, statement, &chunk).map_err(error)?;
        }
        generated::attach(schema, computed).map_err(error)?;
    }
    crate::enums::resolve_enum_columns(schema);
    Ok(())
}

/// Applies each statement of a hand-written migration that it can, independently: a statement
/// that does not parse, or is not a schema change this reader models (data changes, functions,
/// triggers, grants, ...), is returned, in file order, and left out of `schema`.
pub fn apply_each(schema: &mut Schema, file: &str, sql: &str) -> Vec<ReadError> {
    let mut skipped = Vec::new();
    for (i, chunk) in sql.split(BREAKPOINT).enumerate() {
        if chunk
            .lines()
            .all(|l| l.trim().is_empty() || l.trim().starts_with("--"))
        {
            continue;
        }
        let error = |message: String| ReadError {
            file: file.to_string(),
            statement: i + 1,
            sql: chunk.trim().to_string(),
            message,
        };
        let mut trial = schema.clone();
        if let Some(result) = generated::apply_alter(&mut trial, chunk)
            .or_else(|| sequences::apply(&mut trial, chunk))
        {
            match result {
                Ok(()) => *schema = trial,
                Err(message) => skipped.push(error(message)),
            }
            continue;
        }
        let (chunk, computed) = match generated::strip(chunk) {
            Ok(stripped) => stripped,
            Err(message) => {
                skipped.push(error(message));
                continue;
            }
        };
        match Parser::parse_sql(&PostgreSqlDialect {}, &chunk) {
            Err(e) => skipped.push(error(e.to_string())),
            Ok(statements) => {
                // A fresh index for the trial copy: a statement that fails leaves `schema` as it was.
                let mut tables = TableIndex::default();
                match statements
                    .into_iter()
                    .try_for_each(|statement| {
                        apply_statement(&mut trial, &mut tables, statement, &chunk)
                    })
                    .and_then(|()| generated::attach(&mut trial, computed))
                {
                    Ok(()) => *schema = trial,
                    Err(message) => skipped.push(error(message)),
                }
            }
        }
    }
    crate::enums::resolve_enum_columns(schema);
    skipped
}

/// The position of each table by name, so a migration of N tables replays in linear time; a
/// drop or rename (rare) makes it rebuild on the next lookup.
#[derive(Default)]
struct TableIndex {
    positions: HashMap<String, usize>,
    fresh: bool,
}

impl TableIndex {
    fn position(&mut self, schema: &Schema, name: &str) -> Option<usize> {
        if !self.fresh {
            self.positions = schema
                .tables
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), i))
                .collect();
            self.fresh = true;
        }
        self.positions.get(name).copied()
    }

    fn pushed(&mut self, schema: &Schema) {
        if self.fresh {
            let i = schema.tables.len() - 1;
            self.positions.insert(schema.tables[i].name.clone(), i);
        }
    }

    fn invalidate(&mut self) {
        self.fresh = false;
    }
}

/// The SQL-relevant part of a schema in a canonical order, for comparing schemas that came from
/// different places: no TypeScript facts or rename declarations; tables, columns, constraints
/// and indexes sorted by name (a column added later sits last in a database, wherever it is
/// declared); primary key columns NOT NULL, as PostgreSQL makes them.
pub fn sql_shape(schema: &Schema) -> Schema {
    let mut tables: Vec<TableDef> = schema
        .tables
        .iter()
        .map(|t| {
            let pk_columns: Vec<&String> = t
                .primary_key
                .iter()
                .flat_map(|pk| pk.columns.iter())
                .collect();
            let mut columns: Vec<ColumnDef> = t
                .columns
                .iter()
                .map(|c| ColumnDef {
                    name: c.name.clone(),
                    renamed_from: None,
                    sql_type: c.sql_type.clone(),
                    not_null: c.not_null || pk_columns.contains(&&c.name),
                    default: c.default.clone(),
                    ts: ColumnTs::default(),
                    generated: None,
                })
                .collect();
            columns.sort_by(|a, b| a.name.cmp(&b.name));
            let mut uniques = t.uniques.clone();
            uniques.sort_by(|a, b| a.name.cmp(&b.name));
            let mut foreign_keys = t.foreign_keys.clone();
            foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            let mut indexes = t.indexes.clone();
            indexes.sort_by(|a, b| a.name.cmp(&b.name));
            let mut checks: Vec<CheckConstraint> = t
                .checks
                .iter()
                .map(|c| CheckConstraint {
                    name: c.name.clone(),
                    expression: canonical_expression(&c.expression),
                })
                .collect();
            checks.sort_by(|a, b| a.name.cmp(&b.name));
            TableDef {
                name: t.name.clone(),
                renamed_from: None,
                columns,
                primary_key: t.primary_key.clone(),
                uniques,
                foreign_keys,
                indexes,
                checks,
                ts: TableTs::default(),
            }
        })
        .collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let mut enums: Vec<PgEnum> = schema
        .enums
        .iter()
        .map(|e| PgEnum {
            renamed_values: Default::default(),
            ..e.clone()
        })
        .collect();
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    // A view's columns are not in its SQL: the query and the kind are.
    let mut views: Vec<ViewDef> = schema
        .views
        .iter()
        .map(|v| ViewDef {
            columns: Vec::new(),
            ts: ViewTs::default(),
            ..v.clone()
        })
        .collect();
    views.sort_by(|a, b| a.name.cmp(&b.name));
    let mut extensions = schema.extensions.clone();
    extensions.sort();
    let mut sequences: Vec<crate::sequences::SequenceDef> = schema
        .sequences
        .iter()
        .map(|s| crate::sequences::SequenceDef {
            renamed_from: None,
            ..s.clone()
        })
        .collect();
    sequences.sort_by(|a, b| a.name().cmp(b.name()));
    Schema {
        tables,
        enums,
        extensions,
        views,
        sequences,
    }
}

/// A CHECK expression in sqlparser's spelling, so that `"a">0` and `"a" > 0` compare equal; an
/// expression sqlparser cannot read stays as written.
pub fn canonical_expression(expression: &str) -> String {
    Parser::new(&PostgreSqlDialect {})
        .try_with_sql(expression)
        .and_then(|mut parser| parser.parse_expr())
        .map_or_else(|_| expression.trim().to_string(), |e| e.to_string())
}

/// `CREATE TYPE … AS ENUM`, `ALTER TYPE … ADD VALUE | RENAME VALUE`.
fn apply_type_statement(schema: &mut Schema, statement: ast::Statement) -> Result<(), String> {
    match statement {
        ast::Statement::CreateType {
            name,
            representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
        } => {
            let name = object_name(&name);
            if schema.pg_enum(&name).is_some() {
                return Err(format!("type \"{name}\" already exists"));
            }
            schema.enums.push(PgEnum {
                name,
                values: labels.into_iter().map(|l| l.value).collect(),
                renamed_values: Default::default(),
            });
            Ok(())
        }
        ast::Statement::AlterType(alter) => {
            let name = object_name(&alter.name);
            let e = schema
                .enums
                .iter_mut()
                .find(|e| e.name == name)
                .ok_or_else(|| {
                    format!("ALTER TYPE of an enum type that does not exist: \"{name}\"")
                })?;
            let position = |e: &PgEnum, label: &str| {
                e.values
                    .iter()
                    .position(|v| v == label)
                    .ok_or_else(|| format!("enum type \"{}\" has no value '{label}'", e.name))
            };
            match alter.operation {
                AlterTypeOperation::AddValue(add) => {
                    let value = add.value.value;
                    if e.values.contains(&value) {
                        return Err(format!(
                            "enum type \"{name}\" already has the value '{value}'"
                        ));
                    }
                    let at = match add.position {
                        None => e.values.len(),
                        Some(AlterTypeAddValuePosition::Before(v)) => position(e, &v.value)?,
                        Some(AlterTypeAddValuePosition::After(v)) => position(e, &v.value)? + 1,
                    };
                    e.values.insert(at, value);
                }
                AlterTypeOperation::RenameValue(rename) => {
                    let at = position(e, &rename.from.value)?;
                    e.values[at] = rename.to.value;
                }
                AlterTypeOperation::Rename(_) => {
                    return Err(
                        "ALTER TYPE … RENAME TO is not something a migration here writes".into(),
                    )
                }
            }
            Ok(())
        }
        other => Err(format!(
            "not a schema statement this reader understands: {}",
            first_words(&other.to_string())
        )),
    }
}

/// `chunk` is the statement's text: a view keeps its query as written there.
fn apply_statement(
    schema: &mut Schema,
    tables: &mut TableIndex,
    statement: ast::Statement,
    chunk: &str,
) -> Result<(), String> {
    match statement {
        ast::Statement::CreateView(create) => {
            let name = object_name(&create.name);
            if schema.view(&name).is_some() || tables.position(schema, &name).is_some() {
                return Err(format!("a relation \"{name}\" already exists"));
            }
            let definition = views::definition_in(chunk)
                .ok_or("CREATE VIEW without `AS (...)`, which is how a migration here writes it")?;
            schema.views.push(ViewDef {
                name,
                materialized: create.materialized,
                definition: definition.to_string(),
                columns: Vec::new(),
                ts: ViewTs::default(),
            });
            Ok(())
        }
        ast::Statement::CreateTable(create) => {
            let name = object_name(&create.name);
            if tables.position(schema, &name).is_some() {
                return Err(format!("table \"{name}\" already exists"));
            }
            let mut table = TableDef::empty(name.clone());
            for column in create.columns {
                add_column(&mut table, column)?;
            }
            for constraint in create.constraints {
                add_constraint(&mut table, constraint)?;
            }
            schema.tables.push(table);
            tables.pushed(schema);
            Ok(())
        }
        ast::Statement::AlterTable(alter) => {
            let name = object_name(&alter.name);
            let index = tables
                .position(schema, &name)
                .ok_or_else(|| format!("ALTER TABLE of a table that does not exist: \"{name}\""))?;
            for operation in alter.operations {
                if matches!(operation, AlterTableOperation::RenameTable { .. }) {
                    tables.invalidate();
                }
                alter_table(schema, index, operation)?;
            }
            Ok(())
        }
        ast::Statement::CreateIndex(create) => {
            let table_name = object_name(&create.table_name);
            let name = create
                .name
                .as_ref()
                .map(object_name)
                .ok_or("CREATE INDEX without a name")?;
            let index = tables
                .position(schema, &table_name)
                .ok_or_else(|| format!("table \"{table_name}\" does not exist"))?;
            let index_def = index_of(name, create)?;
            schema.tables[index].indexes.push(index_def);
            Ok(())
        }
        ast::Statement::CreateExtension(create) => {
            let name = create.name.value;
            if !schema.extensions.contains(&name) {
                schema.extensions.push(name);
            }
            Ok(())
        }
        ast::Statement::DropExtension(drop) => {
            for name in drop.names {
                schema.extensions.retain(|e| *e != name.value);
            }
            Ok(())
        }
        ast::Statement::AlterIndex { name, operation } => {
            let old = crate::model::bare_name(&object_name(&name)).to_string();
            let ast::AlterIndexOperation::RenameIndex { index_name } = operation;
            let index = schema
                .tables
                .iter_mut()
                .flat_map(|t| t.indexes.iter_mut())
                .find(|i| i.name == old)
                .ok_or_else(|| format!("ALTER INDEX of an index that does not exist: \"{old}\""))?;
            index.name = crate::model::bare_name(&object_name(&index_name)).to_string();
            Ok(())
        }
        ast::Statement::Drop {
            object_type, names, ..
        } => {
            for name in names.iter().map(object_name) {
                match object_type {
                    ObjectType::Table => {
                        let before = schema.tables.len();
                        schema.tables.retain(|t| t.name != name);
                        tables.invalidate();
                        if schema.tables.len() == before {
                            return Err(format!(
                                "DROP TABLE of a table that does not exist: \"{name}\""
                            ));
                        }
                    }
                    ObjectType::View | ObjectType::MaterializedView => {
                        let materialized = object_type == ObjectType::MaterializedView;
                        let position = schema
                            .views
                            .iter()
                            .position(|v| v.name == name && v.materialized == materialized)
                            .ok_or_else(|| {
                                format!(
                                    "DROP {object_type} of a view that does not exist: \"{name}\""
                                )
                            })?;
                        schema.views.remove(position);
                    }
                    ObjectType::Index => {
                        // `DROP INDEX "auth"."i"`: index names are bare in the model.
                        let name = crate::model::bare_name(&name);
                        let table = schema
                            .tables
                            .iter_mut()
                            .find(|t| t.indexes.iter().any(|i| i.name == name))
                            .ok_or_else(|| {
                                format!("DROP INDEX of an index that does not exist: \"{name}\"")
                            })?;
                        table.indexes.retain(|i| i.name != name);
                    }
                    // The model's schemas are those its tables and types are in.
                    ObjectType::Schema => {}
                    ObjectType::Type => {
                        let before = schema.enums.len();
                        schema.enums.retain(|e| e.name != name);
                        if schema.enums.len() == before {
                            return Err(format!(
                                "DROP TYPE of an enum type that does not exist: \"{name}\""
                            ));
                        }
                    }
                    other => {
                        return Err(format!(
                            "DROP {other} is not something a migration here writes"
                        ))
                    }
                }
            }
            Ok(())
        }
        statement @ (ast::Statement::CreateType { .. } | ast::Statement::AlterType(_)) => {
            apply_type_statement(schema, statement)
        }
        // `CREATE SCHEMA "auth"`: the schema is implied by the tables and types created in it.
        ast::Statement::CreateSchema { .. } => Ok(()),
        other => Err(format!(
            "not a schema statement this reader understands: {}",
            first_words(&other.to_string())
        )),
    }
}

fn alter_table(
    schema: &mut Schema,
    index: usize,
    operation: AlterTableOperation,
) -> Result<(), String> {
    let table = &mut schema.tables[index];
    match operation {
        AlterTableOperation::AddConstraint { constraint, .. } => add_constraint(table, constraint),
        AlterTableOperation::AddColumn { column_def, .. } => add_column(table, column_def),
        AlterTableOperation::DropConstraint { name, .. } => {
            let name = name.value;
            let before = (
                table.uniques.len() + table.checks.len(),
                table.foreign_keys.len(),
                table.primary_key.is_some(),
            );
            table.uniques.retain(|u| u.name != name);
            table.checks.retain(|c| c.name != name);
            table.foreign_keys.retain(|f| f.name != name);
            if table.primary_key.as_ref().is_some_and(|pk| pk.name == name) {
                table.primary_key = None;
            }
            let after = (
                table.uniques.len() + table.checks.len(),
                table.foreign_keys.len(),
                table.primary_key.is_some(),
            );
            if before == after {
                return Err(format!(
                    "DROP CONSTRAINT of a constraint that \"{}\" does not have: \"{name}\"",
                    table.name
                ));
            }
            Ok(())
        }
        AlterTableOperation::DropColumn { column_names, .. } => {
            for column in column_names {
                let before = table.columns.len();
                table.columns.retain(|c| c.name != column.value);
                if table.columns.len() == before {
                    return Err(format!(
                        "DROP COLUMN of a column that \"{}\" does not have: \"{}\"",
                        table.name, column.value
                    ));
                }
            }
            Ok(())
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => {
            let (old, new) = (old_column_name.value, new_column_name.value);
            let table_name = table.name.clone();
            let column = table
                .columns
                .iter_mut()
                .find(|c| c.name == old)
                .ok_or_else(|| {
                    format!(
                        "RENAME COLUMN of a column that \"{table_name}\" does not have: \"{old}\""
                    )
                })?;
            column.name = new.clone();
            let rename = |columns: &mut Vec<String>| {
                for c in columns.iter_mut().filter(|c| **c == old) {
                    *c = new.clone();
                }
            };
            table
                .primary_key
                .iter_mut()
                .for_each(|pk| rename(&mut pk.columns));
            table
                .uniques
                .iter_mut()
                .for_each(|u| rename(&mut u.columns));
            table
                .foreign_keys
                .iter_mut()
                .for_each(|f| rename(&mut f.columns));
            table
                .indexes
                .iter_mut()
                .for_each(|i| rename(&mut i.columns));
            for other in &mut schema.tables {
                for fk in other
                    .foreign_keys
                    .iter_mut()
                    .filter(|f| f.ref_table == table_name)
                {
                    rename(&mut fk.ref_columns);
                }
            }
            Ok(())
        }
        AlterTableOperation::RenameConstraint { old_name, new_name } => {
            let (old, new) = (old_name.value, new_name.value);
            let mut found = false;
            for name in table
                .primary_key
                .iter_mut()
                .map(|pk| &mut pk.name)
                .chain(table.uniques.iter_mut().map(|u| &mut u.name))
                .chain(table.foreign_keys.iter_mut().map(|f| &mut f.name))
                .filter(|name| **name == old)
            {
                *name = new.clone();
                found = true;
            }
            if !found {
                return Err(format!(
                    "RENAME CONSTRAINT of a constraint that \"{}\" does not have: \"{old}\"",
                    table.name
                ));
            }
            Ok(())
        }
        AlterTableOperation::RenameTable { table_name } => {
            let new = match table_name {
                // `RENAME TO` names no schema: the table stays in its own.
                RenameTableNameKind::As(name) | RenameTableNameKind::To(name) => {
                    crate::model::qualified_name(
                        table.pg_schema(),
                        crate::model::bare_name(&object_name(&name)),
                    )
                }
            };
            let old = std::mem::replace(&mut table.name, new.clone());
            for other in &mut schema.tables {
                for fk in other.foreign_keys.iter_mut().filter(|f| f.ref_table == old) {
                    fk.ref_table = new.clone();
                }
            }
            Ok(())
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let table_name = table.name.clone();
            let column = table
                .columns
                .iter_mut()
                .find(|c| c.name == column_name.value)
                .ok_or_else(|| {
                    format!(
                        "ALTER COLUMN of a column that \"{table_name}\" does not have: \"{}\"",
                        column_name.value
                    )
                })?;
            match op {
                AlterColumnOperation::SetNotNull => column.not_null = true,
                AlterColumnOperation::DropNotNull => column.not_null = false,
                AlterColumnOperation::SetDefault { value } => {
                    column.default = Some(default_from(&value))
                }
                AlterColumnOperation::DropDefault => column.default = None,
                AlterColumnOperation::SetDataType { data_type, .. } => {
                    column.sql_type = SqlType::parse(&data_type.to_string())
                }
                other => {
                    return Err(format!(
                        "ALTER COLUMN … {other} is not something a migration here writes"
                    ))
                }
            }
            Ok(())
        }
        other => Err(format!(
            "ALTER TABLE … {} is not something a migration here writes",
            first_words(&other.to_string())
        )),
    }
}

fn add_column(table: &mut TableDef, column: ast::ColumnDef) -> Result<(), String> {
    let name = column.name.value.clone();
    if table.column(&name).is_some() {
        return Err(format!(
            "\"{}\" already has a column \"{name}\"",
            table.name
        ));
    }
    let mut def = ColumnDef {
        name: name.clone(),
        renamed_from: None,
        sql_type: SqlType::parse(&column.data_type.to_string()),
        not_null: false,
        default: None,
        ts: ColumnTs::default(),
        generated: None,
    };
    for option in column.options {
        match option.option {
            ColumnOption::NotNull => def.not_null = true,
            ColumnOption::Null => def.not_null = false,
            ColumnOption::Default(expr) => def.default = Some(default_from(&expr)),
            ColumnOption::PrimaryKey(_) => {
                table.primary_key = Some(PrimaryKey::new(&table.name, vec![name.clone()]));
            }
            ColumnOption::Unique(_) => {
                table
                    .uniques
                    .push(UniqueConstraint::new(&table.name, vec![name.clone()]));
            }
            other => {
                return Err(format!(
                    "column option {other} is not something a migration here writes"
                ))
            }
        }
    }
    table.columns.push(def);
    Ok(())
}

fn add_constraint(table: &mut TableDef, constraint: TableConstraint) -> Result<(), String> {
    match constraint {
        TableConstraint::PrimaryKey(pk) => {
            let columns = index_columns(&pk.columns)?;
            let name = match pk.name {
                Some(name) => name.value,
                None => PrimaryKey::new(&table.name, columns.clone()).name,
            };
            if table.primary_key.is_some() {
                return Err(format!("\"{}\" already has a primary key", table.name));
            }
            table.primary_key = Some(PrimaryKey { name, columns });
        }
        TableConstraint::Unique(unique) => {
            let columns = index_columns(&unique.columns)?;
            let name = match unique.name {
                Some(name) => name.value,
                None => UniqueConstraint::new(&table.name, columns.clone()).name,
            };
            table.uniques.push(UniqueConstraint {
                name,
                columns,
                nulls_not_distinct: matches!(
                    unique.nulls_distinct,
                    ast::NullsDistinctOption::NotDistinct
                ),
            });
        }
        TableConstraint::ForeignKey(fk) => {
            let columns: Vec<String> = fk.columns.iter().map(|c| c.value.clone()).collect();
            let ref_columns: Vec<String> = fk
                .referred_columns
                .iter()
                .map(|c| c.value.clone())
                .collect();
            let ref_table = object_name(&fk.foreign_table);
            let mut def = ForeignKey::new(
                &table.name,
                columns,
                &ref_table,
                ref_columns,
                fk_action(fk.on_delete),
                fk_action(fk.on_update),
            );
            if let Some(name) = fk.name {
                def.name = name.value;
            }
            table.foreign_keys.push(def);
        }
        TableConstraint::Check(check) => {
            let name = check
                .name
                .map(|n| n.value)
                .ok_or("a CHECK constraint without a name")?;
            if table.checks.iter().any(|c| c.name == name) {
                return Err(format!(
                    "\"{}\" already has a check constraint \"{name}\"",
                    table.name
                ));
            }
            table.checks.push(CheckConstraint {
                name,
                expression: check.expr.to_string(),
            });
        }
        other => {
            return Err(format!(
                "constraint {} is not something a migration here writes",
                first_words(&other.to_string())
            ))
        }
    }
    Ok(())
}

fn fk_action(action: Option<ReferentialAction>) -> FkAction {
    match action {
        None | Some(ReferentialAction::NoAction) => FkAction::NoAction,
        Some(ReferentialAction::Restrict) => FkAction::Restrict,
        Some(ReferentialAction::Cascade) => FkAction::Cascade,
        Some(ReferentialAction::SetNull) => FkAction::SetNull,
        Some(ReferentialAction::SetDefault) => FkAction::SetDefault,
    }
}

/// A column default as the model spells it; anything unrecognised stays an expression.
fn default_from(expr: &Expr) -> SqlDefault {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => SqlDefault::Text(s.clone()),
            Value::Number(n, _) => SqlDefault::Number(n.to_string()),
            Value::Boolean(b) => SqlDefault::Boolean(*b),
            _ => SqlDefault::Expression(expr.to_string()),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr: inner,
        } => match default_from(inner) {
            SqlDefault::Number(n) => SqlDefault::Number(format!("-{n}")),
            _ => SqlDefault::Expression(expr.to_string()),
        },
        Expr::Cast {
            expr: inner,
            data_type,
            ..
        } => match (inner.as_ref(), SqlType::parse(&data_type.to_string())) {
            (Expr::Value(v), SqlType::Json | SqlType::Jsonb) => match &v.value {
                Value::SingleQuotedString(s) => SqlDefault::Json(s.clone()),
                _ => SqlDefault::Expression(expr.to_string()),
            },
            // `'todo'::text`, `'todo'::"public"."task_status"`: drizzle-kit's enum rebuild.
            (Expr::Value(v), SqlType::Text | SqlType::Enum(_)) => match &v.value {
                Value::SingleQuotedString(s) => SqlDefault::Text(s.clone()),
                _ => SqlDefault::Expression(expr.to_string()),
            },
            _ => SqlDefault::Expression(expr.to_string()),
        },
        Expr::Function(f) if f.to_string().eq_ignore_ascii_case("now()") => SqlDefault::Now,
        _ => SqlDefault::Expression(expr.to_string()),
    }
}

/// `CREATE INDEX` as the model's index: keys, operator classes, order, method, predicate and
/// storage parameters; an expression or predicate in sqlparser's spelling ([`normalize_sql`]).
fn index_of(name: String, create: ast::CreateIndex) -> Result<Index, String> {
    let mut index = Index::new(name, Vec::new(), create.unique);
    for column in &create.columns {
        let (text, expression) = match &column.column.expr {
            Expr::Identifier(ident) => (ident.value.clone(), false),
            Expr::Nested(inner) => (inner.to_string(), true),
            other => (other.to_string(), true),
        };
        let options = &column.column.options;
        let desc = match &options.sort {
            None | Some(ast::OrderBySort::Asc) => false,
            Some(ast::OrderBySort::Desc) => true,
            Some(_) => {
                return Err(
                    "an index key ordered `USING operator` is not something this reader models"
                        .into(),
                )
            }
        };
        index.columns.push(text);
        index.keys.push(crate::model::IndexKey {
            expression,
            opclass: column.operator_class.as_ref().map(object_name),
            desc,
            // PostgreSQL's default is NULLS FIRST after DESC, NULLS LAST after ASC.
            nulls_first: options.nulls_first.unwrap_or(desc),
        });
    }
    if let Some(using) = &create.using {
        index.method = using.to_string().to_ascii_lowercase();
    }
    index.where_sql = create.predicate.as_ref().map(ToString::to_string);
    for param in &create.with {
        match param {
            Expr::BinaryOp {
                left,
                op: ast::BinaryOperator::Eq,
                right,
            } => index.with.push((left.to_string(), right.to_string())),
            other => {
                return Err(format!(
                    "index storage parameter {other} is not `name=value`"
                ))
            }
        }
    }
    index.concurrently = create.concurrently;
    Ok(index.normalized())
}

/// An SQL expression in sqlparser's spelling (`"a" is null` → `"a" IS NULL`), so an index's
/// declared expression and the one read back from a migration compare equal; text sqlparser
/// cannot read is kept as written.
pub fn normalize_sql(text: &str) -> String {
    Parser::new(&PostgreSqlDialect {})
        .try_with_sql(text)
        .and_then(|mut parser| parser.parse_expr())
        .map(|expr| match expr {
            Expr::Nested(inner) => inner.to_string(),
            other => other.to_string(),
        })
        .unwrap_or_else(|_| text.trim().to_string())
}

fn index_columns(columns: &[ast::IndexColumn]) -> Result<Vec<String>, String> {
    columns.iter().map(|c| expr_ident(&c.column.expr)).collect()
}

fn expr_ident(expr: &Expr) -> Result<String, String> {
    match expr {
        Expr::Identifier(ident) => Ok(ident.value.clone()),
        other => Err(format!("expected a column name, found {other}")),
    }
}

/// A table's, type's or index's name as the model keys it: `users` (written `"users"` or
/// `"public"."users"`), `auth.users` (written `"auth"."users"`).
fn object_name(name: &ObjectName) -> String {
    match name.0.as_slice() {
        [ObjectNamePart::Identifier(schema), ObjectNamePart::Identifier(ident)] => {
            crate::model::qualified_name(Some(&schema.value), &ident.value)
        }
        [.., ObjectNamePart::Identifier(ident)] => ident.value.clone(),
        _ => name.to_string(),
    }
}

fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
}
