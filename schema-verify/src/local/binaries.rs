//! Which PostgreSQL binaries to run: `--pg-bin`, PATH, the system's PostgreSQL folders, the cache,
//! or the pinned build fetched into it; and their version.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::provider_error;
use crate::builds;
use crate::error::Result;

/// The PostgreSQL binaries to run: a directory holding `initdb` and `postgres`, and their version.
#[derive(Debug, Clone)]
pub struct Binaries {
    pub dir: PathBuf,
    /// `postgres --version`'s version, e.g. `15.14`.
    pub version: String,
    pub major: u32,
    /// Where they were found, for people: `PATH`, `/usr/lib/postgresql`, `--pg-bin`, `cache`.
    pub origin: &'static str,
}

/// Which binaries to look for.
#[derive(Debug, Clone, Default)]
pub struct BinaryRequest {
    /// Only this major version.
    pub pg_version: Option<u32>,
    /// Exactly this directory.
    pub pg_bin: Option<PathBuf>,
    /// Do not look in the system's PostgreSQL folders (`/usr/lib/postgresql/*/bin`,
    /// `/usr/local/pgsql/bin`), only on PATH and in the cache.
    pub no_system_search: bool,
}

impl Binaries {
    /// The binaries in `dir`, with the version `postgres --version` reports.
    pub fn at(dir: &Path, origin: &'static str) -> Result<Binaries, String> {
        for tool in ["initdb", "postgres"] {
            if !dir.join(tool).is_file() {
                return Err(format!("{} has no `{tool}`", dir.display()));
            }
        }
        let postgres = dir.join("postgres");
        let output = Command::new(&postgres)
            .arg("--version")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", postgres.display()))?;
        let text = String::from_utf8_lossy(&output.stdout);
        let version = parse_version(&text).ok_or_else(|| {
            format!(
                "{} --version said `{}`, not a PostgreSQL version ({})",
                postgres.display(),
                text.trim(),
                String::from_utf8_lossy(&output.stderr).trim()
            )
        })?;
        let major = version
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        Ok(Binaries {
            dir: dir.to_path_buf(),
            version,
            major,
            origin,
        })
    }

    /// Binaries already on this machine (`--pg-bin`, PATH, the system's folders, the cache), of
    /// the requested version; `Err` says where it looked. Fetches nothing.
    pub fn find(request: &BinaryRequest) -> Result<Binaries, String> {
        if let Some(major) = request.pg_version {
            if !builds::SUPPORTED.contains(&major) {
                return Err(builds::unsupported_version(major).to_string());
            }
        }
        if let Some(dir) = &request.pg_bin {
            let found = Binaries::at(dir, "--pg-bin")
                .map_err(|e| format!("--pg-bin / SCHEMA_VERIFY_PG_BIN: {e}"))?;
            return match request.pg_version {
                Some(major) if major != found.major => Err(format!(
                    "--pg-bin {} holds PostgreSQL {}, but PostgreSQL {major} was asked for \
                     (--pg-version / SCHEMA_VERIFY_PG_VERSION): point --pg-bin at a {major} \
                     installation, or drop one of the two",
                    dir.display(),
                    found.version
                )),
                _ => Ok(found),
            };
        }
        let mut candidates: Vec<(PathBuf, &'static str)> = std::env::var_os("PATH")
            .map(|path| std::env::split_paths(&path).map(|d| (d, "PATH")).collect())
            .unwrap_or_default();
        if !request.no_system_search {
            if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
                let mut versions: Vec<PathBuf> =
                    entries.flatten().map(|e| e.path().join("bin")).collect();
                // Newest first: 9.6 < 10 numerically, not as text.
                versions.sort_by_key(|p| {
                    let name = p.parent().and_then(|v| v.file_name());
                    name.and_then(|v| v.to_str()?.split('.').next()?.parse::<u32>().ok())
                });
                candidates.extend(
                    versions
                        .into_iter()
                        .rev()
                        .map(|d| (d, "/usr/lib/postgresql")),
                );
            }
            candidates.push(("/usr/local/pgsql/bin".into(), "/usr/local/pgsql"));
        }
        let mut other_versions = Vec::new();
        for (dir, origin) in candidates {
            let initdb = dir.join("initdb");
            if !(initdb.is_file() && dir.join("postgres").is_file()) {
                continue;
            }
            // Follow a symlink on PATH (Debian's /usr/local/bin/initdb) to the real bin dir, so
            // initdb finds its share/ files and the matching postgres.
            let real = std::fs::canonicalize(&initdb)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or(dir);
            let Ok(found) = Binaries::at(&real, origin) else {
                continue;
            };
            match request.pg_version {
                Some(major) if major != found.major => {
                    let other = format!("{} in {}", found.version, real.display());
                    if !other_versions.contains(&other) {
                        other_versions.push(other);
                    }
                }
                _ => return Ok(found),
            }
        }
        let major = request.pg_version.unwrap_or(builds::DEFAULT_MAJOR);
        if let Ok(pin) = builds::pin(major) {
            if let Some(bin) = builds::installed(&pin, &builds::cache_root()) {
                if let Ok(found) = Binaries::at(&bin, "cache") {
                    return Ok(found);
                }
            }
        }
        let searched = if request.no_system_search {
            "on PATH (the system's PostgreSQL folders are not searched: \
             SCHEMA_VERIFY_NO_SYSTEM_POSTGRES)"
        } else {
            "on PATH or under /usr/lib/postgresql/*/bin"
        };
        Err(match request.pg_version {
            Some(major) if !other_versions.is_empty() => format!(
                "no PostgreSQL {major} {searched} nor in the cache (found {})",
                other_versions.join(", ")
            ),
            Some(major) => format!("no PostgreSQL {major} {searched} nor in the cache"),
            None => format!("no `initdb` and `postgres` {searched} nor in the cache"),
        })
    }

    /// [`Binaries::find`], else the pinned build of the requested (or default) version fetched
    /// into the cache (saying so on stderr).
    pub fn find_or_fetch(request: &BinaryRequest) -> Result<Binaries> {
        match Binaries::find(request) {
            Ok(found) => Ok(found),
            Err(why) if request.pg_bin.is_some() => Err(provider_error(why)),
            Err(why) => {
                let major = request.pg_version.unwrap_or(builds::DEFAULT_MAJOR);
                eprintln!("schema-verify: {why}; fetching the pinned build of PostgreSQL {major}");
                let bin = builds::ensure(major)?;
                Binaries::at(&bin, "cache").map_err(provider_error)
            }
        }
    }
}

/// `postgres (PostgreSQL) 15.14 (Debian 15.14-1)` → `15.14`.
fn parse_version(text: &str) -> Option<String> {
    let rest = text.split("(PostgreSQL)").nth(1)?;
    let version = rest.split_whitespace().next()?;
    version
        .starts_with(|c: char| c.is_ascii_digit())
        .then(|| version.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn reads_the_version_from_postgres_version() {
        assert_eq!(
            parse_version("postgres (PostgreSQL) 15.14 (Debian 15.14-1.pgdg120+1)\n").as_deref(),
            Some("15.14")
        );
        assert_eq!(
            parse_version("postgres (PostgreSQL) 18.4\n").as_deref(),
            Some("18.4")
        );
        assert_eq!(parse_version("bash: postgres: not found"), None);
    }

    #[test]
    fn pg_bin_with_another_version_is_an_error() {
        let Ok(found) = Binaries::find(&BinaryRequest::default()) else {
            return; // no binaries on this machine: nothing to contradict
        };
        let other = if found.major == 13 { 14 } else { 13 };
        let message = Binaries::find(&BinaryRequest {
            pg_version: Some(other),
            pg_bin: Some(found.dir.clone()),
            no_system_search: false,
        })
        .unwrap_err();
        assert!(
            message.contains(&format!(
                "holds PostgreSQL {}, but PostgreSQL {other} was asked for",
                found.version
            )),
            "{message}"
        );
    }

    #[test]
    fn pg_bin_without_postgres_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let message = Binaries::find(&BinaryRequest {
            pg_bin: Some(dir.path().to_path_buf()),
            ..BinaryRequest::default()
        })
        .unwrap_err();
        assert!(message.contains("has no `initdb`"), "{message}");
    }
}
