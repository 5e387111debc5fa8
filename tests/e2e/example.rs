//! `examples/tasks/`, a project that uses the toolkit from outside (its own workspace, schema,
//! xtask and committed `generated/`), run end to end as its developers and CI would: `gen` has
//! nothing to do, `check` passes, `verify` passes on a real PostgreSQL, and tsc compiles its
//! TypeScript.

use std::path::PathBuf;

use anyhow::{ensure, Result};

use crate::support::{cargo, repo_root};

fn example() -> PathBuf {
    repo_root().join("examples/tasks")
}

#[test]
fn the_example_project_generates_checks_verifies_and_compiles() -> Result<()> {
    let dir = example();
    let before = schema_migrations::fs::read_dir(&dir.join("generated"))?;

    let gen = cargo(&dir, &["xtask", "gen"])?;
    ensure!(
        gen.contains("nothing to do"),
        "gen in examples/tasks should have nothing to do:\n{gen}"
    );
    ensure!(
        schema_migrations::fs::read_dir(&dir.join("generated"))? == before,
        "gen changed examples/tasks/generated"
    );
    cargo(&dir, &["xtask", "check"])?;
    let verify = cargo(&dir, &["xtask", "verify"])?;
    ensure!(
        verify.contains("OK: the database is the declared schema (4 tables"),
        "{verify}"
    );

    // tsc --strict over the example's generated files and its own json-types.ts.
    let scratch = tempfile::tempdir()?;
    let tsconfig = scratch.path().join("tsconfig.json");
    std::fs::write(
        &tsconfig,
        format!(
            "{{ \"extends\": {:?}, \"include\": [{:?}] }}\n",
            repo_root().join("ts/tsconfig.json").display().to_string(),
            dir.join("generated/ts/*.ts").display().to_string()
        ),
    )?;
    let output = crate::typescript::node_tool(
        "tsc",
        &["--noEmit", "-p", &tsconfig.display().to_string()],
        scratch.path(),
    )?;
    ensure!(
        output.status.success(),
        "tsc rejects examples/tasks/generated/ts:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}
