//! The schema crate is compiled once, whichever package asks for it: `cargo build -p
//! orchestrator-schema` (or its tests) and `cargo xtask gen` must resolve every dependency of
//! the schema crate with the same features, or cargo builds it twice and an edit pays twice
//! (it did: the migrations library turned on uuid's `v5`, the model did not).

use std::collections::BTreeMap;
use std::process::Command;

/// Every package of `package`'s normal dependency tree, with the features cargo resolves.
fn resolved(package: &str) -> BTreeMap<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none"])
        .args(["--format", "{p}|{f}", "--package", package])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree -p {package} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("cargo tree prints UTF-8")
        .lines()
        .filter_map(|line| {
            let (package, features) = line.trim_end_matches(" (*)").split_once('|')?;
            Some((package.trim().to_string(), features.trim().to_string()))
        })
        .collect()
}

#[test]
fn the_schema_crate_resolves_alike_alone_and_under_the_xtask() {
    let alone = resolved("orchestrator-schema");
    let under_xtask = resolved("xtask");
    let differing: Vec<String> = alone
        .iter()
        .filter(|(package, features)| under_xtask.get(*package) != Some(features))
        .map(|(package, features)| {
            format!(
                "{package}: [{features}] alone, [{}] under the xtask",
                under_xtask.get(package).map_or("absent", String::as_str)
            )
        })
        .collect();
    assert!(
        differing.is_empty(),
        "the schema crate would be built twice; give these dependencies one feature set \
         (e.g. in [workspace.dependencies]):\n{}",
        differing.join("\n")
    );
}
