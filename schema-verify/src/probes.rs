//! Behaviour probes: what the constraints do, not only what the catalog says. Each probe runs in
//! its own transaction and is rolled back, so the database is left as it was.
//!
//! - every foreign key: insert a parent and a child, delete the parent, and see the child deleted
//!   (cascade), set to NULL (set null), set to its default (set default) or the delete refused with
//!   SQLSTATE 23503 (no action, restrict);
//! - every primary key and unique constraint: insert a row and a copy of its key: 23505;
//! - every NOT NULL column: insert NULL: 23502.
//!
//! Row values come from the model: nanoid text, counters for numbers, the first variant of a
//! declared TypeScript enum, parents created recursively for every foreign key.

use std::collections::BTreeMap;

use schema_model::{FkAction, ForeignKey, Schema, SqlDefault, SqlType, TableDef, TsType};
use serde::Serialize;

use crate::compare::canonical_type;
use crate::server::quote_ident;

/// One probe and what it saw.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeOutcome {
    pub table: String,
    /// The constraint or column probed.
    pub object: String,
    /// What was done, e.g. `delete the referenced users row`.
    pub action: String,
    pub expected: String,
    pub observed: String,
    pub passed: bool,
}

/// A generated row: column → SQL literal (`None` is NULL).
type Row = BTreeMap<String, Option<String>>;

/// Runs every probe the schema implies against the connected database.
pub fn run_probes(client: &mut postgres::Client, schema: &Schema) -> Vec<ProbeOutcome> {
    let mut maker = RowMaker { schema, counter: 0 };
    let mut outcomes = Vec::new();
    for table in &schema.tables {
        for fk in &table.foreign_keys {
            outcomes.push(maker.probe_foreign_key(client, table, fk));
        }
        if let Some(pk) = &table.primary_key {
            outcomes.push(maker.probe_duplicate(client, table, &pk.name, &pk.columns));
        }
        for unique in &table.uniques {
            outcomes.push(maker.probe_duplicate(client, table, &unique.name, &unique.columns));
        }
        for column in table.columns.iter().filter(|c| c.not_null) {
            outcomes.push(maker.probe_not_null(client, table, &column.name));
        }
    }
    outcomes
}

struct RowMaker<'a> {
    schema: &'a Schema,
    counter: u64,
}

/// How deep parent rows are created before a nullable foreign key is left NULL instead.
const MAX_PARENT_DEPTH: usize = 8;

/// The server's answer to a probe's statements.
enum Answer {
    /// All statements ran: each statement's row count, and the rows of the last one (as text).
    Ran {
        counts: Vec<u64>,
        rows: Vec<Vec<Option<String>>>,
    },
    /// A statement was refused.
    Refused {
        sqlstate: String,
        constraint: Option<String>,
        column: Option<String>,
        message: String,
    },
}

/// Runs a probe's statements in one round trip inside a transaction, then rolls it back.
fn run(client: &mut postgres::Client, statements: &[String]) -> Result<Answer, String> {
    let batch = format!("BEGIN;\n{};", statements.join(";\n"));
    let result = client.simple_query(&batch);
    // After an error the transaction is aborted; ROLLBACK ends it either way.
    client
        .batch_execute("ROLLBACK")
        .map_err(|e| format!("rolling back: {e}"))?;
    match result {
        Ok(messages) => {
            let mut counts = Vec::new();
            let mut rows = Vec::new();
            for message in messages {
                match message {
                    postgres::SimpleQueryMessage::CommandComplete(n) => counts.push(n),
                    postgres::SimpleQueryMessage::Row(row) => rows.push(
                        (0..row.len())
                            .map(|i| row.get(i).map(str::to_string))
                            .collect(),
                    ),
                    _ => {}
                }
            }
            counts.remove(0); // BEGIN's
            Ok(Answer::Ran { counts, rows })
        }
        Err(error) => match error.as_db_error() {
            Some(db) => Ok(Answer::Refused {
                sqlstate: db.code().code().to_string(),
                constraint: db.constraint().map(str::to_string),
                column: db.column().map(str::to_string),
                message: db.message().to_string(),
            }),
            None => Err(error.to_string()),
        },
    }
}

impl<'a> RowMaker<'a> {
    fn probe_foreign_key(
        &mut self,
        client: &mut postgres::Client,
        table: &TableDef,
        fk: &ForeignKey,
    ) -> ProbeOutcome {
        let set_null = format!("the child's ({}) set to NULL", fk.columns.join(", "));
        let set_default = format!(
            "the child's ({}) set to their default",
            fk.columns.join(", ")
        );
        let refused = "the delete refused with SQLSTATE 23503".to_string();
        let cascaded = "the child row deleted (cascade)".to_string();
        let expected = match fk.on_delete {
            FkAction::Cascade => cascaded.clone(),
            FkAction::SetNull => set_null.clone(),
            FkAction::SetDefault => set_default.clone(),
            FkAction::NoAction | FkAction::Restrict => refused.clone(),
        };
        let mut outcome = ProbeOutcome {
            table: table.name.clone(),
            object: fk.name.clone(),
            action: format!("delete the referenced {} row", fk.ref_table),
            expected,
            observed: String::new(),
            passed: false,
        };
        let observed = (|| -> Result<String, String> {
            let mut statements = Vec::new();
            let parent_table = self.table(&fk.ref_table)?;
            let parent = self.plan_insert(&mut statements, parent_table, &Row::new(), 0)?;
            let mut overrides = Row::new();
            for (column, ref_column) in fk.columns.iter().zip(&fk.ref_columns) {
                overrides.insert(column.clone(), parent.get(ref_column).cloned().flatten());
            }
            let child = self.plan_insert(&mut statements, table, &overrides, 0)?;
            statements.push(format!(
                "DELETE FROM {} WHERE {}",
                quote_ident(&fk.ref_table),
                where_clause(parent_table, &parent, &[])
            ));
            statements.push(format!(
                "SELECT {} FROM {} WHERE {}",
                fk.columns
                    .iter()
                    .map(|c| format!("{}::text", quote_ident(c)))
                    .collect::<Vec<_>>()
                    .join(", "),
                quote_ident(&table.name),
                where_clause(table, &child, &fk.columns)
            ));
            let (counts, rows) = match run(client, &statements)? {
                Answer::Ran { counts, rows } => (counts, rows),
                Answer::Refused {
                    sqlstate,
                    constraint,
                    ..
                } if sqlstate == "23503" && constraint.as_deref() == Some(fk.name.as_str()) => {
                    return Ok(refused);
                }
                Answer::Refused {
                    sqlstate, message, ..
                } => return Err(format!("SQLSTATE {sqlstate}: {message}")),
            };
            let deleted = counts
                .get(counts.len().saturating_sub(2))
                .copied()
                .unwrap_or(0);
            if deleted == 0 {
                return Ok("the parent row was not deleted (a trigger?)".into());
            }
            let Some(values) = rows.first() else {
                return Ok(cascaded);
            };
            if values.iter().all(Option::is_none) {
                return Ok(set_null);
            }
            let all_defaulted = fk
                .columns
                .iter()
                .all(|c| table.column(c).is_some_and(|c| c.default.is_some()));
            if fk.on_delete == FkAction::SetDefault && all_defaulted {
                return Ok(set_default);
            }
            Ok(format!(
                "the delete allowed and the child left pointing at the deleted row ({})",
                values
                    .iter()
                    .map(|v| v.as_deref().unwrap_or("NULL"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })();
        finish(&mut outcome, observed);
        outcome
    }

    fn probe_duplicate(
        &mut self,
        client: &mut postgres::Client,
        table: &TableDef,
        name: &str,
        columns: &[String],
    ) -> ProbeOutcome {
        let mut outcome = ProbeOutcome {
            table: table.name.clone(),
            object: name.to_string(),
            action: format!("insert a second row with the same ({})", columns.join(", ")),
            expected: "refused with SQLSTATE 23505".into(),
            observed: String::new(),
            passed: false,
        };
        let observed = (|| -> Result<String, String> {
            let mut statements = Vec::new();
            let first = self.plan_insert(&mut statements, table, &Row::new(), 0)?;
            let mut overrides = Row::new();
            for column in columns {
                overrides.insert(column.clone(), first.get(column).cloned().flatten());
            }
            // A key column that is also a foreign key column drags the rest of that foreign key
            // along, or the copy would point at a parent that does not exist.
            for fk in &table.foreign_keys {
                if fk.columns.iter().any(|c| columns.contains(c)) {
                    for c in &fk.columns {
                        overrides.insert(c.clone(), first.get(c).cloned().flatten());
                    }
                }
            }
            self.plan_insert(&mut statements, table, &overrides, 0)?;
            Ok(match run(client, &statements)? {
                Answer::Ran { .. } => "the duplicate accepted".into(),
                Answer::Refused {
                    sqlstate,
                    constraint,
                    ..
                } if sqlstate == "23505" && constraint.as_deref() == Some(name) => {
                    "refused with SQLSTATE 23505".into()
                }
                Answer::Refused {
                    sqlstate,
                    constraint,
                    message,
                    ..
                } => format!(
                    "refused with SQLSTATE {sqlstate} by {}: {message}",
                    constraint.as_deref().unwrap_or("no constraint")
                ),
            })
        })();
        finish(&mut outcome, observed);
        outcome
    }

    fn probe_not_null(
        &mut self,
        client: &mut postgres::Client,
        table: &TableDef,
        column: &str,
    ) -> ProbeOutcome {
        let mut outcome = ProbeOutcome {
            table: table.name.clone(),
            object: column.to_string(),
            action: format!("insert NULL into {column}"),
            expected: "refused with SQLSTATE 23502".into(),
            observed: String::new(),
            passed: false,
        };
        let observed = (|| -> Result<String, String> {
            let mut statements = Vec::new();
            let mut overrides = Row::new();
            overrides.insert(column.to_string(), None);
            self.plan_insert(&mut statements, table, &overrides, 0)?;
            Ok(match run(client, &statements)? {
                Answer::Ran { .. } => "NULL accepted".into(),
                Answer::Refused {
                    sqlstate,
                    column: refused_column,
                    ..
                } if sqlstate == "23502" && refused_column.as_deref() == Some(column) => {
                    "refused with SQLSTATE 23502".into()
                }
                Answer::Refused {
                    sqlstate, message, ..
                } => format!("refused with SQLSTATE {sqlstate}: {message}"),
            })
        })();
        finish(&mut outcome, observed);
        outcome
    }

    fn table(&self, name: &str) -> Result<&'a TableDef, String> {
        self.schema
            .table(name)
            .ok_or_else(|| format!("references table {name}, which the schema does not declare"))
    }

    /// Adds the INSERTs for a row (its parents first) to `statements` and returns the row's
    /// values: the overrides, parents' keys for foreign keys, generated values for the rest.
    fn plan_insert(
        &mut self,
        statements: &mut Vec<String>,
        table: &TableDef,
        overrides: &Row,
        depth: usize,
    ) -> Result<Row, String> {
        let mut row = overrides.clone();
        for fk in &table.foreign_keys {
            if fk.columns.iter().any(|c| row.contains_key(c)) {
                continue;
            }
            let nullable = fk
                .columns
                .iter()
                .all(|c| table.column(c).is_some_and(|c| !c.not_null));
            if nullable && (fk.ref_table == table.name || depth >= MAX_PARENT_DEPTH) {
                for c in &fk.columns {
                    row.insert(c.clone(), None);
                }
                continue;
            }
            if depth >= MAX_PARENT_DEPTH {
                return Err(format!(
                    "{}: foreign keys nest deeper than {MAX_PARENT_DEPTH} NOT NULL levels",
                    table.name
                ));
            }
            let parent_table = self.table(&fk.ref_table)?;
            let parent = self.plan_insert(statements, parent_table, &Row::new(), depth + 1)?;
            for (column, ref_column) in fk.columns.iter().zip(&fk.ref_columns) {
                row.insert(column.clone(), parent.get(ref_column).cloned().flatten());
            }
        }
        for column in &table.columns {
            if !row.contains_key(&column.name) {
                let value = self.value(column);
                row.insert(column.name.clone(), value);
            }
        }
        statements.push(insert_sql(table, &row));
        Ok(row)
    }

    /// A value that satisfies the column's type and is unique to this row where that matters.
    fn value(&mut self, column: &schema_model::ColumnDef) -> Option<String> {
        self.counter += 1;
        let n = self.counter;
        if let Some(TsType::Enum(e)) = &column.ts.ty {
            if let Some(first) = e.variants.first() {
                return Some(text_literal(first));
            }
        }
        let ty = canonical_type(&column.sql_type);
        if ty.ends_with("[]") {
            return Some("'{}'".into());
        }
        Some(match SqlType::parse(&ty) {
            SqlType::Text => text_literal(&nanoid::nanoid!()),
            SqlType::Varchar(max) => {
                let id = nanoid::nanoid!();
                let len = max.map_or(id.len(), |m| (m as usize).min(id.len()));
                text_literal(&id[..len])
            }
            SqlType::SmallInt => (n % 32_000).to_string(),
            SqlType::Integer
            | SqlType::BigInt
            | SqlType::Numeric
            | SqlType::Real
            | SqlType::DoublePrecision => n.to_string(),
            SqlType::Boolean => "true".into(),
            SqlType::Timestamp => format!("(timestamp '2000-01-01' + {n} * interval '1 second')"),
            SqlType::TimestampTz => {
                format!("(timestamptz '2000-01-01 00:00:00+00' + {n} * interval '1 second')")
            }
            SqlType::Date => format!("(date '2000-01-01' + {n})"),
            SqlType::Uuid => format!("'00000000-0000-4000-8000-{n:012x}'"),
            SqlType::Json | SqlType::Jsonb => match &column.default {
                Some(SqlDefault::Json(json)) => text_literal(json),
                _ if matches!(column.ts.ty, Some(TsType::EnumArray(_))) => "'[]'".into(),
                _ => "'{}'".into(),
            },
            SqlType::Other(other)
                if other.starts_with("character varying(") || other.starts_with("character(") =>
            {
                let max: usize = other
                    .split(['(', ')'])
                    .nth(1)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1);
                let id = nanoid::nanoid!();
                text_literal(&id[..max.min(id.len())])
            }
            SqlType::Other(other) if other.starts_with("numeric(") => "1".into(),
            SqlType::Other(other) if other.starts_with("timestamp(") => {
                format!("(timestamptz '2000-01-01 00:00:00+00' + {n} * interval '1 second')")
            }
            // A type we cannot make up a value for: let the column's default (or NULL) decide.
            SqlType::Other(_) => "DEFAULT".into(),
        })
    }
}

fn finish(outcome: &mut ProbeOutcome, observed: Result<String, String>) {
    match observed {
        Ok(observed) => {
            outcome.passed = observed == outcome.expected;
            outcome.observed = observed;
        }
        Err(message) => {
            outcome.passed = false;
            outcome.observed = format!("the probe could not run: {message}");
        }
    }
}

fn insert_sql(table: &TableDef, row: &Row) -> String {
    let columns: Vec<String> = row.keys().map(|c| quote_ident(c)).collect();
    let values: Vec<&str> = row
        .values()
        .map(|v| v.as_deref().unwrap_or("NULL"))
        .collect();
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quote_ident(&table.name),
        columns.join(", "),
        values.join(", ")
    )
}

/// Picks out a generated row by its values, leaving out `skip` (columns a foreign key action may
/// have changed), NULLs, defaults and JSON (which has no `=`).
fn where_clause(table: &TableDef, row: &Row, skip: &[String]) -> String {
    let conditions: Vec<String> = row
        .iter()
        .filter(|(column, _)| !skip.contains(column))
        .filter_map(|(column, value)| {
            let value = value.as_deref()?;
            let json = table
                .column(column)
                .is_some_and(|c| matches!(c.sql_type, SqlType::Json | SqlType::Jsonb));
            (value != "DEFAULT" && !json).then(|| format!("{} = {value}", quote_ident(column)))
        })
        .collect();
    if conditions.is_empty() {
        "true".into()
    } else {
        conditions.join(" AND ")
    }
}

fn text_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
