//! `generate` in both modes: on the repository's own `generated/` (a plain `cargo test` fails
//! when it is stale), on the orchestrator's history, and on scratch folders.

use std::path::Path;

use schema_model::{ColumnDef, ColumnTs, Schema, SqlDefault, SqlType};

use super::*;

fn options(schema: &Schema) -> Options<'_> {
    Options {
        schema,
        name: None,
        allow_destructive: false,
        now_millis: 1_700_000_000_000,
        typescript: false,
    }
}

fn gen_into(root: &Path, schema: &Schema, name: Option<&str>) -> Outcome {
    let outcome = generate(
        root,
        Mode::Write,
        &Options {
            name,
            ..options(schema)
        },
    )
    .unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    outcome
}

fn check_in(root: &Path, schema: &Schema) -> String {
    check_report(&generate(root, Mode::Check, &options(schema)).unwrap())
}

#[test]
fn generated_folder_is_up_to_date_with_the_rust_schema() {
    let schema = orchestrator_schema::schema();
    let outcome = generate(
        &generated_dir(),
        Mode::Check,
        &Options {
            typescript: true,
            allow_destructive: true,
            ..options(&schema)
        },
    )
    .unwrap();
    let report = check_report(&outcome);
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_committed_history_is_what_the_tool_writes_from_the_rust_schema() {
    let committed = read_tree(&generated_dir()).unwrap();
    let journal: Journal = serde_json::from_str(&committed[JOURNAL]).unwrap();
    let tags: Vec<&str> = journal.entries.iter().map(|e| e.tag.as_str()).collect();
    assert_eq!(tags, ["0000_baseline", "0001_auth_collaboration"]);

    let scratch = tempfile::tempdir().unwrap();
    let history = [
        (orchestrator_schema::baseline(), "baseline"),
        (orchestrator_schema::schema(), "auth_collaboration"),
    ];
    for ((schema, name), entry) in history.iter().zip(&journal.entries) {
        generate(
            scratch.path(),
            Mode::Write,
            &Options {
                name: Some(name),
                now_millis: entry.when,
                ..options(schema)
            },
        )
        .unwrap();
    }
    let replayed = read_tree(scratch.path()).unwrap();
    let committed: Files = committed
        .into_iter()
        .filter(|(path, _)| path.starts_with("migrations/"))
        .collect();
    assert_eq!(
        replayed.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (path, contents) in &committed {
        assert_eq!(
            &replayed[path], contents,
            "generated/{path} differs from a fresh replay"
        );
    }
}

#[test]
fn migration_0001_holds_only_the_seven_new_tables_and_their_foreign_keys() {
    let committed = read_tree(&generated_dir()).unwrap();
    let sql = sql_body(&committed["migrations/0001_auth_collaboration.sql"]);
    let statements: Vec<&str> = sql.split(schema_model::ddl::BREAKPOINT).collect();
    assert_eq!(statements.len(), 7 + 8);
    for statement in statements {
        let statement = statement.trim();
        assert!(
            statement.starts_with("CREATE TABLE")
                || statement.starts_with("ALTER TABLE") && statement.contains("FOREIGN KEY"),
            "{statement}"
        );
    }
}

fn column(name: &str, sql_type: SqlType, not_null: bool) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        renamed_from: None,
        sql_type,
        not_null,
        default: None,
        ts: ColumnTs::default(),
    }
}

fn posts() -> Schema {
    Schema {
        tables: vec![schema_model::TableDef {
            name: "posts".into(),
            renamed_from: None,
            columns: vec![
                column("id", SqlType::Text, true),
                column("title", SqlType::Text, true),
            ],
            primary_key: Some(schema_model::PrimaryKey::new("posts", vec!["id".into()])),
            uniques: vec![],
            foreign_keys: vec![],
            indexes: vec![],
            ts: Default::default(),
        }],
    }
}

fn posts_with_body() -> Schema {
    let mut schema = posts();
    let mut body = column("body", SqlType::Text, true);
    body.default = Some(SqlDefault::Text(String::new()));
    schema.tables[0].columns.push(body);
    schema
}

#[test]
fn gen_twice_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let first = gen_into(dir.path(), &posts(), Some("init"));
    assert_eq!(first.new_migration.as_deref(), Some("0000_init"));
    let before = read_tree(dir.path()).unwrap();
    let second = generate(
        dir.path(),
        Mode::Write,
        &Options {
            now_millis: 1_800_000_000_000,
            ..options(&posts())
        },
    )
    .unwrap();
    assert!(second.changed.is_empty() && second.new_migration.is_none());
    assert_eq!(read_tree(dir.path()).unwrap(), before);
    assert_eq!(check_in(dir.path(), &posts()), "");
}

#[test]
fn the_folder_is_laid_out_for_drizzles_migrator() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    gen_into(dir.path(), &posts_with_body(), None);
    let files = read_tree(dir.path()).unwrap();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "migrations/0000_init.down.sql",
            "migrations/0000_init.sql",
            "migrations/0001_add_posts_body.down.sql",
            "migrations/0001_add_posts_body.sql",
            "migrations/meta/0000_snapshot.json",
            "migrations/meta/0001_snapshot.json",
            "migrations/meta/_journal.json",
            "migrations/migrations.sum",
        ]
    );
    let journal: serde_json::Value = serde_json::from_str(&files[JOURNAL]).unwrap();
    assert_eq!(journal["version"], "7");
    assert_eq!(journal["dialect"], "postgresql");
    assert_eq!(journal["entries"][1]["idx"], 1);
    assert_eq!(journal["entries"][1]["tag"], "0001_add_posts_body");
    assert_eq!(journal["entries"][1]["breakpoints"], true);
    assert_eq!(
        files["migrations/0001_add_posts_body.sql"],
        format!(
            "{SQL_HEADER}\nALTER TABLE \"posts\" ADD COLUMN \"body\" text DEFAULT '' NOT NULL;\n"
        )
    );
    assert_eq!(
        files["migrations/0001_add_posts_body.down.sql"],
        format!("{SQL_HEADER}\nALTER TABLE \"posts\" DROP COLUMN \"body\";\n")
    );
}

#[test]
fn check_reports_a_pending_schema_change() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    let report = check_in(dir.path(), &posts_with_body());
    assert_eq!(
        report,
        "the Rust schema has changes no migration holds yet (would be generated/migrations/0001_add_posts_body.sql), run `cargo xtask gen`"
    );
}

#[test]
fn check_reports_an_edited_migration() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    let file = dir.path().join("migrations/0000_init.sql");
    let sql = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        sql.replace("\"title\" text NOT NULL", "\"title\" text"),
    )
    .unwrap();
    let report = check_in(dir.path(), &posts());
    assert!(
        report.contains(
            "generated/migrations/0000_init.sql was edited after `cargo xtask gen` wrote it"
        ),
        "{report}"
    );
    // Both ways back: from git when committed, through the committed journal when new.
    assert!(
        report.contains(
            "if migration 0000_init is committed, run `git checkout -- generated/migrations/0000_init.sql`; \
             if it is new (not committed; roll it back first if you applied it locally), run \
             `git checkout -- generated/migrations/meta/_journal.json generated/migrations/migrations.sum` \
             (or, if git has neither, delete generated/migrations/), then `cargo xtask gen`, \
             which writes the new migration again"
        ),
        "{report}"
    );
    // Rewriting the checksums does not hide it: the SQL no longer builds the snapshot.
    let sum = dir.path().join("migrations/migrations.sum");
    std::fs::remove_file(&sum).unwrap();
    let mut files = read_tree(dir.path()).unwrap();
    files.remove(SUM);
    std::fs::write(&sum, sum_file(&files)).unwrap();
    let report = check_in(dir.path(), &posts());
    assert!(
        report.contains(
            "generated/migrations/0000_init.sql does not build the schema of \
             generated/migrations/meta/0000_snapshot.json: in table \"posts\" the SQL has \
             `\"title\" text` but the snapshot `\"title\" text NOT NULL`"
        ),
        "{report}"
    );
}

#[test]
fn check_reports_a_missing_migration_and_an_orphan() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    std::fs::remove_file(dir.path().join("migrations/0000_init.down.sql")).unwrap();
    std::fs::write(dir.path().join("migrations/0007_stray.sql"), "SELECT 1;").unwrap();
    let report = check_in(dir.path(), &posts());
    assert!(
        report.contains("generated/migrations/0000_init.down.sql is missing"),
        "{report}"
    );
    assert!(
        report.contains("generated/migrations/0007_stray.sql is no longer generated (orphaned)"),
        "{report}"
    );
}

#[test]
fn gen_refuses_a_destructive_change_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts_with_body(), Some("init"));
    let error = generate(dir.path(), Mode::Write, &options(&posts())).unwrap_err();
    let message = format!("{error:#}");
    assert!(message.contains("posts.body"), "{message}");
    assert!(
        message.contains("cargo xtask gen --allow-destructive"),
        "{message}"
    );
    assert!(
        read_tree(dir.path()).unwrap().len() == 5,
        "nothing was written"
    );
    let allowed = generate(
        dir.path(),
        Mode::Write,
        &Options {
            allow_destructive: true,
            ..options(&posts())
        },
    )
    .unwrap();
    assert_eq!(
        allowed.new_migration.as_deref(),
        Some("0001_drop_posts_body")
    );
}

#[test]
fn check_reports_stale_and_orphaned_typescript_but_leaves_the_users_modules_alone() {
    let dir = tempfile::tempdir().unwrap();
    let with_ts = |schema| Options {
        typescript: true,
        ..options(schema)
    };
    let schema = posts();
    generate(dir.path(), Mode::Write, &with_ts(&schema)).unwrap();
    let ts_files = schema_model::ts::files(&schema, &schema_model::ts::TsOptions::default());
    assert!(!ts_files.is_empty());
    let (first, _) = &ts_files[0];
    std::fs::write(dir.path().join("ts").join(first), "// edited by hand\n").unwrap();
    std::fs::write(
        dir.path().join("ts/old.ts"),
        "// generated by `cargo xtask gen`, do not edit\nexport {};\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ts/json-types.ts"),
        "// the user's own module\n",
    )
    .unwrap();
    let report = check_report(&generate(dir.path(), Mode::Check, &with_ts(&schema)).unwrap());
    assert_eq!(
        report,
        format!(
            "generated/ts/{first} is not up to date, run `cargo xtask gen`\n\
             generated/ts/old.ts is no longer generated (orphaned), run `cargo xtask gen` to remove it"
        )
    );
    let fixed = generate(dir.path(), Mode::Write, &with_ts(&schema)).unwrap();
    assert_eq!(fixed.orphaned, ["ts/old.ts"]);
    assert!(dir.path().join("ts/json-types.ts").exists());
    assert_eq!(
        check_report(&generate(dir.path(), Mode::Check, &with_ts(&schema)).unwrap()),
        ""
    );
}

#[test]
fn check_reports_a_down_file_that_no_longer_undoes_its_migration() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    gen_into(dir.path(), &posts_with_body(), None);
    let down = dir.path().join("migrations/0001_add_posts_body.down.sql");
    std::fs::write(&down, format!("{SQL_HEADER}\nSELECT 1;\n")).unwrap();
    let mut files = read_tree(dir.path()).unwrap();
    files.remove(SUM);
    std::fs::write(dir.path().join(SUM), sum_file(&files)).unwrap();
    let report = check_in(dir.path(), &posts_with_body());
    assert!(
        report.contains("generated/migrations/0001_add_posts_body.down.sql, statement 1"),
        "{report}"
    );
}

/// Rewrites the checksum file over the folder's current files, as someone hiding an edit would.
fn rewrite_sum(root: &Path) {
    let mut files = read_tree(root).unwrap();
    files.remove(SUM);
    std::fs::write(root.join(SUM), sum_file(&files)).unwrap();
}

/// The journal and checksum files, as a commit holds them.
fn committed_journal_and_sum(root: &Path) -> [String; 2] {
    [JOURNAL, SUM].map(|p| std::fs::read_to_string(root.join(p)).unwrap())
}

/// `git checkout -- generated/migrations/meta/_journal.json generated/migrations/migrations.sum`.
fn checkout_journal_and_sum(root: &Path, committed: &[String; 2]) {
    for (path, contents) in [JOURNAL, SUM].iter().zip(committed) {
        std::fs::write(root.join(path), contents).unwrap();
    }
}

#[test]
fn an_edited_new_migration_is_undone_by_the_advice_for_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    let committed = committed_journal_and_sum(dir.path());
    gen_into(dir.path(), &posts_with_body(), None);
    let up = dir.path().join("migrations/0001_add_posts_body.sql");
    let sql = std::fs::read_to_string(&up).unwrap();
    std::fs::write(&up, sql.replace("DEFAULT ''", "DEFAULT 'x'")).unwrap();
    let report = check_in(dir.path(), &posts_with_body());
    assert!(report.contains("if it is new"), "{report}");
    checkout_journal_and_sum(dir.path(), &committed);
    let again = gen_into(dir.path(), &posts_with_body(), None);
    assert_eq!(again.new_migration.as_deref(), Some("0001_add_posts_body"));
    assert_eq!(check_in(dir.path(), &posts_with_body()), "");
    // Under another name the edited files are leftovers: removed.
    checkout_journal_and_sum(dir.path(), &committed);
    let renamed = gen_into(dir.path(), &posts_with_body(), Some("body"));
    assert_eq!(renamed.new_migration.as_deref(), Some("0001_body"));
    assert!(!up.exists());
    assert_eq!(check_in(dir.path(), &posts_with_body()), "");
}

#[test]
fn a_deleted_new_migration_file_gets_both_ways_back() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    let committed = committed_journal_and_sum(dir.path());
    gen_into(dir.path(), &posts_with_body(), None);
    std::fs::remove_file(dir.path().join("migrations/0001_add_posts_body.down.sql")).unwrap();
    let report = check_in(dir.path(), &posts_with_body());
    assert!(
        report.contains(
            "generated/migrations/0001_add_posts_body.down.sql is missing but the journal lists \
             migration 0001_add_posts_body (applied migrations never change); if migration \
             0001_add_posts_body is committed, run \
             `git checkout -- generated/migrations/0001_add_posts_body.down.sql`; if it is new"
        ),
        "{report}"
    );
    checkout_journal_and_sum(dir.path(), &committed);
    gen_into(dir.path(), &posts_with_body(), None);
    assert_eq!(check_in(dir.path(), &posts_with_body()), "");
}

#[test]
fn check_says_a_pending_destructive_change_needs_allow_destructive() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts_with_body(), Some("init"));
    let report = check_report(
        &generate(
            dir.path(),
            Mode::Check,
            &Options {
                allow_destructive: true,
                ..options(&posts())
            },
        )
        .unwrap(),
    );
    assert_eq!(
        report,
        "the Rust schema has changes no migration holds yet (would be \
         generated/migrations/0001_drop_posts_body.sql), and some can lose data:\n  \
         - posts.body: the column is no longer in the schema; dropping it deletes its values\n\
         if that is intended, run `cargo xtask gen --allow-destructive`; to keep the data, \
         declare a rename with `renamed_from = \"old_name\"` instead of a drop"
    );
}

#[test]
fn gen_warns_about_a_down_step_that_fails_on_a_table_with_rows() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    let mut without_title = posts();
    without_title.tables[0]
        .columns
        .retain(|c| c.name != "title");
    let outcome = generate(
        dir.path(),
        Mode::Write,
        &Options {
            allow_destructive: true,
            ..options(&without_title)
        },
    )
    .unwrap();
    assert_eq!(
        outcome.warnings,
        [
            "generated/migrations/0001_drop_posts_title.down.sql, statement 1: fails if table \
          \"posts\" has rows: it re-adds NOT NULL column \"title\" without a default (and the \
          dropped values are not restored)"
        ]
    );
    let down =
        std::fs::read_to_string(dir.path().join("migrations/0001_drop_posts_title.down.sql"))
            .unwrap();
    assert_eq!(
        down,
        format!(
            "{SQL_HEADER}\n-- warning: fails if table \"posts\" has rows: it re-adds NOT NULL \
             column \"title\" without a default (and the dropped values are not restored)\n\
             ALTER TABLE \"posts\" ADD COLUMN \"title\" text NOT NULL;\n"
        )
    );
    // The down file with its comment still undoes the migration exactly.
    assert_eq!(check_in(dir.path(), &without_title), "");
}

#[test]
fn an_index_added_to_a_migration_is_named_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &posts(), Some("init"));
    let up = dir.path().join("migrations/0000_init.sql");
    let sql = std::fs::read_to_string(&up).unwrap();
    std::fs::write(
        &up,
        format!("{sql}--> statement-breakpoint\nCREATE INDEX \"x\" ON \"posts\" USING btree (\"title\");\n"),
    )
    .unwrap();
    rewrite_sum(dir.path());
    let report = check_in(dir.path(), &posts());
    assert!(
        report.contains(
            "generated/migrations/0000_init.sql does not build the schema of \
             generated/migrations/meta/0000_snapshot.json: index \"x\" of table \"posts\" is in \
             the SQL but not in the snapshot: `CREATE INDEX \"x\" ON \"posts\" USING btree (\"title\");`"
        ),
        "{report}"
    );
}
