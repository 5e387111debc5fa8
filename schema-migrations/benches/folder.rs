//! `gen`'s work on the migrations folder, without compiling anything: `plan_folder` on a
//! synthetic schema of 2,000 and 10,000 tables (13 columns, 2 foreign keys and a composite unique
//! each, as `benches/derive-cost/synth.py` writes them): the first migration from nothing, one
//! column added (the incremental run), and the no-op run on the folder it leaves.
//!
//! `cargo bench -p schema-migrations --bench folder` (`FOLDER_BENCH_TABLES=2000` for one size).

use std::hint::black_box;
use std::time::Instant;

use schema_migrations::{plan_folder, Files, GenerateOptions, MigrationRequest, Replay};
use schema_model::{
    ColumnDef, ColumnTs, FkAction, ForeignKey, PrimaryKey, Schema, SqlDefault, SqlType, TableDef,
    UniqueConstraint,
};

fn table_name(i: usize) -> String {
    format!("table_{i:05}")
}

fn column(name: &str, property: &str, sql_type: SqlType, not_null: bool) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        renamed_from: None,
        sql_type,
        not_null,
        default: None,
        generated: None,
        ts: ColumnTs {
            property: property.into(),
            ..ColumnTs::default()
        },
    }
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
            let mut table = TableDef::empty(&name);
            table.columns = vec![
                column("id", "id", SqlType::Text, true),
                column("parent_id", "parentId", SqlType::Text, false),
                column("owner_id", "ownerId", SqlType::Text, true),
            ];
            for c in 0..10 {
                let mut field = column(
                    &format!("field_{c}"),
                    &format!("field{c}"),
                    types[c % types.len()].clone(),
                    c % 2 == 0,
                );
                if c == 3 {
                    field.default = Some(SqlDefault::Boolean(false));
                }
                table.columns.push(field);
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
            table.primary_key = Some(PrimaryKey::new(&name, vec!["id".into()]));
            table.uniques = vec![UniqueConstraint::new(
                &name,
                vec!["owner_id".into(), "field_0".into()],
            )];
            table.foreign_keys = vec![
                fk("parent_id", i.saturating_sub(1), FkAction::SetNull),
                fk("owner_id", i / 2, FkAction::Cascade),
            ];
            table.ts.export_name = format!("table{i:05}");
            table.ts.row_type = format!("Table{i:05}");
            table.ts.insert_type = format!("NewTable{i:05}");
            table
        })
        .collect();
    Schema {
        tables,
        ..Schema::default()
    }
}

fn options(schema: &Schema, now_millis: u64) -> GenerateOptions<'_> {
    GenerateOptions {
        schema,
        request: MigrationRequest::default(),
        now_millis,
        command: "cargo xtask",
        display_dir: "generated/migrations",
        replay: Replay::Edited,
    }
}

/// Runs `plan_folder` and returns the folder it leaves, printing the time it took.
fn timed(label: &str, tables: usize, folder: &Files, schema: &Schema, now: u64) -> Files {
    let start = Instant::now();
    let outcome = black_box(plan_folder(folder, &options(schema, now)));
    let elapsed = start.elapsed();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let bytes: usize = outcome.expected.values().map(|text| text.len()).sum();
    println!(
        "{tables:>6} tables  {label:<18} {:>7.3} s  (folder {:.1} MB)",
        elapsed.as_secs_f64(),
        bytes as f64 / 1e6
    );
    (outcome.expected.into_iter())
        .map(|(path, text)| (path, text.into_owned()))
        .collect()
}

fn main() {
    let sizes: Vec<usize> = match std::env::var("FOLDER_BENCH_TABLES") {
        Ok(n) => vec![n
            .parse()
            .expect("FOLDER_BENCH_TABLES is a number of tables")],
        Err(_) => vec![2_000, 10_000],
    };
    for tables in sizes {
        let schema = synthetic(tables);
        let folder = timed("first migration", tables, &Files::new(), &schema, 1);
        let mut edited = schema.clone();
        edited.tables[tables / 2]
            .columns
            .push(column("added", "added", SqlType::Text, false));
        let folder = timed("one column added", tables, &folder, &edited, 2);
        timed("no-op", tables, &folder, &edited, 3);
    }
}
