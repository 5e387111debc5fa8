//! What several end-to-end tests need: the repository's root, and the pinned npm packages of a
//! folder (`ts/`, `tests/drizzle-fixture/`) installed once per test run.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use anyhow::{bail, ensure, Result};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the repository root")
        .to_path_buf()
}

/// `package/node_modules`, installed from `package/package-lock.json` with `npm ci` when it is
/// missing or older than the lock file. Once per folder and test run: two tests running
/// `npm ci` in one folder at once would trip over each other.
pub fn node_modules(package: &Path) -> Result<PathBuf> {
    static INSTALLED: Mutex<Option<HashMap<PathBuf, Result<PathBuf, String>>>> = Mutex::new(None);
    let mut installed = INSTALLED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    installed
        .get_or_insert_with(HashMap::new)
        .entry(package.to_path_buf())
        .or_insert_with(|| npm_ci_unless_fresh(package).map_err(|e| format!("{e:#}")))
        .clone()
        .map_err(anyhow::Error::msg)
}

fn npm_ci_unless_fresh(package: &Path) -> Result<PathBuf> {
    let modules = package.join("node_modules");
    let marker = modules.join(".package-lock.json");
    let lock = package.join("package-lock.json");
    let fresh = match (fs::metadata(&marker), fs::metadata(&lock)) {
        (Ok(m), Ok(l)) => m.modified()? >= l.modified()?,
        _ => false,
    };
    if fresh {
        return Ok(modules);
    }
    let output = match Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(package)
        .output()
    {
        Ok(output) => output,
        Err(e) => bail!(
            "cannot run `npm ci` in {}: {e}. These tests run the real TypeScript tools \
             (tsc, drizzle-kit): install Node.js 20.19+ with npm (apt-get install nodejs npm), \
             then run the tests again",
            package.display()
        ),
    };
    ensure!(
        output.status.success(),
        "`npm ci` failed in {}:\n{}{}",
        package.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(modules)
}

/// The target folder of this test run (`CARGO_TARGET_TMPDIR` is `<target>/tmp`): projects built
/// from a test share it, so they reuse what is already compiled.
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
        .to_path_buf()
}

/// Runs `program args…` in `dir` as a project's developer would, with this run's target folder
/// (so a nested build reuses what is compiled) and none of this test binary's cargo variables;
/// returns stdout and stderr, or an error with both when it fails.
pub fn run_in(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<String> {
    // One nested project at a time: they share the target folder, where cargo copies each
    // project's `xtask` binary to the same `debug/xtask` before `cargo run` starts it, so two at
    // once could start each other's.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .envs(env.iter().copied())
        .output()?;
    let transcript = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    ensure!(
        output.status.success(),
        "`{program} {}` in {} failed ({}):\n{transcript}",
        args.join(" "),
        dir.display(),
        output.status
    );
    Ok(transcript)
}

/// `cargo args…` in `dir`, through [`run_in`].
pub fn cargo(dir: &Path, args: &[&str]) -> Result<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run_in(dir, &cargo, args, &[])
}
