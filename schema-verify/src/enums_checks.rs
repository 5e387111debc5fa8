//! PostgreSQL enum types and CHECK constraints in the catalog: reading the enums' labels, asking
//! PostgreSQL to spell each declared CHECK expression as it spells the ones it stores, and
//! comparing both with the declaration.
//!
//! A CHECK expression is stored normalized (`"price" > 0` reads back as `CHECK ((price > 0))`,
//! with casts such as `(0)::numeric` on a numeric column), so the declared expression is not
//! compared as text: [`normalize_declared_checks`] adds it, inside a transaction that is rolled
//! back, to an empty temporary copy of its table (`CREATE TEMP TABLE … (LIKE …)`) and reads
//! `pg_get_constraintdef` back. Without that (a catalog read on its own), the comparison falls
//! back to sqlparser's spelling of both sides with casts and parentheses dropped.

use std::collections::BTreeMap;

use schema_model::{CheckConstraint, PgEnum, Schema};

use crate::compare::{Comparison, Finding, FindingKind};
use crate::error::{Error, Result};
use crate::introspect::Catalog;
use crate::server::quote_ident;

const ENUMS: &str = include_str!("sql/enums.sql");

/// The enum types of `namespaces`, labels in sort order.
pub fn read_enums(client: &mut postgres::Client, namespaces: &[String]) -> Result<Vec<PgEnum>> {
    Ok(client
        .query(ENUMS, &[&namespaces])
        .map_err(Error::pg("reading enum types from pg_catalog"))?
        .into_iter()
        .map(|row| PgEnum {
            name: row.get("enum_name"),
            values: row.get("labels"),
            renamed_values: Default::default(),
        })
        .collect())
}

/// PostgreSQL's own spelling (`pg_get_constraintdef`) of every declared CHECK constraint of a
/// table the database has, by (table, constraint name); an expression PostgreSQL refuses maps
/// to its error message.
pub fn normalize_declared_checks(
    client: &mut postgres::Client,
    namespace: &str,
    declared: &Schema,
    catalog: &Catalog,
) -> Result<BTreeMap<(String, String), std::result::Result<String, String>>> {
    let mut out = BTreeMap::new();
    let tables: Vec<_> = declared
        .tables
        .iter()
        .filter(|t| !t.checks.is_empty() && catalog.schema.table(&t.name).is_some())
        .collect();
    if tables.is_empty() {
        return Ok(out);
    }
    let mut tx = client.transaction().map_err(Error::pg(
        "starting the transaction that spells CHECK expressions",
    ))?;
    for table in tables {
        let scratch = "sv_check_spelling";
        let create = format!(
            "CREATE TEMP TABLE {scratch} (LIKE {}.{}) ON COMMIT DROP",
            quote_ident(table.pg_schema().unwrap_or(namespace)),
            quote_ident(table.bare_name())
        );
        tx.batch_execute(&create)
            .map_err(Error::pg("copying a table to spell its CHECK expressions"))?;
        for check in &table.checks {
            let spelled = spell(&mut tx, scratch, check);
            out.insert((table.name.clone(), check.name.clone()), spelled);
        }
        tx.batch_execute(&format!("DROP TABLE {scratch}"))
            .map_err(Error::pg("dropping the scratch table"))?;
    }
    tx.rollback()
        .map_err(Error::pg("rolling back the CHECK spelling transaction"))?;
    Ok(out)
}

/// One declared check added to the scratch table, in a savepoint, and read back.
fn spell(
    tx: &mut postgres::Transaction,
    scratch: &str,
    check: &CheckConstraint,
) -> std::result::Result<String, String> {
    let mut savepoint = tx.transaction().map_err(|e| e.to_string())?;
    let added = savepoint.batch_execute(&format!(
        "ALTER TABLE {scratch} ADD CONSTRAINT {} CHECK ({})",
        quote_ident(&check.name),
        check.expression
    ));
    let result = match added {
        Err(e) => Err(e
            .as_db_error()
            .map_or_else(|| e.to_string(), |db| db.message().to_string())),
        Ok(()) => savepoint
            .query_one(
                "SELECT pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint \
                 WHERE conrelid = $1::text::regclass AND conname = $2",
                &[&scratch, &check.name],
            )
            .map(|row| crate::introspect::check_expression(&row.get::<_, String>(0)))
            .map_err(|e| e.to_string()),
    };
    savepoint.rollback().map_err(|e| e.to_string())?;
    result
}

/// The catalog of `namespace` and of every other PostgreSQL schema `declared` puts a table or
/// type in, with the declared CHECK expressions spelled by PostgreSQL, so that
/// [`compare`](crate::compare) compares them exactly.
pub fn introspect_declared(
    client: &mut postgres::Client,
    namespace: &str,
    declared: &Schema,
) -> Result<Catalog> {
    let namespaces: Vec<String> = std::iter::once(namespace)
        .chain(declared.pg_schemas())
        .map(str::to_string)
        .collect();
    let mut catalog = crate::introspect::introspect_schemas(client, &namespaces)?;
    catalog.declared_checks = normalize_declared_checks(client, namespace, declared, &catalog)?;
    Ok(catalog)
}

/// Enum types: each declared one exists with the same labels in the same order; none other.
pub fn compare_enums(declared: &Schema, catalog: &Catalog, out: &mut Comparison) {
    for e in &declared.enums {
        out.checks += 1;
        let object = format!("enum {}", e.name);
        match catalog.schema.pg_enum(&e.name) {
            None => out.findings.push(Finding::new(
                "",
                &object,
                FindingKind::MissingEnum,
                labels(&e.values),
                "no such type",
            )),
            Some(found) if found.values != e.values => out.findings.push(Finding::new(
                "",
                &object,
                FindingKind::EnumValues,
                labels(&e.values),
                labels(&found.values),
            )),
            Some(_) => {}
        }
    }
    for found in &catalog.schema.enums {
        if declared.pg_enum(&found.name).is_none() {
            out.findings.push(Finding::new(
                "",
                &format!("enum {}", found.name),
                FindingKind::UndeclaredEnum,
                "no such type",
                labels(&found.values),
            ));
        }
    }
}

fn labels(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    format!("ENUM({})", quoted.join(", "))
}

/// A table's CHECK constraints: each declared one exists with the same expression; none other.
pub fn compare_checks(
    table: &schema_model::TableDef,
    found: &schema_model::TableDef,
    catalog: &Catalog,
    out: &mut Comparison,
) {
    for check in &table.checks {
        out.checks += 1;
        let Some(got) = found.checks.iter().find(|c| c.name == check.name) else {
            out.findings.push(Finding::new(
                &table.name,
                &check.name,
                FindingKind::MissingCheck,
                format!("CHECK ({})", check.expression),
                "no such constraint",
            ));
            continue;
        };
        let key = (table.name.clone(), check.name.clone());
        let same = match catalog.declared_checks.get(&key) {
            Some(Ok(spelled)) => *spelled == got.expression,
            Some(Err(refused)) => {
                out.findings.push(Finding::new(
                    &table.name,
                    &check.name,
                    FindingKind::Check,
                    format!("CHECK ({})", check.expression),
                    format!("PostgreSQL refuses the declared expression: {refused}"),
                ));
                continue;
            }
            None => loose(&check.expression) == loose(&got.expression),
        };
        if !same {
            out.findings.push(Finding::new(
                &table.name,
                &check.name,
                FindingKind::Check,
                format!("CHECK ({})", check.expression),
                got.expression.clone(),
            ));
        }
    }
    for got in &found.checks {
        if !table.checks.iter().any(|c| c.name == got.name) {
            out.findings.push(Finding::new(
                &table.name,
                &got.name,
                FindingKind::UndeclaredCheck,
                "no check constraint",
                got.expression.clone(),
            ));
        }
    }
}

/// A CHECK definition with what PostgreSQL adds taken out: parentheses, casts of literals
/// (`(0)::numeric`, `'a'::text`), identifier quotes, case and spacing. The fallback comparison.
fn loose(definition: &str) -> String {
    let mut text = definition.to_ascii_lowercase();
    for cast in [
        "::text",
        "::numeric",
        "::integer",
        "::bigint",
        "::character varying",
    ] {
        text = text.replace(cast, "");
    }
    text.chars()
        .filter(|c| !matches!(c, '(' | ')' | '"') && !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::loose;

    #[test]
    fn the_fallback_ignores_what_postgresql_adds() {
        assert_eq!(loose("\"price\" > 0"), loose("(price > (0)::numeric)"));
        assert_eq!(loose("\"status\" <> 'x'"), loose("(status <> 'x'::text)"));
        assert_ne!(loose("\"a\" > 0"), loose("(a >= 0)"));
    }
}
