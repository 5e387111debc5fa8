//! `generated/SCHEMA.md`: its Mermaid diagram is read by mermaid's own parser (`mermaid.parse`,
//! pinned in `ts/`), the one renderers run, for the orchestrator's schema and for the edge-case
//! schema (a self-reference, composite and nullable foreign keys, a one-to-one, SQL types
//! spelled in several words, a table name that is not a plain word).

use std::fs;
use std::path::Path;

use anyhow::{ensure, Context, Result};
use schema_model::diagram::{self, DIAGRAM_FILE};

use crate::support::{self, repo_root};
use crate::typescript::edge_cases::edge_schema;

/// Runs `ts/check-mermaid.ts` on a Markdown file; its transcript, and whether mermaid accepted
/// every block.
fn mermaid_parse(markdown: &Path) -> Result<(bool, String)> {
    let package = repo_root().join("ts");
    let modules = support::node_modules(&package)?;
    let output = std::process::Command::new("node")
        .args(["--import", "tsx", "check-mermaid.ts"])
        .arg(markdown)
        .current_dir(&package)
        .env("NODE_PATH", &modules)
        .output()
        .context("cannot run node ts/check-mermaid.ts")?;
    let transcript = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok((output.status.success(), transcript))
}

fn assert_parses(markdown: &str, what: &str) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(DIAGRAM_FILE);
    fs::write(&path, markdown)?;
    let (ok, transcript) = mermaid_parse(&path)?;
    ensure!(ok, "mermaid rejects the diagram of {what}:\n{transcript}");
    ensure!(
        transcript.contains("1 mermaid block(s) parse: er"),
        "expected one erDiagram in the diagram of {what}, got:\n{transcript}"
    );
    Ok(())
}

#[test]
fn mermaid_parses_the_committed_diagram() -> Result<()> {
    let path = repo_root().join("generated").join(DIAGRAM_FILE);
    let committed = fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}; run `cargo xtask gen`", path.display()))?;
    ensure!(
        committed == diagram::mermaid_markdown(&orchestrator_schema::schema()),
        "generated/{DIAGRAM_FILE} is not up to date, run `cargo xtask gen`"
    );
    let (ok, transcript) = mermaid_parse(&path)?;
    ensure!(
        ok,
        "mermaid rejects generated/{DIAGRAM_FILE}:\n{transcript}"
    );
    Ok(())
}

#[test]
fn mermaid_parses_the_diagram_of_the_edge_case_schema() -> Result<()> {
    let mut schema = edge_schema();
    assert_parses(&diagram::mermaid_markdown(&schema), "the edge-case schema")?;
    // A table name that is not a plain word is quoted.
    let old = schema.tables[0].name.clone();
    let new = "edge-nodes of the graph".to_string();
    for table in &mut schema.tables {
        if table.name == old {
            table.name = new.clone();
        }
        for fk in &mut table.foreign_keys {
            if fk.ref_table == old {
                fk.ref_table = new.clone();
            }
        }
    }
    assert_parses(
        &diagram::mermaid_markdown(&schema),
        "a table named with spaces and a dash",
    )
}

/// The parser is strict enough to notice a broken cardinality or key mark, so the tests above
/// can fail.
#[test]
fn mermaid_rejects_a_broken_diagram() -> Result<()> {
    let markdown = diagram::mermaid_markdown(&orchestrator_schema::schema());
    for (from, to) in [("||--o{", "||--x{"), (" PK\n", " PRIMARY\n")] {
        ensure!(markdown.contains(from), "the diagram has no `{from}`");
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(DIAGRAM_FILE);
        fs::write(&path, markdown.replacen(from, to, 1))?;
        let (ok, transcript) = mermaid_parse(&path)?;
        ensure!(
            !ok && transcript.contains("Parse error"),
            "mermaid accepted the diagram with `{from}` made `{to}`:\n{transcript}"
        );
    }
    Ok(())
}
