//! The migrations folder read for applying it: the journal's entries with their files.

use crate::journal::Journal;
use crate::layout::{MigrationPaths, JOURNAL};
use crate::sum::sha256_hex;
use crate::Files;

/// How a migration came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationKind {
    /// Written by `gen` from the schema.
    Generated,
    /// Written by hand (`gen --custom`): the SQL is the user's.
    Custom,
    /// No snapshot of ours: written by another tool (a drizzle-kit history not imported).
    Foreign,
    /// Imported from a drizzle-kit history (`import`): drizzle's SQL, no down file.
    Imported,
}

/// One migration of the journal, with its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub idx: usize,
    pub tag: String,
    /// The journal's `when` (milliseconds); drizzle stores it as `created_at`.
    pub when: u64,
    pub kind: MigrationKind,
    /// Paths relative to the folder.
    pub paths: MigrationPaths,
    pub sql: String,
    /// SHA-256 of the `.sql` file, lower-case hex, as drizzle's migrator records it.
    pub hash: String,
    /// The down file, when there is one.
    pub down: Option<String>,
}

/// What stops a folder from being read, every problem one line naming its file or entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", problems.join("\n"))]
pub struct FolderError {
    pub problems: Vec<String>,
}

/// The folder: the journal and the migrations it names, in journal order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationsFolder {
    pub journal: Journal,
    pub migrations: Vec<Migration>,
}

impl MigrationsFolder {
    /// Reads the folder from its files; `display_dir` is how messages name the folder
    /// (`generated/migrations`).
    pub fn parse(files: &Files, display_dir: &str) -> Result<MigrationsFolder, FolderError> {
        let journal_path = format!("{display_dir}/{JOURNAL}");
        let Some(text) = files.get(JOURNAL) else {
            return Err(FolderError {
                problems: vec![format!("{journal_path} does not exist")],
            });
        };
        let journal =
            Journal::parse(text, &journal_path).map_err(|problems| FolderError { problems })?;
        let mut problems = Vec::new();
        let mut migrations = Vec::new();
        for (idx, entry) in journal.entries.iter().enumerate() {
            let paths = MigrationPaths::of(&entry.tag);
            let Some(sql) = files.get(&paths.up) else {
                problems.push(format!(
                    "{journal_path} names migration `{}`, but {display_dir}/{} does not exist",
                    entry.tag, paths.up
                ));
                continue;
            };
            let kind = match files.get(&paths.snapshot) {
                None => MigrationKind::Foreign,
                Some(text) => match crate::snapshot::from_json(text) {
                    Ok(snapshot) if snapshot.custom => MigrationKind::Custom,
                    Ok(snapshot) if snapshot.imported => MigrationKind::Imported,
                    _ => MigrationKind::Generated,
                },
            };
            migrations.push(Migration {
                idx,
                tag: entry.tag.clone(),
                when: entry.when,
                kind,
                hash: sha256_hex(sql.as_bytes()),
                sql: sql.clone(),
                down: files.get(&paths.down).cloned(),
                paths,
            });
        }
        if problems.is_empty() {
            Ok(MigrationsFolder {
                journal,
                migrations,
            })
        } else {
            Err(FolderError { problems })
        }
    }
}

/// The schema after each migration, from the committed snapshots, in journal order: the
/// history as it was written (a test's expectation for migration N, whatever the Rust schema
/// says today).
pub fn history(
    files: &Files,
    display_dir: &str,
) -> Result<Vec<(String, schema_model::Schema)>, FolderError> {
    let folder = MigrationsFolder::parse(files, display_dir)?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for migration in &folder.migrations {
        match files
            .get(&migration.paths.snapshot)
            .map(|t| crate::snapshot::from_json(t))
        {
            Some(Ok(snapshot)) => out.push((migration.tag.clone(), snapshot.schema)),
            Some(Err(e)) => {
                problems.push(format!("{display_dir}/{}: {e}", migration.paths.snapshot))
            }
            None => problems.push(format!(
                "{display_dir}/{} does not exist: migration {} has no snapshot",
                migration.paths.snapshot, migration.tag
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(FolderError { problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn reads_the_entries_with_their_files() {
        let journal = r#"{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":10,"tag":"0000_a","breakpoints":true}]}"#;
        let folder = MigrationsFolder::parse(
            &files(&[(JOURNAL, journal), ("0000_a.sql", "SELECT 1;")]),
            "m",
        )
        .unwrap();
        let m = &folder.migrations[0];
        assert_eq!(
            (m.tag.as_str(), m.when, m.kind),
            ("0000_a", 10, MigrationKind::Foreign)
        );
        assert_eq!(m.hash, sha256_hex(b"SELECT 1;"));
        assert_eq!(m.down, None);
    }

    #[test]
    fn a_missing_journal_or_file_is_named() {
        assert_eq!(
            MigrationsFolder::parse(&Files::new(), "generated/migrations")
                .unwrap_err()
                .to_string(),
            "generated/migrations/meta/_journal.json does not exist"
        );
        let journal = r#"{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":10,"tag":"0000_a","breakpoints":true}]}"#;
        let error = MigrationsFolder::parse(&files(&[(JOURNAL, journal)]), "m").unwrap_err();
        assert_eq!(
            error.to_string(),
            "m/meta/_journal.json names migration `0000_a`, but m/0000_a.sql does not exist"
        );
    }
}
