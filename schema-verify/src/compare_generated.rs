//! A column's generation expression and identity, declared against found.
//!
//! PostgreSQL keeps a generation expression as a parse tree and prints it back its own way
//! (`"quantity" * 2` comes back as `(quantity * 2)`, with casts it inserted), so expressions are
//! compared without quotes, parentheses, casts, case and spaces; an identity is compared
//! option by option with its sequence in `pg_sequence`.

use schema_model::{ColumnDef, Generated, Identity};

use crate::compare::{Finding, FindingKind};

pub fn compare(table: &str, declared: &ColumnDef, found: &ColumnDef, findings: &mut Vec<Finding>) {
    let describe = |g: Option<&Generated>| match g {
        None => "a plain column".to_string(),
        Some(Generated::Stored { expression }) => {
            format!("GENERATED ALWAYS AS ({expression}) STORED")
        }
        Some(Generated::Identity(identity)) => describe_identity(identity),
    };
    let same = match (&declared.generated, &found.generated) {
        (None, None) => true,
        (Some(Generated::Stored { expression: a }), Some(Generated::Stored { expression: b })) => {
            squash(a) == squash(b)
        }
        (Some(Generated::Identity(a)), Some(Generated::Identity(b))) => a == b,
        _ => false,
    };
    if !same {
        let kind = if matches!(&declared.generated, Some(Generated::Identity(_)))
            || matches!(&found.generated, Some(Generated::Identity(_)))
        {
            FindingKind::Identity
        } else {
            FindingKind::Generated
        };
        findings.push(Finding::new(
            table,
            &declared.name,
            kind,
            describe(declared.generated.as_ref()),
            describe(found.generated.as_ref()),
        ));
    }
}

fn describe_identity(identity: &Identity) -> String {
    format!(
        "GENERATED {} AS IDENTITY (sequence {}{})",
        if identity.always {
            "ALWAYS"
        } else {
            "BY DEFAULT"
        },
        identity.sequence.name,
        identity.sequence.options_sql()
    )
}

/// An expression without what PostgreSQL adds or drops when it prints one back.
pub fn squash(expression: &str) -> String {
    let mut out = String::new();
    let mut chars = expression.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ':' if chars.peek() == Some(&':') => {
                chars.next();
                // Skip the cast's type name (words, spaces between words, a typmod).
                while let Some(&next) = chars.peek() {
                    if next.is_ascii_alphanumeric() || next == '_' || next == ' ' || next == '"' {
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            '"' | '(' | ')' => {}
            c if c.is_whitespace() => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::squash;

    #[test]
    fn expressions_compare_as_postgresql_prints_them() {
        assert_eq!(squash("\"quantity\" * 2"), squash("(quantity * 2)"));
        assert_eq!(squash("length(\"sku\")"), squash("length((sku)::text)"));
        assert_ne!(squash("\"quantity\" * 2"), squash("(quantity * 3)"));
    }
}
