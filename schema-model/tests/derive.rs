//! What `#[derive(Table)]` and `#[derive(TsEnum)]` produce, read back as model values.

// The tables are declared to be read as schema, never constructed.
#![allow(dead_code)]

use chrono::NaiveDateTime;
use schema_model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum WorkspaceRole {
    Admin,
    Member,
    Viewer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(name = "BuildState", inline)]
pub enum PrototypeStatus {
    Building,
    #[ts_enum(rename = "ok")]
    Ready,
}

#[derive(Table)]
#[table(name = "users", section = "AUTH.JS ADAPTER TABLES", many(invitationsSent = Invitation))]
pub struct User {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(unique)]
    pub email: String,
    pub name: Option<String>,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

#[derive(Table)]
#[table(name = "workspaces")]
pub struct Workspace {
    #[column(primary_key)]
    pub id: String,
    #[column(ts_import = "WorkspaceSettings")]
    pub settings: Option<serde_json::Value>,
}

#[derive(Table)]
#[table(name = "invitations", index(workspace_id, email))]
pub struct Invitation {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(references = Workspace::id, on_delete = cascade)]
    pub workspace_id: String,
    pub email: String,
    #[column(default = "member")]
    pub role: WorkspaceRole,
    #[column(references = User::id, on_delete = set_null, relation = "inviter")]
    pub invited_by: Option<String>,
    #[column(default_json = "[ 1, 2 ]")]
    pub tags: Vec<String>,
    #[column(default = -1)]
    pub attempts: i32,
    #[column(default = 0.5)]
    pub score: Option<f64>,
    #[column(default = false)]
    pub accepted: bool,
    #[column(
        name = "kind",
        ts_name = "invitation_kind",
        sql_type = "varchar(32)",
        unique
    )]
    pub r#type: PrototypeStatus,
}

#[derive(Table)]
#[table(name = "verification_tokens", primary_key(identifier, token))]
pub struct VerificationToken {
    pub identifier: String,
    pub token: String,
    pub expires: NaiveDateTime,
}

#[test]
fn a_table_with_every_kind_of_column() {
    let def = Invitation::table_def();
    assert_eq!(def.name, "invitations");
    assert_eq!(
        def.primary_key,
        Some(PrimaryKey::new("invitations", vec!["id".into()]))
    );
    let role = def.column("role").unwrap();
    assert_eq!(role.sql_type, SqlType::Text);
    assert!(role.not_null);
    assert_eq!(role.default, Some(SqlDefault::Text("member".into())));
    assert_eq!(
        role.ts.ty,
        Some(TsType::Enum(TsEnum {
            name: "WorkspaceRole".into(),
            variants: vec!["admin".into(), "member".into(), "viewer".into()],
            inline: false,
        }))
    );
    let id = def.column("id").unwrap();
    assert_eq!(id.default, None);
    assert_eq!(id.ts.default_fn.as_deref(), Some("nanoid"));
    assert_eq!(Invitation::default_id().len(), 21);
    let tags = def.column("tags").unwrap();
    assert_eq!(tags.default, Some(SqlDefault::Json("[1,2]".into())));
    assert_eq!(tags.sql_type, SqlType::Jsonb);
    assert_eq!(tags.ts.ty, Some(TsType::Expr("string[]".into())));
    assert_eq!(
        def.column("attempts").unwrap().default,
        Some(SqlDefault::Number("-1".into()))
    );
    let score = def.column("score").unwrap();
    assert_eq!(score.default, Some(SqlDefault::Number("0.5".into())));
    assert!(!score.not_null);
    assert_eq!(score.sql_type, SqlType::DoublePrecision);
    assert_eq!(
        def.column("accepted").unwrap().default,
        Some(SqlDefault::Boolean(false))
    );
    let kind = def.column("kind").unwrap();
    assert_eq!(kind.sql_type, SqlType::Varchar(Some(32)));
    assert_eq!(kind.ts.property, "invitation_kind");
    assert!(matches!(&kind.ts.ty, Some(TsType::Enum(e)) if e.name == "BuildState" && e.inline));
    assert_eq!(
        def.column("workspace_id").unwrap().ts.property,
        "workspaceId"
    );

    assert_eq!(
        def.foreign_keys,
        vec![
            ForeignKey::new(
                "invitations",
                vec!["workspace_id".into()],
                "workspaces",
                vec!["id".into()],
                FkAction::Cascade,
                FkAction::NoAction
            ),
            ForeignKey::new(
                "invitations",
                vec!["invited_by".into()],
                "users",
                vec!["id".into()],
                FkAction::SetNull,
                FkAction::NoAction
            ),
        ]
    );
    assert_eq!(
        def.indexes,
        vec![Index::new(
            "invitations_workspace_id_email_index",
            vec!["workspace_id".into(), "email".into()],
            false
        )]
    );
    assert_eq!(
        def.ts.relations,
        vec![
            Relation {
                name: "workspace".into(),
                target: "workspaces".into(),
                kind: RelationKind::One {
                    fields: vec!["workspace_id".into()],
                    references: vec!["id".into()]
                }
            },
            Relation {
                name: "inviter".into(),
                target: "users".into(),
                kind: RelationKind::One {
                    fields: vec!["invited_by".into()],
                    references: vec!["id".into()]
                }
            },
        ]
    );
    assert_eq!(def.ts.export_name, "invitations");
    assert_eq!(def.ts.row_type, "Invitation");
    assert_eq!(def.ts.insert_type, "NewInvitation");
}

#[test]
fn struct_level_keys() {
    let users = User::table_def();
    assert_eq!(users.ts.section.as_deref(), Some("AUTH.JS ADAPTER TABLES"));
    assert_eq!(
        users.uniques,
        vec![UniqueConstraint::new("users", vec!["email".into()])]
    );
    assert_eq!(users.uniques[0].name, "users_email_unique");
    assert_eq!(
        users.column("created_at").unwrap().default,
        Some(SqlDefault::Now)
    );
    assert_eq!(
        users.ts.relations,
        vec![Relation {
            name: "invitationsSent".into(),
            target: "invitations".into(),
            kind: RelationKind::Many
        }]
    );
    let tokens = VerificationToken::table_def();
    assert_eq!(
        tokens.primary_key.unwrap().name,
        "verification_tokens_identifier_token_pk"
    );
    assert_eq!(tokens.ts.export_name, "verificationTokens");
    let workspaces = Workspace::table_def();
    assert_eq!(
        workspaces.column("settings").unwrap().ts.ty,
        Some(TsType::Imported("WorkspaceSettings".into()))
    );
}

#[test]
fn ts_enum_round_trips_through_strings() {
    assert_eq!(WorkspaceRole::ALL.len(), 3);
    assert_eq!(WorkspaceRole::Viewer.as_str(), "viewer");
    assert_eq!(WorkspaceRole::Member.to_string(), "member");
    assert_eq!("admin".parse::<WorkspaceRole>(), Ok(WorkspaceRole::Admin));
    assert_eq!(PrototypeStatus::Ready.as_str(), "ok");
    let error = "owner".parse::<WorkspaceRole>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "`owner` is not a WorkspaceRole; expected one of: `admin`, `member`, `viewer`"
    );
    assert_eq!(
        <Vec<WorkspaceRole>>::ts_type(),
        Some(TsType::EnumArray(WorkspaceRole::ts_enum()))
    );
}

/// A key column (here `unique`) has a `ColumnRef`; it names the SQL column, not the field.
#[test]
fn column_refs_name_the_sql_column() {
    assert_eq!(Invitation::r#type.table, "invitations");
    assert_eq!(Invitation::r#type.column, "kind");
    let referenced = Invitation::DECL.unwrap().declared().referenced;
    // Each table once, named as the attributes name it.
    let expected = [("workspaces", "Workspace"), ("users", "User")];
    assert_eq!(
        referenced,
        expected.map(|(table, ty)| (table.to_string(), ty.to_string()))
    );
}

mod nested {
    pub mod auth {
        use schema_model::Table;

        #[derive(Table)]
        #[table(
            name = "accounts",
            export = "authAccounts",
            row_type = "AuthAccount",
            insert_type = "AuthAccountInput",
            renamed_from = "oauth_accounts"
        )]
        pub struct Account {
            #[column(primary_key)]
            pub id: i64,
            #[column(references = crate::User::id, on_delete = cascade, on_update = restrict)]
            pub owner_id: String,
            #[column(references = crate::Workspace::id, no_relation, renamed_from = "team_id")]
            pub workspace_id: Option<String>,
            #[column(default_sql = "gen_random_uuid()", sql_type = "uuid")]
            pub token: String,
            #[column(default_json = "[\"admin\"]")]
            pub roles: Vec<crate::WorkspaceRole>,
        }
    }
}

#[test]
fn paths_renames_and_actions() {
    use nested::auth::Account;
    let def = Account::table_def();
    assert_eq!(def.renamed_from.as_deref(), Some("oauth_accounts"));
    assert_eq!(def.ts.export_name, "authAccounts");
    assert_eq!(def.ts.row_type, "AuthAccount");
    assert_eq!(def.ts.insert_type, "AuthAccountInput");
    assert_eq!(def.foreign_keys[0].on_update, FkAction::Restrict);
    assert_eq!(
        def.foreign_keys[1].name,
        "accounts_workspace_id_workspaces_id_fk"
    );
    // The path's table segment names the relation; `no_relation` drops the second.
    assert_eq!(
        def.ts
            .relations
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        ["user"]
    );
    let workspace_id = def.column("workspace_id").unwrap();
    assert_eq!(workspace_id.renamed_from.as_deref(), Some("team_id"));
    assert!(!workspace_id.not_null);
    let token = def.column("token").unwrap();
    assert_eq!(token.sql_type, SqlType::Uuid);
    assert_eq!(
        token.default,
        Some(SqlDefault::Expression("gen_random_uuid()".into()))
    );
    // `String` is a column type, so the narrowing (none) still comes from it.
    assert_eq!(token.ts.ty, None);
    let roles = def.column("roles").unwrap();
    assert_eq!(roles.default, Some(SqlDefault::Json("[\"admin\"]".into())));
    assert_eq!(
        roles.ts.ty,
        Some(TsType::EnumArray(WorkspaceRole::ts_enum()))
    );
    assert_eq!(def.primary_key.unwrap().columns, ["id"]);
}
