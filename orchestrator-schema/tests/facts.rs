//! The orchestrator's schema, checked fact by fact against the plan (shared/seed) and the
//! baseline description: names, types, nullability, defaults, keys, FK actions, TypeScript names.

use orchestrator_schema::{schema, PLAN_01_01_TABLES};
use schema_model::{
    ColumnDef, FkAction, RelationKind, Schema, SqlDefault, SqlType, TableDef, TsType,
};

/// The schema of migration 0000 as committed: the baseline as it was, whatever the structs say
/// today.
fn baseline() -> Schema {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/migrations");
    let files = schema_migrations::fs::read_dir(&dir).unwrap();
    let history = schema_migrations::history(&files, "generated/migrations").unwrap();
    let (tag, baseline) = history.into_iter().next().expect("migration 0000");
    assert_eq!(tag, "0000_baseline");
    baseline
}

fn table<'a>(schema: &'a Schema, name: &str) -> &'a TableDef {
    schema
        .table(name)
        .unwrap_or_else(|| panic!("table `{name}` is missing"))
}

fn column<'a>(schema: &'a Schema, table_name: &str, column: &str) -> &'a ColumnDef {
    table(schema, table_name)
        .column(column)
        .unwrap_or_else(|| panic!("column `{table_name}.{column}` is missing"))
}

#[test]
fn has_the_16_baseline_tables_then_the_7_of_the_plan() {
    // Later tables may follow; these come first, in this order.
    let names: Vec<_> = schema().tables.iter().map(|t| t.name.clone()).collect();
    assert!(names.len() >= 23, "{names:?}");
    assert_eq!(
        names[..23],
        [
            "workspaces",
            "projects",
            "project_stages",
            "documents",
            "prototypes",
            "prototype_versions",
            "jobs",
            "job_runs",
            "notifications",
            "memory_entries",
            "linear_mappings",
            "tickets",
            "jury_evaluations",
            "column_configs",
            "knowledgebase_entries",
            "knowledge_sources",
            "users",
            "sessions",
            "accounts",
            "verification_tokens",
            "workspace_members",
            "invitations",
            "activity_logs",
        ]
    );
    let baseline = baseline();
    assert_eq!(baseline.tables.len(), 16);
    assert!(PLAN_01_01_TABLES
        .iter()
        .all(|name| baseline.table(name).is_none()));
}

#[test]
fn baseline_relations_do_not_point_at_plan_tables() {
    let baseline = baseline();
    let workspace_relations: Vec<_> = table(&baseline, "workspaces")
        .ts
        .relations
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        workspace_relations,
        [
            "projects",
            "jobs",
            "memoryEntries",
            "columnConfigs",
            "knowledgebaseEntries",
            "knowledgeSources",
            "notifications"
        ]
    );
}

#[test]
fn users_match_the_plan() {
    let s = schema();
    let users = table(&s, "users");
    assert_eq!(users.ts.export_name, "users");
    assert_eq!(users.primary_key.as_ref().unwrap().columns, ["id"]);
    let id = column(&s, "users", "id");
    assert_eq!(id.sql_type, SqlType::Text);
    assert!(id.default.is_none(), "the id is made by the application");
    assert_eq!(id.ts.default_fn.as_deref(), Some("nanoid"));
    assert_eq!(users.uniques.len(), 1);
    assert_eq!(users.uniques[0].name, "users_email_unique");
    assert_eq!(users.uniques[0].columns, ["email"]);
    let password = column(&s, "users", "password_hash");
    assert!(!password.not_null, "OAuth-only users have no password");
    assert_eq!(password.ts.property, "passwordHash");
    let verified = column(&s, "users", "email_verified");
    assert_eq!(verified.sql_type, SqlType::Timestamp);
    assert!(!verified.not_null);
    for name in ["created_at", "updated_at"] {
        let c = column(&s, "users", name);
        assert!(c.not_null);
        assert_eq!(c.default, Some(SqlDefault::Now));
    }
    let relations: Vec<_> = users
        .ts
        .relations
        .iter()
        .map(|r| (r.name.as_str(), r.target.as_str(), &r.kind))
        .collect();
    assert_eq!(
        relations,
        [
            ("accounts", "accounts", &RelationKind::Many),
            ("sessions", "sessions", &RelationKind::Many),
            ("workspaceMembers", "workspace_members", &RelationKind::Many),
            ("invitationsSent", "invitations", &RelationKind::Many),
            ("activityLogs", "activity_logs", &RelationKind::Many),
        ]
    );
}

#[test]
fn auth_js_tables_match_the_plan() {
    let s = schema();
    let sessions = table(&s, "sessions");
    assert_eq!(
        sessions.primary_key.as_ref().unwrap().columns,
        ["session_token"]
    );
    assert_eq!(
        column(&s, "sessions", "session_token").ts.property,
        "sessionToken"
    );
    assert_eq!(
        sessions.foreign_keys[0].name,
        "sessions_user_id_users_id_fk"
    );
    assert_eq!(sessions.foreign_keys[0].on_delete, FkAction::Cascade);
    assert_eq!(sessions.foreign_keys[0].on_update, FkAction::NoAction);

    let accounts = table(&s, "accounts");
    assert_eq!(accounts.uniques.len(), 1);
    assert_eq!(
        accounts.uniques[0].name,
        "accounts_provider_provider_account_id_unique"
    );
    assert_eq!(
        accounts.uniques[0].columns,
        ["provider", "provider_account_id"]
    );
    let properties: Vec<_> = accounts
        .columns
        .iter()
        .map(|c| c.ts.property.as_str())
        .collect();
    assert_eq!(
        properties,
        [
            "id",
            "userId",
            "type",
            "provider",
            "providerAccountId",
            "refresh_token",
            "access_token",
            "expires_at",
            "token_type",
            "scope",
            "id_token",
            "session_state"
        ]
    );
    assert_eq!(column(&s, "accounts", "type").sql_type, SqlType::Text);
    assert_eq!(
        column(&s, "accounts", "expires_at").sql_type,
        SqlType::Integer
    );

    let tokens = table(&s, "verification_tokens");
    assert_eq!(tokens.ts.export_name, "verificationTokens");
    let pk = tokens.primary_key.as_ref().unwrap();
    assert_eq!(pk.name, "verification_tokens_identifier_token_pk");
    assert_eq!(pk.columns, ["identifier", "token"]);
    assert!(tokens.columns.iter().all(|c| c.not_null));
}

#[test]
fn collaboration_tables_match_the_plan() {
    let s = schema();
    let members = table(&s, "workspace_members");
    assert_eq!(members.ts.export_name, "workspaceMembers");
    assert_eq!(
        members.uniques[0].name,
        "workspace_members_workspace_id_user_id_unique"
    );
    assert!(members
        .foreign_keys
        .iter()
        .all(|fk| fk.on_delete == FkAction::Cascade));
    let role = column(&s, "workspace_members", "role");
    assert_eq!(role.default, Some(SqlDefault::Text("member".into())));
    assert!(role.not_null);
    match &role.ts.ty {
        Some(TsType::Enum(e)) => {
            assert_eq!(e.name, "WorkspaceRole");
            assert_eq!(e.variants, ["admin", "member", "viewer"]);
            assert!(!e.inline);
        }
        other => panic!("role should be the WorkspaceRole union, got {other:?}"),
    }

    let invitations = table(&s, "invitations");
    assert_eq!(invitations.uniques[0].name, "invitations_token_unique");
    let inviter = invitations
        .ts
        .relations
        .iter()
        .find(|r| r.name == "inviter")
        .expect("invitations has an `inviter` relation");
    assert_eq!(inviter.target, "users");
    assert_eq!(
        inviter.kind,
        RelationKind::One {
            fields: vec!["invited_by".into()],
            references: vec!["id".into()]
        }
    );
    assert!(!column(&s, "invitations", "accepted_at").not_null);

    let logs = table(&s, "activity_logs");
    let user_fk = logs
        .foreign_keys
        .iter()
        .find(|fk| fk.columns == ["user_id"])
        .unwrap();
    assert_eq!(
        user_fk.on_delete,
        FkAction::SetNull,
        "history survives a deleted user"
    );
    assert_eq!(user_fk.name, "activity_logs_user_id_users_id_fk");
    assert_eq!(
        column(&s, "activity_logs", "metadata").sql_type,
        SqlType::Jsonb
    );
    assert_eq!(
        column(&s, "activity_logs", "metadata").ts.ty,
        Some(TsType::Expr("Record<string, unknown>".into()))
    );
}

#[test]
fn baseline_details_are_faithful() {
    let s = schema();
    assert_eq!(
        column(&s, "workspaces", "context_path").default,
        Some(SqlDefault::Text("elmer-docs/".into()))
    );
    assert_eq!(
        column(&s, "workspaces", "settings").ts.ty,
        Some(TsType::Imported("WorkspaceSettings".into()))
    );
    let jobs = table(&s, "jobs");
    let project_fk = jobs
        .foreign_keys
        .iter()
        .find(|fk| fk.columns == ["project_id"])
        .unwrap();
    assert_eq!(project_fk.on_delete, FkAction::SetNull);
    assert_eq!(column(&s, "jobs", "progress").sql_type, SqlType::Real);
    assert_eq!(
        column(&s, "jobs", "progress").default,
        Some(SqlDefault::Number("0".into()))
    );
    assert_eq!(
        column(&s, "jobs", "max_attempts").default,
        Some(SqlDefault::Number("3".into()))
    );
    assert_eq!(column(&s, "column_configs", "order").ts.property, "order");
    assert_eq!(
        column(&s, "column_configs", "human_in_loop").default,
        Some(SqlDefault::Boolean(false))
    );
    match &column(&s, "column_configs", "auto_trigger_jobs").ts.ty {
        Some(TsType::EnumArray(e)) => assert_eq!(e.name, "JobType"),
        other => panic!("auto_trigger_jobs should be JobType[], got {other:?}"),
    }
    match &column(&s, "prototypes", "status").ts.ty {
        Some(TsType::Enum(e)) => {
            assert!(e.inline);
            assert_eq!(e.variants, ["building", "ready", "failed"]);
        }
        other => panic!("prototypes.status should be an inline union, got {other:?}"),
    }
    assert!(!column(&s, "prototypes", "status").not_null);
    assert_eq!(
        column(&s, "jury_evaluations", "top_concerns").ts.ty,
        Some(TsType::Expr("string[]".into()))
    );
    assert_eq!(column(&s, "jury_evaluations", "raw_results").ts.ty, None);
    let projects = table(&s, "projects");
    let relations: Vec<_> = projects
        .ts
        .relations
        .iter()
        .map(|r| (r.name.as_str(), &r.kind))
        .collect();
    assert_eq!(
        relations,
        [
            (
                "workspace",
                &RelationKind::One {
                    fields: vec!["workspace_id".into()],
                    references: vec!["id".into()]
                }
            ),
            ("stages", &RelationKind::Many),
            ("documents", &RelationKind::Many),
            ("prototypes", &RelationKind::Many),
            ("tickets", &RelationKind::Many),
            ("juryEvaluations", &RelationKind::Many),
            ("notifications", &RelationKind::Many),
            ("linearMapping", &RelationKind::OneInverse),
        ]
    );
    // Not every foreign key has an inverse side: prototypes has no `versions`, jobs no `runs`.
    assert!(table(&s, "prototypes")
        .ts
        .relations
        .iter()
        .all(|r| r.target != "prototype_versions"));
    assert!(table(&s, "jobs")
        .ts
        .relations
        .iter()
        .all(|r| r.target != "job_runs"));
}

#[test]
fn every_table_has_a_primary_key_and_every_timestamp_is_without_time_zone() {
    for t in schema().tables {
        assert!(t.primary_key.is_some(), "{} has no primary key", t.name);
        for c in &t.columns {
            assert_ne!(c.sql_type, SqlType::TimestampTz, "{}.{}", t.name, c.name);
        }
    }
}
