//! Generated columns and identities: the steps that change them on an existing column, as
//! drizzle-kit 0.31 writes them.
//!
//! - identity added: `ALTER COLUMN "c" ADD GENERATED … AS IDENTITY (…)`; dropped: `DROP IDENTITY`;
//!   changed: one `SET …` statement per changed option (`SET GENERATED`, `SET MINVALUE`,
//!   `SET MAXVALUE`, `SET INCREMENT BY`, `SET START WITH`, `SET CACHE`, `SET [NO] CYCLE`).
//! - expression added or changed: `drop column` and `ADD COLUMN` again; dropped: `DROP EXPRESSION`.

use crate::ddl::{self, ident, qualified_ident};
use crate::model::{ColumnDef, Generated, Identity};

use super::Step;

/// The SQL of the steps this module plans.
pub(super) fn statement(step: &Step) -> String {
    let alter = |table: &str, column: &str, rest: &str| {
        format!(
            "ALTER TABLE {} ALTER COLUMN {} {rest};",
            qualified_ident(table),
            ident(column)
        )
    };
    match step {
        Step::AddIdentity {
            table,
            column,
            identity,
        } => alter(
            table,
            column,
            &format!("ADD{}", ddl::identity_sql(identity)),
        ),
        Step::DropIdentity { table, column } => alter(table, column, "DROP IDENTITY"),
        Step::AlterIdentity {
            table,
            column,
            clause,
        } => alter(table, column, clause),
        Step::DropExpression { table, column } => alter(table, column, "DROP EXPRESSION"),
        // drizzle-kit writes this one in lower case.
        Step::DropColumnToRegenerate { table, column, .. } => {
            format!(
                "ALTER TABLE {} drop column {};",
                qualified_ident(table),
                ident(column)
            )
        }
        other => unreachable!("not a generated-column step: {other:?}"),
    }
}

/// The steps that take `old`'s identity or expression to `new`'s.
pub(super) fn diff_column(table: &str, old: &ColumnDef, new: &ColumnDef, steps: &mut Vec<Step>) {
    let old_identity = old.generated.as_ref().and_then(Generated::identity);
    let new_identity = new.generated.as_ref().and_then(Generated::identity);
    match (old_identity, new_identity) {
        (None, Some(identity)) => steps.push(Step::AddIdentity {
            table: table.to_string(),
            column: new.name.clone(),
            identity: identity.clone(),
        }),
        (Some(_), None) => steps.push(Step::DropIdentity {
            table: table.to_string(),
            column: new.name.clone(),
        }),
        (Some(from), Some(to)) if from != to => {
            for clause in identity_changes(from, to) {
                steps.push(Step::AlterIdentity {
                    table: table.to_string(),
                    column: new.name.clone(),
                    clause,
                });
            }
        }
        _ => {}
    }
    let old_expression = old.generated.as_ref().and_then(Generated::expression);
    let new_expression = new.generated.as_ref().and_then(Generated::expression);
    match (old_expression, new_expression) {
        (Some(_), None) => steps.push(Step::DropExpression {
            table: table.to_string(),
            column: new.name.clone(),
        }),
        (from, Some(to)) if from != Some(to) => {
            steps.push(Step::DropColumnToRegenerate {
                table: table.to_string(),
                column: new.name.clone(),
                keeps_values: from.is_some(),
            });
            steps.push(Step::AddColumn {
                table: table.to_string(),
                column: new.clone(),
            });
        }
        _ => {}
    }
}

/// drizzle-kit's statements for a changed identity, in its order.
fn identity_changes(from: &Identity, to: &Identity) -> Vec<String> {
    let mut out = Vec::new();
    if from.always != to.always {
        out.push(format!(
            "SET GENERATED {}",
            if to.always { "ALWAYS" } else { "BY DEFAULT" }
        ));
    }
    let (a, b) = (&from.sequence, &to.sequence);
    for (keyword, old, new) in [
        ("MINVALUE", &a.min_value, &b.min_value),
        ("MAXVALUE", &a.max_value, &b.max_value),
        ("INCREMENT BY", &a.increment, &b.increment),
        ("START WITH", &a.start_with, &b.start_with),
        ("CACHE", &a.cache, &b.cache),
    ] {
        if old != new {
            out.push(format!("SET {keyword} {new}"));
        }
    }
    if a.cycle != b.cycle {
        out.push(if b.cycle { "SET CYCLE" } else { "SET NO CYCLE" }.to_string());
    }
    out
}
