//! The tests survive the schema's own evolution: a copy of the repository gets the kind of change
//! users make every week (a nullable column on an existing table, a new table with a foreign
//! key, a TypeScript-only change), `cargo xtask gen` writes the next migration, and then the
//! repository's own checks pass there: `check`, the migration, TypeScript and verify proofs.

use std::path::{Path, PathBuf};

use anyhow::{ensure, Context, Result};

use crate::support::{cargo, repo_root};

/// The repository's tracked files (as they are in the working tree), copied below `to`, with
/// the installed npm packages linked rather than installed again.
fn copy_repository(to: &Path) -> Result<()> {
    let root = repo_root();
    let listed = std::process::Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(&root)
        .output()
        .context("listing the repository's files with git")?;
    ensure!(listed.status.success(), "git ls-files failed");
    for path in listed.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(String::from_utf8_lossy(path).into_owned());
        let source = root.join(&path);
        if !source.is_file() {
            continue; // deleted in the working tree
        }
        let target = to.join(&path);
        std::fs::create_dir_all(target.parent().expect("a file has a folder"))?;
        std::fs::copy(&source, &target)?;
        // Keep the modification time: the npm packages linked below count as installed only
        // while they are newer than their lock file (else the copy's tests reinstall them, into
        // the linked folder, under the feet of this run's other tests).
        let modified = std::fs::metadata(&source)?.modified()?;
        std::fs::File::options()
            .write(true)
            .open(&target)?
            .set_modified(modified)?;
    }
    for package in ["ts", "tests/drizzle-fixture"] {
        let modules = crate::support::node_modules(&root.join(package))?;
        std::os::unix::fs::symlink(modules, to.join(package).join("node_modules"))?;
    }
    Ok(())
}

/// Replaces `from` (which must be there exactly once) with `to` in `file`.
fn edit(file: &Path, from: &str, to: &str) -> Result<()> {
    let text = std::fs::read_to_string(file)?;
    ensure!(
        text.matches(from).count() == 1,
        "{} does not hold `{from}` exactly once",
        file.display()
    );
    std::fs::write(file, text.replace(from, to))?;
    Ok(())
}

#[test]
fn a_new_column_table_and_typescript_change_keep_the_repositorys_checks_green() -> Result<()> {
    let scratch = tempfile::tempdir()?;
    let copy = scratch.path();
    copy_repository(copy)?;
    // The copy shares this run's target folder (so it reuses the compiled dependencies), where
    // cargo names a workspace's artifacts by paths relative to the workspace root: the copy's
    // crates would be this repository's, and each build would overwrite the other's. Another
    // version keeps them apart.
    edit(
        &copy.join("Cargo.toml"),
        "version = \"0.1.0\"\n",
        "version = \"0.1.0-evolution\"\n",
    )?;
    let src = copy.join("orchestrator-schema/src");

    // A nullable column on an existing table.
    edit(
        &src.join("auth.rs"),
        "    pub password_hash: Option<String>,\n",
        "    pub password_hash: Option<String>,\n    pub time_zone: Option<String>,\n",
    )?;
    // A TypeScript-only change: a narrower type for a jsonb column.
    edit(
        &src.join("auth.rs"),
        "    #[column(ts_type = \"Record<string, unknown>\")]\n",
        "    #[column(ts_type = \"Record<string, string | number | boolean>\")]\n",
    )?;
    // A new table with a foreign key.
    let mut auth = std::fs::read_to_string(src.join("auth.rs"))?;
    auth.push_str(
        r#"
/// Saved searches: added after plan 01-01.
#[derive(Table)]
#[table(name = "saved_searches")]
pub struct SavedSearch {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(references = User::id, on_delete = cascade, no_relation)]
    pub user_id: String,
    pub query: String,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}
"#,
    );
    std::fs::write(src.join("auth.rs"), auth)?;
    edit(
        &src.join("lib.rs"),
        "    ActivityLog,\n",
        "    ActivityLog,\n    SavedSearch,\n",
    )?;

    let journal_before =
        std::fs::read_to_string(copy.join("generated/migrations/meta/_journal.json"))?;
    let gen = cargo(copy, &["xtask", "gen", "--name", "saved_searches"])?;
    let entries = schema_migrations::Journal::parse(&journal_before, "journal")
        .map_err(|p| anyhow::anyhow!("{p:?}"))?
        .entries
        .len();
    let tag = format!("{entries:04}_saved_searches");
    ensure!(
        gen.contains(&format!("new migration generated/migrations/{tag}.sql")),
        "{gen}"
    );
    let up = std::fs::read_to_string(copy.join(format!("generated/migrations/{tag}.sql")))?;
    ensure!(
        up.contains("ALTER TABLE \"users\" ADD COLUMN \"time_zone\" text;")
            && up.contains("CREATE TABLE \"saved_searches\""),
        "{up}"
    );
    let schema_ts = std::fs::read_to_string(copy.join("generated/ts/schema.ts"))?;
    ensure!(
        schema_ts.contains("Record<string, string | number | boolean>"),
        "the TypeScript-only change is not in schema.ts"
    );

    // The repository's own checks, in the copy.
    cargo(copy, &["xtask", "check"])?;
    // (Not the facts tests: they pin the seed's plan, which this change departs from on purpose.)
    cargo(
        copy,
        &["test", "-p", "orchestrator-schema", "--test", "generated"],
    )?;
    cargo(
        copy,
        &[
            "test",
            "-p",
            "e2e",
            "--",
            "migrations::",
            "typescript::",
            "verify::",
        ],
    )?;
    let verify = cargo(copy, &["xtask", "verify"])?;
    ensure!(
        verify.contains("OK: the database is the declared schema"),
        "{verify}"
    );
    Ok(())
}
