use schema_model::{FkAction, Schema, SqlDefault, SqlType};
use schema_verify::testing::test_database;
use schema_verify::{
    introspect, run_probes, verify_database, FindingKind, Migrations, SchemaAssertions,
    VerifyOptions, VerifyReport,
};

use crate::fixture::{fixtures, schema};

fn migrated(prefix: &str) -> (schema_verify::Database, postgres::Client) {
    let db = test_database(prefix);
    let mut client = db.connect().unwrap();
    Migrations::load(&fixtures("good"))
        .unwrap()
        .migrate(&mut client)
        .unwrap();
    (db, client)
}

fn verify(client: &mut postgres::Client) -> VerifyReport {
    let mut report = VerifyReport::default();
    verify_database(client, &schema(), &VerifyOptions::default(), &mut report).unwrap();
    report
}

#[test]
fn the_migrated_fixture_is_its_declaration() {
    let (_db, mut client) = migrated("verify_clean");
    let report = verify(&mut client);
    assert!(report.is_ok(), "{}", report.to_text());
    // 7 foreign keys (on delete, on update, and the same-statement re-insert for each NO ACTION:
    // all 7 on update, 1 on delete), 5 primary keys, 2 uniques and 20 NOT NULL columns.
    assert_eq!(
        report.probes.len(),
        7 * 2 + 7 + 1 + 5 + 2 + 20,
        "{:#?}",
        report.probes
    );
    let fk_observations: Vec<&str> = report
        .probes
        .iter()
        .filter(|p| p.object.ends_with("_fk"))
        .map(|p| p.observed.as_str())
        .collect();
    assert!(fk_observations.contains(&"the child row deleted (cascade)"));
    assert!(fk_observations.contains(&"the child's (invited_by) set to NULL"));
    assert!(fk_observations.contains(&"the delete refused with SQLSTATE 23503"));
}

#[test]
fn catalog_reads_composite_keys_in_key_order() {
    let (_db, mut client) = migrated("verify_catalog");
    let catalog = introspect(&mut client, "public").unwrap();
    catalog
        .schema
        .assert_table("workspace_members")
        .assert_pk_on_columns(&["workspace_id", "user_id"])
        .assert_fk_on_columns(&["user_id"], |fk| {
            fk.assert_references("users", &["id"])
                .assert_referential_action_on_delete(FkAction::Cascade)
                .assert_referential_action_on_update(FkAction::NoAction)
        });
    catalog
        .schema
        .assert_table("invitations")
        .assert_unique_on_columns(&["workspace_id", "email"])
        .assert_fk_on_columns(&["invited_by"], |fk| {
            fk.assert_name("invitations_invited_by_users_id_fk")
                .assert_referential_action_on_delete(FkAction::SetNull)
        })
        .assert_column("invited_by", |c| {
            c.assert_type(SqlType::Text).assert_nullable()
        });
    catalog
        .schema
        .assert_table("users")
        .assert_column("settings", |c| {
            c.assert_not_null()
                .assert_default(Some(SqlDefault::Json("[]".into())))
        })
        .assert_column("created_at", |c| {
            c.assert_type(SqlType::Timestamp)
                .assert_default(Some(SqlDefault::Now))
        });
    catalog
        .schema
        .assert_table("tasks")
        .assert_index_on_columns(&["workspace_id"])
        .assert_fk_on_columns(&["workspace_id"], |fk| {
            fk.assert_referential_action_on_delete(FkAction::NoAction)
        });
}

#[test]
#[should_panic(
    expected = "table `invitations`: expected a unique constraint on (email, workspace_id)"
)]
fn assertions_name_the_table_and_what_was_found() {
    let (_db, mut client) = migrated("verify_assert_fail");
    let catalog = introspect(&mut client, "public").unwrap();
    catalog
        .schema
        .assert_table("invitations")
        .assert_unique_on_columns(&["email", "workspace_id"]);
}

#[test]
fn probes_catch_behaviour_the_catalog_does_not_show() {
    let (_db, mut client) = migrated("verify_triggers");
    // Triggers are invisible to the catalog comparison: one fills in NULL titles, one swallows
    // deletes of workspaces.
    client
        .batch_execute(
            "CREATE FUNCTION fill_title() RETURNS trigger AS $$ BEGIN NEW.title := coalesce(NEW.title, 'untitled'); RETURN NEW; END $$ LANGUAGE plpgsql;
             CREATE TRIGGER fill_title BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION fill_title();
             CREATE FUNCTION keep_row() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql;
             CREATE TRIGGER keep_workspaces BEFORE DELETE ON workspaces FOR EACH ROW EXECUTE FUNCTION keep_row();",
        )
        .unwrap();
    let report = verify(&mut client);
    assert!(report.findings.is_empty(), "{}", report.to_text());
    let failed: Vec<(String, String)> = report
        .probes
        .iter()
        .filter(|p| !p.passed)
        .map(|p| (p.table.clone(), p.object.clone()))
        .collect();
    assert!(
        failed.contains(&("tasks".into(), "title".into())),
        "{failed:?}"
    );
    assert!(
        failed.contains(&(
            "invitations".into(),
            "invitations_workspace_id_workspaces_id_fk".into()
        )),
        "{failed:?}"
    );
    assert!(!report.is_ok());
    let text = report.to_text();
    assert!(text.contains("NULL accepted"), "{text}");
}

#[test]
fn reports_drift_by_table_and_object() {
    let (_db, mut client) = migrated("verify_drift");
    client
        .batch_execute(
            "ALTER TABLE invitations DROP CONSTRAINT invitations_invited_by_users_id_fk;
             ALTER TABLE invitations ADD CONSTRAINT invitations_invited_by_users_id_fk FOREIGN KEY (invited_by) REFERENCES users(id) ON DELETE CASCADE;
             ALTER TABLE users ALTER COLUMN role SET DEFAULT 'admin';
             CREATE TABLE audit (id int);",
        )
        .unwrap();
    let report = verify(&mut client);
    let found: Vec<(String, String, FindingKind)> = report
        .findings
        .iter()
        .map(|f| (f.table.clone(), f.object.clone(), f.kind))
        .collect();
    assert!(found.contains(&(
        "invitations".into(),
        "invitations_invited_by_users_id_fk".into(),
        FindingKind::ForeignKey
    )));
    assert!(found.contains(&("users".into(), "role".into(), FindingKind::ColumnDefault)));
    assert!(found.contains(&("audit".into(), "".into(), FindingKind::UndeclaredTable)));
    assert_eq!(found.len(), 3, "{}", report.to_text());
    assert!(report.probes_skipped.is_some());
    let text = report.to_text();
    assert!(text.contains("expected: ON DELETE set null"), "{text}");
    assert!(text.contains("found:    ON DELETE cascade"), "{text}");
    let junit = report.to_junit();
    assert!(junit.contains("<failure"), "{junit}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 3);
    assert_eq!(json["ok"], false);
    assert!(json["timings"]["introspect_ms"].as_f64().is_some());
}

#[test]
fn in_place_checks_read_only() {
    let (db, mut client) = migrated("verify_in_place");
    client
        .batch_execute("ALTER TABLE tasks ALTER COLUMN title DROP NOT NULL")
        .unwrap();
    drop(client);
    let mut read_only = db.connect_read_only().unwrap();
    let mut report = VerifyReport::default();
    let options = VerifyOptions {
        probes: false,
        ..VerifyOptions::default()
    };
    verify_database(&mut read_only, &schema(), &options, &mut report).unwrap();
    assert_eq!(report.findings.len(), 1, "{}", report.to_text());
    assert_eq!(report.findings[0].kind, FindingKind::Nullability);
    assert!(report.probes.is_empty());
    // The session cannot write, whatever a bug in the verifier might try.
    let error = read_only
        .batch_execute("CREATE TABLE sneaky (id int)")
        .unwrap_err();
    assert_eq!(error.code().map(|c| c.code()), Some("25006"));
}

#[test]
fn an_index_that_is_partial_or_not_btree_is_reported() {
    for (prefix, replacement) in [
        (
            "verify_partial_index",
            "CREATE INDEX tasks_workspace_id_idx ON tasks (workspace_id) WHERE NOT done",
        ),
        (
            "verify_hash_index",
            "CREATE INDEX tasks_workspace_id_idx ON tasks USING hash (workspace_id)",
        ),
    ] {
        let (_db, mut client) = migrated(prefix);
        client
            .batch_execute(&format!("DROP INDEX tasks_workspace_id_idx; {replacement}"))
            .unwrap();
        let report = verify(&mut client);
        assert_eq!(report.findings.len(), 1, "{}", report.to_text());
        let finding = &report.findings[0];
        assert_eq!(
            (
                finding.table.as_str(),
                finding.object.as_str(),
                finding.kind
            ),
            ("tasks", "tasks_workspace_id_idx", FindingKind::Index)
        );
    }
}

fn verify_against(client: &mut postgres::Client, declared: &Schema) -> VerifyReport {
    let mut report = VerifyReport::default();
    verify_database(client, declared, &VerifyOptions::default(), &mut report).unwrap();
    report
}

fn foreign_key<'a>(schema: &'a mut Schema, name: &str) -> &'a mut schema_model::ForeignKey {
    schema
        .tables
        .iter_mut()
        .flat_map(|t| t.foreign_keys.iter_mut())
        .find(|fk| fk.name == name)
        .unwrap()
}

const TASKS_WORKSPACE: &str = "tasks_workspace_id_workspaces_id_fk";

#[test]
fn restrict_and_no_action_are_told_apart_by_behaviour() {
    let (_db, mut client) = migrated("verify_restrict");
    client
        .batch_execute(&format!(
            "ALTER TABLE tasks DROP CONSTRAINT {TASKS_WORKSPACE};
             ALTER TABLE tasks ADD CONSTRAINT {TASKS_WORKSPACE} FOREIGN KEY (workspace_id)
                 REFERENCES workspaces(id) ON DELETE RESTRICT ON UPDATE RESTRICT;"
        ))
        .unwrap();
    let mut declared = schema();
    let fk = foreign_key(&mut declared, TASKS_WORKSPACE);
    fk.on_delete = FkAction::Restrict;
    fk.on_update = FkAction::Restrict;
    let report = verify_against(&mut client, &declared);
    assert!(report.is_ok(), "{}", report.to_text());
    let same_statement: Vec<&str> = report
        .probes
        .iter()
        .filter(|p| p.object == TASKS_WORKSPACE && p.action.contains("in the same statement"))
        .map(|p| p.observed.as_str())
        .collect();
    assert_eq!(
        same_statement,
        vec!["the same-statement change refused with SQLSTATE 23503 (RESTRICT)"; 2]
    );

    // The same database, declared NO ACTION: only behaviour can tell (each refuses a plain
    // delete), and it does, for delete and for update.
    let probes = run_probes(&mut client, &schema());
    let failed: Vec<(&str, &str)> = probes
        .iter()
        .filter(|p| !p.passed)
        .map(|p| (p.object.as_str(), p.action.as_str()))
        .collect();
    assert_eq!(
        failed,
        vec![
            (
                TASKS_WORKSPACE,
                "delete the referenced workspaces row and insert it again in the same statement"
            ),
            (
                TASKS_WORKSPACE,
                "change the key of the referenced workspaces row and insert another with the old key in the same statement"
            ),
        ]
    );
}

const INVITED_BY: &str = "invitations_invited_by_users_id_fk";

#[test]
fn on_update_actions_and_set_default_are_probed_by_behaviour() {
    let (_db, mut client) = migrated("verify_on_update");
    client
        .batch_execute(&format!(
            "ALTER TABLE invitations ALTER COLUMN invited_by SET DEFAULT 'system';
             ALTER TABLE invitations DROP CONSTRAINT {INVITED_BY};
             ALTER TABLE invitations ADD CONSTRAINT {INVITED_BY} FOREIGN KEY (invited_by)
                 REFERENCES users(id) ON DELETE SET DEFAULT ON UPDATE CASCADE;"
        ))
        .unwrap();
    let mut declared = schema();
    let fk = foreign_key(&mut declared, INVITED_BY);
    fk.on_delete = FkAction::SetDefault;
    fk.on_update = FkAction::Cascade;
    let invitations = declared
        .tables
        .iter_mut()
        .find(|t| t.name == "invitations")
        .unwrap();
    invitations
        .columns
        .iter_mut()
        .find(|c| c.name == "invited_by")
        .unwrap()
        .default = Some(SqlDefault::Text("system".into()));
    let report = verify_against(&mut client, &declared);
    assert!(report.is_ok(), "{}", report.to_text());
    let observed: Vec<&str> = report
        .probes
        .iter()
        .filter(|p| p.object == INVITED_BY)
        .map(|p| p.observed.as_str())
        .collect();
    assert_eq!(
        observed,
        vec![
            "the child's (invited_by) set to their default",
            "the child's (invited_by) changed to the parent's new key (cascade)",
        ]
    );

    // Declared ON UPDATE set null instead: the catalog says so, and so does behaviour.
    fk_on_update(&mut declared, FkAction::SetNull);
    let probes = run_probes(&mut client, &declared);
    let update = probes
        .iter()
        .find(|p| p.object == INVITED_BY && p.action.starts_with("change the key"))
        .unwrap();
    assert!(!update.passed);
    assert_eq!(update.expected, "the child's (invited_by) set to NULL");
    assert_eq!(
        update.observed,
        "the child's (invited_by) changed to the parent's new key (cascade)"
    );
}

fn fk_on_update(declared: &mut Schema, action: FkAction) {
    foreign_key(declared, INVITED_BY).on_update = action;
}
