//! The declared schema of `tests/fixtures/good`, built by hand with the model's constructors.

use std::path::PathBuf;

use schema_model::{
    ColumnDef, FkAction, ForeignKey, Index, PrimaryKey, Schema, SqlDefault, SqlType, TableDef,
    UniqueConstraint,
};

pub fn fixtures(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn column(name: &str, sql_type: SqlType, not_null: bool, default: Option<SqlDefault>) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        renamed_from: None,
        sql_type,
        not_null,
        default,
        ts: Default::default(),
    }
}

fn table(name: &str, columns: Vec<ColumnDef>, pk: &[&str]) -> TableDef {
    TableDef {
        name: name.into(),
        renamed_from: None,
        columns,
        primary_key: Some(PrimaryKey::new(
            name,
            pk.iter().map(|c| c.to_string()).collect(),
        )),
        uniques: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        ts: Default::default(),
    }
}

fn fk(
    table: &str,
    columns: &[&str],
    ref_table: &str,
    ref_columns: &[&str],
    on_delete: FkAction,
) -> ForeignKey {
    ForeignKey::new(
        table,
        columns.iter().map(|c| c.to_string()).collect(),
        ref_table,
        ref_columns.iter().map(|c| c.to_string()).collect(),
        on_delete,
        FkAction::NoAction,
    )
}

fn strings(columns: &[&str]) -> Vec<String> {
    columns.iter().map(|c| c.to_string()).collect()
}

/// users, workspaces, workspace_members (composite PK), invitations (composite unique, set null),
/// tasks (self reference, no action, an index).
pub fn schema() -> Schema {
    use SqlType::*;
    let mut users = table(
        "users",
        vec![
            column("id", Text, true, None),
            column("email", Text, true, None),
            column("name", Text, false, None),
            column("role", Text, true, Some(SqlDefault::Text("member".into()))),
            column("created_at", Timestamp, true, Some(SqlDefault::Now)),
            column("settings", Jsonb, true, Some(SqlDefault::Json("[]".into()))),
            column(
                "login_count",
                Integer,
                true,
                Some(SqlDefault::Number("0".into())),
            ),
            column("active", Boolean, true, Some(SqlDefault::Boolean(true))),
        ],
        &["id"],
    );
    users
        .uniques
        .push(UniqueConstraint::new("users", strings(&["email"])));

    let mut workspaces = table(
        "workspaces",
        vec![
            column("id", Text, true, None),
            column("name", Varchar(Some(100)), true, None),
            column("owner_id", Text, true, None),
        ],
        &["id"],
    );
    workspaces.foreign_keys.push(fk(
        "workspaces",
        &["owner_id"],
        "users",
        &["id"],
        FkAction::Cascade,
    ));

    let mut members = table(
        "workspace_members",
        vec![
            column("workspace_id", Text, true, None),
            column("user_id", Text, true, None),
            column("role", Text, true, Some(SqlDefault::Text("member".into()))),
        ],
        &["workspace_id", "user_id"],
    );
    members.foreign_keys.push(fk(
        "workspace_members",
        &["workspace_id"],
        "workspaces",
        &["id"],
        FkAction::Cascade,
    ));
    members.foreign_keys.push(fk(
        "workspace_members",
        &["user_id"],
        "users",
        &["id"],
        FkAction::Cascade,
    ));

    let mut invitations = table(
        "invitations",
        vec![
            column("id", Text, true, None),
            column("workspace_id", Text, true, None),
            column("email", Text, true, None),
            column("invited_by", Text, false, None),
        ],
        &["id"],
    );
    invitations.uniques.push(UniqueConstraint::new(
        "invitations",
        strings(&["workspace_id", "email"]),
    ));
    invitations.foreign_keys.push(fk(
        "invitations",
        &["workspace_id"],
        "workspaces",
        &["id"],
        FkAction::Cascade,
    ));
    invitations.foreign_keys.push(fk(
        "invitations",
        &["invited_by"],
        "users",
        &["id"],
        FkAction::SetNull,
    ));

    let mut tasks = table(
        "tasks",
        vec![
            column("id", Text, true, None),
            column("workspace_id", Text, true, None),
            column("parent_id", Text, false, None),
            column("title", Text, true, None),
            column("done", Boolean, true, Some(SqlDefault::Boolean(false))),
        ],
        &["id"],
    );
    tasks.foreign_keys.push(fk(
        "tasks",
        &["workspace_id"],
        "workspaces",
        &["id"],
        FkAction::NoAction,
    ));
    tasks.foreign_keys.push(fk(
        "tasks",
        &["parent_id"],
        "tasks",
        &["id"],
        FkAction::SetNull,
    ));
    tasks.indexes.push(Index {
        name: "tasks_workspace_id_idx".into(),
        columns: strings(&["workspace_id"]),
        unique: false,
    });

    Schema {
        tables: vec![users, workspaces, members, invitations, tasks],
        ..Default::default()
    }
}
