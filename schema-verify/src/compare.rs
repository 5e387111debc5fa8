//! Compares the declared schema with the one read from the catalog. Every difference is a
//! [`Finding`] naming the table and the column, constraint or index.

use std::collections::HashMap;

use schema_model::{ColumnDef, Schema, SqlDefault, SqlType, TableDef};
use serde::Serialize;

use crate::introspect::{normalize_default, Catalog};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    MissingTable,
    UndeclaredTable,
    MissingColumn,
    UndeclaredColumn,
    ColumnType,
    Nullability,
    ColumnDefault,
    PrimaryKey,
    MissingUnique,
    UndeclaredUnique,
    Unique,
    MissingForeignKey,
    UndeclaredForeignKey,
    ForeignKey,
    MissingIndex,
    UndeclaredIndex,
    Index,
    UndeclaredCheck,
    /// A stored generated column's expression, or a column generated on one side only.
    Generated,
    /// An identity column's kind or sequence options, or an identity on one side only.
    Identity,
    MissingCheck,
    /// A CHECK constraint whose expression differs.
    Check,
    MissingEnum,
    UndeclaredEnum,
    /// An enum type whose labels (or their order) differ.
    EnumValues,
    /// A declared extension that is not installed.
    MissingExtension,
    MissingView,
    UndeclaredView,
    /// A view where a materialized view is declared, or the other way round.
    ViewKind,
    /// A view's column at another position than declared.
    ViewColumnOrder,
    MissingSequence,
    UndeclaredSequence,
    /// A standalone sequence whose options differ.
    SequenceOptions,
    /// A behaviour probe saw something other than what the declaration implies.
    Behaviour,
}

/// One difference between the declaration and the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub table: String,
    /// The column, constraint or index concerned; empty when the whole table is.
    pub object: String,
    pub kind: FindingKind,
    pub expected: String,
    pub found: String,
}

impl Finding {
    pub(crate) fn new(
        table: &str,
        object: &str,
        kind: FindingKind,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Finding {
        Finding {
            table: table.to_string(),
            object: object.to_string(),
            kind,
            expected: expected.into(),
            found: found.into(),
        }
    }

    /// One line for people: what, where, expected, found.
    pub fn message(&self) -> String {
        let what = match self.kind {
            FindingKind::MissingTable => "table missing".to_string(),
            FindingKind::UndeclaredTable => "table not declared in the schema".to_string(),
            FindingKind::MissingColumn => format!("column {} missing", self.object),
            FindingKind::UndeclaredColumn => format!("column {} not declared", self.object),
            FindingKind::ColumnType => format!("column {}: type", self.object),
            FindingKind::Nullability => format!("column {}: nullability", self.object),
            FindingKind::ColumnDefault => format!("column {}: default", self.object),
            FindingKind::PrimaryKey => format!("primary key {}", self.object),
            FindingKind::MissingUnique => format!("unique constraint {} missing", self.object),
            FindingKind::UndeclaredUnique => {
                format!("unique constraint {} not declared", self.object)
            }
            FindingKind::Unique => format!("unique constraint {}", self.object),
            FindingKind::MissingForeignKey => format!("foreign key {} missing", self.object),
            FindingKind::UndeclaredForeignKey => {
                format!("foreign key {} not declared", self.object)
            }
            FindingKind::ForeignKey => format!("foreign key {}", self.object),
            FindingKind::MissingIndex => format!("index {} missing", self.object),
            FindingKind::UndeclaredIndex => format!("index {} not declared", self.object),
            FindingKind::Index => format!("index {}", self.object),
            FindingKind::UndeclaredCheck => {
                format!("check constraint {} not declared", self.object)
            }
            FindingKind::Generated => format!("column {}: generated expression", self.object),
            FindingKind::Identity => format!("column {}: identity", self.object),
            FindingKind::MissingCheck => format!("check constraint {} missing", self.object),
            FindingKind::Check => format!("check constraint {}", self.object),
            FindingKind::MissingEnum => format!("{} missing", self.object),
            FindingKind::UndeclaredEnum => format!("{} not declared", self.object),
            FindingKind::EnumValues => format!("{}: values", self.object),
            FindingKind::Behaviour => format!("behaviour of {}", self.object),
            FindingKind::MissingExtension => format!("extension {} missing", self.object),
            FindingKind::MissingView => "view missing".to_string(),
            FindingKind::UndeclaredView => "view not declared in the schema".to_string(),
            FindingKind::ViewKind => "kind of view".to_string(),
            FindingKind::ViewColumnOrder => format!("view column {}: position", self.object),
            FindingKind::MissingSequence => "sequence missing".to_string(),
            FindingKind::UndeclaredSequence => "sequence not declared in the schema".to_string(),
            FindingKind::SequenceOptions => "sequence options".to_string(),
        };
        format!("{what}: expected {}, found {}", self.expected, self.found)
    }
}

/// The result of a comparison: findings, and how many things were compared.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comparison {
    pub findings: Vec<Finding>,
    pub checks: usize,
}

/// Compares `declared` with what `catalog` holds.
pub fn compare(declared: &Schema, catalog: &Catalog) -> Comparison {
    let mut out = Comparison::default();
    let found_schema = &catalog.schema;
    // Name lookups through maps: linear scans make a 2,000-table comparison quadratic.
    let found_tables: HashMap<&str, &TableDef> = found_schema
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    let declared_tables: HashMap<&str, &TableDef> = declared
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    for table in &declared.tables {
        out.checks += 1;
        let Some(found) = found_tables.get(table.name.as_str()).copied() else {
            let found = match table
                .renamed_from
                .as_deref()
                .filter(|old| found_tables.contains_key(old))
            {
                Some(old) => format!("only its old name {old} (the rename is not applied)"),
                None => "no such table".into(),
            };
            out.findings.push(Finding::new(
                &table.name,
                "",
                FindingKind::MissingTable,
                "the table",
                found,
            ));
            continue;
        };
        compare_columns(table, found, catalog, &mut out);
        compare_primary_key(table, found, &mut out);
        compare_uniques(table, found, &mut out);
        compare_foreign_keys(table, found, &mut out);
        crate::compare_index::compare_indexes(table, found, &mut out);
        crate::enums_checks::compare_checks(table, found, catalog, &mut out);
    }
    crate::enums_checks::compare_enums(declared, catalog, &mut out);
    for found in &found_schema.tables {
        if !declared_tables.contains_key(found.name.as_str()) {
            let columns: Vec<&str> = found.columns.iter().map(|c| c.name.as_str()).collect();
            out.findings.push(Finding::new(
                &found.name,
                "",
                FindingKind::UndeclaredTable,
                "no such table",
                format!("a table with columns ({})", columns.join(", ")),
            ));
        }
    }
    crate::compare_index::compare_extensions(declared, found_schema, &mut out);
    crate::views::compare_views(&declared.views, &found_schema.views, &mut out);
    crate::sequences::compare_sequences(&declared.sequences, &found_schema.sequences, &mut out);
    out
}

fn compare_columns(table: &TableDef, found: &TableDef, catalog: &Catalog, out: &mut Comparison) {
    let pk_columns: &[String] = table.primary_key.as_ref().map_or(&[], |pk| &pk.columns);
    for column in &table.columns {
        out.checks += 1;
        let Some(found_column) = found.column(&column.name) else {
            let hint = match column
                .renamed_from
                .as_deref()
                .filter(|old| found.column(old).is_some())
            {
                Some(old) => format!("only its old name {old} (the rename is not applied)"),
                None => "no such column".into(),
            };
            out.findings.push(Finding::new(
                &table.name,
                &column.name,
                FindingKind::MissingColumn,
                column.sql_type.sql(),
                hint,
            ));
            continue;
        };
        let expected_type = canonical_type(&column.sql_type);
        let found_type = canonical_type(&found_column.sql_type);
        out.checks += 3;
        if expected_type != found_type {
            out.findings.push(Finding::new(
                &table.name,
                &column.name,
                FindingKind::ColumnType,
                expected_type,
                found_type,
            ));
        }
        // PostgreSQL makes primary key columns NOT NULL whatever the column says.
        let expected_not_null = column.not_null || pk_columns.contains(&column.name);
        if expected_not_null != found_column.not_null {
            out.findings.push(Finding::new(
                &table.name,
                &column.name,
                FindingKind::Nullability,
                null_word(expected_not_null),
                null_word(found_column.not_null),
            ));
        }
        crate::compare_generated::compare(&table.name, column, found_column, &mut out.findings);
        if !defaults_match(column, found_column) {
            let raw = catalog
                .raw_defaults
                .get(&(table.name.clone(), column.name.clone()));
            out.findings.push(Finding::new(
                &table.name,
                &column.name,
                FindingKind::ColumnDefault,
                describe_default(column.default.as_ref()),
                raw.cloned().unwrap_or_else(|| "no default".into()),
            ));
        }
    }
    for found_column in &found.columns {
        if table.column(&found_column.name).is_none() {
            let old_name_of = table
                .columns
                .iter()
                .find(|c| c.renamed_from.as_deref() == Some(&found_column.name));
            let expected = match old_name_of {
                Some(new) => format!("no such column (it was renamed to {})", new.name),
                None => "no such column".into(),
            };
            out.findings.push(Finding::new(
                &table.name,
                &found_column.name,
                FindingKind::UndeclaredColumn,
                expected,
                format!(
                    "{} {}",
                    canonical_type(&found_column.sql_type),
                    null_word(found_column.not_null)
                ),
            ));
        }
    }
}

fn compare_primary_key(table: &TableDef, found: &TableDef, out: &mut Comparison) {
    out.checks += 1;
    match (&table.primary_key, &found.primary_key) {
        (None, None) => {}
        (Some(pk), None) => out.findings.push(Finding::new(
            &table.name,
            &pk.name,
            FindingKind::PrimaryKey,
            format!("PRIMARY KEY ({})", pk.columns.join(", ")),
            "no primary key",
        )),
        (None, Some(pk)) => out.findings.push(Finding::new(
            &table.name,
            &pk.name,
            FindingKind::PrimaryKey,
            "no primary key",
            format!("PRIMARY KEY ({})", pk.columns.join(", ")),
        )),
        (Some(expected), Some(pk)) => {
            if expected.columns != pk.columns || expected.name != pk.name {
                out.findings.push(Finding::new(
                    &table.name,
                    &expected.name,
                    FindingKind::PrimaryKey,
                    format!(
                        "{} PRIMARY KEY ({})",
                        expected.name,
                        expected.columns.join(", ")
                    ),
                    format!("{} PRIMARY KEY ({})", pk.name, pk.columns.join(", ")),
                ));
            }
        }
    }
}

fn compare_uniques(table: &TableDef, found: &TableDef, out: &mut Comparison) {
    let mut matched = vec![false; found.uniques.len()];
    for unique in &table.uniques {
        out.checks += 1;
        let position = found
            .uniques
            .iter()
            .position(|u| u.name == unique.name)
            .or_else(|| {
                found
                    .uniques
                    .iter()
                    .enumerate()
                    .position(|(i, u)| !matched[i] && u.columns == unique.columns)
            });
        let expected = format!("UNIQUE ({})", unique.columns.join(", "));
        match position {
            Some(i) => {
                matched[i] = true;
                let got = &found.uniques[i];
                if got.columns != unique.columns
                    || got.name != unique.name
                    || got.nulls_not_distinct != unique.nulls_not_distinct
                {
                    out.findings.push(Finding::new(
                        &table.name,
                        &unique.name,
                        FindingKind::Unique,
                        format!(
                            "{} {expected}{}",
                            unique.name,
                            nnd(unique.nulls_not_distinct)
                        ),
                        format!(
                            "{} UNIQUE ({}){}",
                            got.name,
                            got.columns.join(", "),
                            nnd(got.nulls_not_distinct)
                        ),
                    ));
                }
            }
            None => {
                // A unique index enforces the same rule but is not the constraint drizzle declares
                // (ON CONFLICT ON CONSTRAINT and the snapshot differ).
                let index = found
                    .indexes
                    .iter()
                    .find(|i| i.unique && i.columns == unique.columns);
                let got = match index {
                    Some(index) => {
                        format!("a unique index {}, not a unique constraint", index.name)
                    }
                    None => "no such constraint".into(),
                };
                out.findings.push(Finding::new(
                    &table.name,
                    &unique.name,
                    FindingKind::MissingUnique,
                    expected,
                    got,
                ));
            }
        }
    }
    for (i, got) in found.uniques.iter().enumerate() {
        if !matched[i] {
            out.findings.push(Finding::new(
                &table.name,
                &got.name,
                FindingKind::UndeclaredUnique,
                "no such constraint",
                format!("UNIQUE ({})", got.columns.join(", ")),
            ));
        }
    }
}

fn compare_foreign_keys(table: &TableDef, found: &TableDef, out: &mut Comparison) {
    let mut matched = vec![false; found.foreign_keys.len()];
    for fk in &table.foreign_keys {
        out.checks += 1;
        let position = found
            .foreign_keys
            .iter()
            .position(|f| f.name == fk.name)
            .or_else(|| {
                found.foreign_keys.iter().enumerate().position(|(i, f)| {
                    !matched[i] && f.columns == fk.columns && f.ref_table == fk.ref_table
                })
            });
        let Some(i) = position else {
            out.findings.push(Finding::new(
                &table.name,
                &fk.name,
                FindingKind::MissingForeignKey,
                describe_fk(&fk.columns, &fk.ref_table, &fk.ref_columns),
                "no such constraint",
            ));
            continue;
        };
        matched[i] = true;
        let got = &found.foreign_keys[i];
        let mut differ = |what: &str, expected: String, found: String| {
            if expected != found {
                out.findings.push(Finding::new(
                    &table.name,
                    &fk.name,
                    FindingKind::ForeignKey,
                    format!("{what} {expected}"),
                    format!("{what} {found}"),
                ));
            }
        };
        differ("name", fk.name.clone(), got.name.clone());
        differ(
            "",
            describe_fk(&fk.columns, &fk.ref_table, &fk.ref_columns),
            describe_fk(&got.columns, &got.ref_table, &got.ref_columns),
        );
        differ(
            "ON DELETE",
            fk.on_delete.sql().to_string(),
            got.on_delete.sql().to_string(),
        );
        differ(
            "ON UPDATE",
            fk.on_update.sql().to_string(),
            got.on_update.sql().to_string(),
        );
    }
    for (i, got) in found.foreign_keys.iter().enumerate() {
        if !matched[i] {
            out.findings.push(Finding::new(
                &table.name,
                &got.name,
                FindingKind::UndeclaredForeignKey,
                "no such constraint",
                format!(
                    "{} ON DELETE {}",
                    describe_fk(&got.columns, &got.ref_table, &got.ref_columns),
                    got.on_delete.sql()
                ),
            ));
        }
    }
}

fn describe_fk(columns: &[String], ref_table: &str, ref_columns: &[String]) -> String {
    format!(
        "({}) REFERENCES {ref_table}({})",
        columns.join(", "),
        ref_columns.join(", ")
    )
    .trim()
    .to_string()
}

fn nnd(nulls_not_distinct: bool) -> &'static str {
    if nulls_not_distinct {
        " NULLS NOT DISTINCT"
    } else {
        ""
    }
}

fn null_word(not_null: bool) -> &'static str {
    if not_null {
        "NOT NULL"
    } else {
        "nullable"
    }
}

fn describe_default(default: Option<&SqlDefault>) -> String {
    match default {
        None => "no default".into(),
        Some(SqlDefault::Text(s)) => format!("'{}'", s.replace('\'', "''")),
        Some(SqlDefault::Number(n)) => n.clone(),
        Some(SqlDefault::Boolean(b)) => b.to_string(),
        Some(SqlDefault::Json(j)) => format!("'{j}'"),
        Some(SqlDefault::Now) => "now()".into(),
        Some(SqlDefault::Expression(e)) => e.clone(),
    }
}

/// drizzle's `serial` family: an integer column whose default is its sequence.
fn serial_base(ty: &SqlType) -> Option<SqlType> {
    match ty {
        SqlType::Other(s) if s == "serial" || s == "serial4" => Some(SqlType::Integer),
        SqlType::Other(s) if s == "bigserial" || s == "serial8" => Some(SqlType::BigInt),
        SqlType::Other(s) if s == "smallserial" || s == "serial2" => Some(SqlType::SmallInt),
        _ => None,
    }
}

/// One spelling per type, PostgreSQL's (`format_type`), so `timestamp(3)` and
/// `timestamp(3) without time zone` compare equal.
pub fn canonical_type(ty: &SqlType) -> String {
    if let Some(base) = serial_base(ty) {
        return base.catalog();
    }
    let spelled = SqlType::parse(&ty.catalog()).catalog();
    let (base, array) = match spelled.strip_suffix("[]") {
        Some(base) => (base.to_string(), "[]"),
        None => (spelled.clone(), ""),
    };
    let base = match base.as_str() {
        "int" | "int4" => "integer".to_string(),
        "int8" => "bigint".to_string(),
        "int2" => "smallint".to_string(),
        "bool" => "boolean".to_string(),
        "float8" => "double precision".to_string(),
        "float4" => "real".to_string(),
        "timestamptz" => "timestamp with time zone".to_string(),
        "char" => "character(1)".to_string(),
        other => {
            let compact = other.replace(", ", ",");
            if let Some(p) = compact.strip_prefix("timestamptz(") {
                format!("timestamp({p} with time zone")
            } else if let Some(p) = compact
                .strip_prefix("timestamp(")
                .filter(|p| !p.contains("time zone"))
            {
                format!("timestamp({p} without time zone")
            } else if let Some(p) = compact.strip_prefix("decimal(") {
                format!("numeric({p}")
            } else if let Some(p) = compact.strip_prefix("char(") {
                format!("character({p}")
            } else if let Some(p) = compact
                .strip_prefix("time(")
                .filter(|p| !p.contains("time zone"))
            {
                format!("time({p} without time zone")
            } else if compact == "time" {
                "time without time zone".to_string()
            } else {
                compact
            }
        }
    };
    let base = match SqlType::parse(&base) {
        SqlType::Other(s) => s,
        known => known.catalog(),
    };
    format!("{base}{array}")
}

fn defaults_match(declared: &ColumnDef, found: &ColumnDef) -> bool {
    if serial_base(&declared.sql_type).is_some() {
        return matches!(&found.default, Some(SqlDefault::Expression(e)) if e.starts_with("nextval("));
    }
    match (&declared.default, &found.default) {
        (None, None) => true,
        (Some(expected), Some(got)) => defaults_equal(expected, got),
        _ => false,
    }
}

fn defaults_equal(expected: &SqlDefault, got: &SqlDefault) -> bool {
    // A declared expression may be a literal PostgreSQL would spell differently.
    let expected = match expected {
        SqlDefault::Expression(e) => normalize_default(e),
        other => other.clone(),
    };
    match (&expected, got) {
        (SqlDefault::Json(a), SqlDefault::Json(b)) => {
            serde_json::from_str::<serde_json::Value>(a).ok()
                == serde_json::from_str::<serde_json::Value>(b).ok()
        }
        (SqlDefault::Number(a), SqlDefault::Number(b)) => {
            a == b
                || a.parse::<f64>()
                    .ok()
                    .zip(b.parse::<f64>().ok())
                    .is_some_and(|(x, y)| x == y)
        }
        (SqlDefault::Expression(a), SqlDefault::Expression(b)) => squash(a) == squash(b),
        // `CURRENT_TIMESTAMP` and `now()` are the same function.
        (SqlDefault::Now, SqlDefault::Expression(b))
        | (SqlDefault::Expression(b), SqlDefault::Now) => squash(b) == "current_timestamp",
        (a, b) => a == b,
    }
}

fn squash(expr: &str) -> String {
    expr.split_whitespace()
        .collect::<String>()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_types_agree_across_spellings() {
        let same = |a: &str, b: &str| {
            assert_eq!(
                canonical_type(&SqlType::parse(a)),
                canonical_type(&SqlType::parse(b)),
                "{a} vs {b}"
            )
        };
        same("timestamp", "timestamp without time zone");
        same("timestamp(3)", "timestamp(3) without time zone");
        same("timestamptz", "timestamp with time zone");
        same("varchar(255)", "character varying(255)");
        same("decimal(10, 2)", "numeric(10,2)");
        same("int4", "integer");
        same("text[]", "text[]");
        assert_ne!(
            canonical_type(&SqlType::Text),
            canonical_type(&SqlType::Varchar(None))
        );
        assert_eq!(canonical_type(&SqlType::Other("serial".into())), "integer");
    }
}
