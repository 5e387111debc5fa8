//! Hostile inputs to the migrator: transaction control in a migration, another tool's
//! journal table, a held lock, edited and destructive down files, an empty database.

use schema_verify::migrate::{applied, Dropped, LockWait, LOCK_KEY};
use schema_verify::testing::test_database;
use schema_verify::{Error, Migrations};

/// A migrations folder: `(tag, up, down)` in order, with `migrations.sum` when `with_sum`.
fn folder(migrations: &[(&str, &str, Option<&str>)], with_sum: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut files = schema_migrations::Files::new();
    let entries: Vec<String> = migrations
        .iter()
        .enumerate()
        .map(|(idx, (tag, up, down))| {
            files.insert(format!("{tag}.sql"), up.to_string());
            if let Some(down) = down {
                files.insert(format!("{tag}.down.sql"), down.to_string());
            }
            format!(
                r#"{{ "idx": {idx}, "version": "7", "when": {}, "tag": "{tag}", "breakpoints": true }}"#,
                1_700_000_000_000u64 + idx as u64 * 1000
            )
        })
        .collect();
    files.insert(
        "meta/_journal.json".into(),
        format!(
            r#"{{ "version": "7", "dialect": "postgresql", "entries": [{}] }}"#,
            entries.join(",\n")
        ),
    );
    if with_sum {
        let sum = schema_migrations::sum::sum_file(&files, "cargo xtask");
        files.insert("migrations.sum".into(), sum);
    }
    for (path, contents) in &files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

fn load(dir: &tempfile::TempDir) -> Migrations {
    Migrations::load(dir.path()).unwrap_or_else(|e| panic!("{e}"))
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

const INIT: (&str, &str, Option<&str>) = (
    "0000_init",
    "CREATE TABLE \"t\" (\"id\" int PRIMARY KEY, \"x\" int);",
    Some("DROP TABLE \"t\";"),
);

#[test]
fn a_migration_that_commits_is_refused_before_any_statement_runs() {
    let db = test_database("rel_commit");
    let mut client = db.connect().unwrap();
    let dir = folder(
        &[
            INIT,
            (
                "0001_commits",
                "CREATE TABLE \"a\" (\"id\" int);\n--> statement-breakpoint\nINSERT INTO \"a\" VALUES (1);\nCOMMIT;\n--> statement-breakpoint\nCREATE TABLE \"b\" (\"id\" int);",
                None,
            ),
        ],
        false,
    );
    let error = load(&dir).migrate(&mut client).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(&error, Error::OutsideTransaction { line: 4, what, .. } if what == "COMMIT"),
        "{message}"
    );
    assert!(message.contains("0001_commits.sql:4:"), "{message}");
    assert!(message.contains("-- no-transaction"), "{message}");
    // Not even the migration before it ran, and drizzle's table was not made.
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM pg_class WHERE relname IN ('t', 'a', 'b')"
        ),
        0
    );
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'drizzle'"
        ),
        0
    );

    for (statement, what) in [
        (
            "CREATE INDEX CONCURRENTLY \"i\" ON \"t\" (\"x\");",
            "CREATE INDEX CONCURRENTLY",
        ),
        ("VACUUM \"t\";", "VACUUM"),
        ("SAVEPOINT s;", "SAVEPOINT"),
        ("BEGIN;", "BEGIN"),
        ("ROLLBACK;", "ROLLBACK"),
    ] {
        let dir = folder(&[INIT, ("0001_x", statement, None)], false);
        let error = load(&dir).migrate(&mut client).unwrap_err();
        assert!(
            matches!(&error, Error::OutsideTransaction { what: w, line: 1, .. } if w == what),
            "{statement}: {error}"
        );
    }
}

#[test]
fn a_no_transaction_migration_runs_statement_by_statement() {
    let db = test_database("rel_no_tx");
    let mut client = db.connect().unwrap();
    let dir = folder(
        &[
            INIT,
            (
                "0001_concurrently",
                "-- no-transaction\nCREATE INDEX CONCURRENTLY \"t_x_idx\" ON \"t\" (\"x\");\n--> statement-breakpoint\nVACUUM \"t\";",
                None,
            ),
        ],
        false,
    );
    let outcome = load(&dir).migrate(&mut client).unwrap();
    assert_eq!(outcome.applied, ["0000_init", "0001_concurrently"]);
    assert_eq!(applied(&mut client).unwrap().len(), 2);
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM pg_class WHERE relname = 't_x_idx'"
        ),
        1
    );
}

#[test]
fn a_failing_no_transaction_migration_says_what_stays_applied() {
    let db = test_database("rel_no_tx_fail");
    let mut client = db.connect().unwrap();
    let dir = folder(
        &[
            INIT,
            (
                "0001_half",
                "-- no-transaction\nCREATE INDEX CONCURRENTLY \"i1\" ON \"t\" (\"x\");\nCREATE INDEX CONCURRENTLY \"i2\" ON \"t\" (\"nope\");\nCREATE INDEX CONCURRENTLY \"i3\" ON \"t\" (\"id\");",
                None,
            ),
        ],
        false,
    );
    let error = load(&dir).migrate(&mut client).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("0001_half.sql:3:"), "{message}");
    assert!(
        message.contains("1 of its 3 statement(s) ran and STAY APPLIED (lines: 2)"),
        "{message}"
    );
    assert!(message.contains("not recorded"), "{message}");
    assert!(!message.contains("nothing of it is applied"), "{message}");
    // What it says is what the database holds.
    assert_eq!(applied(&mut client).unwrap().len(), 1);
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM pg_class WHERE relname = 'i1'"
        ),
        1
    );
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM pg_class WHERE relname IN ('i2', 'i3')"
        ),
        0
    );
}

#[test]
fn another_tools_bigint_journal_ids_are_read() {
    let db = test_database("rel_bigint");
    let mut client = db.connect().unwrap();
    client
        .batch_execute(
            "CREATE SCHEMA drizzle;
             CREATE TABLE drizzle.__drizzle_migrations (id bigserial PRIMARY KEY, hash text NOT NULL, created_at bigint);",
        )
        .unwrap();
    let dir = folder(
        &[
            INIT,
            (
                "0001_y",
                "ALTER TABLE \"t\" ADD COLUMN \"y\" int;",
                Some("ALTER TABLE \"t\" DROP COLUMN \"y\";"),
            ),
        ],
        false,
    );
    let migrations = load(&dir);
    assert_eq!(migrations.migrate(&mut client).unwrap().applied.len(), 2);
    let rows = applied(&mut client).unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<i64>>(), [1, 2]);
    assert_eq!(
        migrations
            .rollback(&mut client, |_| Ok(()))
            .unwrap()
            .as_deref(),
        Some("0001_y")
    );
    assert_eq!(applied(&mut client).unwrap().len(), 1);
}

#[test]
fn waiting_for_the_lock_names_the_holder_and_is_bounded() {
    let db = test_database("rel_lock");
    let mut holder = db.connect().unwrap();
    holder
        .execute("SELECT pg_advisory_lock($1)", &[&LOCK_KEY])
        .unwrap();
    let holder_pid: i32 = holder
        .query_one("SELECT pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    let dir = folder(&[INIT], false);
    let mut client = db.connect().unwrap();
    let mut told = Vec::new();
    let mut on_wait = |pids: &[i32]| told.push(pids.to_vec());
    let error = load(&dir)
        .migrate_with(
            &mut client,
            LockWait {
                timeout: Some(std::time::Duration::from_millis(200)),
                on_wait: Some(&mut on_wait),
            },
        )
        .unwrap_err();
    assert_eq!(told, [vec![holder_pid]]);
    assert!(
        matches!(&error, Error::LockWait { holders, .. } if holders == &[holder_pid]),
        "{error}"
    );
    assert!(
        error.to_string().contains("--migration-lock-wait"),
        "{error}"
    );
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM pg_class WHERE relname = 't'"
        ),
        0
    );
    // Once released, the next run goes ahead.
    holder
        .execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY])
        .unwrap();
    assert_eq!(
        load(&dir).migrate(&mut client).unwrap().applied,
        ["0000_init"]
    );
}

#[test]
fn an_edited_down_file_is_refused_before_anything_runs() {
    let db = test_database("rel_down_sum");
    let mut client = db.connect().unwrap();
    let dir = folder(&[INIT], true);
    load(&dir).migrate(&mut client).unwrap();
    std::fs::write(dir.path().join("0000_init.down.sql"), "TRUNCATE \"t\";").unwrap();
    let mut asked = false;
    let error = load(&dir)
        .rollback(&mut client, |_| {
            asked = true;
            Ok(())
        })
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("0000_init.down.sql was changed since it was recorded in"),
        "{message}"
    );
    assert!(message.contains("Nothing was changed"), "{message}");
    assert!(!asked);
    assert_eq!(applied(&mut client).unwrap().len(), 1);
}

#[test]
fn rollback_lists_every_statement_that_loses_rows_or_objects() {
    let db = test_database("rel_down_destroys");
    let mut client = db.connect().unwrap();
    let down = "TRUNCATE \"t\";\n--> statement-breakpoint\nDELETE FROM \"t\" WHERE \"x\" > 0;\nDROP SCHEMA \"extra\" CASCADE;\nUPDATE \"t\" SET \"x\" = NULL;\nALTER TABLE \"t\" ALTER COLUMN \"x\" TYPE smallint;";
    let dir = folder(
        &[
            INIT,
            (
                "0001_extra",
                "CREATE SCHEMA \"extra\";\nINSERT INTO \"t\" VALUES (1, 1);",
                Some(down),
            ),
        ],
        true,
    );
    let migrations = load(&dir);
    migrations.migrate(&mut client).unwrap();
    let mut seen = Vec::new();
    let error = migrations
        .rollback(&mut client, |plan| {
            seen = plan.drops.clone();
            Err("not confirmed".into())
        })
        .unwrap_err();
    assert_eq!(error.to_string(), "not confirmed");
    let lines: Vec<usize> = seen
        .iter()
        .map(|d| match d {
            Dropped::Other { line, .. } => *line,
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(lines, [1, 3, 4, 5, 6]);
    assert_eq!(count(&mut client, "SELECT count(*) FROM \"t\""), 1);
    assert_eq!(applied(&mut client).unwrap().len(), 2);
}

#[test]
fn rollback_with_nothing_applied_changes_nothing() {
    let db = test_database("rel_rollback_empty");
    let mut client = db.connect().unwrap();
    let dir = folder(&[INIT], true);
    assert_eq!(load(&dir).rollback(&mut client, |_| Ok(())).unwrap(), None);
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'drizzle'"
        ),
        0
    );
}

#[test]
fn a_duplicate_when_is_refused_naming_both_entries() {
    let dir = folder(&[INIT, ("0001_y", "SELECT 1;", None)], false);
    let journal = dir.path().join("meta/_journal.json");
    let text = std::fs::read_to_string(&journal)
        .unwrap()
        .replace("1700000001000", "1700000000000");
    std::fs::write(&journal, text).unwrap();
    let message = Migrations::load(dir.path()).unwrap_err().to_string();
    assert!(message.contains("0001_y"), "{message}");
    assert!(message.contains("0000_init"), "{message}");
}

#[test]
fn a_default_statement_timeout_does_not_kill_a_migration() {
    let db = test_database("rel_statement_timeout");
    let mut admin = db.connect().unwrap();
    admin
        .batch_execute(&format!(
            "ALTER DATABASE \"{}\" SET statement_timeout = '50ms'",
            db.name()
        ))
        .unwrap();
    let mut client = db.connect().unwrap();
    let dir = folder(
        &[INIT, ("0001_backfill", "SELECT pg_sleep(0.3);", None)],
        false,
    );
    let outcome = load(&dir).migrate(&mut client).unwrap();
    assert_eq!(outcome.applied, ["0000_init", "0001_backfill"]);
}

#[test]
fn a_no_transaction_down_file_runs_statement_by_statement() {
    let db = test_database("rel_no_tx_down");
    let mut client = db.connect().unwrap();
    let dir = folder(
        &[
            INIT,
            (
                "0001_concurrently",
                "-- no-transaction\nCREATE INDEX CONCURRENTLY \"t_x_idx\" ON \"t\" (\"x\");",
                Some("-- no-transaction\nDROP INDEX CONCURRENTLY \"t_x_idx\";\nDROP INDEX CONCURRENTLY \"nope\";"),
            ),
        ],
        true,
    );
    let migrations = load(&dir);
    migrations.migrate(&mut client).unwrap();
    let error = migrations.rollback(&mut client, |_| Ok(())).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("0001_concurrently.down.sql:3:"),
        "{message}"
    );
    assert!(
        message.contains("1 of its 2 statement(s) ran and STAY (lines: 2)"),
        "{message}"
    );
    assert!(message.contains("STILL RECORDED"), "{message}");
    assert_eq!(applied(&mut client).unwrap().len(), 2);
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM pg_class WHERE relname = 't_x_idx'"
        ),
        0
    );
}

#[test]
fn reports_never_show_the_password_of_the_url() {
    let db = test_database("rel_report_secret");
    let config = db.config();
    let host = match &config.get_hosts()[0] {
        postgres::config::Host::Tcp(host) => host.clone(),
        other => panic!("{other:?}"),
    };
    let port = config.get_ports()[0];
    // The test server trusts every login, so any password connects.
    for url in [
        format!("postgres://postgres:S3cr3tPW@{host}:{port}/{}", db.name()),
        format!("Postgres://postgres:S3cr3tPW@{host}:{port}/{}", db.name()),
        format!(
            "  postgresql://postgres@{host}:{port}/{}?password=S3cr3tPW",
            db.name()
        ),
        format!(
            "host={host} port={port} user=postgres password=S3cr3tPW dbname={}",
            db.name()
        ),
    ] {
        let database =
            schema_verify::Database::existing(&url, schema_verify::UrlSource::Flag).unwrap();
        let mut client = database.connect_read_only().unwrap();
        let mut report = schema_verify::VerifyReport {
            server: database.location().to_string(),
            database: database.name().to_string(),
            ..Default::default()
        };
        let options = schema_verify::VerifyOptions {
            probes: false,
            ..Default::default()
        };
        schema_verify::verify_database(
            &mut client,
            &crate::fixture::schema(),
            &options,
            &mut report,
        )
        .unwrap();
        for output in [
            report.to_text(),
            report.to_json(),
            report.to_junit(),
            format!("{report:?}"),
            format!("{:?}", database.config()),
        ] {
            assert!(!output.contains("S3cr3tPW"), "{url}: {output}");
        }
    }
}
