//! The planner's part for PostgreSQL enum types: new and dropped types, added values (placed as
//! drizzle-kit places them), declared value renames, and drizzle-kit's recipe for removed values.

use std::collections::HashMap;

use super::{Plan, Step};
use crate::model::{CheckConstraint, PgEnum, Schema, SqlDefault, SqlType};

/// A column of an enum type that a value removal converts to text and back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumColumn {
    pub table: String,
    pub column: String,
    pub default: Option<SqlDefault>,
}

/// The enum steps of a plan, by the bucket each goes to.
#[derive(Default)]
pub(super) struct EnumSteps {
    /// New types, value renames, added values: before anything that could use them.
    pub first: Vec<Step>,
    /// Types rebuilt without removed values: after the foreign keys are dropped.
    pub rebuilds: Vec<Step>,
    /// Dropped types: after every table and column that used them is gone.
    pub drops: Vec<Step>,
}

/// The enum steps from `from` to `to`. `renamed(enum, value)` is the label `value` of `enum`
/// had in `from`, when it was renamed.
pub(super) fn diff_enums(
    from: &Schema,
    to: &Schema,
    renamed: impl Fn(&PgEnum, &str) -> Option<String>,
) -> EnumSteps {
    let mut steps = EnumSteps::default();
    if from.enums.is_empty() && to.enums.is_empty() {
        return steps;
    }
    let old: HashMap<&str, &PgEnum> = from.enums.iter().map(|e| (e.name.as_str(), e)).collect();
    let mut new: Vec<&PgEnum> = to.enums.iter().collect();
    new.sort_by(|a, b| a.name.cmp(&b.name));
    let mut renames = Vec::new();
    let mut added = Vec::new();
    for e in &new {
        let Some(previous) = old.get(e.name.as_str()) else {
            steps.first.push(Step::CreateEnum((*e).clone()));
            continue;
        };
        if previous.values == e.values {
            continue;
        }
        let mut before: Vec<String> = previous.values.clone();
        for value in &e.values {
            let Some(prev) = renamed(e, value) else {
                continue;
            };
            if before.contains(value) {
                continue;
            }
            if let Some(slot) = before.iter_mut().find(|v| **v == prev) {
                *slot = value.clone();
                renames.push(Step::RenameEnumValue {
                    name: e.name.clone(),
                    from: prev,
                    to: value.clone(),
                });
            }
        }
        let (removed, additions) = values_diff(&before, &e.values);
        if !removed.is_empty() {
            steps.rebuilds.push(Step::RebuildEnum {
                pg_enum: (*e).clone(),
                removed,
                columns: enum_columns(to, &e.name),
            });
        } else {
            added.extend(
                additions
                    .into_iter()
                    .map(|(value, before)| Step::AddEnumValue {
                        name: e.name.clone(),
                        value,
                        before,
                    }),
            );
        }
    }
    steps.first.extend(renames);
    steps.first.extend(added);
    let mut dropped: Vec<&PgEnum> = from
        .enums
        .iter()
        .filter(|e| to.pg_enum(&e.name).is_none())
        .collect();
    dropped.sort_by(|a, b| a.name.cmp(&b.name));
    steps.drops = dropped
        .into_iter()
        .map(|e| Step::DropEnum {
            name: e.name.clone(),
        })
        .collect();
    steps
}

/// The columns of enum type `name` in `schema`, by table name, with their defaults.
fn enum_columns(schema: &Schema, name: &str) -> Vec<EnumColumn> {
    let mut tables: Vec<_> = schema.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    tables
        .into_iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter(|(_, c)| matches!(&c.sql_type, SqlType::Enum(n) if n == name))
        .map(|(t, c)| EnumColumn {
            table: t.name.clone(),
            column: c.name.clone(),
            default: c.default.clone(),
        })
        .collect()
}

/// The values of `old` that `new` lacks, and the values `new` adds, each with the value it goes
/// before (the next value both lists share; none: it goes last), as drizzle-kit's
/// `mapArraysDiff` places them.
pub fn values_diff(old: &[String], new: &[String]) -> (Vec<String>, Vec<(String, Option<String>)>) {
    // Longest common subsequence: the values that keep their relative order.
    let (n, m) = (old.len(), new.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut same = vec![false; m];
    let mut removed = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            same[j] = true;
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            j += 1;
        } else {
            removed.push(old[i].clone());
            i += 1;
        }
    }
    let mut added = Vec::new();
    for (j, value) in new.iter().enumerate() {
        if !same[j] {
            let before = (j + 1..m).find(|&k| same[k]).map(|k| new[k].clone());
            added.push((value.clone(), before));
        }
    }
    (removed, added)
}

/// One use, in a plan, of an enum value the same plan adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnumValueUse {
    pub enum_name: String,
    pub value: String,
    /// Where: `table "tasks", column "status": DEFAULT 'blocked'`.
    pub place: String,
}

impl std::fmt::Display for NewEnumValueUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} uses value '{}' of enum type \"{}\", which the same migration adds; PostgreSQL cannot use a new enum value before the transaction that adds it commits (\"unsafe use of new value\", SQLSTATE 55P04)",
            self.place, self.value, self.enum_name
        )
    }
}

impl Plan {
    /// The up steps that use an enum value the same plan adds (`ALTER TYPE … ADD VALUE`): the
    /// migration would fail. Write the value first (one migration), then its use (the next).
    pub fn new_enum_value_uses(&self) -> Vec<NewEnumValueUse> {
        let added: Vec<(&str, &str)> = self
            .up
            .iter()
            .filter_map(|s| match s {
                Step::AddEnumValue { name, value, .. } => Some((name.as_str(), value.as_str())),
                _ => None,
            })
            .collect();
        if added.is_empty() {
            return Vec::new();
        }
        let mut uses = Vec::new();
        let mut default_use = |table: &str, column: &str, ty: &SqlType, default: &SqlDefault| {
            if let (SqlType::Enum(name), SqlDefault::Text(value)) = (ty, default) {
                if added.contains(&(name.as_str(), value.as_str())) {
                    uses.push(NewEnumValueUse {
                        enum_name: name.clone(),
                        value: value.clone(),
                        place: format!("table \"{table}\", column \"{column}\": DEFAULT '{value}'"),
                    });
                }
            }
        };
        let mut checks: Vec<(&str, &CheckConstraint)> = Vec::new();
        for step in &self.up {
            match step {
                Step::CreateTable(t) => {
                    for c in &t.columns {
                        if let Some(d) = &c.default {
                            default_use(&t.name, &c.name, &c.sql_type, d);
                        }
                    }
                    checks.extend(t.checks.iter().map(|c| (t.name.as_str(), c)));
                }
                Step::AddColumn { table, column } => {
                    if let Some(d) = &column.default {
                        default_use(table, &column.name, &column.sql_type, d);
                    }
                }
                Step::SetDefault {
                    table,
                    column,
                    sql_type,
                    default,
                } => default_use(table, column, sql_type, default),
                Step::AddCheck { table, check } => checks.push((table, check)),
                _ => {}
            }
        }
        // A check naming the new label as a literal compares an enum column with it.
        for (table, check) in checks {
            for (name, value) in &added {
                if check.expression.contains(&crate::ddl::literal(value)) {
                    uses.push(NewEnumValueUse {
                        enum_name: name.to_string(),
                        value: value.to_string(),
                        place: format!("table \"{table}\", check constraint \"{}\"", check.name),
                    });
                }
            }
        }
        uses
    }
}

/// drizzle-kit's statements for values removed from an enum type (`AlterTypeDropValueConvertor`).
pub(super) fn rebuild_enum_statements(
    pg_enum: &PgEnum,
    columns: &[EnumColumn],
) -> Vec<crate::ddl::Statement> {
    use crate::ddl::{default_sql, ident, qualified_ident, Statement};
    use crate::enums::{create_enum_sql, drop_enum_sql, qualified};
    let column = |c: &EnumColumn, rest: String| Statement {
        sql: format!(
            "ALTER TABLE {} ALTER COLUMN {} {rest};",
            qualified_ident(&c.table),
            ident(&c.column)
        ),
        newline_after: false,
    };
    let enum_type = SqlType::Enum(pg_enum.name.clone());
    let mut out = Vec::new();
    for c in columns {
        out.push(column(c, "SET DATA TYPE text".into()));
        if let Some(default) = &c.default {
            out.push(column(
                c,
                format!("SET DEFAULT {}::text", default_sql(default, &enum_type)),
            ));
        }
    }
    for sql in [drop_enum_sql(&pg_enum.name), create_enum_sql(pg_enum)] {
        out.push(Statement {
            sql,
            newline_after: false,
        });
    }
    let qualified = qualified(&pg_enum.name);
    for c in columns {
        if let Some(default) = &c.default {
            out.push(column(
                c,
                format!(
                    "SET DEFAULT {}::{qualified}",
                    default_sql(default, &enum_type)
                ),
            ));
        }
        out.push(column(
            c,
            format!(
                "SET DATA TYPE {qualified} USING {}::{qualified}",
                ident(&c.column)
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn added_values_go_before_the_next_kept_value_or_last() {
        let (removed, added) = values_diff(
            &strings(&["todo", "done"]),
            &strings(&["todo", "blocked", "review", "done", "archived"]),
        );
        assert!(removed.is_empty());
        assert_eq!(
            added,
            vec![
                ("blocked".to_string(), Some("done".to_string())),
                ("review".to_string(), Some("done".to_string())),
                ("archived".to_string(), None),
            ]
        );
        let (removed, added) = values_diff(&strings(&["a", "b", "c"]), &strings(&["a", "c"]));
        assert_eq!(removed, strings(&["b"]));
        assert!(added.is_empty());
    }
}
