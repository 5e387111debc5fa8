//! Standalone sequences (`pgSequence`): read from `pg_sequence` (those no column owns) and
//! compared with the declared ones, option by option. The sequences of identity and serial
//! columns are compared with their columns.

use schema_model::sequences::SequenceDef;

use crate::compare::{Comparison, Finding, FindingKind};
use crate::error::{Error, Result};

const SEQUENCES: &str = include_str!("sql/sequences.sql");

/// The standalone sequences of the given PostgreSQL schemas, by name (`auth.s` outside `public`).
pub fn introspect_sequences(
    client: &mut postgres::Client,
    namespaces: &[String],
) -> Result<Vec<SequenceDef>> {
    Ok(client
        .query(SEQUENCES, &[&namespaces])
        .map_err(Error::pg("reading sequences from pg_sequence"))?
        .iter()
        .map(|row| SequenceDef {
            sequence: crate::introspect_generated::sequence(row),
            renamed_from: None,
        })
        .collect())
}

/// `INCREMENT BY 1 MINVALUE 1 … CACHE 1[ CYCLE]`.
fn options(sequence: &SequenceDef) -> String {
    sequence.sequence.options_sql().trim_start().to_string()
}

/// Every declared sequence against the catalog's, and every sequence of the catalog not
/// declared.
pub(crate) fn compare_sequences(
    declared: &[SequenceDef],
    found: &[SequenceDef],
    out: &mut Comparison,
) {
    for sequence in declared {
        out.checks += 1;
        let Some(found_sequence) = found.iter().find(|f| f.name() == sequence.name()) else {
            let found = match sequence
                .renamed_from
                .as_deref()
                .filter(|old| found.iter().any(|f| f.name() == *old))
            {
                Some(old) => format!("only its old name {old} (the rename is not applied)"),
                None => "no such sequence".into(),
            };
            out.findings.push(Finding::new(
                sequence.name(),
                "",
                FindingKind::MissingSequence,
                format!("a sequence {}", options(sequence)),
                found,
            ));
            continue;
        };
        if found_sequence.sequence != sequence.sequence {
            out.findings.push(Finding::new(
                sequence.name(),
                "",
                FindingKind::SequenceOptions,
                options(sequence),
                options(found_sequence),
            ));
        }
    }
    for found_sequence in found {
        if !declared.iter().any(|s| s.name() == found_sequence.name()) {
            out.findings.push(Finding::new(
                found_sequence.name(),
                "",
                FindingKind::UndeclaredSequence,
                "no such sequence",
                format!("a sequence {}", options(found_sequence)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schema_model::PgSequence;

    #[test]
    fn each_difference_is_a_finding_naming_the_sequence() {
        let declared = [
            PgSequence::new("same").def(),
            PgSequence::new("changed").cache(5).def(),
            PgSequence::new("gone").def(),
            PgSequence::new("renamed").renamed_from("old").def(),
        ];
        let found = [
            PgSequence::new("same").def(),
            PgSequence::new("changed").def(),
            PgSequence::new("old").def(),
            PgSequence::new("stray").cycle().def(),
        ];
        let mut out = Comparison::default();
        compare_sequences(&declared, &found, &mut out);
        let messages: Vec<(String, String)> = out
            .findings
            .iter()
            .map(|f| (f.table.clone(), f.message()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "changed".to_string(),
                    "sequence options: expected INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 5, found INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1".to_string()
                ),
                (
                    "gone".to_string(),
                    "sequence missing: expected a sequence INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1, found no such sequence".to_string()
                ),
                (
                    "renamed".to_string(),
                    "sequence missing: expected a sequence INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1, found only its old name old (the rename is not applied)".to_string()
                ),
                (
                    "old".to_string(),
                    "sequence not declared in the schema: expected no such sequence, found a sequence INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1".to_string()
                ),
                (
                    "stray".to_string(),
                    "sequence not declared in the schema: expected no such sequence, found a sequence INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 CYCLE".to_string()
                ),
            ]
        );
    }
}
