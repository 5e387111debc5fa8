//! Checks of `generated`, `identity` and `mode`: what one column can see without its type's
//! trait impls (the expansion checks the Rust type with bounds).

use crate::ast::Column;
use crate::ctxt::Ctxt;

use super::{breaks_a_migration, is_option, number_kind_of_sql_type};

pub fn check(cx: &Ctxt, column: &Column) {
    let attrs = &column.attrs;
    if let Some(lit) = &attrs.generated {
        let text = lit.value();
        if text.trim().is_empty() {
            cx.error_spanned_by(lit, "the generated expression is empty; write the SQL that computes the column, e.g. `generated = \"price * quantity\"`");
        } else if let Some(problem) = breaks_a_migration(&text) {
            cx.error_spanned_by(lit, format!("the generated expression {problem}"));
        }
        if attrs.default.is_some() {
            cx.error_spanned_by(
                lit,
                format!("column `{}` has both a default and a generated expression; PostgreSQL computes a generated column, so drop the default", column.name),
            );
        }
        if let Some(identity) = &attrs.identity {
            cx.error_spanned_by(
                &identity.key,
                format!(
                    "column `{}` is both generated and an identity; keep one",
                    column.name
                ),
            );
        }
    }
    if let Some(identity) = &attrs.identity {
        if attrs.default.is_some() {
            cx.error_spanned_by(
                &identity.key,
                format!("identity column `{}` also has a default; its sequence gives the values, so drop the default", column.name),
            );
        }
        if is_option(column.ty) {
            cx.error_spanned_by(
                &identity.key,
                format!("identity column `{}` is an `Option`: an identity is NOT NULL; drop the `Option`", column.name),
            );
        }
        if identity.always.is_none() {
            cx.error_spanned_by(
                &identity.key,
                "say which identity: `identity(always, …)` refuses inserted values, `identity(by_default, …)` takes them",
            );
        }
        if let Some(lit) = &attrs.sql_type {
            if !matches!(number_kind_of_sql_type(&lit.value()), Some(0..=2)) {
                cx.error_spanned_by(
                    lit,
                    format!("identity column `{}` has SQL type `{}`; an identity is `smallint`, `integer` or `bigint`", column.name, lit.value()),
                );
            }
        }
        if let Some(lit) = &identity.name {
            if lit.value().trim().is_empty() {
                cx.error_spanned_by(lit, "the identity's sequence name is empty");
            } else {
                super::check_identifier(cx, &lit.value(), "sequence name", lit.span());
            }
        }
        for (key, value, span) in &identity.numbers {
            if *key == "increment" && *value == 0 {
                cx.error_at(
                    *span,
                    "`increment` is 0; a sequence steps by a non-zero amount",
                );
            }
            if *key == "cache" && *value < 1 {
                cx.error_at(
                    *span,
                    "`cache` is below 1; PostgreSQL caches at least one value",
                );
            }
        }
        if let (Some(min), Some(max)) = (identity.number("min_value"), identity.number("max_value"))
        {
            if min >= max {
                let span = identity
                    .numbers
                    .iter()
                    .find(|(k, _, _)| *k == "max_value")
                    .map(|(_, _, s)| *s)
                    .unwrap();
                cx.error_at(
                    span,
                    format!("`max_value` {max} is not above `min_value` {min}"),
                );
            }
        }
        if let Some(start) = identity.number("start_with") {
            let below = identity.number("min_value").is_some_and(|min| start < min);
            let above = identity.number("max_value").is_some_and(|max| start > max);
            if below || above {
                let span = identity
                    .numbers
                    .iter()
                    .find(|(k, _, _)| *k == "start_with")
                    .map(|(_, _, s)| *s)
                    .unwrap();
                cx.error_at(
                    span,
                    format!("`start_with` {start} is outside `min_value`..=`max_value`"),
                );
            }
        }
    }
    if let Some(lit) = &attrs.mode {
        match lit.value().as_str() {
            "string" | "date" => {}
            other => cx.error_spanned_by(
                lit,
                format!("unknown mode `{other}`; `mode = \"string\"` reads a timestamp as a string in TypeScript, `mode = \"date\"` (the default) as a `Date`"),
            ),
        }
        if let Some(sql) = &attrs.sql_type {
            let spelled = sql.value().to_ascii_lowercase();
            if !spelled.trim_start().starts_with("timestamp") {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "`mode` applies to timestamp columns, but column `{}` is `{}`",
                        column.name,
                        sql.value()
                    ),
                );
            }
        }
    }
}
