//! The planner on a synthetic schema: 500, 1,000 and 2,000 tables of 10 columns, 2 foreign keys
//! and one composite unique each. Times the full create plan (from nothing, up and down SQL
//! rendered) and the plan of a one-column change against the whole snapshot.
//!
//! `cargo bench -p schema-model --bench planner`. Target: under 100 ms each at 2,000 tables,
//! growing linearly.

use std::hint::black_box;
use std::time::{Duration, Instant};

use schema_model::diff::{plan, PlanOptions};
use schema_model::{
    ColumnDef, ColumnTs, FkAction, ForeignKey, PrimaryKey, Schema, SqlDefault, SqlType, TableDef,
    TableTs, UniqueConstraint,
};

fn table_name(i: usize) -> String {
    format!("table_{i:05}")
}

fn synthetic(tables: usize) -> Schema {
    let types = [
        SqlType::Text,
        SqlType::Integer,
        SqlType::BigInt,
        SqlType::Boolean,
        SqlType::Timestamp,
        SqlType::Jsonb,
        SqlType::Real,
    ];
    let tables = (0..tables)
        .map(|i| {
            let name = table_name(i);
            let mut columns = vec![
                column("id", SqlType::Text, true, None),
                column("parent_id", SqlType::Text, false, None),
                column("owner_id", SqlType::Text, true, None),
            ];
            for c in 0..7 {
                let default = (c == 3).then_some(SqlDefault::Boolean(false));
                columns.push(column(
                    &format!("field_{c}"),
                    types[c % types.len()].clone(),
                    c % 2 == 0,
                    default,
                ));
            }
            let fk = |col: &str, target: usize, on_delete| {
                ForeignKey::new(
                    &name,
                    vec![col.into()],
                    &table_name(target),
                    vec!["id".into()],
                    on_delete,
                    FkAction::NoAction,
                )
            };
            TableDef {
                primary_key: Some(PrimaryKey::new(&name, vec!["id".into()])),
                uniques: vec![UniqueConstraint::new(
                    &name,
                    vec!["owner_id".into(), "field_0".into()],
                )],
                foreign_keys: vec![
                    fk("parent_id", i.saturating_sub(1), FkAction::SetNull),
                    fk("owner_id", i / 2, FkAction::Cascade),
                ],
                indexes: vec![],
                ts: TableTs {
                    export_name: format!("table{i:05}"),
                    ..TableTs::default()
                },
                renamed_from: None,
                columns,
                name,
            }
        })
        .collect();
    Schema {
        tables,
        ..Default::default()
    }
}

fn column(name: &str, sql_type: SqlType, not_null: bool, default: Option<SqlDefault>) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        renamed_from: None,
        sql_type,
        not_null,
        default,
        ts: ColumnTs::default(),
    }
}

/// The fastest of `runs` timings of `f`: on a shared machine the minimum is the run the
/// others disturbed least.
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[0]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo test --benches` runs this with `--test`-like flags; a quick pass is enough there.
    let quick = std::env::args().any(|a| a == "--test");
    let sizes: &[usize] = if quick { &[50] } else { &[500, 1_000, 2_000] };
    let runs = if quick { 1 } else { 21 };
    let options = PlanOptions {
        allow_destructive: false,
    };
    println!("planner, fastest of {runs} runs");
    println!(
        "{:>7}  {:>14}  {:>16}",
        "tables", "create (ms)", "one column (ms)"
    );
    let mut rows = Vec::new();
    for &n in sizes {
        let schema = synthetic(n);
        let create = fastest(runs, || {
            let plan = plan(&Schema::default(), black_box(&schema), options).unwrap();
            black_box((plan.up_sql(), plan.down_sql()));
        });
        let mut changed = schema.clone();
        changed.tables[n / 2]
            .columns
            .push(column("added", SqlType::Text, false, None));
        let one_column = fastest(runs, || {
            let plan = plan(black_box(&schema), black_box(&changed), options).unwrap();
            assert_eq!(plan.up.len(), 1);
            black_box((plan.up_sql(), plan.down_sql()));
        });
        println!("{n:>7}  {:>14.2}  {:>16.2}", ms(create), ms(one_column));
        rows.push((n, create, one_column));
    }
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        let size = last.0 as f64 / first.0 as f64;
        println!(
            "growth from {} to {} tables ({size:.0}x the tables): create {:.1}x, one column {:.1}x",
            first.0,
            last.0,
            ms(last.1) / ms(first.1),
            ms(last.2) / ms(first.2)
        );
    }
}
