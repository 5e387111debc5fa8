//! The emitters on a schema declared to hit what the orchestrator's does not: names long enough
//! to make prettier break calls, chains and unions; a self-reference; indexes, composite
//! uniques, primary and foreign keys (short and long enough to break one argument a line); every column type the derive maps; JSON and SQL defaults.
//! The same proofs as for `generated/ts/`, in a temporary folder.

// The tables are declarations only: no row is ever built from the structs.
#![allow(dead_code)]

use std::fs;

use anyhow::{ensure, Result};
use chrono::{DateTime, NaiveDate, Utc};
use schema_model::{nanoid, ts, FkAction, ForeignKey, Schema, SchemaBuilder, Table, TsEnum};
use serde_json::Value as Json;

use super::{
    assert_same_database, build_database, check_relations, drizzle_kit_generate, generated_ts,
    node_tool, prettier_check, transcript, write_tsconfig,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum DeliberatelyVerboseLifecycleState {
    NotYetStartedAtAll,
    WaitingForUpstreamDependencies,
    RunningInTheBackground,
    FinishedSuccessfully,
    FinishedWithErrors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
#[ts_enum(inline)]
pub enum ShadeOfTheNodeAsDisplayedInTheUserInterface {
    VeryLight,
    Light,
    Medium,
    Dark,
    VeryDark,
}

#[derive(Table)]
#[table(
    name = "edge_nodes",
    export = "layoutEdgeCasesWithARatherLongExportName",
    section = "LAYOUT EDGE CASES",
    unique(part_a, part_b),
    index(parent_node_identifier),
    many(childrenOfThisNode = EdgeNode)
)]
pub struct EdgeNode {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(
        references = EdgeNode::id,
        on_delete = set_null,
        on_update = cascade,
        relation = "parentOfThisNode"
    )]
    pub parent_node_identifier: Option<String>,
    #[column(sql_type = "varchar(255)")]
    pub an_exceptionally_long_column_name_that_forces_wrapping: String,
    pub part_a: String,
    pub part_b: i64,
    #[column(default = "not_yet_started_at_all")]
    pub lifecycle_state_of_this_particular_node: DeliberatelyVerboseLifecycleState,
    pub shade_of_the_node_as_displayed_in_the_interface:
        Option<ShadeOfTheNodeAsDisplayedInTheUserInterface>,
    #[column(default_json = "[]")]
    pub history_of_lifecycle_states_seen_so_far: Vec<DeliberatelyVerboseLifecycleState>,
    #[column(default_json = "[\"a\",\"b\"]")]
    pub labels: Vec<String>,
    #[column(
        ts_type = "Record<string, unknown>",
        default_json = "{\"a\":1,\"b-c\":[true,null]}"
    )]
    pub metadata: Option<Json>,
    #[column(default = 0.5)]
    pub weight: f64,
    #[column(default = 3)]
    pub retries: i16,
    #[column(default = true)]
    pub enabled: bool,
    #[column(default_sql = "now() + interval '1 day'")]
    pub happened_at: DateTime<Utc>,
    pub on_day: Option<NaiveDate>,
    pub anything: Json,
    #[column(sql_type = "tsvector")]
    pub search: Option<String>,
    #[column(sql_type = "numeric(10,2)")]
    pub price: String,
}

/// Points at [`EdgeNode`]'s composite unique key: a foreign key drizzle writes in the table's
/// third argument, not on a column.
#[derive(Table)]
#[table(name = "edge_links", section = "LAYOUT EDGE CASES")]
pub struct EdgeLink {
    #[column(primary_key)]
    pub id: i32,
    pub part_a: String,
    pub part_b: i64,
}

/// Every multi-column call of the table's third argument, with names long enough (within
/// PostgreSQL's 63 bytes) that each breaks one argument or array element a line: the composite
/// primary key, a composite index, a composite unique (made `NULLS NOT DISTINCT` below, a
/// two-call chain) and a composite foreign key with both actions (a three-call chain).
#[derive(Table)]
#[table(
    name = "edge_mem",
    section = "LAYOUT EDGE CASES",
    primary_key(workspace_handle, member_handle, joined_at_moment),
    index(workspace_handle, member_handle, joined_at_moment),
    unique(workspace_handle, member_handle, joined_at_moment)
)]
pub struct EdgeMembership {
    pub workspace_handle: String,
    pub member_handle: String,
    pub joined_at_moment: DateTime<Utc>,
    pub ref_part_a: String,
    pub ref_part_b: i64,
}

/// Column types written as TypeScript expressions over the user's types (`json-types.ts`), long
/// enough to make prettier break them every way it does: after the key, inside type arguments,
/// one union member a line, object types expanded, in one-call and in longer chains, in
/// `schema.ts` and in `types.ts`.
#[derive(Table)]
#[table(name = "edge_json", section = "LAYOUT EDGE CASES")]
pub struct EdgeJson {
    #[column(primary_key)]
    pub id: i32,
    #[column(
        ts_type = "Record<string, { score: number; summary?: string; strengths?: string[]; gaps?: string[]; updatedAt: string }>"
    )]
    pub stage_confidence: Option<Json>,
    #[column(ts_import = "BackgroundSettings[]")]
    pub backgrounds_of_every_workspace_in_the_installation: Option<Json>,
    #[column(ts_type = "Record<string, BackgroundSettings>")]
    pub backgrounds_by_workspace_identifier_in_this_installation: Option<Json>,
    #[column(
        ts_type = "Array<WorkspaceSettings | ProjectMetadata | DocumentMetadata>",
        default_json = "[]"
    )]
    pub settings_history: Json,
    #[column(
        ts_type = "Array<WorkspaceSettings | ProjectMetadata | DocumentMetadata | PrototypeMetadata>"
    )]
    pub every_kind_of_metadata: Json,
    #[column(ts_type = "{ mode: DisplayMode; background?: BackgroundSettings; tags: string[] }")]
    pub appearance: Option<Json>,
    #[column(ts_type = "{ mode: DisplayMode }")]
    pub mode: Json,
    #[column(ts_type = "[DisplayMode, BackgroundSettings?, ...string[]]")]
    pub display_tuple: Option<Json>,
    #[column(
        ts_type = "Partial<WorkspaceSettings> & { extraSettingsThatTheAppAddsLater: boolean }"
    )]
    pub merged_settings: Option<Json>,
    #[column(ts_type = "(keyof WorkspaceSettings)[]")]
    pub setting_keys: Json,
    #[column(ts_type = "ProjectMetadata[\"stageConfidence\"]")]
    pub confidence: Option<Json>,
    #[column(
        ts_type = "Record<string, Array<BackgroundSettings | DisplayMode | NotificationMetadata>>"
    )]
    pub nested_unions: Option<Json>,
    #[column(
        ts_type = "'immersive-experience' | 'focused-experience' | 'compact-experience' | 'x'"
    )]
    pub experiences: Option<Json>,
    #[column(ts_type = "{ a: 1 } | null")]
    pub hugged: Option<Json>,
    #[column(ts_import = "DisplayMode")]
    pub short: Option<Json>,
    #[column(ts_type = "Record<string, DocumentMetadata>")]
    pub docs: Json,
}

pub(crate) fn edge_schema() -> Schema {
    let mut schema = SchemaBuilder::new()
        .table::<EdgeNode>()
        .table::<EdgeLink>()
        .table::<EdgeMembership>()
        .table::<EdgeJson>()
        .build()
        .unwrap_or_else(|errors| panic!("the edge-case schema is inconsistent:\n{errors}"));
    let columns = vec!["part_a".to_string(), "part_b".to_string()];
    let links = schema
        .tables
        .iter_mut()
        .find(|t| t.name == EdgeLink::NAME)
        .expect("edge_links is declared");
    links.foreign_keys.push(ForeignKey::new(
        EdgeLink::NAME,
        columns.clone(),
        EdgeNode::NAME,
        columns,
        FkAction::Cascade,
        FkAction::NoAction,
    ));
    let memberships = schema
        .tables
        .iter_mut()
        .find(|t| t.name == EdgeMembership::NAME)
        .expect("edge_memberships is declared");
    memberships.uniques[0].nulls_not_distinct = true;
    memberships.foreign_keys.push(ForeignKey::new(
        EdgeMembership::NAME,
        vec!["ref_part_a".to_string(), "ref_part_b".to_string()],
        EdgeNode::NAME,
        vec!["part_a".to_string(), "part_b".to_string()],
        FkAction::Cascade,
        FkAction::Cascade,
    ));
    schema
}

#[test]
fn edge_cases_pass_prettier_tsc_and_drizzle_kit() -> Result<()> {
    let schema = edge_schema();
    let dir = tempfile::tempdir()?;
    let mut files = Vec::new();
    for (name, contents) in ts::files(&schema, &ts::TsOptions::default()) {
        fs::write(dir.path().join(&name), contents)?;
        files.push(dir.path().join(name));
    }
    fs::copy(
        generated_ts().join("json-types.ts"),
        dir.path().join("json-types.ts"),
    )?;

    prettier_check(&files)?;

    write_tsconfig(dir.path())?;
    let output = node_tool("tsc", &["--noEmit", "--strict", "-p", "."], dir.path())?;
    ensure!(
        output.status.success(),
        "tsc --strict rejects the edge-case TypeScript:\n{}",
        transcript(&output)
    );

    // The imports are checked with `noUnusedLocals` (ts/tsconfig.json): one import too many
    // fails as surely as one too few.
    let schema_ts = dir.path().join(ts::SCHEMA_FILE);
    let generated = fs::read_to_string(&schema_ts)?;
    fs::write(
        &schema_ts,
        generated.replacen(
            "\nexport type * from",
            "\nimport type { DisplayMode as NeverUsed } from \"./json-types\";\nexport type * from",
            1,
        ),
    )?;
    let output = node_tool("tsc", &["--noEmit", "--strict", "-p", "."], dir.path())?;
    ensure!(
        !output.status.success() && transcript(&output).contains("NeverUsed"),
        "tsc accepts an import schema.ts does not use: the import lists are not checked:\n{}",
        transcript(&output)
    );
    fs::write(&schema_ts, generated)?;

    check_relations(&dir.path().join(ts::SCHEMA_FILE), &schema)?;

    let ours_dir = dir.path().join("ours");
    fs::create_dir_all(ours_dir.join("meta"))?;
    let ddl = schema_model::ddl::render(&schema_model::ddl::create_schema(&schema));
    fs::write(ours_dir.join("0000_edge_cases.sql"), ddl)?;
    fs::write(
        ours_dir.join("meta").join("_journal.json"),
        r#"{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1700000000000,"tag":"0000_edge_cases","breakpoints":true}]}"#,
    )?;
    let kit_dir = drizzle_kit_generate(&dir.path().join(ts::SCHEMA_FILE), dir.path())?;
    let ours = build_database("ts_edge_ours", &ours_dir)?;
    let kit = build_database("ts_edge_drizzle_kit", &kit_dir)?;
    assert_same_database(&ours, &kit)?;
    ensure!(ours.schema.tables.len() == schema.tables.len());
    Ok(())
}

/// Type expressions of every shape and length, on keys and column names of every length (short
/// keys never break after the key, short column names make a chain "poorly breakable"), on
/// `jsonb("…")` and on `varchar("…", { length: 255 })` (whose object prettier may hug), as
/// one-call chains (nullable), two-call (NOT NULL) and three-call (NOT NULL with a default):
/// `prettier --check` must accept `schema.ts` and `types.ts` as written.
#[test]
fn type_expressions_of_every_length_are_laid_out_as_prettier_does() -> Result<()> {
    use schema_model::{
        ColumnDef, ColumnTs, PrimaryKey, SqlDefault, SqlType, TableDef, TableTs, TsType,
    };

    const EXPRESSIONS: &[&str] = &[
        "Persona",
        "RecipeStep[]",
        "Record<string, Persona>",
        "Array<Foo | Bar>",
        "Array<RecipeStepWithALongName | PersonaWithALongName | Foo | Bar | Baz>",
        "Record<string, { score: number; summary?: string; strengths?: string[]; gaps?: string[] }>",
        "{ persona: Persona; steps: RecipeStep[]; 'step-count': number; note?: string }",
        "{ a: Foo }",
        "[Persona, RecipeStep?, ...string[]]",
        "[PersonaWithAVeryLongNameIndeed, RecipeStepWithAVeryLongNameIndeed, Foo]",
        "Partial<Persona> & { extraSettingsThatTheAppAddsLater: boolean; more: string }",
        "(keyof Persona)[]",
        "Persona[\"stageConfidence\"]",
        "Map<string, Set<RecipeStepWithAVeryLongNameIndeed | PersonaWithAVeryLongName>>",
        "'immersive-experience' | 'focused-experience' | 'compact-experience' | 'x'",
        "{ a: 1 } | null",
        "Record<PersonaKeyWithAVeryVeryLongName, Array<RecipeStepWithAVeryLongNameIndeed>>",
    ];
    const KEYS: &[&str] = &[
        "ab",
        "abcd",
        "abcde",
        "personaSettings",
        "aPropertyNameLongEnoughToMatterHere",
    ];
    const NAMES: &[&str] = &["c", "a_column_name_longer_than_twenty_"];

    let mut tables = Vec::new();
    for (e, expr) in EXPRESSIONS.iter().enumerate() {
        let mut columns = vec![ColumnDef {
            name: "id".into(),
            renamed_from: None,
            sql_type: SqlType::Integer,
            not_null: true,
            default: None,
            ts: ColumnTs {
                property: "id".into(),
                ty: None,
                default_fn: None,
            },
        }];
        for key in KEYS {
            for name in NAMES {
                for (calls, sql_type) in (1..=3).flat_map(|calls| {
                    [
                        (calls, SqlType::Jsonb),
                        (calls, SqlType::Varchar(Some(255))),
                    ]
                }) {
                    // Short names stay within prettier's "short argument" (20 characters with
                    // the quotes).
                    let column = format!("{name}{}", columns.len());
                    columns.push(ColumnDef {
                        name: column,
                        renamed_from: None,
                        sql_type: sql_type.clone(),
                        not_null: calls > 1,
                        default: (calls == 3).then(|| SqlDefault::Json("[]".into())),
                        ts: ColumnTs {
                            property: format!(
                                "{key}{}{calls}{}",
                                if name.len() > 1 { "L" } else { "S" },
                                if sql_type == SqlType::Jsonb { "" } else { "V" }
                            ),
                            ty: Some(TsType::Expr(expr.to_string())),
                            default_fn: None,
                        },
                    });
                }
            }
        }
        let name = format!("expr_{e}");
        tables.push(TableDef {
            primary_key: Some(PrimaryKey::new(&name, vec!["id".into()])),
            uniques: vec![],
            foreign_keys: vec![],
            indexes: vec![],
            renamed_from: None,
            columns,
            ts: TableTs {
                export_name: format!("expr{e}"),
                row_type: format!("Expr{e}"),
                insert_type: format!("NewExpr{e}"),
                section: None,
                relations: vec![],
            },
            name,
        });
    }
    let schema = Schema {
        tables,
        ..Default::default()
    };
    let dir = tempfile::tempdir()?;
    let mut files = Vec::new();
    for (name, contents) in ts::files(&schema, &ts::TsOptions::default()) {
        if name == ts::PROOFS_FILE {
            continue;
        }
        fs::write(dir.path().join(&name), contents)?;
        files.push(dir.path().join(name));
    }
    prettier_check(&files)
}
