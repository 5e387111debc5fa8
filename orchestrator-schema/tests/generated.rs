//! The committed `generated/` folder is exactly what `cargo xtask gen` writes from today's
//! schema (a plain `cargo test` fails when it is stale), and the migrations folder's layout
//! upgrade, run on this repository's own history, changes no SQL file.

use std::path::Path;

use schema_cli::project::{check_report, generate, Mode};
use schema_cli::Project;
use schema_migrations::layout::{drizzle_snapshot, JOURNAL, SUM};
use schema_migrations::{snapshot, sum, MigrationRequest};

fn project() -> Project {
    Project::discover(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn generated_files_are_up_to_date_with_the_rust_schema() {
    let project = project();
    let outcome = generate(
        &project,
        &orchestrator_schema::schema(),
        Mode::Check,
        MigrationRequest {
            allow_destructive: true,
            ..MigrationRequest::default()
        },
        0,
    )
    .unwrap();
    let report = check_report(&outcome, &project);
    assert!(report.is_empty(), "{report}");
}

/// The folder as the first layout kept it: our snapshots, bare, at `meta/NNNN_snapshot.json`.
fn first_layout(current: &schema_migrations::Files) -> schema_migrations::Files {
    let history = schema_migrations::history(current, "m").unwrap();
    let mut old: schema_migrations::Files = current
        .iter()
        .filter(|(path, _)| !path.starts_with("meta/_schema/"))
        .map(|(p, c)| (p.clone(), c.clone()))
        .collect();
    for (idx, (_, schema)) in history.iter().enumerate() {
        let mut json = serde_json::to_string_pretty(schema).unwrap();
        json.push('\n');
        old.insert(drizzle_snapshot(idx), json);
    }
    old.remove(SUM);
    let sum = sum::sum_file(&old, "cargo xtask");
    old.insert(SUM.into(), sum);
    old
}

#[test]
fn upgrading_the_first_layout_of_this_history_moves_only_snapshots() {
    let project = project();
    let current = schema_migrations::fs::read_dir(&project.migrations_dir()).unwrap();
    let old = first_layout(&current);
    assert!(old.keys().any(|p| p == "meta/0000_snapshot.json"));
    assert!(snapshot::is_legacy(&old["meta/0000_snapshot.json"]));

    let upgrade = schema_migrations::upgrade(&old, "generated/migrations", "cargo xtask").unwrap();
    let mut upgraded = old.clone();
    for path in &upgrade.removes {
        upgraded.remove(path);
    }
    upgraded.extend(upgrade.writes.clone());
    assert_eq!(upgraded, current, "the upgrade gives the committed folder");
    for (path, contents) in &old {
        if path.ends_with(".sql") || path == JOURNAL {
            assert_eq!(&upgraded[path], contents, "{path} must not change");
        }
    }
    // Upgrading again changes nothing.
    assert!(schema_migrations::upgrade(&current, "m", "cargo xtask")
        .unwrap()
        .is_empty());
}
