//! drizzle's `meta/_journal.json`, read strictly: every entry a migration file name can be made
//! from, numbered in order, with a `when` no other entry has (drizzle's migrator identifies an
//! applied migration by it).

use serde::{Deserialize, Serialize};

/// drizzle's journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub version: String,
    pub dialect: String,
    pub entries: Vec<JournalEntry>,
}

/// One migration of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub idx: u64,
    pub version: String,
    /// Milliseconds since the epoch; drizzle records it as `created_at`.
    pub when: u64,
    pub tag: String,
    pub breakpoints: bool,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            version: "7".into(),
            dialect: "postgresql".into(),
            entries: Vec::new(),
        }
    }
}

impl Journal {
    /// Parses and checks a journal; `path` names it in messages. Every problem is reported, each
    /// naming its entry.
    pub fn parse(text: &str, path: &str) -> Result<Journal, Vec<String>> {
        let journal: Journal = serde_json::from_str(text)
            .map_err(|e| vec![format!("{path} is not a drizzle journal: {e}")])?;
        let problems = journal.problems(path);
        if problems.is_empty() {
            Ok(journal)
        } else {
            Err(problems)
        }
    }

    /// Whether the entries are numbered 0, 1, 2, … with tags `NNNN_` to match: what `gen`
    /// needs to continue the history. (A migrator reads a journal whose numbering a merge broke,
    /// so it can say which migration came out of order.)
    pub fn numbering_problems(&self, path: &str) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, entry) in self.entries.iter().enumerate() {
            let at = format!("{path}: entry {i} (tag {:?})", entry.tag);
            if entry.idx != i as u64 {
                problems.push(format!(
                    "{at} has idx {}; entries must be numbered 0, 1, 2, … in order",
                    entry.idx
                ));
            }
            let prefix = crate::layout::tag_prefix(i);
            if check_tag(&entry.tag).is_ok() && !entry.tag.starts_with(&prefix) {
                problems.push(format!(
                    "{at}: the tag must start with \"{prefix}\" (the entry's index in four digits)"
                ));
            }
        }
        problems
    }

    /// What is wrong with the entries, one message each.
    pub fn problems(&self, path: &str) -> Vec<String> {
        let mut problems = Vec::new();
        if self.dialect != "postgresql" {
            problems.push(format!(
                "{path}: dialect is \"{}\"; only \"postgresql\" journals are supported",
                self.dialect
            ));
        }
        for (i, entry) in self.entries.iter().enumerate() {
            let at = format!("{path}: entry {i} (tag {:?})", entry.tag);
            if let Err(why) = check_tag(&entry.tag) {
                problems.push(format!("{at}: {why}"));
            }
            if !entry.breakpoints {
                problems.push(format!(
                    "{at} has \"breakpoints\": false; its statements cannot be told apart (write the migration with drizzle-kit's `breakpoints: true`, the default)"
                ));
            }
            if let Some(earlier) = self.entries[..i].iter().find(|e| e.when == entry.when) {
                problems.push(format!(
                    "{at} has the same \"when\" ({}) as entry {:?}; drizzle's migrator tells applied migrations apart by it, so give each entry its own",
                    entry.when, earlier.tag
                ));
            }
        }
        problems
    }

    /// The journal as drizzle-kit writes it: two-space indentation, no trailing newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a journal serializes")
    }
}

/// A tag is `NNNN_name`: four digits, then a name of ASCII letters, digits, `_` and `-` (it
/// becomes a file name).
pub fn check_tag(tag: &str) -> Result<(), String> {
    let number = tag
        .get(..4)
        .filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
    let name = number
        .and_then(|_| tag.get(4..))
        .and_then(|rest| rest.strip_prefix('_'));
    let Some(name) = name else {
        return Err(
            "the tag must start with four digits and `_` (the entry's index, as 0000_)".into(),
        );
    };
    if name.is_empty() {
        return Err("the tag has no name after its number".into());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(format!(
            "the tag holds {bad:?}; tags are file names of ASCII letters, digits, `_` and `-`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(entries: &str) -> String {
        format!(r#"{{"version":"7","dialect":"postgresql","entries":[{entries}]}}"#)
    }

    fn entry(idx: i64, when: i64, tag: &str) -> String {
        format!(r#"{{"idx":{idx},"version":"7","when":{when},"tag":{tag:?},"breakpoints":true}}"#)
    }

    #[test]
    fn reads_a_good_journal() {
        let text = journal(&[entry(0, 1, "0000_a"), entry(1, 2, "0001_b-c")].join(","));
        let parsed = Journal::parse(&text, "j").unwrap();
        assert_eq!(parsed.entries.len(), 2);
    }

    #[test]
    fn every_malformed_entry_is_a_message_naming_it() {
        let cases = [
            (
                entry(0, 1, "0"),
                "entry 0 (tag \"0\"): the tag must start with four digits and `_`",
            ),
            (entry(0, 1, "é"), "must start with four digits"),
            (entry(0, 1, "000"), "must start with four digits"),
            (entry(0, 1, "0000_"), "the tag has no name"),
            (entry(0, 1, "0000_a/b"), "the tag holds '/'"),
            (entry(0, 1, "0000_ü"), "the tag holds 'ü'"),
        ];
        for (e, expected) in cases {
            let problems = Journal::parse(&journal(&e), "meta/_journal.json").unwrap_err();
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{e}: {problems:?}"
            );
        }
        let duplicate_when = journal(&[entry(0, 5, "0000_a"), entry(1, 5, "0001_b")].join(","));
        let problems = Journal::parse(&duplicate_when, "j").unwrap_err();
        assert!(
            problems[0]
                .contains("entry 1 (tag \"0001_b\") has the same \"when\" (5) as entry \"0000_a\""),
            "{problems:?}"
        );

        let misnumbered =
            Journal::parse(&journal(&[entry(3, 1, "0001_a")].join(",")), "j").unwrap();
        assert_eq!(
            misnumbered.numbering_problems("j"),
            [
                "j: entry 0 (tag \"0001_a\") has idx 3; entries must be numbered 0, 1, 2, … in order",
                "j: entry 0 (tag \"0001_a\"): the tag must start with \"0000_\" (the entry's index in four digits)"
            ]
        );

        let no_breakpoints = journal(&entry(0, 1, "0000_a").replace("true", "false"));
        assert!(Journal::parse(&no_breakpoints, "j").unwrap_err()[0].contains("breakpoints"));
    }

    #[test]
    fn malformed_json_and_wrong_types_are_messages() {
        for text in [
            "",
            "{",
            "[]",
            r#"{"version":"7"}"#,
            &journal(&entry(-1, 1, "0000_a")),
            &journal(&entry(0, -5, "0000_a")),
        ] {
            let problems = Journal::parse(text, "meta/_journal.json").unwrap_err();
            assert!(
                problems[0].starts_with("meta/_journal.json is not a drizzle journal"),
                "{text}: {problems:?}"
            );
        }
    }
}
