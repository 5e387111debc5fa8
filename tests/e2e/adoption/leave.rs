//! Leave any time: drizzle-kit continues a history written by `gen`.

use std::fs;
use std::path::Path;

use anyhow::{ensure, Context, Result};
use schema_cli::project::{generate, Mode};
use schema_cli::{Project, Settings};
use schema_migrations::drizzle_snapshot::{self, Ids, ORIGIN_ID};
use schema_migrations::MigrationRequest;
use schema_model::{ts, ColumnDef, ColumnTs, Index, Schema, SqlType};

use crate::support::repo_root;
use crate::typescript::{drizzle_kit_generate, edge_cases, generated_ts, node_tool, transcript};

/// A snapshot without its first three lines (`{`, `id`, `prevId`): what is left must be equal.
fn body(snapshot: &str) -> String {
    snapshot.lines().skip(3).collect::<Vec<_>>().join("\n")
}

/// The drizzle snapshot drizzle-kit writes for `schema`'s `schema.ts` in an empty folder.
fn drizzle_kits_snapshot(schema: &Schema) -> Result<String> {
    let dir = tempfile::tempdir()?;
    for (name, contents) in ts::files(schema, &ts::TsOptions::default()) {
        fs::write(dir.path().join(name), contents)?;
    }
    fs::copy(
        generated_ts().join("json-types.ts"),
        dir.path().join("json-types.ts"),
    )?;
    let out = drizzle_kit_generate(&dir.path().join(ts::SCHEMA_FILE), dir.path())?;
    Ok(fs::read_to_string(out.join("meta/0000_snapshot.json"))?)
}

/// Ours and drizzle-kit's snapshot of one schema are the same text but for `id` and `prevId`:
/// the orchestrator's (the committed last snapshot) and the edge-case schema's (indexes,
/// composite keys, JSON, numeric and SQL defaults).
#[test]
fn our_drizzle_snapshots_are_the_ones_drizzle_kit_writes() -> Result<()> {
    let migrations = repo_root().join("generated/migrations");
    let last = schema_verify::Migrations::load(&migrations)?
        .migrations
        .len()
        - 1;
    let committed = fs::read_to_string(migrations.join(format!("meta/{last:04}_snapshot.json")))
        .context("the last migration has no drizzle snapshot; run `cargo xtask gen`")?;
    let kit = drizzle_kits_snapshot(&orchestrator_schema::schema())?;
    ensure!(
        body(&committed) == body(&kit),
        "generated/migrations/meta/{last:04}_snapshot.json differs from drizzle-kit's:\n{}",
        first_difference(&committed, &kit)
    );

    let edge = edge_cases::edge_schema();
    let ours = drizzle_snapshot::to_json(
        &edge,
        &Ids {
            id: drizzle_snapshot::id_of("0000_edge"),
            prev_id: ORIGIN_ID.into(),
        },
    );
    let kit = drizzle_kits_snapshot(&edge)?;
    ensure!(
        body(&ours) == body(&kit),
        "our snapshot of the edge-case schema differs from drizzle-kit's:\n{}",
        first_difference(&ours, &kit)
    );
    Ok(())
}

fn first_difference(ours: &str, theirs: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), theirs.lines().collect());
    let i = (0..a.len().max(b.len()))
        .find(|&i| a.get(i) != b.get(i))
        .unwrap_or(0);
    let show = |lines: &[&str]| {
        lines
            .iter()
            .skip(i.saturating_sub(3))
            .take(7)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "line {}:\n  ours:\n{}\n  drizzle-kit's:\n{}",
        i + 1,
        show(&a),
        show(&b)
    )
}

fn project(root: &Path) -> Project {
    Project {
        root: root.to_path_buf(),
        settings: Settings::default(),
    }
}

/// The orchestrator's folder and TypeScript copied into a scratch project.
fn scratch_project(root: &Path) -> Result<()> {
    let from = repo_root().join("generated");
    for sub in [
        "migrations",
        "migrations/meta",
        "migrations/meta/_schema",
        "ts",
    ] {
        fs::create_dir_all(root.join("generated").join(sub))?;
        for entry in fs::read_dir(from.join(sub))? {
            let path = entry?.path();
            if path.is_file() {
                fs::copy(
                    &path,
                    root.join("generated")
                        .join(sub)
                        .join(path.file_name().unwrap()),
                )?;
            }
        }
    }
    Ok(())
}

/// drizzle-kit generate on `schema_ts` with the out folder `out` (below `cwd`): its output.
fn drizzle_kit_continue(schema_ts: &Path, cwd: &Path, out: &str) -> Result<String> {
    let schema_ts = schema_ts.display().to_string();
    let args = [
        "generate",
        "--dialect",
        "postgresql",
        "--schema",
        &schema_ts,
        "--out",
        out,
    ];
    let output = node_tool("drizzle-kit", &args, cwd)?;
    ensure!(
        output.status.success(),
        "drizzle-kit generate failed:\n{}",
        transcript(&output)
    );
    Ok(transcript(&output))
}

/// The orchestrator's schema with one more column and one more index on `projects`.
fn changed(mut schema: Schema) -> Schema {
    let projects = schema
        .tables
        .iter_mut()
        .find(|t| t.name == "projects")
        .expect("the orchestrator has projects");
    projects.columns.push(ColumnDef {
        name: "archived_reason".into(),
        renamed_from: None,
        sql_type: SqlType::Text,
        not_null: false,
        default: None,
        ts: ColumnTs {
            property: "archivedReason".into(),
            ..ColumnTs::default()
        },
        generated: None,
    });
    projects.indexes.push(Index::new(
        "projects_archived_reason_index",
        vec!["archived_reason".into()],
        false,
    ));
    schema
}

/// Leaving: with the Rust side gone, `drizzle-kit generate` on our `schema.ts` and our folder
/// says there is nothing to do; after a change to the schema it writes the statements `gen`
/// writes for the same change, numbered after ours.
#[test]
fn drizzle_kit_continues_the_history_gen_wrote() -> Result<()> {
    let ours = tempfile::tempdir()?;
    scratch_project(ours.path())?;
    let kit = tempfile::tempdir()?;
    scratch_project(kit.path())?;

    let output = drizzle_kit_continue(
        &kit.path().join("generated/ts/schema.ts"),
        kit.path(),
        "generated/migrations",
    )?;
    ensure!(
        output.contains("No schema changes, nothing to migrate"),
        "drizzle-kit generate on our schema.ts and folder wants a migration:\n{output}"
    );
    let count = schema_verify::Migrations::load(&kit.path().join("generated/migrations"))?
        .migrations
        .len();

    let schema = changed(orchestrator_schema::schema());
    let outcome = generate(
        &project(ours.path()),
        &schema,
        Mode::Write,
        MigrationRequest::default(),
        1_900_000_000_000,
    )?;
    ensure!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let tag = outcome.new_migration.context("gen wrote no migration")?;
    let our_sql = fs::read_to_string(ours.path().join(format!("generated/migrations/{tag}.sql")))?;
    let our_sql = schema_migrations::sql::sql_body(&our_sql)
        .trim_end()
        .to_string();

    // drizzle-kit on the same change: the new schema.ts, our folder as it was before gen.
    let schema_ts = ours.path().join("generated/ts/schema.ts");
    drizzle_kit_continue(&schema_ts, kit.path(), "generated/migrations")?;
    let after = schema_verify::Migrations::load(&kit.path().join("generated/migrations"))?;
    ensure!(
        after.migrations.len() == count + 1,
        "drizzle-kit wrote {} migration(s), expected one",
        after.migrations.len() - count
    );
    let theirs = &after.migrations[count];
    ensure!(
        theirs.tag.starts_with(&tag[..5]),
        "drizzle-kit numbered its migration {}, ours is {tag}",
        theirs.tag
    );
    ensure!(
        theirs.sql.trim_end() == our_sql,
        "drizzle-kit wrote\n{}\nbut gen wrote\n{our_sql}",
        theirs.sql
    );
    Ok(())
}
