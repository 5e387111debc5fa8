//! Standalone sequences, read from the text drizzle-kit (and our planner) writes:
//! `CREATE SEQUENCE "public"."s" INCREMENT BY 1 …;`, `ALTER SEQUENCE "public"."s" <options>;`,
//! `ALTER SEQUENCE "public"."s" RENAME TO "t";` and `DROP SEQUENCE "public"."s";`. Options a
//! `CREATE` leaves out are PostgreSQL's defaults (which are drizzle-kit's); an `ALTER` changes
//! only those it names.

use super::generated::{quoted, sequence_option, strip_prefix_ci, SequenceOption};
use crate::model::{Schema, SequenceOptions};
use crate::sequences::{SequenceDef, SEQUENCE_RANGE, SEQUENCE_SCHEMA};

/// Applies a sequence statement; `None` when `chunk` is not one.
pub(super) fn apply(schema: &mut Schema, chunk: &str) -> Option<Result<(), String>> {
    let text = past_comments(chunk).trim().strip_suffix(';')?.trim_end();
    if let Some(rest) = strip_prefix_ci(text, "CREATE SEQUENCE ") {
        return Some(create(schema, rest));
    }
    if let Some(rest) = strip_prefix_ci(text, "ALTER SEQUENCE ") {
        return Some(alter(schema, rest));
    }
    if let Some(rest) = strip_prefix_ci(text, "DROP SEQUENCE ") {
        return Some(drop(schema, rest));
    }
    None
}

/// `chunk` past the comment lines above its statement (a down file's warnings).
fn past_comments(chunk: &str) -> &str {
    let mut rest = chunk.trim_start();
    while rest.starts_with("--") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    rest
}

fn create(schema: &mut Schema, rest: &str) -> Result<(), String> {
    let (name, mut rest) = name(rest)?;
    if schema.sequence(&name).is_some() {
        return Err(format!("sequence \"{name}\" already exists"));
    }
    let mut options = SequenceOptions::default();
    while !rest.is_empty() {
        let (option, r) = sequence_option(rest)
            .ok_or_else(|| format!("not a sequence option this reader knows: {rest}"))?;
        let number = |v: &str| -> Result<Option<i64>, String> {
            v.parse()
                .map(Some)
                .map_err(|_| format!("sequence option value {v:?} is not a whole number"))
        };
        match option {
            SequenceOption::Increment(v) => options.increment = number(&v)?,
            SequenceOption::MinValue(v) => options.min_value = number(&v)?,
            SequenceOption::MaxValue(v) => options.max_value = number(&v)?,
            SequenceOption::StartWith(v) => options.start_with = number(&v)?,
            SequenceOption::Cache(v) => options.cache = number(&v)?,
            SequenceOption::Cycle(c) => options.cycle = c,
        }
        rest = r;
    }
    schema.sequences.push(SequenceDef {
        sequence: options.resolve(&name, SEQUENCE_RANGE),
        renamed_from: None,
    });
    Ok(())
}

fn alter(schema: &mut Schema, rest: &str) -> Result<(), String> {
    let (name, rest) = name(rest)?;
    let Some(position) = schema.sequences.iter().position(|s| s.name() == name) else {
        return Err(format!(
            "ALTER SEQUENCE of a sequence that does not exist: \"{name}\""
        ));
    };
    if let Some(new_name) = strip_prefix_ci(rest, "RENAME TO ") {
        let (new_name, tail) =
            quoted(new_name.trim_start()).ok_or("RENAME TO takes a quoted name")?;
        if !tail.trim().is_empty() {
            return Err(format!("unexpected text after the new name: {tail}"));
        }
        // RENAME TO keeps the sequence in its schema.
        let new_name =
            crate::model::qualified_name(crate::model::split_qualified(&name).0, &new_name);
        if schema.sequence(&new_name).is_some() {
            return Err(format!("sequence \"{new_name}\" already exists"));
        }
        schema.sequences[position].sequence.name = new_name;
        return Ok(());
    }
    if rest.is_empty() {
        return Err("ALTER SEQUENCE without an option".into());
    }
    let mut rest = rest;
    while !rest.is_empty() {
        let (option, r) = sequence_option(rest)
            .ok_or_else(|| format!("not a sequence option this reader knows: {rest}"))?;
        let option = match option {
            SequenceOption::Cycle(c) => SequenceOption::Cycle(c),
            SequenceOption::Increment(v) => SequenceOption::Increment(canonical(&v)?),
            SequenceOption::MinValue(v) => SequenceOption::MinValue(canonical(&v)?),
            SequenceOption::MaxValue(v) => SequenceOption::MaxValue(canonical(&v)?),
            SequenceOption::StartWith(v) => SequenceOption::StartWith(canonical(&v)?),
            SequenceOption::Cache(v) => SequenceOption::Cache(canonical(&v)?),
        };
        option.set(&mut schema.sequences[position].sequence);
        rest = r;
    }
    Ok(())
}

fn drop(schema: &mut Schema, rest: &str) -> Result<(), String> {
    let (name, rest) = name(rest)?;
    if !rest.is_empty() {
        return Err(format!("unexpected text after the sequence name: {rest}"));
    }
    let before = schema.sequences.len();
    schema.sequences.retain(|s| s.name() != name);
    if schema.sequences.len() == before {
        return Err(format!(
            "DROP SEQUENCE of a sequence that does not exist: \"{name}\""
        ));
    }
    Ok(())
}

fn canonical(value: &str) -> Result<String, String> {
    value
        .parse::<i64>()
        .map(|n| n.to_string())
        .map_err(|_| format!("sequence option value {value:?} is not a whole number"))
}

/// `"public"."s"`, `"auth"."s"` or `"s"` at the start of `rest`: the model's name (`s`,
/// `auth.s`), and what follows (trimmed).
fn name(rest: &str) -> Result<(String, &str), String> {
    let (first, after) =
        quoted(rest.trim_start()).ok_or("the sequence's name is a quoted identifier")?;
    let (name, after) = match after.strip_prefix('.') {
        Some(second) => {
            let (name, after) =
                quoted(second).ok_or("the sequence's name is a quoted identifier")?;
            let schema = (first != SEQUENCE_SCHEMA).then_some(first.as_str());
            (crate::model::qualified_name(schema, &name), after)
        }
        None => (first, after),
    };
    Ok((name, after.trim_start()))
}

#[cfg(test)]
mod tests {
    use crate::ddl::render;
    use crate::sequences::{alter_sequence, create_sequence, drop_sequence, rename_sequence};
    use crate::{PgSequence, Schema};

    #[test]
    fn our_statements_read_back_to_the_sequences_they_write() {
        let a = PgSequence::new("a").start_with(7).cycle().def().sequence;
        let b = PgSequence::new("b").increment(-3).cache(20).def().sequence;
        let mut schema = Schema::default();
        let sql = render(&[create_sequence(&a), create_sequence(&b)]);
        crate::sql_read::apply(&mut schema, "0000.sql", &sql).unwrap();
        assert_eq!(schema.sequences[0].sequence, a);
        assert_eq!(schema.sequences[1].sequence, b);

        let c = PgSequence::new("c").max_value(100).def().sequence;
        let sql = render(&[
            rename_sequence("a", "c"),
            alter_sequence(&a, &c),
            drop_sequence("b"),
        ]);
        crate::sql_read::apply(&mut schema, "0001.sql", &sql).unwrap();
        assert_eq!(schema.sequences.len(), 1);
        assert_eq!(schema.sequences[0].sequence, c);
    }

    #[test]
    fn a_plain_create_takes_postgresql_defaults_and_an_alter_only_what_it_names() {
        let mut schema = Schema::default();
        crate::sql_read::apply(&mut schema, "0000.sql", "CREATE SEQUENCE \"s\";").unwrap();
        assert_eq!(
            schema.sequences[0].sequence,
            PgSequence::new("s").def().sequence
        );
        crate::sql_read::apply(
            &mut schema,
            "0001.sql",
            "-- warning: a comment a down file writes\nALTER SEQUENCE \"public\".\"s\" CACHE 4 CYCLE;",
        )
        .unwrap();
        let s = &schema.sequences[0].sequence;
        assert_eq!(
            (s.cache.as_str(), s.cycle, s.increment.as_str()),
            ("4", true, "1")
        );
    }

    #[test]
    fn statements_that_cannot_apply_are_errors_naming_the_sequence() {
        let mut schema = Schema::default();
        let error = |schema: &mut Schema, sql: &str| {
            crate::sql_read::apply(schema, "0000.sql", sql)
                .unwrap_err()
                .message
        };
        assert_eq!(
            error(&mut schema, "DROP SEQUENCE \"public\".\"gone\";"),
            "DROP SEQUENCE of a sequence that does not exist: \"gone\""
        );
        assert_eq!(
            error(&mut schema, "ALTER SEQUENCE \"gone\" CACHE 2;"),
            "ALTER SEQUENCE of a sequence that does not exist: \"gone\""
        );
        assert!(error(&mut schema, "CREATE SEQUENCE \"s\" CACHE many;")
            .contains("\"many\" is not a whole number"));
        assert!(error(&mut schema, "CREATE SEQUENCE \"s\" OWNED BY x;")
            .contains("not a sequence option this reader knows: OWNED BY x"));
    }
}
