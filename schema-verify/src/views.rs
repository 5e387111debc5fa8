//! Views and materialized views: read from `pg_class` (relkind `v` / `m`) and `pg_attribute`,
//! compared with the declared ones by kind and by the name and type of each column, in order.
//! The query itself is not compared: PostgreSQL keeps it re-printed (`pg_get_viewdef`), not
//! as written.

use schema_model::{ColumnDef, SqlType, ViewDef, ViewTs};

use crate::compare::{canonical_type, Comparison, Finding, FindingKind};
use crate::error::{Error, Result};

const VIEWS: &str = include_str!("sql/views.sql");

/// The views of one PostgreSQL schema, by name; `definition` is `pg_get_viewdef`'s text.
pub fn introspect_views(
    client: &mut postgres::Client,
    namespaces: &[String],
) -> Result<Vec<ViewDef>> {
    let mut views: Vec<ViewDef> = Vec::new();
    for row in client
        .query(VIEWS, &[&namespaces])
        .map_err(Error::pg("reading views from pg_catalog"))?
    {
        let name: String = row.get("view_name");
        if views.last().is_none_or(|v| v.name != name) {
            views.push(ViewDef {
                name,
                materialized: row.get("materialized"),
                definition: row.get("definition"),
                columns: Vec::new(),
                ts: ViewTs::default(),
            });
        }
        let data_type: String = row.get("data_type");
        views
            .last_mut()
            .expect("pushed above")
            .columns
            .push(ColumnDef {
                name: row.get("column_name"),
                renamed_from: None,
                sql_type: SqlType::parse(&data_type),
                not_null: false,
                default: None,
                generated: None,
                ts: Default::default(),
            });
    }
    Ok(views)
}

fn kind(materialized: bool) -> &'static str {
    if materialized {
        "a materialized view"
    } else {
        "a view"
    }
}

/// Every declared view against the catalog's, and every view of the catalog not declared.
pub(crate) fn compare_views(declared: &[ViewDef], found: &[ViewDef], out: &mut Comparison) {
    for view in declared {
        out.checks += 1;
        let Some(found_view) = found.iter().find(|f| f.name == view.name) else {
            out.findings.push(Finding::new(
                &view.name,
                "",
                FindingKind::MissingView,
                kind(view.materialized),
                "no such view",
            ));
            continue;
        };
        out.checks += 1;
        if found_view.materialized != view.materialized {
            out.findings.push(Finding::new(
                &view.name,
                "",
                FindingKind::ViewKind,
                kind(view.materialized),
                kind(found_view.materialized),
            ));
        }
        for (position, column) in view.columns.iter().enumerate() {
            out.checks += 1;
            let Some(found_column) = found_view.column(&column.name) else {
                out.findings.push(Finding::new(
                    &view.name,
                    &column.name,
                    FindingKind::MissingColumn,
                    column.sql_type.sql(),
                    "the view's query yields no such column",
                ));
                continue;
            };
            let (expected, got) = (
                canonical_type(&column.sql_type),
                canonical_type(&found_column.sql_type),
            );
            if expected != got {
                out.findings.push(Finding::new(
                    &view.name,
                    &column.name,
                    FindingKind::ColumnType,
                    expected,
                    got,
                ));
            } else if found_view.columns.get(position).map(|c| &c.name) != Some(&column.name) {
                out.findings.push(Finding::new(
                    &view.name,
                    &column.name,
                    FindingKind::ViewColumnOrder,
                    format!("column {} of the view", position + 1),
                    found_view
                        .columns
                        .iter()
                        .position(|c| c.name == column.name)
                        .map_or_else(String::new, |p| format!("column {}", p + 1)),
                ));
            }
        }
        for found_column in &found_view.columns {
            if view.column(&found_column.name).is_none() {
                out.findings.push(Finding::new(
                    &view.name,
                    &found_column.name,
                    FindingKind::UndeclaredColumn,
                    "no such column (declare a field for it)",
                    found_column.sql_type.sql(),
                ));
            }
        }
    }
    for found_view in found {
        if !declared.iter().any(|v| v.name == found_view.name) {
            out.findings.push(Finding::new(
                &found_view.name,
                "",
                FindingKind::UndeclaredView,
                "no such view",
                format!(
                    "{} of ({})",
                    kind(found_view.materialized),
                    found_view.definition.trim()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, materialized: bool, columns: &[(&str, SqlType)]) -> ViewDef {
        ViewDef {
            name: name.into(),
            materialized,
            definition: "select 1".into(),
            columns: columns
                .iter()
                .map(|(n, t)| ColumnDef {
                    name: n.to_string(),
                    renamed_from: None,
                    sql_type: t.clone(),
                    not_null: false,
                    default: None,
                    generated: None,
                    ts: Default::default(),
                })
                .collect(),
            ts: ViewTs::default(),
        }
    }

    #[test]
    fn each_difference_is_a_finding_naming_the_view_and_column() {
        let declared = [
            view(
                "a",
                false,
                &[("id", SqlType::Integer), ("email", SqlType::Text)],
            ),
            view("b", true, &[("n", SqlType::BigInt)]),
            view("gone", false, &[("id", SqlType::Integer)]),
        ];
        let found = [
            view(
                "a",
                false,
                &[
                    ("email", SqlType::Text),
                    ("id", SqlType::Text),
                    ("extra", SqlType::Date),
                ],
            ),
            view("b", false, &[("n", SqlType::BigInt)]),
            view("stray", true, &[("x", SqlType::Integer)]),
        ];
        let mut out = Comparison::default();
        compare_views(&declared, &found, &mut out);
        let found: Vec<(String, String, FindingKind)> = out
            .findings
            .iter()
            .map(|f| (f.table.clone(), f.object.clone(), f.kind))
            .collect();
        let expected = [
            ("a", "id", FindingKind::ColumnType),
            ("a", "email", FindingKind::ViewColumnOrder),
            ("a", "extra", FindingKind::UndeclaredColumn),
            ("b", "", FindingKind::ViewKind),
            ("gone", "", FindingKind::MissingView),
            ("stray", "", FindingKind::UndeclaredView),
        ];
        let expected: Vec<(String, String, FindingKind)> = expected
            .iter()
            .map(|(t, o, k)| (t.to_string(), o.to_string(), *k))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(
            out.findings[3].message(),
            "kind of view: expected a materialized view, found a view"
        );
    }
}
