//! Adopting a drizzle project: a history of several steps written with the real drizzle-kit 0.31
//! (a custom migration enabling the citext extension, generated migrations with a citext
//! column, a hand-written migration with no snapshot, a custom data migration), applied with
//! drizzle's own migrator, then imported; `check` passes, `gen` has nothing to do, the next
//! change applies with our migrator on that database, and drizzle's migrator then finds
//! nothing to apply.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{ensure, Context, Result};
use schema_cli::adopt::{import, ImportArgs};
use schema_cli::project::{check_report, generate, Mode};
use schema_cli::{Project, Settings};
use schema_migrations::MigrationRequest;
use schema_model::{ColumnDef, ColumnTs, Schema, SqlType};

use crate::migrations::{drizzle_kit, pg_environment, run};
use crate::support::repo_root;

const HEADER: &str = r#"import { boolean, customType, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const citext = customType<{ data: string }>({
  dataType() {
    return "citext";
  },
});

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  email: citext("email").notNull().unique(),
  createdAt: timestamp("created_at").defaultNow().notNull(),
});
"#;

const POSTS: &str = r#"
export const posts = pgTable("posts", {
  id: text("id").primaryKey(),
  authorId: text("author_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  title: text("title").notNull().default(""),
"#;

/// The drizzle project's schema.ts at each step.
fn schema_ts(published: bool) -> String {
    let published = if published {
        "  published: boolean(\"published\").default(false).notNull(),\n"
    } else {
        ""
    };
    format!("{HEADER}{POSTS}{published}}}, (t) => [index(\"posts_title_index\").on(t.title)]);\n")
}

fn kit(dir: &Path, args: &[&str]) -> Result<()> {
    let fixture = repo_root().join("tests/drizzle-fixture");
    let drizzle_kit = drizzle_kit(&fixture)?;
    run(
        Command::new(drizzle_kit)
            .args([
                "generate",
                "--dialect",
                "postgresql",
                "--schema",
                "schema.ts",
                "--out",
                "./drizzle",
            ])
            .args(args)
            .env("NODE_PATH", fixture.join("node_modules"))
            .current_dir(dir),
        &format!("drizzle-kit generate {}", args.join(" ")),
    )
}

/// The only .sql file of `out` whose name contains `name`.
fn migration_file(out: &Path, name: &str) -> Result<std::path::PathBuf> {
    fs::read_dir(out)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "sql") && p.to_string_lossy().contains(name))
        .with_context(|| format!("drizzle-kit wrote no migration named {name}"))
}

/// The drizzle project: five migrations, written as a team would.
fn drizzle_project(dir: &Path) -> Result<std::path::PathBuf> {
    let out = dir.join("drizzle");
    // 0000: the extension, as a custom migration.
    fs::write(dir.join("schema.ts"), "export {};\n")?;
    kit(dir, &["--custom", "--name", "citext"])?;
    fs::write(
        migration_file(&out, "citext")?,
        "CREATE EXTENSION IF NOT EXISTS citext;",
    )?;
    // 0001: the tables (a citext column among them).
    let first = schema_ts(false).replace(", (t) => [index(\"posts_title_index\").on(t.title)]", "");
    fs::write(dir.join("schema.ts"), &first)?;
    kit(dir, &["--name", "init"])?;
    // 0002: a data migration (`generate --custom`).
    kit(dir, &["--custom", "--name", "backfill_titles"])?;
    fs::write(
        migration_file(&out, "backfill_titles")?,
        "UPDATE \"posts\" SET \"title\" = 'untitled' WHERE \"title\" = '';",
    )?;
    // 0003: a generated change.
    let second = schema_ts(true).replace(", (t) => [index(\"posts_title_index\").on(t.title)]", "");
    fs::write(dir.join("schema.ts"), second)?;
    kit(dir, &["--name", "published"])?;
    // 0004: a hand-written migration, added to the journal by hand, with no snapshot; the
    // schema declares its index too.
    fs::write(dir.join("schema.ts"), schema_ts(true))?;
    fs::write(
        out.join("0004_title_index.sql"),
        "CREATE INDEX \"posts_title_index\" ON \"posts\" USING btree (\"title\");--> statement-breakpoint\nGRANT SELECT ON \"posts\" TO PUBLIC;",
    )?;
    let journal_path = out.join("meta/_journal.json");
    let mut journal: serde_json::Value = serde_json::from_str(&fs::read_to_string(&journal_path)?)?;
    let entries = journal["entries"].as_array_mut().context("a journal")?;
    let when = entries.last().and_then(|e| e["when"].as_u64()).unwrap_or(0) + 1;
    entries.push(serde_json::json!({"idx": 4, "version": "7", "when": when, "tag": "0004_title_index", "breakpoints": true}));
    fs::write(&journal_path, serde_json::to_string_pretty(&journal)?)?;
    Ok(out)
}

fn drizzle_migrate(folder: &Path, config: &postgres::Config) -> Result<()> {
    let fixture = repo_root().join("tests/drizzle-fixture");
    run(
        Command::new("node")
            .arg(fixture.join("migrate.mjs"))
            .arg(folder)
            .envs(pg_environment(config))
            .current_dir(&fixture),
        &format!("drizzle's migrator on {}", folder.display()),
    )
}

fn records(client: &mut postgres::Client) -> Result<i64> {
    Ok(client
        .query_one("SELECT count(*) FROM drizzle.__drizzle_migrations", &[])?
        .get(0))
}

#[test]
fn a_drizzle_project_is_imported_and_continued() -> Result<()> {
    let work = tempfile::tempdir()?;
    let out = drizzle_project(work.path())?;
    let database = schema_verify::testing::test_database("adopt_drizzle_project");
    drizzle_migrate(&out, database.config())?;
    let mut client = database.connect()?;
    ensure!(
        records(&mut client)? == 5,
        "drizzle applied {} migrations",
        records(&mut client)?
    );

    // Import into a project of ours.
    let root = work.path().join("project");
    fs::create_dir_all(&root)?;
    let project = Project {
        root: root.clone(),
        settings: Settings::default(),
    };
    import(
        &project,
        &ImportArgs {
            from: out.clone(),
            provider: None,
        },
    )?;
    let migrations = project.migrations_dir();
    for entry in fs::read_dir(&out)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "sql") {
            let name = path.file_name().unwrap();
            ensure!(
                fs::read(&path)? == fs::read(migrations.join(name))?,
                "{} changed on import",
                name.to_string_lossy()
            );
        }
    }

    // The schema the history ends with, as `pull` starts from it: gen has nothing to do.
    let files = schema_migrations::fs::read_dir(&migrations)?;
    let history = schema_migrations::history(&files, "generated/migrations")?;
    let (_, last) = history.last().context("an imported history")?;
    let users = last.table("users").context("users")?;
    ensure!(users.column("email").map(|c| c.sql_type.sql()) == Some("citext".into()));
    ensure!(last
        .table("posts")
        .is_some_and(|p| p.indexes.iter().any(|i| i.name == "posts_title_index")));
    schema_pull::pull(last, &[]).map_err(|p| anyhow::anyhow!("pull: {}", p.join("\n")))?;
    let first = generate(
        &project,
        last,
        Mode::Write,
        MigrationRequest::default(),
        1_900_000_000_000,
    )?;
    ensure!(
        first.problems.is_empty() && first.new_migration.is_none(),
        "gen after import: {:?} {:?}",
        first.problems,
        first.new_migration
    );
    let check = generate(&project, last, Mode::Check, MigrationRequest::default(), 0)?;
    let report = check_report(&check, &project);
    ensure!(report.is_empty(), "check after import and gen:\n{report}");

    // Leaving right away works too: drizzle-kit on our schema.ts and the imported folder (its
    // own snapshots, and ours for the migration that had none) finds nothing to do.
    let output = crate::typescript::node_tool(
        "drizzle-kit",
        &[
            "generate",
            "--dialect",
            "postgresql",
            "--schema",
            "generated/ts/schema.ts",
            "--out",
            "generated/migrations",
        ],
        &root,
    )?;
    let said = crate::typescript::transcript(&output);
    ensure!(
        output.status.success() && said.contains("No schema changes, nothing to migrate"),
        "drizzle-kit generate after import:\n{said}"
    );

    // The database drizzle built is the imported schema (verify --in-place).
    let catalog = schema_verify::introspect(&mut client, "public")?;
    let findings = schema_verify::compare(last, &catalog).findings;
    ensure!(
        findings.is_empty(),
        "{:?}",
        findings.iter().map(|f| f.message()).collect::<Vec<_>>()
    );

    // A change in Rust: gen writes 0005, our migrator applies it on drizzle's database…
    let mut changed: Schema = last.clone();
    changed
        .tables
        .iter_mut()
        .find(|t| t.name == "users")
        .context("users")?
        .columns
        .push(ColumnDef {
            name: "bio".into(),
            renamed_from: None,
            sql_type: SqlType::Text,
            not_null: false,
            default: None,
            ts: ColumnTs {
                property: "bio".into(),
                ..ColumnTs::default()
            },
            generated: None,
        });
    let next = generate(
        &project,
        &changed,
        Mode::Write,
        MigrationRequest::default(),
        1_900_000_000_001,
    )?;
    ensure!(next.problems.is_empty(), "{:?}", next.problems);
    ensure!(
        next.new_migration.as_deref() == Some("0005_add_users_bio"),
        "{:?}",
        next.new_migration
    );
    let ours = schema_verify::Migrations::load(&migrations)?;
    let applied = ours.migrate(&mut client)?;
    ensure!(
        applied.applied == ["0005_add_users_bio"] && applied.already_applied == 5,
        "{applied:?}"
    );
    // …and drizzle's migrator then finds nothing to apply.
    drizzle_migrate(&migrations, database.config())?;
    ensure!(
        records(&mut client)? == 6,
        "drizzle's migrator added records"
    );
    let catalog = schema_verify::introspect(&mut client, "public")?;
    let findings = schema_verify::compare(&changed, &catalog).findings;
    ensure!(
        findings.is_empty(),
        "{:?}",
        findings.iter().map(|f| f.message()).collect::<Vec<_>>()
    );

    // Rollback undoes ours, and refuses an imported migration by name.
    ours.rollback(&mut client, |_| Ok(()))?;
    let refused = ours
        .rollback(&mut client, |_| Ok(()))
        .unwrap_err()
        .to_string();
    ensure!(
        refused.contains("0004_") && refused.contains("does not exist"),
        "{refused}"
    );
    Ok(())
}
