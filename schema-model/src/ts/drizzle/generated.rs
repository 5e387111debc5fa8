//! `.generatedAlwaysAs(sql`…`)` and `.generatedAlwaysAsIdentity({ … })` /
//! `.generatedByDefaultAsIdentity({ … })`: the calls of a column PostgreSQL computes. An
//! identity's options are written only where they differ from what drizzle-kit resolves by
//! itself, so a plain identity reads `.generatedAlwaysAsIdentity()`.

use crate::model::{identity_range, ColumnDef, Generated, SequenceOptions, TableDef};

use super::super::layout::{string_literal, Arg, Call};
use super::Imports;

/// The largest integer a JavaScript number holds exactly; larger options are written as strings.
const MAX_SAFE_INTEGER: i128 = (1 << 53) - 1;

pub(super) fn calls(
    table: &TableDef,
    column: &ColumnDef,
    calls: &mut Vec<Call>,
    imports: &mut Imports,
) {
    match &column.generated {
        None => {}
        Some(Generated::Stored { expression }) => {
            imports.sql = true;
            let escaped = expression
                .replace('\\', "\\\\")
                .replace('`', "\\`")
                .replace("${", "\\${");
            calls.push(Call::new(
                ".generatedAlwaysAs",
                vec![Arg::Plain(format!("sql`{escaped}`"))],
            ));
        }
        Some(Generated::Identity(identity)) => {
            let default_name = format!("{}_{}_seq", table.name, column.name);
            let defaults =
                SequenceOptions::default().resolve(&default_name, identity_range(&column.sql_type));
            let ours = &identity.sequence;
            let mut options = Vec::new();
            if ours.name != defaults.name {
                options.push(("name".to_string(), string_literal(&ours.name)));
            }
            for (key, value, default) in [
                ("startWith", &ours.start_with, &defaults.start_with),
                ("increment", &ours.increment, &defaults.increment),
                ("minValue", &ours.min_value, &defaults.min_value),
                ("maxValue", &ours.max_value, &defaults.max_value),
                ("cache", &ours.cache, &defaults.cache),
            ] {
                if value != default {
                    options.push((key.to_string(), number(value)));
                }
            }
            if ours.cycle {
                options.push(("cycle".to_string(), "true".to_string()));
            }
            let name = if identity.always {
                ".generatedAlwaysAsIdentity"
            } else {
                ".generatedByDefaultAsIdentity"
            };
            let args = if options.is_empty() {
                vec![]
            } else {
                vec![Arg::Object(options)]
            };
            calls.push(Call::new(name, args));
        }
    }
}

/// A sequence option as drizzle takes it: a number, or a string beyond 2^53.
pub(super) fn number(value: &str) -> String {
    match value.parse::<i128>() {
        Ok(n) if n.abs() <= MAX_SAFE_INTEGER => n.to_string(),
        _ => string_literal(value),
    }
}
