//! A column's `generated` and `identity` entries, in drizzle-kit's v7 shape:
//! `"generated": { "as": "…", "type": "stored" }`, `"identity": { "type": "always", "name": …,
//! "schema": "public", "increment": "1", "startWith": "1", "minValue": "1", "maxValue": …,
//! "cache": "1", "cycle": false }`.

use schema_model::{Generated, Identity, Sequence};
use serde_json::{json, Map, Value};

use super::SequenceJson;

/// The column's `generated` or `identity` entry (an object of that one key, flattened into the
/// column's).
pub(super) fn json(generated: Option<&Generated>) -> Option<Map<String, Value>> {
    let (key, value) = match generated? {
        Generated::Stored { expression } => {
            ("generated", json!({ "as": expression, "type": "stored" }))
        }
        Generated::Identity(identity) => {
            let kind = if identity.always {
                "always"
            } else {
                "byDefault"
            };
            let entry = SequenceJson::of(
                Some(kind),
                &identity.sequence.name,
                "public",
                &identity.sequence,
            );
            ("identity", json!(entry))
        }
    };
    Some(Map::from_iter([(key.to_string(), value)]))
}

/// Reads the column's `generated` or `identity` entry; a malformed one is a problem.
pub(super) fn read(column: &Value, column_name: &str) -> Result<Option<Generated>, String> {
    if let Some(generated) = column.get("generated").filter(|v| !v.is_null()) {
        let expression = generated.get("as").and_then(Value::as_str);
        let stored = generated.get("type").and_then(Value::as_str) == Some("stored");
        return match expression {
            Some(expression) if stored => Ok(Some(Generated::Stored {
                expression: expression.to_string(),
            })),
            _ => Err(format!(
                "column {column_name:?} has a malformed \"generated\" entry (expected {{\"as\": \"<sql>\", \"type\": \"stored\"}})"
            )),
        };
    }
    let Some(identity) = column.get("identity").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let text = |key: &str| -> Result<String, String> {
        match identity.get(key) {
            Some(Value::String(s)) if s.parse::<i128>().is_ok() => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ => Err(format!(
                "column {column_name:?} has an identity without a whole number {key:?}"
            )),
        }
    };
    let always = match identity.get("type").and_then(Value::as_str) {
        Some("always") => true,
        Some("byDefault") => false,
        _ => {
            return Err(format!(
                "column {column_name:?} has an identity whose \"type\" is neither \"always\" nor \"byDefault\""
            ))
        }
    };
    let Some(name) = identity.get("name").and_then(Value::as_str) else {
        return Err(format!(
            "column {column_name:?} has an identity without a sequence \"name\""
        ));
    };
    Ok(Some(Generated::Identity(Identity {
        always,
        sequence: Sequence {
            name: name.to_string(),
            increment: text("increment")?,
            min_value: text("minValue")?,
            max_value: text("maxValue")?,
            start_with: text("startWith")?,
            cache: text("cache")?,
            cycle: identity.get("cycle").and_then(Value::as_bool) == Some(true),
        },
    })))
}
