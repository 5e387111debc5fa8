//! A drizzle-kit out folder made the start of our history (`import`).
//!
//! The journal and every `.sql` file are kept byte for byte, so the hashes drizzle's migrator
//! recorded in `drizzle.__drizzle_migrations` still match, and drizzle-kit's own snapshots
//! (`meta/NNNN_snapshot.json`) stay where they are. For each migration this writes our snapshot
//! (`meta/_schema/<tag>.json`, marked `imported`): drizzle's snapshot read into the model where
//! there is one, the SQL replayed through sqlparser where there is none (a hand-written
//! migration), and the replay where the two disagree (a migration edited after drizzle-kit wrote
//! it: the SQL is what the database ran). The caller confirms each against a database built
//! from the folder.
//!
//! Statements that change nothing the model holds (data changes, functions, triggers, grants,
//! extensions) are kept as opaque steps, each with a warning; schema changes the model cannot
//! represent (enums, sequences, views, check constraints, …) are errors naming the file and
//! statement.

use std::collections::BTreeMap;

use heck::{ToLowerCamelCase, ToUpperCamelCase};
use schema_model::sql_read::{self, sql_shape};
use schema_model::{RelationKind, Schema};

use crate::drizzle_snapshot;
use crate::journal::Journal;
use crate::layout::{drizzle_snapshot as drizzle_snapshot_path, MigrationPaths, JOURNAL};
use crate::replay::first_difference;
use crate::snapshot;
use crate::Files;

/// An imported history.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The new migrations folder: the journal, the `.sql` files, drizzle-kit's snapshots (all
    /// as they were) and our snapshots. (`gen`'s planner adds the checksums and the drizzle
    /// snapshots that are missing.)
    pub files: Files,
    /// Each migration's tag, `.sql` file and our snapshot of the schema after it, in order.
    pub migrations: Vec<ImportedMigration>,
    /// Statements kept opaque, and snapshots the SQL disagreed with, one line each.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ImportedMigration {
    pub tag: String,
    pub sql: String,
    pub schema: Schema,
}

/// Reads the drizzle-kit folder `source` (files relative to it; `source_dir` names it in
/// messages) into a new history for the folder `current` (which must hold none yet). `Err`
/// lists every problem, each naming its file.
pub fn import(
    source: &Files,
    source_dir: &str,
    current: &Files,
    target_dir: &str,
) -> Result<Imported, Vec<String>> {
    let journal_path = format!("{source_dir}/{JOURNAL}");
    if current.contains_key(JOURNAL) {
        return Err(vec![format!(
            "{target_dir}/{JOURNAL} exists: import starts a history, and {target_dir} has one already; import into an empty folder (set [paths] migrations in schema-as-code.toml, or move {target_dir} away)"
        )]);
    }
    let Some(text) = source.get(JOURNAL) else {
        return Err(vec![format!(
            "{journal_path} does not exist: {source_dir} is not a drizzle-kit out folder"
        )]);
    };
    let journal = Journal::parse(text, &journal_path)?;
    let mut problems = journal.numbering_problems(&journal_path);

    // The journal and the files must match, both ways.
    let tags: Vec<&str> = journal.entries.iter().map(|e| e.tag.as_str()).collect();
    for tag in &tags {
        if !source.contains_key(&format!("{tag}.sql")) {
            problems.push(format!(
                "{journal_path} names migration `{tag}`, but {source_dir}/{tag}.sql does not exist"
            ));
        }
    }
    for path in source.keys() {
        if let Some(tag) = path.strip_suffix(".sql").filter(|p| !p.contains('/')) {
            if !tags.contains(&tag) {
                problems.push(format!(
                    "{source_dir}/{path} is not in {journal_path}: drizzle's migrator would never apply it; add it to the journal or delete it"
                ));
            }
        }
    }

    // drizzle-kit's snapshots: each readable, version 7, one per entry at most, and no two with
    // one `prevId` (two branches that each generated a migration: drizzle-kit refuses those).
    let mut drizzle: BTreeMap<usize, drizzle_snapshot::DrizzleSnapshot> = BTreeMap::new();
    let mut prev_ids: BTreeMap<String, String> = BTreeMap::new();
    for (path, text) in source {
        let Some(idx) = path
            .strip_prefix("meta/")
            .and_then(|p| p.strip_suffix("_snapshot.json"))
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        let shown = format!("{source_dir}/{path}");
        if idx >= journal.entries.len() {
            problems.push(format!(
                "{shown} has no entry {idx} in {journal_path}: the journal and the snapshots do not match"
            ));
            continue;
        }
        match drizzle_snapshot::from_json(text, &shown) {
            Ok(snapshot) => {
                if let Some(other) = prev_ids.insert(snapshot.ids.prev_id.clone(), shown.clone()) {
                    problems.push(format!(
                        "{shown} and {other} have the same prevId {:?}: two migrations were generated from one snapshot (two branches merged); drizzle-kit refuses such a folder. Resolve it with drizzle-kit first, then import",
                        snapshot.ids.prev_id
                    ));
                }
                drizzle.insert(idx, snapshot);
            }
            Err(why) => problems.extend(why),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut imported = Imported::default();
    imported.files.insert(JOURNAL.into(), text.clone());
    let mut previous = Schema::default();
    for (idx, entry) in journal.entries.iter().enumerate() {
        let sql_path = format!("{source_dir}/{}.sql", entry.tag);
        let sql = &source[&format!("{}.sql", entry.tag)];
        let mut replayed = previous.clone();
        let mut unreadable = false;
        for skipped in sql_read::apply_each(&mut replayed, &sql_path, sql) {
            let first = skipped.sql.lines().next().unwrap_or("");
            let at = format!("{sql_path}, statement {}", skipped.statement);
            match classify(&skipped.sql) {
                Kind::Opaque(why) => imported
                    .warnings
                    .push(format!("{at}: kept as an opaque step ({why}): {first}")),
                Kind::Unrepresentable(what) => {
                    unreadable = true;
                    problems.push(format!(
                        "{at}: {what}, which this tool's model cannot represent yet: {first}\n  ({})",
                        skipped.message
                    ));
                }
            }
        }
        let schema = match drizzle.get(&idx) {
            Some(kit) if unreadable => kit.schema.clone(),
            Some(kit) if sql_shape(&kit.schema) != sql_shape(&replayed) => {
                imported.warnings.push(format!(
                    "{source_dir}/{} does not describe what {sql_path} builds ({}); the import follows the SQL",
                    drizzle_snapshot_path(idx),
                    first_difference(&sql_shape(&replayed), &sql_shape(&kit.schema))
                ));
                replayed
            }
            Some(kit) => kit.schema.clone(),
            None => replayed,
        };
        let schema = with_typescript_names(schema);
        let paths = MigrationPaths::of(&entry.tag);
        imported.files.insert(paths.up.clone(), sql.clone());
        imported
            .files
            .insert(paths.snapshot, snapshot::imported_json(&schema));
        if let Some(text) = source.get(&drizzle_snapshot_path(idx)) {
            imported
                .files
                .insert(drizzle_snapshot_path(idx), text.clone());
        }
        imported.migrations.push(ImportedMigration {
            tag: entry.tag.clone(),
            sql: sql.clone(),
            schema: schema.clone(),
        });
        previous = schema;
    }
    if problems.is_empty() {
        Ok(imported)
    } else {
        Err(problems)
    }
}

enum Kind {
    /// Changes nothing the model holds: why, for the warning.
    Opaque(&'static str),
    /// A schema change the model cannot hold: what it is.
    Unrepresentable(String),
}

/// What a statement the SQL reader could not apply is, from its first words.
fn classify(sql: &str) -> Kind {
    let words: Vec<String> = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .flat_map(str::split_whitespace)
        .take(5)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_ascii_uppercase()
        })
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let object = |at: usize| words.get(at).copied().unwrap_or("");
    match words.as_slice() {
        ["INSERT" | "UPDATE" | "DELETE" | "MERGE" | "COPY" | "TRUNCATE" | "SELECT" | "WITH", ..] => {
            Kind::Opaque("a data change")
        }
        ["GRANT" | "REVOKE", ..] | ["ALTER", "DEFAULT", "PRIVILEGES", ..] => {
            Kind::Opaque("a grant")
        }
        ["COMMENT", ..] => Kind::Opaque("a comment"),
        ["DO", ..] | ["CALL", ..] => Kind::Opaque("a procedural block"),
        ["SET" | "RESET" | "ANALYZE" | "VACUUM" | "REFRESH", ..] => {
            Kind::Opaque("a session or maintenance command")
        }
        ["CREATE", "EXTENSION", ..] | ["DROP", "EXTENSION", ..] | ["ALTER", "EXTENSION", ..] => {
            Kind::Opaque("extensions are not in the model yet; columns of its types are kept by their SQL type name")
        }
        ["CREATE", "OR", "REPLACE", "FUNCTION" | "PROCEDURE" | "TRIGGER", ..]
        | ["CREATE" | "DROP" | "ALTER", "FUNCTION" | "PROCEDURE" | "TRIGGER" | "ROLE" | "USER", ..]
        | ["CREATE", "CONSTRAINT", "TRIGGER", ..] => Kind::Opaque("a function, trigger or role"),
        ["CREATE" | "ALTER" | "DROP", "TYPE", ..] => {
            Kind::Unrepresentable("a PostgreSQL type other than an enum (composite, range or base type), or an enum change other than ADD VALUE and RENAME VALUE".into())
        }
        ["CREATE" | "ALTER" | "DROP", "OR", "REPLACE", ..] | ["CREATE" | "ALTER" | "DROP", "VIEW" | "MATERIALIZED", ..] => {
            Kind::Unrepresentable("a view".into())
        }
        ["CREATE" | "ALTER" | "DROP", kind @ ("SEQUENCE" | "DOMAIN" | "SCHEMA" | "POLICY"), ..] => {
            Kind::Unrepresentable(format!("a {}", kind.to_ascii_lowercase()))
        }
        _ => Kind::Unrepresentable(format!(
            "a schema change ({} {})",
            object(0).to_ascii_lowercase(),
            object(1).to_ascii_lowercase()
        )),
    }
}

/// The TypeScript names a table gets when nothing declared them (as the derive's defaults
/// would, for a struct named after the table in the singular): `workspace_members` →
/// `workspaceMembers`, `WorkspaceMember`, `NewWorkspaceMember`; columns in camelCase; one
/// relation per foreign key, named after the table it points to, and the inverse `many` on
/// that table.
pub fn with_typescript_names(mut schema: Schema) -> Schema {
    let singular: BTreeMap<String, String> = schema
        .tables
        .iter()
        .map(|t| (t.name.clone(), singular(&t.name)))
        .collect();
    let mut inverse: Vec<(String, schema_model::Relation)> = Vec::new();
    for table in &mut schema.tables {
        let row = singular[&table.name].to_upper_camel_case();
        if table.ts.export_name.is_empty() {
            table.ts.export_name = table.name.to_lower_camel_case();
        }
        if table.ts.row_type.is_empty() {
            table.ts.row_type = row.clone();
        }
        if table.ts.insert_type.is_empty() {
            table.ts.insert_type = format!("New{row}");
        }
        for column in &mut table.columns {
            if column.ts.property.is_empty() {
                column.ts.property = column.name.to_lower_camel_case();
            }
        }
        if !table.ts.relations.is_empty() {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for fk in &table.foreign_keys {
            let Some(target) = singular.get(&fk.ref_table) else {
                continue;
            };
            // `invited_by` → `invitedBy`… only when two keys point at one table.
            let mut name = target.to_lower_camel_case();
            if names.contains(&name)
                || table
                    .foreign_keys
                    .iter()
                    .filter(|f| f.ref_table == fk.ref_table)
                    .count()
                    > 1
            {
                name = fk
                    .columns
                    .join("_")
                    .trim_end_matches("_id")
                    .to_lower_camel_case();
            }
            names.push(name.clone());
            table.ts.relations.push(schema_model::Relation {
                name,
                target: fk.ref_table.clone(),
                kind: RelationKind::One {
                    fields: fk.columns.clone(),
                    references: fk.ref_columns.clone(),
                },
            });
            if fk.ref_table != table.name
                && table
                    .foreign_keys
                    .iter()
                    .filter(|f| f.ref_table == fk.ref_table)
                    .count()
                    == 1
            {
                inverse.push((
                    fk.ref_table.clone(),
                    schema_model::Relation {
                        name: table.name.to_lower_camel_case(),
                        target: table.name.clone(),
                        kind: RelationKind::Many,
                    },
                ));
            }
        }
    }
    for (target, relation) in inverse {
        if let Some(table) = schema.tables.iter_mut().find(|t| t.name == target) {
            if !table.ts.relations.iter().any(|r| r.name == relation.name) {
                table.ts.relations.push(relation);
            }
        }
    }
    schema
}

/// `users` → `user`, `activities` → `activity`, `statuses` → `status`: enough English for
/// type names; anything else stays as it is.
fn singular(table: &str) -> String {
    if let Some(stem) = table.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes", "uses"] {
        if let Some(stem) = table.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    match table.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.ends_with('u') && !stem.is_empty() => {
            stem.to_string()
        }
        _ => table.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(tags: &[&str]) -> String {
        let entries: Vec<String> = tags
            .iter()
            .enumerate()
            .map(|(i, tag)| {
                format!(
                    r#"{{"idx":{i},"version":"7","when":{},"tag":"{tag}","breakpoints":true}}"#,
                    1000 + i
                )
            })
            .collect();
        format!(
            r#"{{"version":"7","dialect":"postgresql","entries":[{}]}}"#,
            entries.join(",")
        )
    }

    fn folder(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    const CREATE: &str = "CREATE TABLE \"users\" (\n\t\"id\" text PRIMARY KEY NOT NULL,\n\t\"email\" citext NOT NULL\n);\n";

    #[test]
    fn a_history_without_snapshots_is_replayed_and_data_changes_are_opaque() {
        let j = journal(&["0000_init", "0001_seed"]);
        let source = folder(&[
            (JOURNAL, &j),
            ("0000_init.sql", &format!("CREATE EXTENSION IF NOT EXISTS citext;--> statement-breakpoint\n{CREATE}")),
            ("0001_seed.sql", "INSERT INTO \"users\" VALUES ('a', 'a@b.c');--> statement-breakpoint\nCREATE INDEX \"users_email_index\" ON \"users\" (\"email\");"),
        ]);
        let imported = import(&source, "drizzle", &Files::new(), "generated/migrations").unwrap();
        assert_eq!(imported.files["0000_init.sql"], source["0000_init.sql"]);
        let last = &imported.migrations[1].schema;
        let users = last.table("users").unwrap();
        assert_eq!(users.column("email").unwrap().sql_type.sql(), "citext");
        assert_eq!(users.indexes[0].name, "users_email_index");
        assert_eq!(users.ts.row_type, "User");
        // The extension is in the model now, not an opaque step.
        assert_eq!(last.extensions, ["citext"]);
        assert!(
            imported.warnings[0].starts_with(
                "drizzle/0001_seed.sql, statement 1: kept as an opaque step (a data change)"
            ),
            "{:?}",
            imported.warnings
        );
        assert!(
            snapshot::from_json(&imported.files["meta/_schema/0001_seed.json"])
                .unwrap()
                .imported
        );
    }

    #[test]
    fn bad_folders_are_named() {
        let j = journal(&["0000_init"]);
        let cases: Vec<(Files, &str)> = vec![
            (folder(&[(JOURNAL, &j)]), "drizzle/meta/_journal.json names migration `0000_init`, but drizzle/0000_init.sql does not exist"),
            (folder(&[(JOURNAL, &j), ("0000_init.sql", CREATE), ("0001_x.sql", "")]), "drizzle/0001_x.sql is not in drizzle/meta/_journal.json"),
            (folder(&[(JOURNAL, &j.replace("true", "false")), ("0000_init.sql", CREATE)]), "\"breakpoints\": false"),
            (folder(&[(JOURNAL, &j), ("0000_init.sql", CREATE), ("meta/0000_snapshot.json", r#"{"id":"a","prevId":"0","version":"6","dialect":"postgresql","tables":{}}"#)]), "drizzle/meta/0000_snapshot.json is a drizzle-kit snapshot of version 6, older than 7"),
            (folder(&[(JOURNAL, &j), ("0000_init.sql", "CREATE TYPE \"pair\" AS (a integer, b integer);")]), "drizzle/0000_init.sql, statement 1: a PostgreSQL type other than an enum (composite"),
            (folder(&[]), "drizzle/meta/_journal.json does not exist"),
        ];
        for (source, expected) in cases {
            let problems = import(&source, "drizzle", &Files::new(), "m").unwrap_err();
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
        let j2 = journal(&["0000_a", "0001_b", "0002_c"]);
        let snap = |id: &str| {
            format!(
                r#"{{"id":"{id}","prevId":"p","version":"7","dialect":"postgresql","tables":{{}}}}"#
            )
        };
        let (s1, s2) = (snap("x"), snap("y"));
        let colliding = folder(&[
            (JOURNAL, &j2),
            ("0000_a.sql", ""),
            ("0001_b.sql", ""),
            ("0002_c.sql", ""),
            ("meta/0001_snapshot.json", &s1),
            ("meta/0002_snapshot.json", &s2),
        ]);
        let problems = import(&colliding, "drizzle", &Files::new(), "m").unwrap_err();
        assert!(problems[0].contains("drizzle/meta/0002_snapshot.json and drizzle/meta/0001_snapshot.json have the same prevId \"p\""), "{problems:?}");
        let existing = folder(&[(JOURNAL, "{}")]);
        assert!(
            import(&folder(&[(JOURNAL, &j)]), "drizzle", &existing, "m").unwrap_err()[0]
                .contains("m/meta/_journal.json exists")
        );
    }

    #[test]
    fn statements_are_opaque_or_unrepresentable_by_what_they_change() {
        for opaque in [
            "INSERT INTO t VALUES (1)",
            "-- a note\nUPDATE t SET a = 1",
            "GRANT SELECT ON t TO app",
            "CREATE OR REPLACE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()",
            "CREATE EXTENSION IF NOT EXISTS citext",
            "COMMENT ON TABLE t IS 'x'",
            "DO $$ BEGIN END $$",
        ] {
            assert!(matches!(classify(opaque), Kind::Opaque(_)), "{opaque}");
        }
        for (unrepresentable, what) in [
            ("CREATE TYPE mood AS ENUM ('a')", "type"),
            ("CREATE VIEW v AS SELECT 1", "view"),
            ("CREATE OR REPLACE VIEW v AS SELECT 1", "view"),
            ("CREATE SEQUENCE s", "sequence"),
            ("CREATE POLICY p ON t USING (true)", "policy"),
            (
                "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
                "alter table",
            ),
        ] {
            match classify(unrepresentable) {
                Kind::Unrepresentable(found) => {
                    assert!(found.contains(what), "{unrepresentable}: {found}")
                }
                Kind::Opaque(_) => panic!("{unrepresentable} is a schema change"),
            }
        }
    }

    #[test]
    fn singular_names() {
        for (plural, one) in [
            ("users", "user"),
            ("activities", "activity"),
            ("statuses", "status"),
            ("boxes", "box"),
            ("status", "status"),
            ("data", "data"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }
}
