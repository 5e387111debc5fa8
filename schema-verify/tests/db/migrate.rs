use schema_verify::migrate::applied;
use schema_verify::testing::test_database;
use schema_verify::{Error, Migrations};

use crate::fixture::fixtures;

fn load(name: &str) -> Migrations {
    Migrations::load(&fixtures(name)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn records_migrations_as_drizzle_does() {
    let db = test_database("migrate_records");
    let mut client = db.connect().unwrap();
    let migrations = load("good");
    let outcome = migrations.migrate(&mut client).unwrap();
    assert_eq!(outcome.applied, ["0000_init", "0001_task_index"]);

    let rows = applied(&mut client).unwrap();
    assert_eq!(rows.len(), 2);
    for (row, migration) in rows.iter().zip(&migrations.migrations) {
        assert_eq!(row.created_at, migration.when);
        assert_eq!(row.hash, migration.hash);
        assert_eq!(row.hash.len(), 64);
    }
    // drizzle's table, column for column.
    let columns: Vec<(String, String)> = client
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = 'drizzle' AND table_name = '__drizzle_migrations' ORDER BY ordinal_position",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        columns,
        [
            ("id".to_string(), "integer".to_string()),
            ("hash".into(), "text".into()),
            ("created_at".into(), "bigint".into())
        ]
    );

    // A second run applies nothing.
    let again = migrations.migrate(&mut client).unwrap();
    assert!(again.applied.is_empty());
    assert_eq!(again.already_applied, 2);
}

#[test]
fn concurrent_migrators_apply_each_migration_once() {
    let db = test_database("migrate_concurrent");
    let config = db.config().clone();
    let migrations = load("good");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let config = config.clone();
            let migrations = migrations.clone();
            std::thread::spawn(move || {
                let mut client = config.connect(postgres::NoTls).unwrap();
                migrations.migrate(&mut client).map(|o| o.applied)
            })
        })
        .collect();
    let mut applied_tags: Vec<String> = Vec::new();
    for thread in threads {
        applied_tags.extend(thread.join().unwrap().unwrap_or_else(|e| panic!("{e}")));
    }
    applied_tags.sort();
    assert_eq!(applied_tags, ["0000_init", "0001_task_index"]);
    let mut client = db.connect().unwrap();
    assert_eq!(applied(&mut client).unwrap().len(), 2);
}

#[test]
fn reports_the_failing_statement_with_file_and_line() {
    let db = test_database("migrate_broken");
    let mut client = db.connect().unwrap();
    let error = load("broken_statement").migrate(&mut client).unwrap_err();
    let Error::StatementFailed(failure) = &error else {
        panic!("expected a statement failure, got {error}");
    };
    assert_eq!(failure.tag, "0001_broken");
    assert!(failure.file.ends_with("0001_broken.sql"));
    assert_eq!(failure.line, 4, "{error}");
    assert_eq!(failure.sqlstate.as_deref(), Some("42883"));
    let message = error.to_string();
    assert!(message.contains("0001_broken.sql:4:"), "{message}");
    assert!(message.contains("operator does not exist"), "{message}");
    // The first migration stays applied; the broken one left nothing behind.
    assert_eq!(applied(&mut client).unwrap().len(), 1);
    let done_column: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'done'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(done_column, 0);
}

#[test]
fn refuses_when_an_applied_migration_changed() {
    let db = test_database("migrate_edited");
    let mut client = db.connect().unwrap();
    load("good").migrate(&mut client).unwrap();
    let error = load("edited").migrate(&mut client).unwrap_err();
    assert!(
        matches!(&error, Error::AppliedMigrationChanged(changed) if changed.tag == "0000_init"),
        "{error}"
    );
    assert!(error.to_string().contains("0000_init.sql"), "{error}");
}

#[test]
fn refuses_when_an_applied_migration_is_missing() {
    let db = test_database("migrate_missing");
    let mut client = db.connect().unwrap();
    load("good").migrate(&mut client).unwrap();
    let error = load("missing").migrate(&mut client).unwrap_err();
    assert!(
        matches!(
            error,
            Error::AppliedMigrationMissing {
                created_at: 1700000300000,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn detects_a_migration_older_than_applied_ones() {
    let db = test_database("migrate_order");
    let mut client = db.connect().unwrap();
    load("good").migrate(&mut client).unwrap();
    let error = load("out_of_order").migrate(&mut client).unwrap_err();
    assert!(
        matches!(&error, Error::OutOfOrder { tag, last_applied } if tag == "0001_branch_tags" && last_applied == "0001_task_index"),
        "{error}"
    );
    let tags: i64 = client
        .query_one("SELECT count(*) FROM pg_class WHERE relname = 'tags'", &[])
        .unwrap()
        .get(0);
    assert_eq!(tags, 0, "nothing of the branch migration may be applied");
}

#[test]
fn rollback_applies_the_down_file_and_forgets_the_migration() {
    let db = test_database("migrate_rollback");
    let mut client = db.connect().unwrap();
    let migrations = load("good");
    migrations.migrate(&mut client).unwrap();
    assert_eq!(
        migrations.rollback(&mut client).unwrap().as_deref(),
        Some("0001_task_index")
    );
    assert_eq!(applied(&mut client).unwrap().len(), 1);
    let index: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_class WHERE relname = 'tasks_workspace_id_idx'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(index, 0);
    // Forward again: the rolled-back migration is pending once more.
    assert_eq!(
        migrations.migrate(&mut client).unwrap().applied,
        ["0001_task_index"]
    );
    assert_eq!(
        migrations.rollback(&mut client).unwrap().as_deref(),
        Some("0001_task_index")
    );
    assert_eq!(
        migrations.rollback(&mut client).unwrap().as_deref(),
        Some("0000_init")
    );
    assert_eq!(migrations.rollback(&mut client).unwrap(), None);
}
