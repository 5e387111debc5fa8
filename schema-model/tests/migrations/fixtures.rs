//! Hand-built schemas: a small builder, and the orchestrator's plan 01-01 tables as the seed
//! writes them (so these tests do not depend on the derive).

use schema_model::{
    ColumnDef, ColumnTs, FkAction, ForeignKey, Index, PrimaryKey, Schema, SqlDefault, SqlType,
    TableDef, TableTs, UniqueConstraint,
};

pub struct Table(pub TableDef);

pub fn table(name: &str, export_name: &str) -> Table {
    Table(TableDef {
        name: name.into(),
        renamed_from: None,
        columns: Vec::new(),
        primary_key: None,
        uniques: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        ts: TableTs {
            export_name: export_name.into(),
            ..TableTs::default()
        },
    })
}

pub fn column(
    name: &str,
    sql_type: SqlType,
    not_null: bool,
    default: Option<SqlDefault>,
) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        renamed_from: None,
        sql_type,
        not_null,
        default,
        ts: ColumnTs::default(),
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

impl Table {
    /// `name text PRIMARY KEY`.
    pub fn id(self, name: &str) -> Table {
        let table = self.text(name, true);
        table.pk(&[name])
    }
    pub fn text(self, name: &str, not_null: bool) -> Table {
        self.col(column(name, SqlType::Text, not_null, None))
    }
    pub fn timestamp(self, name: &str, not_null: bool) -> Table {
        self.col(column(name, SqlType::Timestamp, not_null, None))
    }
    pub fn col(mut self, column: ColumnDef) -> Table {
        self.0.columns.push(column);
        self
    }
    pub fn pk(mut self, columns: &[&str]) -> Table {
        self.0.primary_key = Some(PrimaryKey::new(&self.0.name, strings(columns)));
        self
    }
    pub fn unique(mut self, columns: &[&str]) -> Table {
        let unique = UniqueConstraint::new(&self.0.name, strings(columns));
        self.0.uniques.push(unique);
        self
    }
    pub fn fk(mut self, column: &str, ref_table: &str, on_delete: FkAction) -> Table {
        let fk = ForeignKey::new(
            &self.0.name,
            strings(&[column]),
            ref_table,
            strings(&["id"]),
            on_delete,
            FkAction::NoAction,
        );
        self.0.foreign_keys.push(fk);
        self
    }
    pub fn index(mut self, name: &str, columns: &[&str], unique: bool) -> Table {
        self.0.indexes.push(Index {
            name: name.into(),
            columns: strings(columns),
            unique,
        });
        self
    }
    pub fn renamed_from(mut self, old: &str) -> Table {
        self.0.renamed_from = Some(old.into());
        self
    }
    pub fn build(self) -> TableDef {
        self.0
    }
}

/// The baseline's `workspaces`, the only baseline table plan 01-01 refers to.
pub fn workspaces() -> TableDef {
    table("workspaces", "workspaces")
        .id("id")
        .text("name", true)
        .text("description", false)
        .text("github_repo", false)
        .col(column(
            "context_path",
            SqlType::Text,
            false,
            Some(SqlDefault::Text("elmer-docs/".into())),
        ))
        .col(column("settings", SqlType::Jsonb, false, None))
        .timestamp("created_at", true)
        .timestamp("updated_at", true)
        .build()
}

fn now(name: &str) -> ColumnDef {
    column(name, SqlType::Timestamp, true, Some(SqlDefault::Now))
}

fn member_role() -> ColumnDef {
    column(
        "role",
        SqlType::Text,
        true,
        Some(SqlDefault::Text("member".into())),
    )
}

/// Plan 01-01's seven tables, in the plan's declaration order.
pub fn plan_tables() -> Vec<TableDef> {
    use FkAction::{Cascade, SetNull};
    vec![
        table("users", "users")
            .id("id")
            .text("email", true)
            .text("name", false)
            .text("image", false)
            .text("password_hash", false)
            .timestamp("email_verified", false)
            .col(now("created_at"))
            .col(now("updated_at"))
            .unique(&["email"])
            .build(),
        table("sessions", "sessions")
            .id("session_token")
            .text("user_id", true)
            .timestamp("expires", true)
            .fk("user_id", "users", Cascade)
            .build(),
        table("accounts", "accounts")
            .id("id")
            .text("user_id", true)
            .text("type", true)
            .text("provider", true)
            .text("provider_account_id", true)
            .text("refresh_token", false)
            .text("access_token", false)
            .col(column("expires_at", SqlType::Integer, false, None))
            .text("token_type", false)
            .text("scope", false)
            .text("id_token", false)
            .text("session_state", false)
            .fk("user_id", "users", Cascade)
            .unique(&["provider", "provider_account_id"])
            .build(),
        table("verification_tokens", "verificationTokens")
            .text("identifier", true)
            .text("token", true)
            .timestamp("expires", true)
            .pk(&["identifier", "token"])
            .build(),
        table("workspace_members", "workspaceMembers")
            .id("id")
            .text("workspace_id", true)
            .text("user_id", true)
            .col(member_role())
            .col(now("joined_at"))
            .fk("workspace_id", "workspaces", Cascade)
            .fk("user_id", "users", Cascade)
            .unique(&["workspace_id", "user_id"])
            .build(),
        table("invitations", "invitations")
            .id("id")
            .text("workspace_id", true)
            .text("email", true)
            .col(member_role())
            .text("token", true)
            .text("invited_by", true)
            .timestamp("expires_at", true)
            .timestamp("accepted_at", false)
            .col(now("created_at"))
            .fk("workspace_id", "workspaces", Cascade)
            .fk("invited_by", "users", Cascade)
            .unique(&["token"])
            .build(),
        table("activity_logs", "activityLogs")
            .id("id")
            .text("workspace_id", true)
            .text("user_id", false)
            .text("action", true)
            .text("target_type", false)
            .text("target_id", false)
            .col(column("metadata", SqlType::Jsonb, false, None))
            .col(now("created_at"))
            .fk("workspace_id", "workspaces", Cascade)
            .fk("user_id", "users", SetNull)
            .build(),
    ]
}

pub fn baseline() -> Schema {
    Schema {
        tables: vec![workspaces()],
        ..Default::default()
    }
}

pub fn with_plan() -> Schema {
    let mut schema = baseline();
    schema.tables.extend(plan_tables());
    schema
}
