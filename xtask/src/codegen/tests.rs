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
    let ts_files = schema_model::ts::files(&schema);
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
