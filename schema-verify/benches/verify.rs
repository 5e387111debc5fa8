//! End-to-end verification of the orchestrator schema (start, migrate, introspect, compare,
//! probes) against the floors measured in the same run, per provider and per PostgreSQL version;
//! then introspection + comparison of a synthetic 2,000-table schema.
//!
//! `cargo bench -p schema-verify --bench verify`. BENCH_RUNS (default 3) runs per row, median
//! reported. SCHEMA_VERIFY_POSTGRES_IMAGE names the image for the container rows (skipped when no
//! Docker engine answers); BENCH_VERSIONS (default `13 14 15 16 17 18`, empty to skip) the
//! versions of the per-version rows, fetched into the cache when missing.
//!
//! Floors: local, a copy of the pre-initialised cluster on the same storage plus a direct
//! `postgres` launch until `select 1` answers; container, `docker run` of the image until
//! `select 1` answers. Target: warm total within 2 × floor + 0.3 s.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use schema_model::{
    ColumnDef, FkAction, ForeignKey, Index, PrimaryKey, Schema, SqlDefault, SqlType, TableDef,
    UniqueConstraint,
};
use schema_verify::local::{measure_floor, Binaries, BinaryRequest};
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
    let versions: Vec<u32> = std::env::var("BENCH_VERSIONS")
        .unwrap_or_else(|_| "13 14 15 16 17 18".into())
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let migrations = Migrations::load(&root.join("generated/migrations")).expect("migrations");
    let declared = orchestrator_schema::schema();
    let bench = Bench {
        migrations,
        declared,
        runs,
    };
    let binaries = Binaries::find_or_fetch(&BinaryRequest::default()).expect("PostgreSQL");

    println!(
        "verify of the {}-table orchestrator schema, median of {runs} (times in s; target: total <= 2 x floor + 0.3)\n",
        bench.declared.tables.len()
    );
    println!("| run | start | migrate | introspect | compare | probes | total | floor | total / floor | target |");
    println!("|---|---|---|---|---|---|---|---|---|---|");

    // Local binaries: cold (no template cluster in the cache), then warm, on tmpfs and on disk.
    let disk_scratch = root.join("target/bench-scratch");
    std::fs::create_dir_all(&disk_scratch).unwrap();
    for (storage, scratch) in [("tmpfs", None), ("disk", Some(disk_scratch.as_path()))] {
        set_scratch(scratch);
        let floor = median((0..runs).map(|_| measure_floor(&binaries).expect("floor")));
        let cold_cache = tempfile::tempdir().unwrap();
        let cold = bench.timings(|| {
            // A fresh cache each run: initdb runs every time.
            let cache = tempfile::tempdir_in(cold_cache.path()).unwrap();
            std::env::set_var("SCHEMA_VERIFY_CACHE_DIR", cache.path());
            let server = Server::start_local_with(&binaries);
            std::env::remove_var("SCHEMA_VERIFY_CACHE_DIR");
            server
        });
        let warm = bench.timings(|| Server::start_local_with(&binaries));
        let label = format!("PostgreSQL {} local, {storage}", binaries.version);
        row(&format!("{label}, warm cache"), &warm, floor, true);
        // No target for a cold cache: initdb runs once per server version, and is reported.
        row(&format!("{label}, cold cache"), &cold, floor, false);
    }
    set_scratch(None);

    // A container of the image.
    match container_floor(&image, runs) {
        Ok(floor) => {
            let timings = bench.timings(|| Server::start_container(&image));
            row(&format!("container {image}"), &timings, floor, true);
        }
        Err(why) => println!("| container {image} | skipped: {why} ||||||||"),
    }

    // Every supported version, local binaries (fetched into the cache when missing), warm.
    for major in versions {
        let request = BinaryRequest {
            pg_version: Some(major),
            ..BinaryRequest::default()
        };
        let binaries = match Binaries::find_or_fetch(&request) {
            Ok(b) => b,
            Err(e) => {
                println!("| PostgreSQL {major} | skipped: {e} ||||||||");
                continue;
            }
        };
        let floor = median((0..runs).map(|_| measure_floor(&binaries).expect("floor")));
        let timings = bench.timings(|| Server::start_local_with(&binaries));
        row(
            &format!(
                "PostgreSQL {} local, tmpfs, warm ({})",
                binaries.version, binaries.origin
            ),
            &timings,
            floor,
            true,
        );
    }

    synthetic(&binaries, runs);
}

struct Bench {
    migrations: Migrations,
    declared: Schema,
    runs: usize,
}

impl Bench {
    /// Median (by total) of `runs` end-to-end verifications on servers from `start`.
    fn timings(&self, start: impl Fn() -> schema_verify::Result<Server>) -> Timings {
        let mut all: Vec<Timings> = (0..self.runs)
            .map(|_| {
                let started = Instant::now();
                let server = start().expect("a server");
                let database = server.scratch_database().unwrap();
                let mut client = database.connect().unwrap();
                let mut report = VerifyReport::default();
                report.timings.start = started.elapsed();
                let started = Instant::now();
                self.migrations.migrate(&mut client).unwrap();
                report.timings.migrate = started.elapsed();
                verify_database(
                    &mut client,
                    &self.declared,
                    &VerifyOptions::default(),
                    &mut report,
                )
                .unwrap();
                assert!(report.is_ok(), "{}", report.to_text());
                assert!(!report.probes.is_empty());
                report.timings
            })
            .collect();
        all.sort_by_key(Timings::total);
        all.swap_remove(all.len() / 2)
    }
}

fn row(label: &str, t: &Timings, floor: Duration, has_target: bool) {
    let s = |d: Duration| format!("{:.3}", d.as_secs_f64());
    let target = floor * 2 + Duration::from_millis(300);
    let verdict = match (has_target, t.total() <= target) {
        (false, _) => "(none)".to_string(),
        (true, true) => format!("met ({})", s(target)),
        (true, false) => format!("MISSED ({})", s(target)),
    };
    println!(
        "| {label} | {} | {} | {} | {} | {} | **{}** | {} | {:.1}x | {verdict} |",
        s(t.start),
        s(t.migrate),
        s(t.introspect),
        s(t.compare),
        s(t.probes),
        s(t.total()),
        s(floor),
        t.total().as_secs_f64() / floor.as_secs_f64(),
    );
}

fn set_scratch(dir: Option<&Path>) {
    match dir {
        Some(dir) => std::env::set_var("SCHEMA_VERIFY_TMPDIR", dir),
        None => std::env::remove_var("SCHEMA_VERIFY_TMPDIR"),
    }
}

/// `docker run` of the image, as testcontainers configures it, until `select 1` answers.
fn container_floor(image: &str, runs: usize) -> Result<Duration, String> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let output = Command::new("docker")
            .args(["run", "-d", "-p", "127.0.0.1::5432"])
            .args(["--tmpfs", "/var/lib/postgresql/tmpfs"])
            .args(["-e", "PGDATA=/var/lib/postgresql/tmpfs/data"])
            .args(["-e", "POSTGRES_HOST_AUTH_METHOD=trust"])
            .args(["-e", "POSTGRES_INITDB_ARGS=--no-sync"])
            .arg(image)
            .args(["-c", "fsync=off"])
            .output()
            .map_err(|e| format!("docker: {e}"))?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
        }
        let id = String::from_utf8_lossy(&output.stdout).trim().to_string();
        let port = Command::new("docker")
            .args(["port", &id, "5432/tcp"])
            .output()
            .ok()
            .and_then(|o| {
                let text = String::from_utf8_lossy(&o.stdout).to_string();
                text.lines()
                    .next()?
                    .rsplit(':')
                    .next()?
                    .trim()
                    .parse::<u16>()
                    .ok()
            });
        let result = match port {
            Some(port) => wait_for_select_1(port),
            None => Err("no published port".into()),
        };
        let _ = Command::new("docker")
            .args(["rm", "-f", "-v", &id])
            .output();
        times.push(result.map(|()| started.elapsed())?);
    }
    Ok(median(times.into_iter()))
}

fn wait_for_select_1(port: u16) -> Result<(), String> {
    let url = format!("host=127.0.0.1 port={port} user=postgres dbname=postgres");
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(mut client) = postgres::Client::connect(&url, postgres::NoTls) {
            if client.simple_query("select 1").is_ok() {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Err("the container never answered".into())
}

fn synthetic(binaries: &Binaries, runs: usize) {
    let tables = 2000;
    let synthetic = synthetic_schema(tables);
    let server = Server::start_local_with(binaries).expect("local PostgreSQL");
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
    let (i, c) = (
        median(introspect_times.into_iter()),
        median(compare_times.into_iter()),
    );
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
    Schema {
        tables,
        ..Default::default()
    }
}

fn median(times: impl Iterator<Item = Duration>) -> Duration {
    let mut times: Vec<Duration> = times.collect();
    times.sort();
    times[times.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}
