//! The columns' facts beyond type, nullability and default: array dimensions (`attndims`), a
//! stored generation expression (`attgenerated`), an identity and its sequence (`attidentity`,
//! `pg_sequence`).

use schema_model::{Generated, Identity, Sequence, SqlType};

/// The column type with its declared dimensions: `format_type` spells `integer[][]` as
/// `integer[]`.
pub fn sql_type(data_type: &str, array_dims: i32) -> SqlType {
    let base = data_type.trim_end_matches("[]");
    if array_dims > 1 && base.len() < data_type.len() {
        SqlType::parse(&format!("{base}{}", "[]".repeat(array_dims as usize)))
    } else {
        SqlType::parse(data_type)
    }
}

/// The column's generation expression or identity, from one row of `columns.sql`.
pub fn generated(row: &postgres::Row, _table: &str, _column: &str) -> Option<Generated> {
    let generated: String = row.get("generated");
    if generated == "s" {
        let expression: Option<String> = row.get("default_expr");
        return Some(Generated::Stored {
            expression: expression.unwrap_or_default(),
        });
    }
    let identity: String = row.get("identity");
    if identity != "a" && identity != "d" {
        return None;
    }
    Some(Generated::Identity(Identity {
        always: identity == "a",
        sequence: sequence(row),
    }))
}

/// A sequence and its options from `pg_sequence`, from a row with the columns `sequence_name`,
/// `seq_increment`, `seq_min`, `seq_max`, `seq_start`, `seq_cache` and `seq_cycle` (an identity's
/// in `columns.sql`, a standalone one's in `sequences.sql`).
pub fn sequence(row: &postgres::Row) -> Sequence {
    let text = |column: &str| row.get::<_, Option<String>>(column).unwrap_or_default();
    Sequence {
        name: text("sequence_name"),
        increment: text("seq_increment"),
        min_value: text("seq_min"),
        max_value: text("seq_max"),
        start_with: text("seq_start"),
        cache: text("seq_cache"),
        cycle: row.get::<_, Option<bool>>("seq_cycle").unwrap_or(false),
    }
}
