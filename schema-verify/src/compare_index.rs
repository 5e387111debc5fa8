//! Indexes and extensions, declared against found: each aspect of an index (uniqueness, method,
//! keys, operator classes, order, predicate, storage parameters) is its own finding, so the
//! message says what differs. Expressions and predicates compare in [`canonical_sql`] form,
//! since PostgreSQL re-spells them.

use schema_model::{ddl, Index, Schema, TableDef};

use crate::compare::{Comparison, Finding, FindingKind};
use crate::introspect_index::canonical_sql;

pub(crate) fn compare_indexes(table: &TableDef, found: &TableDef, out: &mut Comparison) {
    for index in &table.indexes {
        out.checks += 1;
        let Some(got) = found.indexes.iter().find(|i| i.name == index.name) else {
            out.findings.push(Finding::new(
                &table.name,
                &index.name,
                FindingKind::MissingIndex,
                describe(index),
                "no such index",
            ));
            continue;
        };
        if let Some((expected, found)) = difference(index, got) {
            out.findings.push(Finding::new(
                &table.name,
                &index.name,
                FindingKind::Index,
                expected,
                found,
            ));
        }
    }
    for got in &found.indexes {
        if !table.indexes.iter().any(|i| i.name == got.name) {
            out.findings.push(Finding::new(
                &table.name,
                &got.name,
                FindingKind::UndeclaredIndex,
                "no such index",
                describe(got),
            ));
        }
    }
}

/// The first aspect in which `got` differs from `index`: (expected, found), each naming it.
fn difference(index: &Index, got: &Index) -> Option<(String, String)> {
    if index.unique != got.unique {
        let says = |u: bool| {
            if u {
                "a unique index"
            } else {
                "a non-unique index"
            }
        };
        return Some((says(index.unique).into(), says(got.unique).into()));
    }
    if !index.method.eq_ignore_ascii_case(&got.method) {
        return Some((
            format!("USING {}", index.method),
            format!("USING {}", got.method),
        ));
    }
    let keys = |i: &Index| -> Vec<String> {
        (0..i.columns.len())
            .map(|k| ddl::index_key_sql(&i.columns[k], &i.key(k)))
            .collect()
    };
    let same_keys = index.columns.len() == got.columns.len()
        && (0..index.columns.len()).all(|k| {
            let (want, have) = (index.key(k), got.key(k));
            let same_text = if want.expression || have.expression {
                want.expression == have.expression
                    && canonical_sql(&index.columns[k]) == canonical_sql(&got.columns[k])
            } else {
                index.columns[k] == got.columns[k]
            };
            // A declared operator class the catalog reports as the type's default is the same.
            let same_opclass = want.opclass == have.opclass || have.opclass.is_none();
            same_text
                && same_opclass
                && want.desc == have.desc
                && want.nulls_first == have.nulls_first
        });
    if !same_keys {
        return Some((
            format!("keys ({})", keys(index).join(", ")),
            format!("keys ({})", keys(got).join(", ")),
        ));
    }
    let predicate = |i: &Index| i.where_sql.as_deref().map(canonical_sql);
    if predicate(index) != predicate(got) {
        let says = |i: &Index| match &i.where_sql {
            Some(p) => format!("WHERE {p}"),
            None => "no WHERE".to_string(),
        };
        return Some((says(index), says(got)));
    }
    let mut want_with = index.with.clone();
    let mut got_with = got.with.clone();
    want_with.sort();
    got_with.sort();
    if want_with != got_with {
        let says = |w: &[(String, String)]| {
            let params: Vec<String> = w.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("WITH ({})", params.join(","))
        };
        return Some((says(&want_with), says(&got_with)));
    }
    None
}

fn describe(index: &Index) -> String {
    let keys: Vec<String> = (0..index.columns.len())
        .map(|k| ddl::index_key_sql(&index.columns[k], &index.key(k)))
        .collect();
    let mut out = format!(
        "{}INDEX USING {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        index.method,
        keys.join(", ")
    );
    if let Some(predicate) = &index.where_sql {
        out.push_str(&format!(" WHERE {predicate}"));
    }
    out
}

/// Every declared extension must be installed; an undeclared one (plpgsql, one a DBA added) is
/// not a finding.
pub(crate) fn compare_extensions(declared: &Schema, found: &Schema, out: &mut Comparison) {
    for extension in &declared.extensions {
        out.checks += 1;
        if !found.extensions.contains(extension) {
            out.findings.push(Finding::new(
                "",
                extension,
                FindingKind::MissingExtension,
                format!("extension {extension} installed (CREATE EXTENSION IF NOT EXISTS \"{extension}\")"),
                "not installed",
            ));
        }
    }
}
