//! `pull`: the Rust source of the orchestrator's schema, from a database its migrations built
//! and from its history's last snapshot. The pulled files are committed beside this module and
//! compiled into this test binary, so the tests can build the schema they declare and compare
//! it with `orchestrator-schema`'s; each test first checks the committed file is what pull
//! writes now (`UPDATE_PULLED=1` rewrites it).

use std::fs;

use anyhow::{ensure, Result};
use schema_model::sql_read::sql_shape;
use schema_model::Schema;

use crate::support::repo_root;

// As pull writes them (prettyplease), which rustfmt would lay out otherwise.
#[rustfmt::skip]
#[path = "pulled/breadth_columns.rs"]
mod breadth_columns;
#[rustfmt::skip]
#[path = "pulled/breadth_enums_checks.rs"]
mod breadth_enums_checks;
#[rustfmt::skip]
#[path = "pulled/breadth_extensions.rs"]
mod breadth_extensions;
#[rustfmt::skip]
#[path = "pulled/breadth_identity.rs"]
mod breadth_identity;
#[rustfmt::skip]
#[path = "pulled/breadth_indexes.rs"]
mod breadth_indexes;
#[path = "pulled/from_database.rs"]
mod from_database;
#[path = "pulled/from_history.rs"]
mod from_history;
#[path = "pulled/grouped/mod.rs"]
mod grouped;

/// Fails unless `text` is the committed `pulled/<name>` (rewrites it with UPDATE_PULLED=1).
fn assert_committed(name: &str, text: &str) -> Result<()> {
    let path = repo_root().join("tests/e2e/adoption/pulled").join(name);
    if std::env::var_os("UPDATE_PULLED").is_some() {
        fs::write(&path, text)?;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    ensure!(
        committed == text,
        "{} is not what pull writes now; run the test with UPDATE_PULLED=1 and review the diff",
        path.display()
    );
    Ok(())
}

fn single_file(schema: &Schema) -> Result<String> {
    let files = schema_pull::pull(schema, &[]).map_err(|p| anyhow::anyhow!("{}", p.join("\n")))?;
    Ok(files[schema_pull::SINGLE_FILE].clone())
}

/// From a database the orchestrator's migrations built: the pulled source declares the same
/// tables, columns, types, nullability, defaults, keys, uniques, foreign keys (with actions) and
/// indexes, so `gen` on it plans nothing.
#[test]
fn pull_from_a_database_declares_the_orchestrators_tables() -> Result<()> {
    let database = schema_verify::testing::test_database("pull_from_database");
    let mut client = database.connect()?;
    schema_verify::Migrations::load(&repo_root().join("generated/migrations"))?
        .migrate(&mut client)?;
    let catalog = schema_verify::introspect(&mut client, "public")?;
    let schema = schema_migrations::import::with_typescript_names(catalog.schema);
    assert_committed("from_database.rs", &single_file(&schema)?)?;

    let pulled = from_database::try_schema().map_err(|e| anyhow::anyhow!("{e}"))?;
    let declared = orchestrator_schema::schema();
    ensure!(
        sql_shape(&pulled) == sql_shape(&declared),
        "the pulled schema differs from orchestrator-schema: {}",
        schema_migrations::replay::first_difference(&sql_shape(&pulled), &sql_shape(&declared))
    );
    let plan = schema_model::diff::plan(
        &declared,
        &pulled,
        schema_model::diff::PlanOptions {
            allow_destructive: true,
        },
    )
    .expect("allowed");
    ensure!(plan.is_empty(), "gen would write: {}", plan.up_sql());
    // And the database it came from is the pulled schema (verify --in-place).
    let findings = schema_verify::compare(&pulled, &catalog_of(&mut client)?).findings;
    ensure!(
        findings.is_empty(),
        "{:?}",
        findings.iter().map(|f| f.message()).collect::<Vec<_>>()
    );
    Ok(())
}

fn catalog_of(client: &mut postgres::Client) -> Result<schema_verify::Catalog> {
    Ok(schema_verify::introspect(client, "public")?)
}

/// From the history's last snapshot, which knows the TypeScript names: the pulled source is
/// `orchestrator-schema`'s model entirely, TypeScript names, unions and relations included.
#[test]
fn pull_from_the_history_declares_the_orchestrators_model() -> Result<()> {
    let files = schema_migrations::fs::read_dir(&repo_root().join("generated/migrations"))?;
    let history = schema_migrations::history(&files, "generated/migrations")?;
    let (_, last) = history.last().expect("a history");
    assert_committed("from_history.rs", &single_file(last)?)?;
    let pulled = from_history::try_schema().map_err(|e| anyhow::anyhow!("{e}"))?;
    let declared = orchestrator_schema::schema();
    for (ours, theirs) in pulled.tables.iter().zip(&declared.tables) {
        ensure!(
            ours == theirs,
            "table {} differs:\n  pulled: {ours:#?}\n  declared: {theirs:#?}",
            theirs.name
        );
    }
    ensure!(
        pulled == declared,
        "the pulled model differs from orchestrator-schema's"
    );
    Ok(())
}

/// One module per group: the auth tables in `auth.rs`, the rest in `tables.rs`, the unions
/// and `try_schema()` in `mod.rs`; the same model.
#[test]
fn pull_writes_a_module_per_group() -> Result<()> {
    let files = schema_migrations::fs::read_dir(&repo_root().join("generated/migrations"))?;
    let history = schema_migrations::history(&files, "generated/migrations")?;
    let (_, last) = history.last().expect("a history");
    let groups = [schema_pull::Group {
        module: "auth".into(),
        tables: ["users", "sessions", "accounts", "verification_tokens"]
            .map(String::from)
            .to_vec(),
    }];
    let pulled =
        schema_pull::pull(last, &groups).map_err(|p| anyhow::anyhow!("{}", p.join("\n")))?;
    ensure!(
        pulled.keys().map(String::as_str).collect::<Vec<_>>() == ["auth.rs", "mod.rs", "tables.rs"],
        "{:?}",
        pulled.keys()
    );
    for (name, text) in &pulled {
        assert_committed(&format!("grouped/{name}"), text)?;
    }
    let schema = grouped::try_schema().map_err(|e| anyhow::anyhow!("{e}"))?;
    ensure!(
        schema == orchestrator_schema::schema(),
        "the grouped source declares another model"
    );
    Ok(())
}

/// Every feature of issue 12 that a table declares comes back out of pull: column types, stored
/// generated columns and string-mode timestamps; PostgreSQL enums and CHECK constraints; the
/// extensions and their custom types; identity columns with their sequence options; indexes with
/// names, methods, orders, operator classes, predicates, storage parameters and expression keys,
/// and `NULLS NOT DISTINCT` uniques. Each breadth schema is pulled into the committed
/// `pulled/breadth_<feature>.rs`, compiled into this binary, and must declare the same SQL: the
/// same shape, and no migration between them.
#[test]
fn pull_declares_every_feature_a_table_can_have() -> Result<()> {
    use crate::breadth::{columns, enums_checks, extensions, identity, indexes};
    type TrySchema = fn() -> Result<Schema, schema_model::SchemaErrors>;
    let cases: [(&str, Schema, TrySchema); 5] = [
        (
            "breadth_columns.rs",
            columns::step2::schema(),
            breadth_columns::try_schema,
        ),
        (
            "breadth_enums_checks.rs",
            enums_checks::steps()[1].clone(),
            breadth_enums_checks::try_schema,
        ),
        (
            "breadth_extensions.rs",
            extensions::steps()[1].clone(),
            breadth_extensions::try_schema,
        ),
        (
            "breadth_identity.rs",
            identity::step2::schema(),
            breadth_identity::try_schema,
        ),
        (
            "breadth_indexes.rs",
            indexes::steps()[1].clone(),
            breadth_indexes::try_schema,
        ),
    ];
    // Every file first, so one UPDATE_PULLED=1 run rewrites them all.
    for (name, declared, _) in &cases {
        assert_committed(name, &single_file(declared)?)?;
    }
    for (name, declared, pulled) in &cases {
        let pulled = pulled().map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        ensure!(
            sql_shape(&pulled) == sql_shape(declared),
            "{name} declares another schema: {}",
            schema_migrations::replay::first_difference(&sql_shape(&pulled), &sql_shape(declared))
        );
        let plan = schema_model::diff::plan(
            declared,
            &pulled,
            schema_model::diff::PlanOptions {
                allow_destructive: true,
            },
        )
        .expect("allowed");
        ensure!(
            plan.is_empty(),
            "gen on {name} would write: {}",
            plan.up_sql()
        );
    }
    Ok(())
}
