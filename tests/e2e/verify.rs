//! The verifier against the orchestrator's own migrations: the untouched database is exactly the
//! Rust schema (catalog and behaviour), and every drift applied to a copy of it is reported with
//! its table and column or constraint. One server per run (SCHEMA_VERIFY_PROVIDER picks it), one
//! database per check, copied from a migrated template.

use std::path::PathBuf;
use std::sync::OnceLock;

use schema_model::FkAction;
use schema_verify::testing::{shared_server, test_database_from};
use schema_verify::{
    verify_database, Database, FindingKind, Migrations, VerifyOptions, VerifyReport,
};

fn migrations_dir() -> PathBuf {
    crate::support::repo_root().join("generated/migrations")
}

/// A database with every committed migration applied, made once per run and copied per test.
fn migrated_template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let database = shared_server()
            .create_database("e2e_migrated")
            .expect("creating the template database");
        let migrations = Migrations::load(&migrations_dir()).unwrap_or_else(|e| panic!("{e}"));
        let mut client = database.connect().expect("connecting to the template");
        migrations
            .migrate(&mut client)
            .unwrap_or_else(|e| panic!("{e}"));
        drop(client);
        // On a DATABASE_URL server the template must not outlive the run.
        database.keep_until_exit()
    })
}

fn verify(database: &Database) -> VerifyReport {
    let mut client = database.connect().unwrap();
    let mut report = VerifyReport::default();
    verify_database(
        &mut client,
        &orchestrator_schema::schema(),
        &VerifyOptions::default(),
        &mut report,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    report
}

#[test]
fn the_migrated_database_is_the_rust_schema() {
    let database = test_database_from("e2e_clean", migrated_template());
    let report = verify(&database);
    assert!(report.all_findings().is_empty(), "{}", report.to_text());
    assert_eq!(
        report.tables.len(),
        orchestrator_schema::schema().tables.len()
    );
    let schema = orchestrator_schema::schema();
    // Per foreign key: on delete, on update, and the same-statement re-insert that tells
    // RESTRICT from NO ACTION, for each of the two actions that is one of them.
    let refuses = |a: FkAction| matches!(a, FkAction::NoAction | FkAction::Restrict);
    let foreign_keys: usize = schema
        .tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .map(|fk| 2 + usize::from(refuses(fk.on_delete)) + usize::from(refuses(fk.on_update)))
        .sum();
    let keys: usize = schema
        .tables
        .iter()
        .map(|t| t.uniques.len() + usize::from(t.primary_key.is_some()))
        .sum();
    let not_null: usize = schema
        .tables
        .iter()
        .map(|t| t.columns.iter().filter(|c| c.not_null).count())
        .sum();
    assert_eq!(
        report.probes.len(),
        foreign_keys + keys + not_null,
        "every constraint probed"
    );
    assert!(report.probes.iter().all(|p| p.passed));
}

/// One drift: SQL applied to a fresh copy, and findings that must be among those reported.
struct Drift {
    name: &'static str,
    sql: &'static str,
    expect: &'static [(&'static str, &'static str, FindingKind)],
}

const DRIFTS: &[Drift] = &[
    Drift {
        name: "drop a unique constraint",
        sql: "ALTER TABLE users DROP CONSTRAINT users_email_unique",
        expect: &[("users", "users_email_unique", FindingKind::MissingUnique)],
    },
    Drift {
        name: "make a composite unique single-column",
        sql: "ALTER TABLE accounts DROP CONSTRAINT accounts_provider_provider_account_id_unique;
              ALTER TABLE accounts ADD CONSTRAINT accounts_provider_provider_account_id_unique UNIQUE (provider)",
        expect: &[("accounts", "accounts_provider_provider_account_id_unique", FindingKind::Unique)],
    },
    Drift {
        name: "swap the columns of a composite unique",
        sql: "ALTER TABLE workspace_members DROP CONSTRAINT workspace_members_workspace_id_user_id_unique;
              ALTER TABLE workspace_members ADD CONSTRAINT workspace_members_workspace_id_user_id_unique UNIQUE (user_id, workspace_id)",
        expect: &[("workspace_members", "workspace_members_workspace_id_user_id_unique", FindingKind::Unique)],
    },
    Drift {
        name: "replace a unique constraint by a unique index",
        sql: "ALTER TABLE invitations DROP CONSTRAINT invitations_token_unique;
              CREATE UNIQUE INDEX invitations_token_unique ON invitations (token)",
        expect: &[("invitations", "invitations_token_unique", FindingKind::MissingUnique)],
    },
    Drift {
        name: "turn a cascade into no action",
        sql: "ALTER TABLE accounts DROP CONSTRAINT accounts_user_id_users_id_fk;
              ALTER TABLE accounts ADD CONSTRAINT accounts_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES users(id)",
        expect: &[("accounts", "accounts_user_id_users_id_fk", FindingKind::ForeignKey)],
    },
    Drift {
        name: "turn a set null into a cascade",
        sql: "ALTER TABLE activity_logs DROP CONSTRAINT activity_logs_user_id_users_id_fk;
              ALTER TABLE activity_logs ADD CONSTRAINT activity_logs_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE",
        expect: &[("activity_logs", "activity_logs_user_id_users_id_fk", FindingKind::ForeignKey)],
    },
    Drift {
        name: "change a foreign key's ON UPDATE",
        sql: "ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_users_id_fk;
              ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_users_id_fk FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE ON UPDATE CASCADE",
        expect: &[("sessions", "sessions_user_id_users_id_fk", FindingKind::ForeignKey)],
    },
    Drift {
        name: "drop a foreign key",
        sql: "ALTER TABLE tickets DROP CONSTRAINT tickets_project_id_projects_id_fk",
        expect: &[("tickets", "tickets_project_id_projects_id_fk", FindingKind::MissingForeignKey)],
    },
    Drift {
        name: "rename a foreign key",
        sql: "ALTER TABLE jobs RENAME CONSTRAINT jobs_workspace_id_workspaces_id_fk TO jobs_workspace_fk",
        expect: &[("jobs", "jobs_workspace_id_workspaces_id_fk", FindingKind::ForeignKey)],
    },
    Drift {
        name: "drop a composite primary key",
        sql: "ALTER TABLE verification_tokens DROP CONSTRAINT verification_tokens_identifier_token_pk",
        expect: &[("verification_tokens", "verification_tokens_identifier_token_pk", FindingKind::PrimaryKey)],
    },
    Drift {
        name: "reorder a composite primary key",
        sql: "ALTER TABLE verification_tokens DROP CONSTRAINT verification_tokens_identifier_token_pk;
              ALTER TABLE verification_tokens ADD CONSTRAINT verification_tokens_identifier_token_pk PRIMARY KEY (token, identifier)",
        expect: &[("verification_tokens", "verification_tokens_identifier_token_pk", FindingKind::PrimaryKey)],
    },
    Drift {
        name: "make a column nullable",
        sql: "ALTER TABLE projects ALTER COLUMN stage DROP NOT NULL",
        expect: &[("projects", "stage", FindingKind::Nullability)],
    },
    Drift {
        name: "make a nullable column NOT NULL",
        sql: "ALTER TABLE jobs ALTER COLUMN priority SET NOT NULL",
        expect: &[("jobs", "priority", FindingKind::Nullability)],
    },
    Drift {
        name: "change a numeric default",
        sql: "ALTER TABLE jobs ALTER COLUMN max_attempts SET DEFAULT 5",
        expect: &[("jobs", "max_attempts", FindingKind::ColumnDefault)],
    },
    Drift {
        name: "change a text default",
        sql: "ALTER TABLE invitations ALTER COLUMN role SET DEFAULT 'viewer'",
        expect: &[("invitations", "role", FindingKind::ColumnDefault)],
    },
    Drift {
        name: "drop a default",
        sql: "ALTER TABLE workspaces ALTER COLUMN context_path DROP DEFAULT",
        expect: &[("workspaces", "context_path", FindingKind::ColumnDefault)],
    },
    Drift {
        name: "add a default",
        sql: "ALTER TABLE users ALTER COLUMN email SET DEFAULT ''",
        expect: &[("users", "email", FindingKind::ColumnDefault)],
    },
    Drift {
        name: "change a type",
        sql: "ALTER TABLE documents ALTER COLUMN version TYPE bigint",
        expect: &[("documents", "version", FindingKind::ColumnType)],
    },
    Drift {
        name: "narrow text to varchar",
        sql: "ALTER TABLE users ALTER COLUMN email TYPE varchar(100)",
        expect: &[("users", "email", FindingKind::ColumnType)],
    },
    Drift {
        name: "rename a column",
        sql: "ALTER TABLE notifications RENAME COLUMN status TO state",
        expect: &[
            ("notifications", "status", FindingKind::MissingColumn),
            ("notifications", "state", FindingKind::UndeclaredColumn),
        ],
    },
    Drift {
        name: "drop a column",
        sql: "ALTER TABLE memory_entries DROP COLUMN project_id",
        expect: &[
            ("memory_entries", "project_id", FindingKind::MissingColumn),
            ("memory_entries", "memory_entries_project_id_projects_id_fk", FindingKind::MissingForeignKey),
        ],
    },
    Drift {
        name: "add an undeclared column",
        sql: "ALTER TABLE workspaces ADD COLUMN legacy_flag boolean",
        expect: &[("workspaces", "legacy_flag", FindingKind::UndeclaredColumn)],
    },
    Drift {
        name: "drop a table",
        sql: "DROP TABLE prototype_versions",
        expect: &[("prototype_versions", "", FindingKind::MissingTable)],
    },
    Drift {
        name: "add an unexpected table",
        sql: "CREATE TABLE audit_log (id text PRIMARY KEY, payload jsonb)",
        expect: &[("audit_log", "", FindingKind::UndeclaredTable)],
    },
    Drift {
        name: "add an undeclared index",
        sql: "CREATE INDEX projects_stage_idx ON projects (stage)",
        expect: &[("projects", "projects_stage_idx", FindingKind::UndeclaredIndex)],
    },
    Drift {
        name: "add an undeclared check constraint",
        sql: "ALTER TABLE jobs ADD CONSTRAINT jobs_attempts_check CHECK (attempts >= 0)",
        expect: &[("jobs", "jobs_attempts_check", FindingKind::UndeclaredCheck)],
    },
];

#[test]
fn every_drift_is_reported_with_its_table_and_object() {
    assert!(DRIFTS.len() >= 20);
    let template = migrated_template();
    // Each drift on its own copy; a few at a time so the two cores stay busy.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<_> = DRIFTS
            .chunks(DRIFTS.len().div_ceil(4))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|drift| check_drift(template, drift).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        chunks.into_iter().flat_map(|c| c.join().unwrap()).collect()
    });
    assert!(
        failures.is_empty(),
        "{} drift(s) not reported as expected:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn check_drift(template: &str, drift: &Drift) -> Result<(), String> {
    let database = test_database_from("e2e_drift", template);
    let mut client = database.connect().map_err(|e| e.to_string())?;
    client
        .batch_execute(drift.sql)
        .map_err(|e| format!("{}: applying the drift failed: {e}", drift.name))?;
    drop(client);
    let report = verify(&database);
    let missing: Vec<String> = drift
        .expect
        .iter()
        .filter(|(table, object, kind)| {
            !report
                .findings
                .iter()
                .any(|f| f.table == *table && f.object == *object && f.kind == *kind)
        })
        .map(|(table, object, kind)| format!("{kind:?} on {table}.{object}"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: not reported: {}\nthe report:\n{}",
            drift.name,
            missing.join(", "),
            report.to_text()
        ))
    }
}
