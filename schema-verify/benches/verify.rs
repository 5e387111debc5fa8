//! Wall time of verification, per provider and phase, and of introspection + comparison on a
//! synthetic 2,000-table schema. `cargo bench -p schema-verify --bench verify`; set
//! SCHEMA_VERIFY_POSTGRES_IMAGE for the container runs (skipped when no Docker engine answers)
//! and BENCH_RUNS (default 3).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use schema_model::{
    ColumnDef, FkAction, ForeignKey, Index, PrimaryKey, Schema, SqlDefault, SqlType, TableDef,
    UniqueConstraint,
};
use schema_verify::local::LocalServer;
use schema_verify::{
    compare, introspect, verify_database, Migrations, Server, Timings, VerifyOptions, VerifyReport,
};

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let image = std::env::var("SCHEMA_VERIFY_POSTGRES_IMAGE")
        .unwrap_or_else(|_| schema_verify::server::DEFAULT_IMAGE.into());

    println!("PostgreSQL's own start (the floor), median of {runs}:");
    let mut initdb = Vec::new();
    let mut start = Vec::new();
    for _ in 0..runs {
        let server = LocalServer::start().expect("local PostgreSQL");
        initdb.push(server.initdb_time);
        start.push(server.postgres_start_time);
    }
    println!(
        "  local binaries: initdb {}, postgres start {}",
        secs(median(&mut initdb)),
        secs(median(&mut start))
    );
    let mut container = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        match Server::start_container(&image) {
            Ok(server) => {
                container.push(started.elapsed());
                drop(server);
            }
            Err(e) => {
                println!("  testcontainers: skipped ({e})");
                break;
            }
        }
    }
    if !container.is_empty() {
        println!(
            "  testcontainers ({image}): container ready {}",
            secs(median(&mut container))
        );
    }

    let migrations_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../generated/migrations");
    let declared = orchestrator_schema::schema();
    let migrations = Migrations::load(&migrations_dir).expect("generated/migrations");
    println!("\nverify of the {}-table orchestrator schema (start, migrate, introspect, compare, probes), median total of {runs}:", declared.tables.len());
    for provider in ["local", "testcontainers"] {
        if provider == "testcontainers" && container.is_empty() {
            continue;
        }
        let mut reports: Vec<Timings> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                let server = match provider {
                    "local" => Server::start_local(),
                    _ => Server::start_container(&image),
                }
                .expect("a server");
                let database = server.scratch_database().unwrap();
                let mut client = database.connect().unwrap();
                let mut report = VerifyReport::default();
                report.timings.start = started.elapsed();
                let started = Instant::now();
                migrations.migrate(&mut client).unwrap();
                report.timings.migrate = started.elapsed();
                verify_database(
                    &mut client,
                    &declared,
                    &VerifyOptions::default(),
                    &mut report,
                )
                .unwrap();
                assert!(report.is_ok(), "{}", report.to_text());
                report.timings
            })
            .collect();
        reports.sort_by_key(Timings::total);
        println!("  {provider}: {}", reports[reports.len() / 2].line());
    }

    let tables = 2000;
    let synthetic = synthetic_schema(tables);
    let server = Server::start_local().expect("local PostgreSQL");
    let database = server.create_database("bench_synthetic").unwrap();
    let mut client = database.connect().unwrap();
    let ddl = schema_model::ddl::render(&schema_model::ddl::create_schema(&synthetic))
        .replace(schema_model::ddl::BREAKPOINT, "");
    let started = Instant::now();
    client.batch_execute(&ddl).unwrap();
    println!(
        "\nsynthetic schema: {tables} tables created in {}",
        secs(started.elapsed())
    );
    let mut introspect_times = Vec::new();
    let mut compare_times = Vec::new();
    for _ in 0..runs.max(3) {
        let started = Instant::now();
        let catalog = introspect(&mut client, "public").unwrap();
        introspect_times.push(started.elapsed());
        let started = Instant::now();
        let comparison = compare(&synthetic, &catalog);
        compare_times.push(started.elapsed());
        assert!(
            comparison.findings.is_empty(),
            "{:?}",
            &comparison.findings[..3.min(comparison.findings.len())]
        );
    }
    let (i, c) = (median(&mut introspect_times), median(&mut compare_times));
    println!(
        "  introspect {}, compare {} (total {}), median of {}",
        secs(i),
        secs(c),
        secs(i + c),
        runs.max(3)
    );
}

/// `tables` tables chained by cascading foreign keys, each with a composite unique and an index.
fn synthetic_schema(tables: usize) -> Schema {
    let column =
        |name: &str, sql_type: SqlType, not_null: bool, default: Option<SqlDefault>| ColumnDef {
            name: name.into(),
            renamed_from: None,
            sql_type,
            not_null,
            default,
            ts: Default::default(),
        };
    let tables = (0..tables)
        .map(|i| {
            let name = format!("t{i:04}");
            let mut table = TableDef {
                name: name.clone(),
                renamed_from: None,
                columns: vec![
                    column("id", SqlType::Text, true, None),
                    column(
                        "name",
                        SqlType::Text,
                        true,
                        Some(SqlDefault::Text("x".into())),
                    ),
                    column(
                        "n",
                        SqlType::Integer,
                        true,
                        Some(SqlDefault::Number("0".into())),
                    ),
                    column(
                        "created_at",
                        SqlType::Timestamp,
                        true,
                        Some(SqlDefault::Now),
                    ),
                    column("parent_id", SqlType::Text, false, None),
                ],
                primary_key: Some(PrimaryKey::new(&name, vec!["id".into()])),
                uniques: vec![UniqueConstraint::new(
                    &name,
                    vec!["name".into(), "n".into()],
                )],
                foreign_keys: Vec::new(),
                indexes: vec![Index {
                    name: format!("{name}_parent_id_idx"),
                    columns: vec!["parent_id".into()],
                    unique: false,
                }],
                ts: Default::default(),
            };
            if i > 0 {
                table.foreign_keys.push(ForeignKey::new(
                    &name,
                    vec!["parent_id".into()],
                    &format!("t{:04}", i - 1),
                    vec!["id".into()],
                    FkAction::Cascade,
                    FkAction::NoAction,
                ));
            }
            table
        })
        .collect();
    Schema { tables }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}
