//! Project settings: `schema-as-code.toml` at the project root. The CLI finds the project by
//! looking for it from the current directory upwards, at run time, so a binary built for one
//! copy of a repository never acts on another.
//!
//! ```toml
//! # schema-as-code.toml: every key is optional; these are the defaults.
//! [paths]
//! migrations = "generated/migrations"   # drizzle's out folder, plus our down files and snapshots
//! typescript = "generated/ts"           # schema.ts, types.ts, types-equal.ts
//! diagram = "generated/SCHEMA.md"       # the Mermaid diagram of the tables
//!
//! [cli]
//! command = "cargo xtask"               # how people run this CLI: named in headers and advice
//!
//! [typescript]
//! import-extension = "none"             # "none" (`./json-types`) or "js" (`./json-types.js`, ESM)
//!
//! [postgres]
//! min-version = 13                      # the oldest PostgreSQL the migrations must run on
//! ```

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::Deserialize;

/// The settings file's name.
pub const FILE_NAME: &str = "schema-as-code.toml";

/// The oldest and newest PostgreSQL major versions the toolkit supports.
pub const SUPPORTED_POSTGRES: std::ops::RangeInclusive<u32> = 13..=18;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub paths: Paths,
    pub cli: Cli,
    pub typescript: TypeScript,
    pub postgres: Postgres,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    pub migrations: String,
    pub typescript: String,
    pub diagram: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Cli {
    pub command: String,
}

/// `none` (`./json-types`: bundlers, CommonJS) or `js` (`./json-types.js`: ESM, NodeNext).
pub use schema_model::ts::ImportExtension;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct TypeScript {
    pub import_extension: ImportExtension,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Postgres {
    pub min_version: u32,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            migrations: "generated/migrations".into(),
            typescript: "generated/ts".into(),
            diagram: "generated/SCHEMA.md".into(),
        }
    }
}

impl Default for Cli {
    fn default() -> Self {
        Cli {
            command: "cargo xtask".into(),
        }
    }
}

impl Default for Postgres {
    fn default() -> Self {
        Postgres {
            min_version: *SUPPORTED_POSTGRES.start(),
        }
    }
}

impl Settings {
    /// Parses a settings file's text; `path` names it in messages.
    pub fn parse(text: &str, path: &Path) -> anyhow::Result<Settings> {
        let settings: Settings = toml::from_str(text)
            .with_context(|| format!("{} is not valid project settings", path.display()))?;
        if !SUPPORTED_POSTGRES.contains(&settings.postgres.min_version) {
            bail!(
                "{}: [postgres] min-version = {} is not a supported PostgreSQL version ({} to {})",
                path.display(),
                settings.postgres.min_version,
                SUPPORTED_POSTGRES.start(),
                SUPPORTED_POSTGRES.end()
            );
        }
        for (key, value) in [
            ("paths.migrations", &settings.paths.migrations),
            ("paths.typescript", &settings.paths.typescript),
            ("paths.diagram", &settings.paths.diagram),
        ] {
            if value.is_empty() || Path::new(value).is_absolute() || value.contains("..") {
                bail!(
                    "{}: {key} = {value:?} must be a folder below the project root, such as \"generated/migrations\"",
                    path.display()
                );
            }
        }
        if settings.cli.command.trim().is_empty() {
            bail!("{}: [cli] command must not be empty", path.display());
        }
        Ok(settings)
    }
}

/// A project: its root (the folder of `schema-as-code.toml`) and its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub root: PathBuf,
    pub settings: Settings,
}

impl Project {
    /// Finds the project from `start` upwards.
    pub fn discover(start: &Path) -> anyhow::Result<Project> {
        let mut dir = Some(start);
        while let Some(candidate) = dir {
            let file = candidate.join(FILE_NAME);
            if file.is_file() {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("reading {}", file.display()))?;
                return Ok(Project {
                    root: candidate.to_path_buf(),
                    settings: Settings::parse(&text, &file)?,
                });
            }
            dir = candidate.parent();
        }
        bail!(
            "no {FILE_NAME} in {} or any folder above it: the CLI finds the project root by it. \
             Create one at the root of your project (an empty file takes the defaults)",
            start.display()
        )
    }

    /// The project around the current directory.
    pub fn current() -> anyhow::Result<Project> {
        let cwd = std::env::current_dir().context("reading the current directory")?;
        Project::discover(&cwd)
    }

    pub fn migrations_dir(&self) -> PathBuf {
        self.root.join(&self.settings.paths.migrations)
    }

    pub fn typescript_dir(&self) -> PathBuf {
        self.root.join(&self.settings.paths.typescript)
    }

    pub fn diagram_file(&self) -> PathBuf {
        self.root.join(&self.settings.paths.diagram)
    }

    /// The TypeScript emitters' options from the settings.
    pub fn ts_options(&self) -> schema_model::ts::TsOptions {
        schema_model::ts::TsOptions {
            import_extension: self.settings.typescript.import_extension,
        }
    }

    /// How people run this CLI (`cargo xtask`).
    pub fn command(&self) -> &str {
        &self.settings.cli.command
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_takes_the_defaults() {
        assert_eq!(
            Settings::parse("", Path::new("s.toml")).unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"
[paths]
migrations = "db/migrations"
typescript = "web/src/db"
[cli]
command = "cargo run -p tasks --"
[typescript]
import-extension = "js"
[postgres]
min-version = 15
"#;
        let settings = Settings::parse(text, Path::new("s.toml")).unwrap();
        assert_eq!(settings.paths.migrations, "db/migrations");
        assert_eq!(settings.typescript.import_extension, ImportExtension::Js);
        assert_eq!(settings.postgres.min_version, 15);
        assert_eq!(settings.cli.command, "cargo run -p tasks --");
    }

    #[test]
    fn mistakes_name_the_file_and_the_key() {
        for (text, expected) in [
            ("[paths]\nmigration = \"x\"", "unknown field `migration`"),
            (
                "[postgres]\nmin-version = 12",
                "min-version = 12 is not a supported",
            ),
            (
                "[typescript]\nimport-extension = \"mjs\"",
                "unknown variant `mjs`",
            ),
            (
                "[paths]\nmigrations = \"/abs\"",
                "must be a folder below the project root",
            ),
            (
                "[paths]\nmigrations = \"../x\"",
                "must be a folder below the project root",
            ),
            ("[cli]\ncommand = \" \"", "must not be empty"),
            ("[paths", "is not valid project settings"),
        ] {
            let error = format!(
                "{:#}",
                Settings::parse(text, Path::new("p/s.toml")).unwrap_err()
            );
            assert!(error.contains("p/s.toml"), "{text}: {error}");
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn the_project_is_found_from_a_subfolder_and_not_without_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let error = Project::discover(&dir.path().join("a/b"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("no schema-as-code.toml in"), "{error}");
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let project = Project::discover(&dir.path().join("a/b")).unwrap();
        assert_eq!(project.root, dir.path());
        assert_eq!(
            project.migrations_dir(),
            dir.path().join("generated/migrations")
        );
    }
}
