//! The TypeScript emitters on hand-built schemas that copy tables of the seed plan, so their
//! output can be read side by side with the seed's hand-written drizzle schema.

use schema_model::ts::{self, ImportExtension, TsOptions};
use schema_model::{
    ColumnDef, ColumnTs, FkAction, ForeignKey, PrimaryKey, Relation, RelationKind, Schema,
    SqlDefault, SqlType, TableDef, TableTs, TsEnum, TsType, UniqueConstraint,
};

fn column(name: &str, property: &str, sql_type: SqlType, not_null: bool) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        renamed_from: None,
        sql_type,
        not_null,
        default: None,
        ts: ColumnTs {
            property: property.into(),
            ty: None,
            default_fn: None,
            string_mode: false,
        },
        generated: None,
    }
}

fn text(name: &str, property: &str, not_null: bool) -> ColumnDef {
    column(name, property, SqlType::Text, not_null)
}

fn with_default(mut c: ColumnDef, default: SqlDefault) -> ColumnDef {
    c.default = Some(default);
    c
}

fn typed(mut c: ColumnDef, ty: TsType) -> ColumnDef {
    c.ts.ty = Some(ty);
    c
}

fn nanoid_id() -> ColumnDef {
    let mut c = text("id", "id", true);
    c.ts.default_fn = Some("nanoid".into());
    c
}

fn created_at(name: &str, property: &str) -> ColumnDef {
    with_default(
        column(name, property, SqlType::Timestamp, true),
        SqlDefault::Now,
    )
}

fn table(name: &str, export: &str, row: &str, columns: Vec<ColumnDef>) -> TableDef {
    TableDef {
        name: name.into(),
        renamed_from: None,
        columns,
        primary_key: None,
        uniques: vec![],
        foreign_keys: vec![],
        indexes: vec![],
        ts: TableTs {
            export_name: export.into(),
            row_type: row.into(),
            insert_type: format!("New{row}"),
            section: None,
            relations: vec![],
        },
        checks: Vec::new(),
    }
}

fn fk(table: &str, column: &str, target: &str, on_delete: FkAction) -> ForeignKey {
    ForeignKey::new(
        table,
        vec![column.into()],
        target,
        vec!["id".into()],
        on_delete,
        FkAction::NoAction,
    )
}

fn one(name: &str, target: &str, field: &str) -> Relation {
    Relation {
        name: name.into(),
        target: target.into(),
        kind: RelationKind::One {
            fields: vec![field.into()],
            references: vec!["id".into()],
        },
    }
}

fn many(name: &str, target: &str) -> Relation {
    Relation {
        name: name.into(),
        target: target.into(),
        kind: RelationKind::Many,
    }
}

fn workspace_role() -> TsEnum {
    TsEnum {
        name: "WorkspaceRole".into(),
        variants: vec!["admin".into(), "member".into(), "viewer".into()],
        inline: false,
    }
}

/// users, sessions, accounts, verification_tokens, workspaces (cut down), workspace_members,
/// invitations and activity_logs, as plan 01-01 declares them.
fn seed_schema() -> Schema {
    let mut workspaces = table(
        "workspaces",
        "workspaces",
        "Workspace",
        vec![
            text("id", "id", true),
            text("name", "name", true),
            with_default(
                text("context_path", "contextPath", false),
                SqlDefault::Text("elmer-docs/".into()),
            ),
            typed(
                column("settings", "settings", SqlType::Jsonb, false),
                TsType::Imported("WorkspaceSettings".into()),
            ),
            column("created_at", "createdAt", SqlType::Timestamp, true),
        ],
    );
    workspaces.primary_key = Some(PrimaryKey::new("workspaces", vec!["id".into()]));
    workspaces.ts.section = Some("WORKSPACES".into());
    workspaces.ts.relations = vec![
        many("members", "workspace_members"),
        many("invitations", "invitations"),
        many("activityLogs", "activity_logs"),
    ];

    let mut users = table(
        "users",
        "users",
        "User",
        vec![
            nanoid_id(),
            text("email", "email", true),
            text("name", "name", false),
            text("image", "image", false),
            text("password_hash", "passwordHash", false),
            column("email_verified", "emailVerified", SqlType::Timestamp, false),
            created_at("created_at", "createdAt"),
            created_at("updated_at", "updatedAt"),
        ],
    );
    users.primary_key = Some(PrimaryKey::new("users", vec!["id".into()]));
    users.uniques = vec![UniqueConstraint::new("users", vec!["email".into()])];
    users.ts.section = Some("USERS (Authentication)".into());
    users.ts.relations = vec![
        many("accounts", "accounts"),
        many("sessions", "sessions"),
        many("workspaceMembers", "workspace_members"),
        many("invitationsSent", "invitations"),
        many("activityLogs", "activity_logs"),
    ];

    let mut sessions = table(
        "sessions",
        "sessions",
        "Session",
        vec![
            text("session_token", "sessionToken", true),
            text("user_id", "userId", true),
            column("expires", "expires", SqlType::Timestamp, true),
        ],
    );
    sessions.primary_key = Some(PrimaryKey::new("sessions", vec!["session_token".into()]));
    sessions.foreign_keys = vec![fk("sessions", "user_id", "users", FkAction::Cascade)];
    sessions.ts.section = Some("AUTH.JS ADAPTER TABLES".into());
    sessions.ts.relations = vec![one("user", "users", "user_id")];

    let mut accounts = table(
        "accounts",
        "accounts",
        "Account",
        vec![
            nanoid_id(),
            text("user_id", "userId", true),
            text("type", "type", true),
            text("provider", "provider", true),
            text("provider_account_id", "providerAccountId", true),
            text("refresh_token", "refresh_token", false),
            text("access_token", "access_token", false),
            column("expires_at", "expires_at", SqlType::Integer, false),
            text("token_type", "token_type", false),
            text("scope", "scope", false),
            text("id_token", "id_token", false),
            text("session_state", "session_state", false),
        ],
    );
    accounts.primary_key = Some(PrimaryKey::new("accounts", vec!["id".into()]));
    accounts.uniques = vec![UniqueConstraint::new(
        "accounts",
        vec!["provider".into(), "provider_account_id".into()],
    )];
    accounts.foreign_keys = vec![fk("accounts", "user_id", "users", FkAction::Cascade)];
    accounts.ts.section = Some("AUTH.JS ADAPTER TABLES".into());
    accounts.ts.relations = vec![one("user", "users", "user_id")];

    let mut verification_tokens = table(
        "verification_tokens",
        "verificationTokens",
        "VerificationToken",
        vec![
            text("identifier", "identifier", true),
            text("token", "token", true),
            column("expires", "expires", SqlType::Timestamp, true),
        ],
    );
    verification_tokens.primary_key = Some(PrimaryKey::new(
        "verification_tokens",
        vec!["identifier".into(), "token".into()],
    ));
    verification_tokens.ts.section = Some("AUTH.JS ADAPTER TABLES".into());

    let mut workspace_members = table(
        "workspace_members",
        "workspaceMembers",
        "WorkspaceMember",
        vec![
            nanoid_id(),
            text("workspace_id", "workspaceId", true),
            text("user_id", "userId", true),
            with_default(
                typed(text("role", "role", true), TsType::Enum(workspace_role())),
                SqlDefault::Text("member".into()),
            ),
            created_at("joined_at", "joinedAt"),
        ],
    );
    workspace_members.primary_key = Some(PrimaryKey::new("workspace_members", vec!["id".into()]));
    workspace_members.uniques = vec![UniqueConstraint::new(
        "workspace_members",
        vec!["workspace_id".into(), "user_id".into()],
    )];
    workspace_members.foreign_keys = vec![
        fk(
            "workspace_members",
            "workspace_id",
            "workspaces",
            FkAction::Cascade,
        ),
        fk("workspace_members", "user_id", "users", FkAction::Cascade),
    ];
    workspace_members.ts.section = Some("WORKSPACE MEMBERS (Collaboration)".into());
    workspace_members.ts.relations = vec![
        one("workspace", "workspaces", "workspace_id"),
        one("user", "users", "user_id"),
    ];

    let mut invitations = table(
        "invitations",
        "invitations",
        "Invitation",
        vec![
            nanoid_id(),
            text("workspace_id", "workspaceId", true),
            text("email", "email", true),
            with_default(
                typed(text("role", "role", true), TsType::Enum(workspace_role())),
                SqlDefault::Text("member".into()),
            ),
            text("token", "token", true),
            text("invited_by", "invitedBy", true),
            column("expires_at", "expiresAt", SqlType::Timestamp, true),
            column("accepted_at", "acceptedAt", SqlType::Timestamp, false),
            created_at("created_at", "createdAt"),
        ],
    );
    invitations.primary_key = Some(PrimaryKey::new("invitations", vec!["id".into()]));
    invitations.uniques = vec![UniqueConstraint::new("invitations", vec!["token".into()])];
    invitations.foreign_keys = vec![
        fk(
            "invitations",
            "workspace_id",
            "workspaces",
            FkAction::Cascade,
        ),
        fk("invitations", "invited_by", "users", FkAction::Cascade),
    ];
    invitations.ts.section = Some("INVITATIONS".into());
    invitations.ts.relations = vec![
        one("workspace", "workspaces", "workspace_id"),
        one("inviter", "users", "invited_by"),
    ];

    let mut activity_logs = table(
        "activity_logs",
        "activityLogs",
        "ActivityLog",
        vec![
            nanoid_id(),
            text("workspace_id", "workspaceId", true),
            text("user_id", "userId", false),
            text("action", "action", true),
            text("target_type", "targetType", false),
            text("target_id", "targetId", false),
            typed(
                column("metadata", "metadata", SqlType::Jsonb, false),
                TsType::Expr("Record<string, unknown>".into()),
            ),
            created_at("created_at", "createdAt"),
        ],
    );
    activity_logs.primary_key = Some(PrimaryKey::new("activity_logs", vec!["id".into()]));
    activity_logs.foreign_keys = vec![
        fk(
            "activity_logs",
            "workspace_id",
            "workspaces",
            FkAction::Cascade,
        ),
        fk("activity_logs", "user_id", "users", FkAction::SetNull),
    ];
    activity_logs.ts.section = Some("ACTIVITY LOGS (Audit Trail)".into());
    activity_logs.ts.relations = vec![
        one("workspace", "workspaces", "workspace_id"),
        one("user", "users", "user_id"),
    ];

    Schema {
        tables: vec![
            workspaces,
            users,
            sessions,
            accounts,
            verification_tokens,
            workspace_members,
            invitations,
            activity_logs,
        ],
        ..Default::default()
    }
}

#[test]
fn schema_ts_reads_like_the_seed() {
    insta::assert_snapshot!(ts::schema_ts(&seed_schema(), &TsOptions::default()));
}

#[test]
fn types_ts_has_a_select_and_an_insert_row_per_table() {
    insta::assert_snapshot!(ts::types_ts(&seed_schema(), &TsOptions::default()));
}

#[test]
fn types_equal_ts_asserts_every_table_both_ways_and_every_union() {
    insta::assert_snapshot!(ts::types_equal_ts(&seed_schema(), &TsOptions::default()));
}

#[test]
fn files_are_the_three_generated_files() {
    let schema = seed_schema();
    let files = ts::files(&schema, &TsOptions::default());
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["schema.ts", "types.ts", "types-equal.ts"]);
    for (path, contents) in &files {
        assert!(
            contents.starts_with(ts::GENERATED_HEADER),
            "{path} does not start with the generated header"
        );
    }
}

/// Every relative specifier of every file, in the order written.
fn relative_specifiers(files: &[(String, String)]) -> Vec<String> {
    files
        .iter()
        .flat_map(|(_, contents)| contents.split(" from \"./").skip(1))
        .map(|rest| format!("./{}", rest.split('"').next().unwrap_or_default()))
        .collect()
}

#[test]
fn relative_imports_are_extensionless_by_default_and_js_for_esm() {
    let schema = seed_schema();
    let default = relative_specifiers(&ts::files(&schema, &TsOptions::default()));
    assert_eq!(
        default,
        [
            "./json-types",
            "./json-types",
            "./json-types",
            "./json-types",
            "./schema",
            "./types"
        ]
    );
    let esm = TsOptions {
        import_extension: ImportExtension::Js,
    };
    let js = relative_specifiers(&ts::files(&schema, &esm));
    let expected: Vec<String> = default.iter().map(|s| format!("{s}.js")).collect();
    assert_eq!(js, expected);
}

#[test]
fn ts_options_read_from_a_settings_table() {
    let js: TsOptions = serde_json::from_str(r#"{"import_extension":"js"}"#).unwrap();
    assert_eq!(js.import_extension, ImportExtension::Js);
    let default: TsOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(default, TsOptions::default());
    assert_eq!(default.import_extension, ImportExtension::None);
    assert!(serde_json::from_str::<TsOptions>(r#"{"import_extension":"mjs"}"#).is_err());
    assert!(serde_json::from_str::<TsOptions>(r#"{"extension":"js"}"#).is_err());
}

#[test]
fn types_ts_never_imports_drizzle_or_the_schema() {
    let types = ts::types_ts(&seed_schema(), &TsOptions::default());
    assert!(!types.contains("from \"drizzle"), "{types}");
    assert!(!types.contains("from \"./schema\""), "{types}");
}

#[test]
fn inserts_leave_out_defaulted_generated_and_nullable_columns() {
    let types = ts::types_ts(&seed_schema(), &TsOptions::default());
    let new_invitation = types
        .split("export type NewInvitation = {")
        .nth(1)
        .and_then(|rest| rest.split("};").next())
        .expect("NewInvitation is declared");
    for optional in [
        "id?: string;",
        "role?: WorkspaceRole;",
        "acceptedAt?: Date | null;",
        "createdAt?: Date;",
    ] {
        assert!(
            new_invitation.contains(optional),
            "missing `{optional}` in {new_invitation}"
        );
    }
    for required in [
        "email: string;",
        "token: string;",
        "invitedBy: string;",
        "expiresAt: Date;",
    ] {
        assert!(
            new_invitation.contains(required),
            "missing `{required}` in {new_invitation}"
        );
    }
}

/// A table that exercises what the seed does not: a self-reference, named and composite
/// constraints, an index, an inline union, a JSON default and other column types.
fn unusual_schema() -> Schema {
    let verdict = TsEnum {
        name: "Verdict".into(),
        variants: vec!["pass".into(), "fail".into(), "conditional".into()],
        inline: true,
    };
    let mut nodes = table(
        "nodes",
        "nodes",
        "Node",
        vec![
            column("id", "id", SqlType::Uuid, true),
            column("parent_id", "parentId", SqlType::Uuid, false),
            column("code", "code", SqlType::Varchar(Some(8)), true),
            with_default(
                column("weight", "weight", SqlType::Numeric, true),
                SqlDefault::Number("0.5".into()),
            ),
            with_default(
                column("big", "big", SqlType::BigInt, false),
                SqlDefault::Number("0".into()),
            ),
            with_default(
                column("at", "at", SqlType::TimestampTz, true),
                SqlDefault::Expression("now() + interval '1 day'".into()),
            ),
            typed(
                with_default(
                    column("tags", "tags", SqlType::Jsonb, true),
                    SqlDefault::Json("[]".into()),
                ),
                TsType::Expr("string[]".into()),
            ),
            typed(text("verdict", "verdict", false), TsType::Enum(verdict)),
            with_default(
                column("enabled", "enabled", SqlType::Boolean, false),
                SqlDefault::Boolean(true),
            ),
            column("search", "search", SqlType::Other("tsvector".into()), false),
        ],
    );
    nodes.primary_key = Some(PrimaryKey::new("nodes", vec!["id".into()]));
    nodes.uniques = vec![UniqueConstraint {
        name: "nodes_code_key".into(),
        columns: vec!["code".into()],
        nulls_not_distinct: false,
    }];
    nodes.foreign_keys = vec![ForeignKey::new(
        "nodes",
        vec!["parent_id".into()],
        "nodes",
        vec!["id".into()],
        FkAction::SetNull,
        FkAction::Cascade,
    )];
    nodes.indexes = vec![schema_model::Index::new(
        "nodes_parent_idx",
        vec!["parent_id".into()],
        false,
    )];
    nodes.ts.relations = vec![
        Relation {
            name: "parent".into(),
            target: "nodes".into(),
            kind: RelationKind::One {
                fields: vec!["parent_id".into()],
                references: vec!["id".into()],
            },
        },
        many("children", "nodes"),
    ];
    Schema {
        tables: vec![nodes],
        ..Default::default()
    }
}

#[test]
fn schema_ts_covers_self_references_named_constraints_and_other_types() {
    let schema = unusual_schema();
    let out = ts::schema_ts(&schema, &TsOptions::default());
    assert!(out.contains("(): AnyPgColumn => nodes.id"), "{out}");
    assert!(out.contains("type AnyPgColumn"), "{out}");
    assert!(
        out.contains("unique(\"nodes_code_key\").on(table.code)"),
        "{out}"
    );
    assert!(
        out.contains("index(\"nodes_parent_idx\").on(table.parentId)"),
        "{out}"
    );
    insta::assert_snapshot!(out);
    insta::assert_snapshot!(
        "unusual_types_ts",
        ts::types_ts(&schema, &TsOptions::default())
    );
}

/// Multi-column calls in the table's third argument, with property names long enough that each
/// breaks. The expected text is what prettier 3 (ts/node_modules) prints for it: one argument
/// or array element a line, never several on one broken line.
fn composite_schema() -> Schema {
    let columns = [
        "workspace_identifier_of_member",
        "user_identifier_of_member",
        "joined_at",
    ];
    let mut memberships = table(
        "memberships",
        "memberships",
        "Membership",
        columns
            .iter()
            .map(|c| {
                use heck::ToLowerCamelCase;
                text(c, &c.to_lower_camel_case(), true)
            })
            .collect(),
    );
    let all: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    memberships.primary_key = Some(PrimaryKey::new("memberships", all.clone()));
    memberships.uniques = vec![UniqueConstraint {
        name: "memberships_all_unique".into(),
        columns: all.clone(),
        nulls_not_distinct: true,
    }];
    memberships.foreign_keys = vec![ForeignKey::new(
        "memberships",
        all[..2].to_vec(),
        "memberships",
        all[1..].to_vec(),
        FkAction::Cascade,
        FkAction::Cascade,
    )];
    memberships.indexes = vec![schema_model::Index::new(
        "memberships_member_idx",
        all[..2].to_vec(),
        false,
    )];
    Schema {
        tables: vec![memberships],
        ..Default::default()
    }
}

#[test]
fn composite_calls_break_one_argument_a_line_as_prettier_does() {
    let out = ts::schema_ts(&composite_schema(), &TsOptions::default());
    // Printed by `npx prettier --stdin-filepath x.ts` (prettier 3, ts/node_modules).
    let prettier = r#"// generated by `cargo xtask gen`, do not edit

import {
  pgTable,
  text,
  unique,
  primaryKey,
  foreignKey,
  index,
} from "drizzle-orm/pg-core";

export const memberships = pgTable(
  "memberships",
  {
    workspaceIdentifierOfMember: text(
      "workspace_identifier_of_member",
    ).notNull(),
    userIdentifierOfMember: text("user_identifier_of_member").notNull(),
    joinedAt: text("joined_at").notNull(),
  },
  (table) => [
    primaryKey({
      columns: [
        table.workspaceIdentifierOfMember,
        table.userIdentifierOfMember,
        table.joinedAt,
      ],
    }),
    unique("memberships_all_unique")
      .on(
        table.workspaceIdentifierOfMember,
        table.userIdentifierOfMember,
        table.joinedAt,
      )
      .nullsNotDistinct(),
    foreignKey({
      columns: [
        table.workspaceIdentifierOfMember,
        table.userIdentifierOfMember,
      ],
      foreignColumns: [
        memberships.userIdentifierOfMember,
        memberships.joinedAt,
      ],
      name: "memberships_workspace_identifier_of_member_user_identifier_of_member_memberships_user_identifier_of_member_joined_at_fk",
    })
      .onDelete("cascade")
      .onUpdate("cascade"),
    index("memberships_member_idx").on(
      table.workspaceIdentifierOfMember,
      table.userIdentifierOfMember,
    ),
  ],
);
"#;
    assert_eq!(out.trim_end(), prettier.trim_end());
}

/// Columns typed by expressions over the user's types: each name the expressions use is
/// imported once (`Record`, `Array`, `Partial` are TypeScript's own), and long expressions are
/// laid out as prettier does (the e2e tests run prettier on the same shapes).
fn expression_schema() -> Schema {
    let json = |name: &str, property: &str, not_null: bool, expr: &str| {
        typed(
            column(name, property, SqlType::Jsonb, not_null),
            TsType::Expr(expr.into()),
        )
    };
    let mut id = column("id", "id", SqlType::Integer, true);
    id.ts.ty = None;
    let mut recipes = table(
        "recipes",
        "recipes",
        "Recipe",
        vec![
            id,
            typed(
                column("steps", "steps", SqlType::Jsonb, true),
                TsType::Imported("RecipeStep[]".into()),
            ),
            json("personas", "personas", false, "Record<string, Persona>"),
            json("mixed", "mixed", true, "Array<Foo | Bar>"),
            json(
                "stage_confidence",
                "stageConfidence",
                false,
                "Record<string, { score: number; summary?: string; strengths?: string[]; gaps?: string[]; updatedAt: string }>",
            ),
            json(
                "every_step_of_every_recipe",
                "everyStepOfEveryRecipeInTheWholeBook",
                false,
                "RecipeStep[]",
            ),
            json(
                "variants",
                "variants",
                true,
                "Array<RecipeStepWithALongName | PersonaWithALongName | Foo | Bar>",
            ),
            json("shape", "shape", false, "{ persona: Persona; 'step-count': number }"),
        ],
    );
    recipes.primary_key = Some(PrimaryKey::new("recipes", vec!["id".into()]));
    Schema {
        tables: vec![recipes],
        ..Default::default()
    }
}

#[test]
fn type_expressions_import_the_user_types_they_name_once() {
    let schema = expression_schema();
    let out = ts::schema_ts(&schema, &TsOptions::default());
    assert!(
        out.contains(
            "import type {\n  Bar,\n  Foo,\n  Persona,\n  PersonaWithALongName,\n  RecipeStep,\n  RecipeStepWithALongName,\n} from \"./json-types\";"
        ),
        "{out}"
    );
    let types = ts::types_ts(&schema, &TsOptions::default());
    assert!(types.contains("import type {\n  Bar,\n"), "{types}");
}

#[test]
fn long_type_expressions_are_laid_out_as_prettier_does() {
    let schema = expression_schema();
    insta::assert_snapshot!(
        "type_expressions_schema_ts",
        ts::schema_ts(&schema, &TsOptions::default())
    );
    insta::assert_snapshot!(
        "type_expressions_types_ts",
        ts::types_ts(&schema, &TsOptions::default())
    );
}

/// A table and an enum type in schema `auth`, a public table pointing into it: `pgSchema`,
/// `auth.table`, `auth.enum`, and no `pgTable`/`pgEnum` import beyond what is used.
#[test]
fn tables_and_enums_of_another_schema_are_built_by_its_pg_schema() {
    let role = with_default(
        column("role", "role", SqlType::Enum("auth.role".into()), true),
        SqlDefault::Text("member".into()),
    );
    let mut users = table(
        "auth.users",
        "users",
        "User",
        vec![text("id", "id", true), role],
    );
    users.primary_key = Some(PrimaryKey::new("auth.users", vec!["id".into()]));
    let mut posts = table(
        "posts",
        "posts",
        "Post",
        vec![text("id", "id", true), text("author_id", "authorId", true)],
    );
    posts.primary_key = Some(PrimaryKey::new("posts", vec!["id".into()]));
    posts.foreign_keys = vec![fk("posts", "author_id", "auth.users", FkAction::Cascade)];
    let schema = Schema {
        tables: vec![users, posts],
        enums: vec![schema_model::PgEnum {
            name: "auth.role".into(),
            values: vec!["member".into(), "admin".into()],
            renamed_values: Default::default(),
        }],
        ..Default::default()
    };
    let out = ts::schema_ts(&schema, &TsOptions::default());
    assert!(
        out.contains("import { pgSchema, pgTable, text } from \"drizzle-orm/pg-core\";"),
        "{out}"
    );
    assert!(
        out.contains("export const auth = pgSchema(\"auth\");"),
        "{out}"
    );
    assert!(
        out.contains("export const role = auth.enum(\"role\", [\"member\", \"admin\"]);"),
        "{out}"
    );
    assert!(
        out.contains("export const users = auth.table(\"users\", {"),
        "{out}"
    );
    assert!(out.contains("  id: text(\"id\").primaryKey(),"), "{out}");
    assert!(
        out.contains("  role: role(\"role\").notNull().default(\"member\"),"),
        "{out}"
    );
    assert!(
        out.contains("export const posts = pgTable(\"posts\", {"),
        "{out}"
    );
    assert!(
        out.contains(".references(() => users.id, { onDelete: \"cascade\" })"),
        "{out}"
    );
}
