use schema_verify::migrate::{applied, Dropped};
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
        migrations
            .rollback(&mut client, |_| Ok(()))
            .unwrap()
            .as_deref(),
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
        migrations
            .rollback(&mut client, |_| Ok(()))
            .unwrap()
            .as_deref(),
        Some("0001_task_index")
    );
    assert_eq!(
        migrations
            .rollback(&mut client, |_| Ok(()))
            .unwrap()
            .as_deref(),
        Some("0000_init")
    );
    assert_eq!(migrations.rollback(&mut client, |_| Ok(())).unwrap(), None);
}

#[test]
fn a_failing_first_statement_is_reported_on_its_own_line_not_the_header() {
    let db = test_database("migrate_broken_first");
    let mut client = db.connect().unwrap();
    let error = load("broken_first").migrate(&mut client).unwrap_err();
    let Error::StatementFailed(failure) = &error else {
        panic!("expected a statement failure, got {error}");
    };
    assert_eq!(failure.tag, "0001_first");
    // Line 1 is the `-- generated by` header; the ALTER TABLE is on line 2.
    assert_eq!(failure.line, 2, "{error}");
    assert!(
        failure.statement.starts_with("ALTER TABLE \"task\""),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains("0001_first.sql:2:"), "{message}");
    assert!(!message.contains("generated by"), "{message}");
    assert_eq!(applied(&mut client).unwrap().len(), 1);
}

#[test]
fn a_failing_down_file_says_the_migration_is_still_applied() {
    let db = test_database("migrate_broken_down");
    let mut client = db.connect().unwrap();
    let migrations = load("broken_down");
    migrations.migrate(&mut client).unwrap();
    let error = migrations.rollback(&mut client, |_| Ok(())).unwrap_err();
    let Error::StatementFailed(failure) = &error else {
        panic!("expected a statement failure, got {error}");
    };
    assert!(
        failure.file.ends_with("0001_task_index.down.sql"),
        "{error}"
    );
    assert_eq!(failure.line, 3, "{error}");
    assert!(
        failure
            .statement
            .starts_with("ALTER TABLE \"tasks\" DROP COLUMN \"finished\""),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains("0001_task_index.down.sql:3:"), "{message}");
    assert!(message.contains("STILL APPLIED"), "{message}");
    assert!(message.contains("run `rollback` again"), "{message}");
    assert!(!message.contains("nothing of it is applied"), "{message}");
    // And it is true: still recorded, and the down file's first statement was undone.
    assert_eq!(applied(&mut client).unwrap().len(), 2);
    let index: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_class WHERE relname = 'tasks_workspace_id_idx'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(index, 1);
}

#[test]
fn rollback_shows_what_it_drops_and_stops_when_not_confirmed() {
    let db = test_database("migrate_rollback_confirm");
    let mut client = db.connect().unwrap();
    let migrations = load("good");
    migrations.migrate(&mut client).unwrap();

    let mut seen = Vec::new();
    let error = migrations
        .rollback(&mut client, |plan| {
            seen = plan.drops.clone();
            Err(format!("{} not confirmed", plan.tag))
        })
        .unwrap_err();
    assert_eq!(error.to_string(), "0001_task_index not confirmed");
    assert_eq!(
        seen,
        [
            Dropped::Other {
                line: 1,
                what: "dropped, with whatever it holds",
                statement: "DROP INDEX \"tasks_workspace_id_idx\";".into()
            },
            Dropped::Column {
                table: "tasks".into(),
                column: "done".into(),
                line: 3
            }
        ]
    );
    // Nothing changed.
    assert_eq!(applied(&mut client).unwrap().len(), 2);
    let done: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'done'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(done, 1);

    migrations.rollback(&mut client, |_| Ok(())).unwrap();
    let mut tables = Vec::new();
    migrations
        .rollback(&mut client, |plan| {
            tables = plan.drops.clone();
            Ok(())
        })
        .unwrap();
    let names: Vec<&str> = tables
        .iter()
        .map(|d| match d {
            Dropped::Table { table, .. } => table.as_str(),
            other => panic!("unexpected {other}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            "tasks",
            "invitations",
            "workspace_members",
            "workspaces",
            "users"
        ]
    );
}
