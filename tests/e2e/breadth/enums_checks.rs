//! PostgreSQL enums (`#[ts_enum(pg_enum = "...")]`) and CHECK constraints
//! (`#[table(check(...))]`): created, a value added before another and one added last, a new
//! enum type, checks changed, dropped and added; then a value removed by drizzle-kit's recipe and
//! an enum type dropped. drizzle-kit cannot write `ALTER TYPE … RENAME VALUE` (it sees a removed
//! and an added value), so the declared value rename is proven on PostgreSQL on its own, below.

use anyhow::{ensure, Result};
use schema_model::diff::{plan, PlanOptions};
use schema_model::{tables, Schema, SchemaBuilder};

mod step1 {
    use schema_model::{Table, TsEnum};

    #[derive(TsEnum)]
    #[ts_enum(pg_enum = "task_status")]
    pub enum TaskStatus {
        Todo,
        InProgress,
        Done,
    }

    #[derive(Table)]
    #[table(
        name = "tasks",
        check(name = "tasks_priority_positive", sql = "\"priority\" > 0"),
        check(name = "tasks_estimate_small", sql = "\"estimate\" <= 100")
    )]
    pub struct Task {
        #[column(primary_key)]
        pub id: String,
        #[column(default = "todo")]
        pub status: TaskStatus,
        #[column(default = 1)]
        pub priority: i32,
        pub estimate: Option<i32>,
    }
}

mod step2 {
    use schema_model::{Table, TsEnum};

    #[derive(TsEnum)]
    #[ts_enum(pg_enum = "task_status")]
    pub enum TaskStatus {
        Todo,
        InProgress,
        Blocked,
        Done,
        Archived,
    }

    #[derive(TsEnum)]
    #[ts_enum(pg_enum = "priority_level")]
    pub enum PriorityLevel {
        Low,
        High,
    }

    #[derive(Table)]
    #[table(
        name = "tasks",
        check(
            name = "tasks_priority_positive",
            sql = "\"priority\" >= 1 AND \"priority\" <= 5"
        ),
        check(name = "tasks_estimate_nonnegative", sql = "\"estimate\" >= 0")
    )]
    pub struct Task {
        #[column(primary_key)]
        pub id: String,
        #[column(default = "todo")]
        pub status: TaskStatus,
        #[column(default = 1)]
        pub priority: i32,
        pub estimate: Option<i32>,
        #[column(default = "low")]
        pub level: PriorityLevel,
    }
}

mod step3 {
    use schema_model::{Table, TsEnum};

    #[derive(TsEnum)]
    #[ts_enum(pg_enum = "task_status")]
    pub enum TaskStatus {
        Todo,
        InProgress,
        Blocked,
        Done,
    }

    #[derive(Table)]
    #[table(
        name = "tasks",
        check(
            name = "tasks_priority_positive",
            sql = "\"priority\" >= 1 AND \"priority\" <= 5"
        ),
        check(name = "tasks_estimate_nonnegative", sql = "\"estimate\" >= 0")
    )]
    pub struct Task {
        #[column(primary_key)]
        pub id: String,
        #[column(default = "todo")]
        pub status: TaskStatus,
        #[column(default = 1)]
        pub priority: i32,
        pub estimate: Option<i32>,
    }
}

/// Step 3 with a value renamed: `in_progress` → `started`.
mod renamed {
    use schema_model::{Table, TsEnum};

    #[derive(TsEnum)]
    #[ts_enum(pg_enum = "task_status")]
    pub enum TaskStatus {
        Todo,
        #[ts_enum(renamed_from = "in_progress")]
        Started,
        Blocked,
        Done,
    }

    #[derive(Table)]
    #[table(
        name = "tasks",
        check(
            name = "tasks_priority_positive",
            sql = "\"priority\" >= 1 AND \"priority\" <= 5"
        ),
        check(name = "tasks_estimate_nonnegative", sql = "\"estimate\" >= 0")
    )]
    pub struct Task {
        #[column(primary_key)]
        pub id: String,
        #[column(default = "todo")]
        pub status: TaskStatus,
        #[column(default = 1)]
        pub priority: i32,
        pub estimate: Option<i32>,
    }
}

fn build(builder: SchemaBuilder) -> Schema {
    builder.build().expect("a consistent schema")
}

pub(crate) fn steps() -> [Schema; 3] {
    [
        build(SchemaBuilder::new().tables(tables![step1::Task])),
        build(SchemaBuilder::new().tables(tables![step2::Task])),
        build(SchemaBuilder::new().tables(tables![step3::Task])),
    ]
}

#[test]
fn enums_and_checks_agree_with_drizzle_kit_and_postgresql() -> Result<()> {
    super::prove("enums-checks", &steps())
}

/// The declared rename, which drizzle-kit cannot write: one `RENAME VALUE` that keeps the rows,
/// undone by the down plan; the verifier finds the database as declared, and its probes pass
/// (an unknown label refused with 22P02, a row breaking a check with 23514).
#[test]
fn a_declared_value_rename_keeps_the_rows() -> Result<()> {
    let [_, _, before] = steps();
    let after = build(SchemaBuilder::new().tables(tables![renamed::Task]));
    let planned = plan(&before, &after, PlanOptions::default())?;
    let up: Vec<String> = planned.up_statements().into_iter().map(|s| s.sql).collect();
    ensure!(
        up == ["ALTER TYPE \"public\".\"task_status\" RENAME VALUE 'in_progress' TO 'started';"],
        "{up:#?}"
    );
    let down: Vec<String> = planned
        .down_statements()
        .into_iter()
        .map(|s| s.sql)
        .collect();
    ensure!(
        down == ["ALTER TYPE \"public\".\"task_status\" RENAME VALUE 'started' TO 'in_progress';"],
        "{down:#?}"
    );

    let db = schema_verify::testing::test_database("breadth_enum_rename");
    let mut client = db.connect()?;
    let create = schema_model::ddl::render(&schema_model::ddl::create_schema(&before));
    crate::migrations::apply(&mut client, &create, "step 3 from nothing")?;
    client.batch_execute(
        "INSERT INTO \"tasks\" (\"id\", \"status\") VALUES ('a', 'in_progress'), ('b', 'done')",
    )?;
    crate::migrations::apply(&mut client, &planned.up_sql(), "the rename")?;
    let catalog = schema_verify::introspect_declared(&mut client, "public", &after)?;
    let findings = schema_verify::compare(&after, &catalog).findings;
    ensure!(findings.is_empty(), "{findings:#?}");
    let status: String = client
        .query_one(
            "SELECT \"status\"::text FROM \"tasks\" WHERE \"id\" = 'a'",
            &[],
        )?
        .get(0);
    ensure!(status == "started", "the renamed row holds {status}");
    let probes = schema_verify::run_probes(&mut client, &after);
    for expected in ["refused with SQLSTATE 22P02", "refused with SQLSTATE 23514"] {
        ensure!(
            probes.iter().any(|p| p.expected == expected && p.passed),
            "no passing probe {expected}: {probes:#?}"
        );
    }
    let failed: Vec<_> = probes.iter().filter(|p| !p.passed).collect();
    ensure!(failed.is_empty(), "{failed:#?}");
    crate::migrations::apply(&mut client, &planned.down_sql(), "the rename's down file")?;
    let catalog = schema_verify::introspect_declared(&mut client, "public", &before)?;
    let findings = schema_verify::compare(&before, &catalog).findings;
    ensure!(findings.is_empty(), "{findings:#?}");
    Ok(())
}

/// A migration may not use an enum value it adds: PostgreSQL refuses a label before the
/// transaction that adds it commits. The plan names the use.
#[test]
fn a_plan_that_uses_a_value_it_adds_is_named() -> Result<()> {
    let [one, mut two, _] = steps();
    let tasks = two.tables.iter_mut().find(|t| t.name == "tasks").unwrap();
    let status = tasks
        .columns
        .iter_mut()
        .find(|c| c.name == "status")
        .unwrap();
    status.default = Some(schema_model::SqlDefault::Text("blocked".into()));
    let planned = plan(&one, &two, PlanOptions::default())?;
    let uses: Vec<String> = planned
        .new_enum_value_uses()
        .iter()
        .map(ToString::to_string)
        .collect();
    ensure!(
        uses.len() == 1 && uses[0].starts_with("table \"tasks\", column \"status\": DEFAULT 'blocked' uses value 'blocked' of enum type \"task_status\", which the same migration adds"),
        "{uses:#?}"
    );
    Ok(())
}
