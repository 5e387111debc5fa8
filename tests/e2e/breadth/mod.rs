//! Issue 12's proof, one PostgreSQL feature at a time: a schema declared in Rust and the same schema
//! written by hand in drizzle TypeScript (`tests/drizzle-fixture/breadth/<feature>/step<N>.ts`) go
//! through their own tools, step after step, and must agree:
//!
//! 1. `gen`'s planner (`schema_migrations::plan_folder`, the path `cargo xtask gen` takes) writes
//!    the same statements as the real drizzle-kit `generate` on the fixture;
//! 2. our emitted `schema.ts`, `types.ts` and `types-equal.ts` pass `tsc --strict`, and drizzle-kit
//!    `generate` on our `schema.ts` writes those statements too;
//! 3. drizzle-kit, run on the fixture against our folder (its journal and the drizzle-kit snapshot
//!    we write), finds nothing to generate; `gen` run again finds nothing either;
//! 4. our folder and drizzle-kit's applied to two databases give the same catalog, which the
//!    verifier finds as declared; our down file returns to the previous step.
//!
//! A fixture folder may hold `prelude.sql`: what a drizzle user runs by hand before drizzle-kit's
//! migrations because drizzle-kit writes no statement for it (`CREATE EXTENSION`), and
//! `step<N>.prelude.sql`, run before drizzle-kit's migration of step N. Our `CREATE EXTENSION`
//! and `DROP EXTENSION` statements are left out of the statement comparison for that reason
//! (the catalogs, extensions included, must still agree).

// The structs of each step declare tables; nothing reads their fields.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, ensure, Context, Result};
use schema_migrations::{plan_folder, Files, GenerateOptions, MigrationRequest};
use schema_model::ts::TsOptions;
use schema_model::Schema;

use crate::migrations::{apply, assert_database_is, statements};
use crate::support::{self, repo_root};

/// Runs every proof of the module comment on `steps`, the Rust side of
/// `tests/drizzle-fixture/breadth/<feature>/step1.ts`, `step2.ts`, ….
pub(crate) fn prove(feature: &str, steps: &[Schema]) -> Result<()> {
    let fixture = repo_root()
        .join("tests/drizzle-fixture/breadth")
        .join(feature);
    ensure!(fixture.is_dir(), "no fixture folder {}", fixture.display());
    let modules = support::node_modules(&repo_root().join("ts"))?;
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let scratch = scratch.path();
    // drizzle-kit and tsc resolve `drizzle-orm` from the files' folder upwards.
    std::os::unix::fs::symlink(&modules, scratch.join("node_modules"))?;

    let theirs_db = schema_verify::testing::test_database(&format!("breadth_{feature}_drizzle"));
    let ours_db = schema_verify::testing::test_database(&format!("breadth_{feature}_ours"));
    let mut theirs_client = theirs_db.connect()?;
    let mut ours_client = ours_db.connect()?;
    if let Ok(prelude) = fs::read_to_string(fixture.join("prelude.sql")) {
        apply(&mut theirs_client, &prelude, "the fixture's prelude.sql")?;
    }

    let mut folder = Files::new();
    let mut previous = Schema::default();
    for (i, step) in steps.iter().enumerate() {
        let name = format!("step{}", i + 1);
        let when = format!("{feature}, {name}");

        // 1. drizzle-kit on the hand-written fixture, into its own folder.
        let fixture_file = scratch.join(format!("fixture-{name}.ts"));
        fs::copy(fixture.join(format!("{name}.ts")), &fixture_file)
            .with_context(|| format!("reading the fixture's {name}.ts"))?;
        let theirs_sql = drizzle_generate(&modules, scratch, &fixture_file, "theirs", &name)?
            .with_context(|| format!("{when}: drizzle-kit found nothing to generate"))?;

        // …and gen's planner.
        let outcome = plan_folder(&folder, &generate_options(step, &name));
        ensure!(
            outcome.problems.is_empty(),
            "{when}: gen reports\n{}",
            outcome.problems.join("\n")
        );
        let tag = outcome
            .new_migration
            .clone()
            .with_context(|| format!("{when}: gen found nothing to generate"))?;
        let planned: Files = (outcome.expected.into_iter())
            .map(|(path, text)| (path, text.into_owned()))
            .collect();
        folder = planned;
        let ours_sql = schema_migrations::sql::sql_body(&folder[&format!("{tag}.sql")]).to_string();
        same_statements(
            &theirs_sql,
            &ours_sql,
            &format!("{when}: drizzle-kit on {name}.ts"),
        )?;

        // gen again: nothing to do (the replay of our own SQL gives the snapshot back).
        let again = plan_folder(&folder, &generate_options(step, &name));
        ensure!(
            again.problems.is_empty() && again.new_migration.is_none() && again.changed.is_empty(),
            "{when}: gen run a second time is not a no-op: {:?} {:?} {:?}",
            again.problems,
            again.new_migration,
            again.changed
        );

        // 2. Our TypeScript: tsc --strict, and drizzle-kit reads the same schema from it.
        let emitted = scratch.join(format!("emitted-{name}"));
        fs::create_dir_all(&emitted)?;
        for (path, text) in schema_model::ts::files(step, &TsOptions::default()) {
            fs::write(emitted.join(path), text)?;
        }
        fs::write(emitted.join("tsconfig.json"), TSCONFIG)?;
        node(
            &modules.join("typescript/bin/tsc"),
            &["--noEmit", "-p", "."],
            &emitted,
        )
        .with_context(|| format!("{when}: tsc --strict rejects our TypeScript"))?;
        let emitted_sql = drizzle_generate(
            &modules,
            scratch,
            &emitted.join("schema.ts"),
            "emitted",
            &name,
        )?
        .with_context(|| format!("{when}: drizzle-kit on our schema.ts found nothing"))?;
        same_statements(
            &emitted_sql,
            &ours_sql,
            &format!("{when}: drizzle-kit on our schema.ts"),
        )?;

        // 3. drizzle-kit on the fixture, against our folder: nothing to generate.
        let ours_dir = scratch.join("ours");
        write_folder(&ours_dir, &folder)?;
        if let Some(sql) = drizzle_generate(&modules, scratch, &fixture_file, "ours", "extra")? {
            bail!(
                "{when}: after our migrations, drizzle-kit still generates (our drizzle-kit \
                 snapshot misses something):\n{sql}"
            );
        }

        // 4. Both histories on PostgreSQL.
        if let Ok(prelude) = fs::read_to_string(fixture.join(format!("{name}.prelude.sql"))) {
            apply(
                &mut theirs_client,
                &prelude,
                &format!("the fixture's {name}.prelude.sql"),
            )?;
        }
        apply(
            &mut theirs_client,
            &theirs_sql,
            &format!("{when}: drizzle-kit's SQL"),
        )?;
        apply(&mut ours_client, &ours_sql, &format!("{when}: our SQL"))?;
        assert_database_is(
            &mut theirs_client,
            step,
            &format!("{when}, drizzle-kit's database"),
        )?;
        assert_database_is(&mut ours_client, step, &format!("{when}, our database"))?;
        same_catalog(&mut theirs_client, &mut ours_client, &when)?;

        // The down file returns to the previous step; then up again.
        let down =
            schema_migrations::sql::sql_body(&folder[&format!("{tag}.down.sql")]).to_string();
        apply(&mut ours_client, &down, &format!("{when}: our down file"))?;
        assert_database_is(
            &mut ours_client,
            &previous,
            &format!("{when}, after the down file"),
        )?;
        apply(
            &mut ours_client,
            &ours_sql,
            &format!("{when}: our SQL after the down file"),
        )?;
        same_catalog(
            &mut theirs_client,
            &mut ours_client,
            &format!("{when}, down and up again"),
        )?;

        previous = step.clone();
    }
    Ok(())
}

fn generate_options<'a>(schema: &'a Schema, name: &'a str) -> GenerateOptions<'a> {
    GenerateOptions {
        schema,
        request: MigrationRequest {
            name: Some(name),
            allow_destructive: true,
            custom: false,
        },
        now_millis: 1_764_000_000_000,
        command: "cargo xtask",
        display_dir: "generated/migrations",
        replay: schema_migrations::Replay::All,
    }
}

const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "strict": true,
    "noUnusedLocals": true,
    "noEmit": true,
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "skipLibCheck": true,
    "types": []
  },
  "include": ["*.ts"]
}
"#;

/// `node script args…` in `cwd`; its output in the error when it fails.
fn node(script: &Path, args: &[&str], cwd: &Path) -> Result<String> {
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run node {}", script.display()))?;
    let transcript = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    ensure!(
        output.status.success(),
        "node {} {} failed ({}):\n{transcript}",
        script.display(),
        args.join(" "),
        output.status
    );
    Ok(transcript)
}

/// drizzle-kit `generate` on `schema` into `scratch/out` (created as needed): the SQL of the
/// migration it writes, or `None` when it finds no change. Its stdin is closed: a question (a
/// rename it cannot decide) fails the run instead of waiting.
fn drizzle_generate(
    modules: &Path,
    scratch: &Path,
    schema: &Path,
    out: &str,
    name: &str,
) -> Result<Option<String>> {
    let out_dir = scratch.join(out);
    let before = sql_files(&out_dir);
    let schema_arg = schema.to_string_lossy().into_owned();
    // drizzle-kit resolves `--out` against the working directory, so it stays relative.
    let out_arg = format!("./{out}");
    node(
        &modules.join("drizzle-kit/bin.cjs"),
        &[
            "generate",
            "--dialect",
            "postgresql",
            "--schema",
            &schema_arg,
            "--out",
            &out_arg,
            "--name",
            name,
        ],
        scratch,
    )
    .with_context(|| format!("drizzle-kit generate on {}", schema.display()))?;
    let new: Vec<PathBuf> = sql_files(&out_dir).difference(&before).cloned().collect();
    match new.as_slice() {
        [] => Ok(None),
        [file] => Ok(Some(fs::read_to_string(file)?)),
        more => bail!("drizzle-kit wrote several migrations: {more:?}"),
    }
}

fn sql_files(dir: &Path) -> BTreeSet<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "sql"))
                .collect()
        })
        .unwrap_or_default()
}

fn write_folder(dir: &Path, files: &Files) -> Result<()> {
    for (path, text) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().expect("a file in the folder"))?;
        fs::write(&path, text)?;
    }
    Ok(())
}

fn same_statements(theirs: &str, ours: &str, what: &str) -> Result<()> {
    let (theirs, mut ours) = (statements(theirs), statements(ours));
    // drizzle-kit writes no extension statements (see the module comment).
    ours.retain(|s| !s.starts_with("CREATE EXTENSION ") && !s.starts_with("DROP EXTENSION "));
    for (i, (t, o)) in theirs.iter().zip(&ours).enumerate() {
        ensure!(
            t == o,
            "{what}, statement {}: drizzle-kit wrote\n{t}\nbut ours is\n{o}",
            i + 1
        );
    }
    ensure!(
        theirs.len() == ours.len(),
        "{what}: drizzle-kit wrote {} statements, ours are {}:\ndrizzle-kit: {theirs:#?}\nours: {ours:#?}",
        theirs.len(),
        ours.len()
    );
    Ok(())
}

/// What two databases must share: every relation's columns (type, nullability, default,
/// identity, generation), constraints, indexes, enum types, sequences, views and extensions, as
/// PostgreSQL itself spells them, outside its own schemas.
const CATALOG_QUERIES: &[(&str, &str)] = &[
    (
        "column",
        "select table_schema || '.' || table_name || '.' || column_name || ': ' \
           || format_type(a.atttypid, a.atttypmod) || ' null=' || is_nullable \
           || ' default=' || coalesce(column_default, '-') \
           || ' identity=' || coalesce(identity_generation, '-') \
           || ' start=' || coalesce(identity_start, '-') || ' increment=' || coalesce(identity_increment, '-') \
           || ' generated=' || coalesce(generation_expression, '-') \
         from information_schema.columns col \
         join pg_attribute a on a.attrelid = format('%I.%I', table_schema, table_name)::regclass \
           and a.attname = col.column_name \
         where table_schema not in ('pg_catalog', 'information_schema') \
         order by 1",
    ),
    (
        "constraint",
        "select n.nspname || '.' || c.relname || '.' || con.conname || ': ' || pg_get_constraintdef(con.oid) \
         from pg_constraint con join pg_class c on c.oid = con.conrelid \
         join pg_namespace n on n.oid = c.relnamespace \
         where n.nspname not in ('pg_catalog', 'information_schema') order by 1",
    ),
    (
        "index",
        "select schemaname || '.' || indexname || ': ' || indexdef from pg_indexes \
         where schemaname not in ('pg_catalog', 'information_schema') order by 1",
    ),
    (
        "enum",
        "select n.nspname || '.' || t.typname || ': ' || string_agg(e.enumlabel, ', ' order by e.enumsortorder) \
         from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace \
         group by n.nspname, t.typname order by 1",
    ),
    (
        "sequence",
        "select schemaname || '.' || sequencename || ': ' || data_type::text || ' start ' || start_value \
           || ' min ' || min_value || ' max ' || max_value || ' increment ' || increment_by \
           || ' cycle ' || cycle || ' cache ' || cache_size \
         from pg_sequences order by 1",
    ),
    (
        "view",
        "select schemaname || '.' || viewname || ': ' || definition from pg_views \
         where schemaname not in ('pg_catalog', 'information_schema') order by 1",
    ),
    (
        "materialized view",
        "select schemaname || '.' || matviewname || ': ' || definition from pg_matviews order by 1",
    ),
    (
        "schema",
        "select nspname from pg_namespace where nspname not like 'pg\\_%' \
           and nspname <> 'information_schema' order by 1",
    ),
    ("extension", "select extname || ' ' || extversion from pg_extension order by 1"),
];

fn catalog(client: &mut postgres::Client) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for (kind, query) in CATALOG_QUERIES {
        for row in client
            .query(*query, &[])
            .with_context(|| format!("reading the catalog's {kind}s"))?
        {
            let line: String = row.get(0);
            lines.push(format!("{kind} {line}"));
        }
    }
    Ok(lines)
}

fn same_catalog(
    theirs: &mut postgres::Client,
    ours: &mut postgres::Client,
    when: &str,
) -> Result<()> {
    let (theirs, ours) = (catalog(theirs)?, catalog(ours)?);
    let only_theirs: Vec<&String> = theirs.iter().filter(|l| !ours.contains(l)).collect();
    let only_ours: Vec<&String> = ours.iter().filter(|l| !theirs.contains(l)).collect();
    ensure!(
        only_theirs.is_empty() && only_ours.is_empty(),
        "{when}: the two databases differ\nonly in drizzle-kit's: {only_theirs:#?}\nonly in ours: {only_ours:#?}"
    );
    Ok(())
}

mod basics;
pub(crate) mod columns;
pub(crate) mod enums_checks;
pub(crate) mod extensions;
pub(crate) mod identity;
pub(crate) mod indexes;
mod schemas;
mod sequences;
mod type_changes;
mod views;
