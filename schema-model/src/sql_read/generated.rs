//! The generated-column and identity syntax sqlparser 0.64 does not read, read here from the
//! text drizzle-kit (and our planner) writes:
//!
//! - in `CREATE TABLE` and `ADD COLUMN`: `GENERATED ALWAYS AS (expr) STORED` and
//!   `GENERATED ALWAYS|BY DEFAULT AS IDENTITY (sequence name "s" INCREMENT BY 1 …)`, taken out of
//!   the statement before sqlparser reads the rest ([`strip`]) and put on the column after
//!   ([`attach`]);
//! - `ALTER TABLE "t" ALTER COLUMN "c" ADD GENERATED … | DROP IDENTITY | SET GENERATED … |
//!   SET MINVALUE n | … | DROP EXPRESSION`, applied whole ([`apply_alter`]).

use crate::model::{Generated, Identity, Schema, Sequence};

/// A clause taken out of a statement: the column it belongs to and what it declares.
pub(super) struct Computed {
    pub table: String,
    pub column: String,
    pub generated: Generated,
}

/// `chunk` without its generated and identity clauses, and the clauses.
pub(super) fn strip(chunk: &str) -> Result<(String, Vec<Computed>), String> {
    let mut text = chunk.to_string();
    let mut found = Vec::new();
    while let Some(start) = find_ci(&text, " GENERATED ") {
        let table = table_name(&text).ok_or("GENERATED outside CREATE TABLE or ADD COLUMN")?;
        let column = column_before(&text, start).ok_or("GENERATED without a column name")?;
        let rest = &text[start + " GENERATED ".len()..];
        let (generated, len) = if let Some(after) = strip_prefix_ci(rest, "ALWAYS AS IDENTITY") {
            let (identity, len) = identity(true, after)?;
            (identity, rest.len() - after.len() + len)
        } else if let Some(after) = strip_prefix_ci(rest, "BY DEFAULT AS IDENTITY") {
            let (identity, len) = identity(false, after)?;
            (identity, rest.len() - after.len() + len)
        } else if let Some(after) = strip_prefix_ci(rest, "ALWAYS AS ") {
            let (expression, len) = parenthesized(after)?;
            let tail = &after[len..];
            let stored = strip_prefix_ci(tail.trim_start(), "STORED")
                .ok_or("a generated column is STORED")?;
            (
                Generated::Stored {
                    expression: expression.to_string(),
                },
                rest.len() - stored.len(),
            )
        } else {
            return Err("GENERATED is followed by neither AS IDENTITY nor AS (…) STORED".into());
        };
        found.push(Computed {
            table,
            column,
            generated,
        });
        text.replace_range(start..start + " GENERATED ".len() + len, "");
    }
    Ok((text, found))
}

/// Puts the clauses [`strip`] took out on their columns.
pub(super) fn attach(schema: &mut Schema, computed: Vec<Computed>) -> Result<(), String> {
    for c in computed {
        let column = schema
            .tables
            .iter_mut()
            .find(|t| t.name == c.table)
            .and_then(|t| t.columns.iter_mut().find(|col| col.name == c.column))
            .ok_or_else(|| {
                format!(
                    "GENERATED on unknown column \"{}\".\"{}\"",
                    c.table, c.column
                )
            })?;
        if matches!(c.generated, Generated::Identity(_)) {
            column.not_null = true;
        }
        column.generated = Some(c.generated);
    }
    Ok(())
}

/// Applies `ALTER TABLE "t" ALTER COLUMN "c" <identity or expression change>;`; `None` when the
/// statement is not one.
pub(super) fn apply_alter(schema: &mut Schema, chunk: &str) -> Option<Result<(), String>> {
    let text = chunk.trim().strip_suffix(';')?.trim();
    let rest = strip_prefix_ci(text, "ALTER TABLE ")?;
    let (table, rest) = quoted(rest.trim_start())?;
    let rest = strip_prefix_ci(rest.trim_start(), "ALTER COLUMN ")?;
    let (column, rest) = quoted(rest.trim_start())?;
    let clause = rest.trim();
    let upper = clause.to_ascii_uppercase();
    let ours = upper.starts_with("ADD GENERATED")
        || upper == "DROP IDENTITY"
        || upper == "DROP EXPRESSION"
        || upper.starts_with("SET GENERATED")
        || [
            "SET MINVALUE",
            "SET MAXVALUE",
            "SET INCREMENT BY",
            "SET START WITH",
            "SET CACHE",
        ]
        .iter()
        .any(|p| upper.starts_with(p))
        || upper == "SET CYCLE"
        || upper == "SET NO CYCLE";
    if !ours {
        return None;
    }
    Some(alter(schema, &table, &column, clause, &upper))
}

fn alter(
    schema: &mut Schema,
    table: &str,
    column_name: &str,
    clause: &str,
    upper: &str,
) -> Result<(), String> {
    let column = schema
        .tables
        .iter_mut()
        .find(|t| t.name == table)
        .ok_or_else(|| format!("ALTER TABLE of a table that does not exist: \"{table}\""))?
        .columns
        .iter_mut()
        .find(|c| c.name == column_name)
        .ok_or_else(|| {
            format!("ALTER COLUMN of a column that \"{table}\" does not have: \"{column_name}\"")
        })?;
    let no_identity = || format!("\"{table}\".\"{column_name}\" is not an identity column");
    if upper.starts_with("ADD GENERATED") {
        let after = &clause["ADD GENERATED ".len()..];
        let (always, after) = if let Some(a) = strip_prefix_ci(after, "ALWAYS AS IDENTITY") {
            (true, a)
        } else if let Some(a) = strip_prefix_ci(after, "BY DEFAULT AS IDENTITY") {
            (false, a)
        } else {
            return Err(
                "ADD GENERATED is followed by neither ALWAYS nor BY DEFAULT AS IDENTITY".into(),
            );
        };
        let (generated, _) = identity(always, after)?;
        column.generated = Some(generated);
        column.not_null = true;
        return Ok(());
    }
    if upper == "DROP IDENTITY" {
        if column
            .generated
            .as_ref()
            .and_then(Generated::identity)
            .is_none()
        {
            return Err(no_identity());
        }
        column.generated = None;
        return Ok(());
    }
    if upper == "DROP EXPRESSION" {
        if column
            .generated
            .as_ref()
            .and_then(Generated::expression)
            .is_none()
        {
            return Err(format!(
                "\"{table}\".\"{column_name}\" is not a generated column"
            ));
        }
        column.generated = None;
        return Ok(());
    }
    let Some(Generated::Identity(identity)) = column.generated.as_mut() else {
        return Err(no_identity());
    };
    let value = |prefix: &str| clause[prefix.len()..].trim().to_string();
    let s = &mut identity.sequence;
    if upper.starts_with("SET GENERATED ") {
        identity.always = upper.ends_with("ALWAYS");
    } else if upper.starts_with("SET MINVALUE ") {
        s.min_value = value("SET MINVALUE ");
    } else if upper.starts_with("SET MAXVALUE ") {
        s.max_value = value("SET MAXVALUE ");
    } else if upper.starts_with("SET INCREMENT BY ") {
        s.increment = value("SET INCREMENT BY ");
    } else if upper.starts_with("SET START WITH ") {
        s.start_with = value("SET START WITH ");
    } else if upper.starts_with("SET CACHE ") {
        s.cache = value("SET CACHE ");
    } else {
        s.cycle = upper == "SET CYCLE";
    }
    Ok(())
}

/// `(sequence name "s" INCREMENT BY 1 …)` after `AS IDENTITY`: the identity and the length read.
fn identity(always: bool, after: &str) -> Result<(Generated, usize), String> {
    let trimmed = after.trim_start();
    let skipped = after.len() - trimmed.len();
    let (options, len) = parenthesized(trimmed)?;
    let mut sequence = Sequence {
        name: String::new(),
        increment: String::new(),
        min_value: String::new(),
        max_value: String::new(),
        start_with: String::new(),
        cache: String::new(),
        cycle: false,
    };
    let mut rest = options.trim();
    while !rest.is_empty() {
        if let Some(r) = strip_prefix_ci(rest, "sequence name ") {
            let (name, r) = quoted(r.trim_start()).ok_or("sequence name is a quoted identifier")?;
            sequence.name = name;
            rest = r.trim_start();
            continue;
        }
        match sequence_option(rest) {
            Some((option, r)) => {
                option.set(&mut sequence);
                rest = r;
            }
            None => return Err(format!("unknown identity option: {rest}")),
        }
    }
    Ok((
        Generated::Identity(Identity { always, sequence }),
        skipped + len,
    ))
}

/// One option of a sequence, as `CREATE SEQUENCE` and an identity's parentheses write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SequenceOption {
    Increment(String),
    MinValue(String),
    MaxValue(String),
    StartWith(String),
    Cache(String),
    Cycle(bool),
}

impl SequenceOption {
    pub(super) fn set(self, sequence: &mut Sequence) {
        match self {
            SequenceOption::Increment(v) => sequence.increment = v,
            SequenceOption::MinValue(v) => sequence.min_value = v,
            SequenceOption::MaxValue(v) => sequence.max_value = v,
            SequenceOption::StartWith(v) => sequence.start_with = v,
            SequenceOption::Cache(v) => sequence.cache = v,
            SequenceOption::Cycle(c) => sequence.cycle = c,
        }
    }
}

/// The sequence option `rest` starts with (`INCREMENT BY 5`, `NO CYCLE`), and what follows it.
pub(super) fn sequence_option(rest: &str) -> Option<(SequenceOption, &str)> {
    if let Some(r) = strip_prefix_ci(rest, "NO CYCLE") {
        return Some((SequenceOption::Cycle(false), r.trim_start()));
    }
    if let Some(r) = strip_prefix_ci(rest, "CYCLE") {
        return Some((SequenceOption::Cycle(true), r.trim_start()));
    }
    type Make = fn(String) -> SequenceOption;
    let keywords: [(&str, Make); 5] = [
        ("INCREMENT BY ", SequenceOption::Increment),
        ("MINVALUE ", SequenceOption::MinValue),
        ("MAXVALUE ", SequenceOption::MaxValue),
        ("START WITH ", SequenceOption::StartWith),
        ("CACHE ", SequenceOption::Cache),
    ];
    for (keyword, make) in keywords {
        if let Some(r) = strip_prefix_ci(rest, keyword) {
            let r = r.trim_start();
            let end = r.find(' ').unwrap_or(r.len());
            return Some((make(r[..end].to_string()), r[end..].trim_start()));
        }
    }
    None
}

/// The text inside the parentheses `s` starts with (nesting and quotes respected), and the
/// length of `s` up to and including the closing one.
fn parenthesized(s: &str) -> Result<(&str, usize), String> {
    if !s.starts_with('(') {
        return Err("expected `(`".into());
    }
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Ok((&s[1..i], i + 1));
                }
            }
            _ => {}
        }
    }
    Err("unbalanced parentheses".into())
}

/// `"name"` at the start of `s` (doubled quotes undone), and what follows.
pub(super) fn quoted(s: &str) -> Option<(String, &str)> {
    let rest = s.strip_prefix('"')?;
    let mut name = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            if matches!(chars.peek(), Some((_, '"'))) {
                name.push('"');
                chars.next();
                continue;
            }
            return Some((name, &rest[i + 1..]));
        }
        name.push(c);
    }
    None
}

/// The table of a `CREATE TABLE "t"` or `ALTER TABLE "t" ADD COLUMN` statement.
fn table_name(text: &str) -> Option<String> {
    // Past the comment lines a down file puts above a statement.
    let mut trimmed = text.trim_start();
    while trimmed.starts_with("--") {
        trimmed = trimmed
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .trim_start();
    }
    let rest = strip_prefix_ci(trimmed, "CREATE TABLE ")
        .or_else(|| strip_prefix_ci(trimmed, "ALTER TABLE "))?;
    let rest = rest.trim_start();
    let rest = strip_prefix_ci(rest, "IF NOT EXISTS ").unwrap_or(rest);
    quoted(rest.trim_start()).map(|(name, _)| name)
}

/// The column whose definition holds position `at`: the first quoted name of its line (or after
/// `ADD COLUMN`).
fn column_before(text: &str, at: usize) -> Option<String> {
    let head = &text[..at];
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let line = &head[line_start..];
    let start = match find_ci(line, "ADD COLUMN ") {
        Some(i) => i + "ADD COLUMN ".len(),
        None => 0,
    };
    quoted(line[start..].trim_start()).map(|(name, _)| name)
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .to_ascii_uppercase()
        .find(&needle.to_ascii_uppercase())
}

pub(super) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then(|| &s[prefix.len()..])
}
