//! The generated TypeScript (`generated/ts/`), proven with the real tools of the `ts/`
//! package (versions pinned in its lock file):
//! - `tsc --strict` compiles it, and so checks that every row type in `types.ts` is exactly
//!   drizzle's own `$inferSelect` / `$inferInsert` (`types-equal.ts`), and that those
//!   assertions fail when a row type is wrong;
//! - `prettier --check` accepts it as it is;
//! - drizzle resolves every `relations()` entry of `schema.ts` (`ts/check-relations.ts`);
//! - `drizzle-kit generate` on `schema.ts` writes SQL that builds the same database as our own
//!   migrations (`generated/migrations/`), compared through PostgreSQL's catalog.
//!
//! [`edge_cases`] runs the same proofs on a schema made to reach what the orchestrator's does not.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{bail, ensure, Context, Result};
use schema_model::ts;

use crate::support::{self, repo_root};

pub(crate) mod edge_cases;

fn ts_package() -> PathBuf {
    repo_root().join("ts")
}

pub(crate) fn generated_ts() -> PathBuf {
    repo_root().join("generated").join("ts")
}

/// The user's module of JSON shapes: committed by hand, never written by `cargo xtask gen`.
const USER_FILES: &[&str] = &["json-types.ts"];

/// `ts/node_modules`, installed from its lock file when missing or stale.
fn node_modules() -> Result<PathBuf> {
    support::node_modules(&ts_package())
}

pub(crate) fn transcript(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A tool installed in `ts/node_modules`, run with `node` so no shell or `npx` lookup is involved.
pub(crate) fn node_tool(tool: &str, args: &[&str], cwd: &Path) -> Result<Output> {
    let modules = node_modules()?;
    let script = match tool {
        "tsc" => modules.join("typescript/bin/tsc"),
        "prettier" => modules.join("prettier/bin/prettier.cjs"),
        "drizzle-kit" => modules.join("drizzle-kit/bin.cjs"),
        other => bail!("no such tool in ts/node_modules: {other}"),
    };
    Command::new("node")
        .arg(&script)
        .args(args)
        .current_dir(cwd)
        // `schema.ts` lives outside `ts/`; this lets Node find drizzle-orm and nanoid for it.
        .env("NODE_PATH", &modules)
        .output()
        .with_context(|| format!("cannot run node {}", script.display()))
}

/// Runs a TypeScript script of `ts/` through tsx.
fn ts_script(script: &str, args: &[&Path]) -> Result<Output> {
    let modules = node_modules()?;
    Command::new("node")
        .args(["--import", "tsx", script])
        .args(args)
        .current_dir(ts_package())
        .env("NODE_PATH", &modules)
        .output()
        .with_context(|| format!("cannot run node ts/{script}"))
}

/// The app's JSON shapes as data, copied from the orchestrator's code.
fn app_json_shapes() -> PathBuf {
    repo_root()
        .join("tests")
        .join("fixtures")
        .join("orchestrator-json-types.json")
}

/// `json-types.ts` declares every JSON shape of the app, field by field as the app does (name,
/// optionality, type), read with TypeScript's parser; and the comparison notices a field made
/// required, a field's type changed and a type left out.
#[test]
fn json_types_ts_holds_the_apps_shapes() -> Result<()> {
    let module = generated_ts().join("json-types.ts");
    let output = ts_script("check-json-types.ts", &[&module, &app_json_shapes()])?;
    ensure!(
        output.status.success(),
        "generated/ts/json-types.ts and tests/fixtures/orchestrator-json-types.json disagree:\n{}",
        transcript(&output)
    );
    let text = fs::read_to_string(&module)?;
    let mutations = [
        ("  gitBranch?: string;", "  gitBranch: string;"),
        ("  speed?: number;", "  speed?: string;"),
        ("export type DisplayMode = \"immersive\" | \"focus\";", ""),
    ];
    for (from, to) in mutations {
        ensure!(text.contains(from), "json-types.ts has no `{from}`");
        let copy = tempfile::tempdir()?;
        let path = copy.path().join("json-types.ts");
        fs::write(&path, text.replacen(from, to, 1))?;
        let output = ts_script("check-json-types.ts", &[&path, &app_json_shapes()])?;
        ensure!(
            !output.status.success(),
            "check-json-types.ts accepted json-types.ts with `{from}` made `{to}`"
        );
    }
    Ok(())
}

/// Runs `ts/check-relations.ts` on `schema_ts`: drizzle resolves each of its relations as its
/// relational queries do. Fails unless all resolve, and that is as many as `schema` declares.
fn check_relations(schema_ts: &Path, schema: &schema_model::Schema) -> Result<()> {
    let output = ts_script("check-relations.ts", &[schema_ts])?;
    ensure!(
        output.status.success(),
        "drizzle cannot resolve the relations of {}:\n{}",
        schema_ts.display(),
        transcript(&output)
    );
    let declared: usize = schema.tables.iter().map(|t| t.ts.relations.len()).sum();
    let expected = format!("{declared} relations resolve");
    ensure!(
        String::from_utf8_lossy(&output.stdout).trim() == expected,
        "expected `{expected}` from check-relations.ts on {}, got:\n{}",
        schema_ts.display(),
        transcript(&output)
    );
    Ok(())
}

/// The generated files on disk, after checking they are what the emitters write for the
/// orchestrator schema now, so the proofs below are about the current output, and that the
/// user's files they import are there.
fn current_generated_files() -> Result<Vec<PathBuf>> {
    let dir = generated_ts();
    let mut paths = Vec::new();
    for (name, expected) in ts::files(&orchestrator_schema::schema(), &ts::TsOptions::default()) {
        let path = dir.join(&name);
        let on_disk = fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}; run `cargo xtask gen`", path.display()))?;
        ensure!(
            on_disk == expected,
            "{} is not up to date, run `cargo xtask gen`",
            path.display()
        );
        paths.push(path);
    }
    for name in USER_FILES {
        let path = dir.join(name);
        ensure!(
            path.is_file(),
            "{} is missing: it is the user's module of named JSON shapes, committed by hand",
            path.display()
        );
    }
    Ok(paths)
}

/// The generated files and the user's files beside them: what a copy of the folder needs.
fn generated_and_user_files() -> Result<Vec<PathBuf>> {
    let mut paths = current_generated_files()?;
    paths.extend(USER_FILES.iter().map(|name| generated_ts().join(name)));
    Ok(paths)
}

#[test]
fn tsc_strict_compiles_the_generated_typescript_and_its_type_equality_proofs() -> Result<()> {
    current_generated_files()?;
    let package = ts_package();
    let output = node_tool("tsc", &["--noEmit", "--strict", "-p", "."], &package)?;
    ensure!(
        output.status.success(),
        "tsc --strict rejects generated/ts (see types-equal.ts for the row types that differ \
         from drizzle's inference):\n{}",
        transcript(&output)
    );
    Ok(())
}

#[test]
fn prettier_accepts_the_generated_typescript_as_it_is() -> Result<()> {
    prettier_check(&current_generated_files()?)
}

/// Every `relations()` entry of `schema.ts` resolves in drizzle: each `many` finds the `one`
/// that owns the foreign key, each `one` its columns.
#[test]
fn drizzle_resolves_every_relation_of_schema_ts() -> Result<()> {
    current_generated_files()?;
    check_relations(
        &generated_ts().join(ts::SCHEMA_FILE),
        &orchestrator_schema::schema(),
    )
}

/// `prettier --check` on `files`; on failure, where prettier's text first departs from each
/// file's, so the missing layout rule can be read off.
fn prettier_check(files: &[PathBuf]) -> Result<()> {
    let mut args = vec!["--check".to_string()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = node_tool("prettier", &args, &ts_package())?;
    if output.status.success() {
        return Ok(());
    }
    let mut report = transcript(&output);
    for file in files {
        let path = file.display().to_string();
        let formatted = node_tool("prettier", &[&path], &ts_package())?;
        let ours = fs::read_to_string(file)?;
        let theirs = String::from_utf8_lossy(&formatted.stdout).into_owned();
        let (ours, theirs): (Vec<&str>, Vec<&str>) =
            (ours.lines().collect(), theirs.lines().collect());
        if let Some(first) =
            (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i))
        {
            let show = |lines: &[&str]| {
                lines
                    .iter()
                    .skip(first.saturating_sub(2))
                    .take(8)
                    .map(|l| format!("    |{l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            report.push_str(&format!(
                "\n{path}, line {}:\n  ours:\n{}\n  prettier's:\n{}",
                first + 1,
                show(&ours),
                show(&theirs)
            ));
        }
    }
    bail!(
        "prettier --check finds TypeScript formatted differently from prettier; the layout rules \
         in schema-model/src/ts/layout.rs miss a case:\n{report}"
    )
}

/// A `tsconfig.json` in `dir` that checks the `.ts` files there as `ts/tsconfig.json` checks
/// `generated/ts/`.
fn write_tsconfig(dir: &Path) -> Result<()> {
    let base = ts_package().join("tsconfig.json");
    fs::write(
        dir.join("tsconfig.json"),
        format!(
            "{{ \"extends\": {:?}, \"include\": [\"./*.ts\"] }}\n",
            base.display().to_string()
        ),
    )?;
    Ok(())
}

/// One wrong row type at a time, in a copy of `generated/ts/`: `tsc` must reject each, at the
/// assertion, or the proofs above could not fail.
#[test]
fn tsc_rejects_row_types_that_differ_from_drizzle() -> Result<()> {
    let files = generated_and_user_files()?;
    let types = fs::read_to_string(generated_ts().join(ts::TYPES_FILE))?;
    let mutations: [(&str, String); 2] = [
        (
            "a nullable column typed as never null",
            types.replacen(" | null;", ";", 1),
        ),
        (
            "an optional insert column made required",
            types.replacen("?: ", ": ", 1),
        ),
    ];
    for (what, wrong_types) in mutations {
        ensure!(wrong_types != types, "types.ts has no place for {what}");
        let copy = tempfile::tempdir()?;
        for file in &files {
            fs::copy(file, copy.path().join(file.file_name().expect("a file")))?;
        }
        fs::write(copy.path().join(ts::TYPES_FILE), &wrong_types)?;
        write_tsconfig(copy.path())?;
        let output = node_tool("tsc", &["--noEmit", "--strict", "-p", "."], copy.path())?;
        let text = transcript(&output);
        ensure!(
            !output.status.success(),
            "tsc accepted types.ts with {what}: the equality assertions cannot fail"
        );
        ensure!(
            text.contains(ts::PROOFS_FILE) && text.contains("TS2344"),
            "tsc rejected types.ts with {what}, but not at an assertion of {}:\n{text}",
            ts::PROOFS_FILE
        );
    }
    Ok(())
}

/// A folder holding the TypeScript files of `schema` written with `options`, the user's JSON
/// shapes, and `ts/app-usage.ts` (its import of the schema module written as `options` writes
/// imports), set up as an ESM package with `ts/node_modules`.
fn app_folder(schema: &schema_model::Schema, options: &ts::TsOptions) -> Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    for (name, contents) in ts::files(schema, options) {
        fs::write(dir.path().join(name), contents)?;
    }
    fs::copy(
        generated_ts().join("json-types.ts"),
        dir.path().join("json-types.ts"),
    )?;
    let usage = fs::read_to_string(ts_package().join("app-usage.ts"))?;
    let schema_module = options.import_extension.specifier("./schema");
    let usage = usage.replace("from \"./schema\"", &format!("from {schema_module:?}"));
    fs::write(dir.path().join("app-usage.ts"), usage)?;
    fs::write(
        dir.path().join("package.json"),
        "{ \"type\": \"module\" }\n",
    )?;
    std::os::unix::fs::symlink(node_modules()?, dir.path().join("node_modules"))?;
    Ok(dir)
}

/// `tsc --strict` over every `.ts` file of `dir` with the given `module` and
/// `moduleResolution`.
fn tsc_with_resolution(dir: &Path, module: &str, resolution: &str) -> Result<Output> {
    fs::write(
        dir.join("tsconfig.json"),
        format!(
            r#"{{
  "compilerOptions": {{
    "strict": true,
    "noEmit": true,
    "target": "ES2022",
    "module": "{module}",
    "moduleResolution": "{resolution}",
    "skipLibCheck": true,
    "types": []
  }},
  "include": ["./*.ts"]
}}
"#
        ),
    )?;
    node_tool("tsc", &["-p", "."], dir)
}

/// The app's own use of its schema module (`ts/app-usage.ts`: selects, inserts relying on the
/// `$defaultFn` ids, relational queries with `with: { members: … }`, JSON field reads, the
/// Auth.js adapter taking the auth tables) compiles under `--strict` against the generated
/// files; and handing the adapter a wrong table fails, so the check can fail.
#[test]
fn the_apps_usage_of_the_schema_module_compiles_under_strict() -> Result<()> {
    current_generated_files()?;
    let schema = orchestrator_schema::schema();
    let dir = app_folder(&schema, &ts::TsOptions::default())?;
    let output = tsc_with_resolution(dir.path(), "ESNext", "Bundler")?;
    ensure!(
        output.status.success(),
        "tsc --strict rejects the app's usage (ts/app-usage.ts) of the generated schema:\n{}",
        transcript(&output)
    );
    let usage = dir.path().join("app-usage.ts");
    let text = fs::read_to_string(&usage)?;
    for (from, to) in [
        ("usersTable: users,", "usersTable: workspaces,"),
        (
            "const speed: number | undefined",
            "const speed: string | undefined",
        ),
    ] {
        ensure!(text.contains(from), "app-usage.ts has no `{from}`");
        fs::write(&usage, text.replacen(from, to, 1))?;
        let output = tsc_with_resolution(dir.path(), "ESNext", "Bundler")?;
        ensure!(
            !output.status.success(),
            "tsc accepted app-usage.ts with `{from}` made `{to}`"
        );
    }
    Ok(())
}

/// With `import_extension = "js"` the generated files (and the app) compile under the module
/// resolutions of ESM projects, NodeNext and Node16, and under Bundler; extensionless
/// specifiers, the default, fail under NodeNext and Node16 with TS2835, as the app found.
#[test]
fn js_import_specifiers_compile_under_nodenext_node16_and_bundler() -> Result<()> {
    current_generated_files()?;
    let schema = orchestrator_schema::schema();
    let js = ts::TsOptions {
        import_extension: ts::ImportExtension::Js,
    };
    let dir = app_folder(&schema, &js)?;
    for (module, resolution) in [
        ("NodeNext", "NodeNext"),
        ("Node16", "Node16"),
        ("ESNext", "Bundler"),
    ] {
        let output = tsc_with_resolution(dir.path(), module, resolution)?;
        ensure!(
            output.status.success(),
            "tsc --strict with moduleResolution {resolution} rejects the files written with \
             import_extension js:\n{}",
            transcript(&output)
        );
    }
    let extensionless = app_folder(&schema, &ts::TsOptions::default())?;
    for (module, resolution) in [("NodeNext", "NodeNext"), ("Node16", "Node16")] {
        let output = tsc_with_resolution(extensionless.path(), module, resolution)?;
        let text = transcript(&output);
        ensure!(
            !output.status.success() && text.contains("TS2835"),
            "expected TS2835 for extensionless imports under moduleResolution {resolution}, got:\n{text}"
        );
    }
    Ok(())
}

/// The database a migrations folder (`meta/_journal.json` and its SQL files) builds, read back
/// from the catalog.
fn build_database(prefix: &str, migrations: &Path) -> Result<schema_verify::Catalog> {
    // A fresh database on the server the whole test run shares.
    let database = schema_verify::testing::test_database(prefix);
    let mut client = database.connect()?;
    schema_verify::Migrations::load(migrations)?
        .migrate(&mut client)
        .with_context(|| format!("applying {}", migrations.display()))?;
    Ok(schema_verify::introspect(&mut client, "public")?)
}

/// Runs the real `drizzle-kit generate` on `schema_ts` and returns the migrations folder it
/// wrote under `work`.
pub(crate) fn drizzle_kit_generate(schema_ts: &Path, work: &Path) -> Result<PathBuf> {
    let schema_ts = schema_ts.display().to_string();
    // drizzle-kit prefixes `--out` with `./`, so the folder is given relative to its cwd.
    let args = [
        "generate",
        "--dialect",
        "postgresql",
        "--schema",
        &schema_ts,
        "--out",
        "drizzle",
    ];
    let output = node_tool("drizzle-kit", &args, work)?;
    ensure!(
        output.status.success(),
        "drizzle-kit generate failed on {schema_ts}:\n{}",
        transcript(&output)
    );
    Ok(work.join("drizzle"))
}

/// Fails with every difference between the database our SQL built and the one drizzle-kit's
/// SQL built: the verifier's comparison, PostgreSQL's own text of each default, and whatever
/// else the catalog holds.
fn assert_same_database(ours: &schema_verify::Catalog, kit: &schema_verify::Catalog) -> Result<()> {
    let comparison = schema_verify::compare(&ours.schema, kit);
    let differences: Vec<String> = comparison
        .findings
        .iter()
        .map(|f| format!("  {}: {}", f.table, f.message()))
        .collect();
    ensure!(
        differences.is_empty(),
        "the database drizzle-kit's SQL builds (found) differs from the one our SQL builds \
         (expected):\n{}",
        differences.join("\n")
    );
    let keys: BTreeSet<_> = ours
        .raw_defaults
        .keys()
        .chain(kit.raw_defaults.keys())
        .collect();
    let default_differences: Vec<String> = keys
        .into_iter()
        .filter(|k| ours.raw_defaults.get(*k) != kit.raw_defaults.get(*k))
        .map(|key| {
            format!(
                "  {}.{}: ours {:?}, drizzle-kit's {:?}",
                key.0,
                key.1,
                ours.raw_defaults.get(key),
                kit.raw_defaults.get(key)
            )
        })
        .collect();
    ensure!(
        default_differences.is_empty(),
        "column defaults, as PostgreSQL prints them, differ:\n{}",
        default_differences.join("\n")
    );
    ensure!(
        ours.schema.tables.len() == kit.schema.tables.len(),
        "ours has {} tables, drizzle-kit's {}",
        ours.schema.tables.len(),
        kit.schema.tables.len()
    );
    // Column order is left out: a column a later migration adds comes last in the database,
    // where a fresh drizzle-kit schema puts it in declaration order.
    let by_name = |table: &schema_model::TableDef| {
        let mut table = table.clone();
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
        table
    };
    for (our_table, kit_table) in ours.schema.tables.iter().zip(&kit.schema.tables) {
        let (our_table, kit_table) = (by_name(our_table), by_name(kit_table));
        ensure!(
            our_table == kit_table,
            "table {} differs:\n  ours: {our_table:#?}\n  drizzle-kit's: {kit_table:#?}",
            our_table.name
        );
    }
    Ok(())
}

/// drizzle-kit reads our `schema.ts` the way the orchestrator's drizzle config would; the SQL it
/// writes must build the database our own migrations build: the same tables, columns, types,
/// defaults, nullability, keys, unique constraints and foreign keys (names and actions).
#[test]
fn drizzle_kit_generate_on_schema_ts_builds_the_same_database_as_our_migrations() -> Result<()> {
    current_generated_files()?;
    let work = tempfile::tempdir()?;
    let kit_migrations = drizzle_kit_generate(&generated_ts().join(ts::SCHEMA_FILE), work.path())?;
    let ours = build_database(
        "ts_our_migrations",
        &repo_root().join("generated").join("migrations"),
    )?;
    let kit = build_database("ts_drizzle_kit", &kit_migrations)?;
    assert_same_database(&ours, &kit)?;
    let declared = orchestrator_schema::schema().tables.len();
    ensure!(
        ours.schema.tables.len() == declared,
        "our migrations build {} tables, the schema declares {declared}: nothing proven about the rest",
        ours.schema.tables.len()
    );
    Ok(())
}
