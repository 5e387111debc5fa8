//! The README's "Use it in your project" section, followed literally in a temporary folder:
//! every `sh` block is run as written, every block marked `file=PATH` is written to that path,
//! in order, in an empty `myapp` beside the repository (reached as `../schema-as-code`).

use anyhow::{bail, ensure, Context, Result};

use crate::support::{repo_root, run_in};

/// A step of the section: a file to write or shell commands to run.
#[derive(Debug)]
enum Step {
    File { path: String, contents: String },
    Shell(String),
}

fn steps(readme: &str) -> Result<Vec<Step>> {
    let start = readme
        .find("\n## Use it in your project\n")
        .context("the README has no \"Use it in your project\" section")?;
    let section = &readme[start + 1..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    let mut steps = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut body = String::new();
        for line in lines.by_ref() {
            if line == "```" {
                break;
            }
            body.push_str(line);
            body.push('\n');
        }
        match info.split_once(" file=") {
            Some((_, path)) => steps.push(Step::File {
                path: path.to_string(),
                contents: body,
            }),
            None if info == "sh" => steps.push(Step::Shell(body)),
            None => bail!("a README block of `{info}` in the section is neither sh nor file=…"),
        }
    }
    Ok(steps)
}

#[test]
fn the_readme_steps_take_a_new_project_to_a_verified_migration() -> Result<()> {
    let readme = std::fs::read_to_string(repo_root().join("README.md"))?;
    let steps = steps(&readme)?;
    ensure!(
        steps.len() >= 8,
        "the section has only {} steps",
        steps.len()
    );

    let scratch = tempfile::tempdir()?;
    std::os::unix::fs::symlink(repo_root(), scratch.path().join("schema-as-code"))?;
    let project = scratch.path().join("myapp");
    std::fs::create_dir(&project)?;
    let mut transcript = String::new();
    for step in &steps {
        match step {
            Step::File { path, contents } => {
                let file = project.join(path);
                std::fs::create_dir_all(file.parent().expect("a file path has a folder"))?;
                std::fs::write(&file, contents)?;
            }
            Step::Shell(script) => {
                transcript.push_str(&format!("$ {script}"));
                let output = run_in(
                    &project,
                    "bash",
                    &["-euo", "pipefail", "-c", script],
                    // Resolve the new project's dependencies from what this run already has
                    // (the same versions), instead of the newest on the registry.
                    &[("CARGO_NET_OFFLINE", "true")],
                )
                .with_context(|| format!("a README step failed; so far:\n{transcript}"))?;
                transcript.push_str(&output);
            }
        }
    }
    // The first verified migration, with the two tables the README declares.
    ensure!(
        project.join("generated/migrations/0000_init.sql").exists(),
        "{transcript}"
    );
    ensure!(
        transcript.contains("OK: the database is the declared schema (2 tables"),
        "{transcript}"
    );
    Ok(())
}
