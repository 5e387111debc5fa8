//! The cached, pre-initialised template clusters a start copies.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::binaries::Binaries;
use super::user::{as_user, chown, RunAs};
use super::{provider_error, scratch_tempdir};
use crate::builds;
use crate::cleanup;
use crate::error::{Error, Result};

/// initdb's options (all of them known to PostgreSQL 13); part of the template's cache key.
const INITDB_ARGS: [&str; 5] = [
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
];

/// Where the template clusters are cached.
pub(super) fn clusters_dir() -> PathBuf {
    builds::cache_root().join("clusters")
}

/// A template cluster and whether this call built it.
pub(super) struct Template {
    pub(super) path: PathBuf,
    pub(super) built: bool,
}

/// The cached cluster for these binaries and initdb options: `<cache>/clusters/pg<major>-<key>`,
/// where the key hashes the binaries' directory, their full version and initdb's options.
/// Built on first use by `initdb` in the scratch directory, copied into the cache under a
/// temporary name and renamed into place, so a reader never sees half a cluster.
pub(super) fn template_cluster(
    binaries: &Binaries,
    run_as: &Option<RunAs>,
    scratch: &Path,
    clusters: &Path,
) -> Result<Template> {
    let mut key = Sha256::new();
    key.update(format!(
        "template v1\n{}\n{}\n{}",
        binaries.dir.display(),
        binaries.version,
        INITDB_ARGS.join(" ")
    ));
    let key: String = key.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let path = clusters.join(format!("pg{}-{key}", binaries.major));
    if path.join("PG_VERSION").is_file() {
        return Ok(Template { path, built: false });
    }

    let work = scratch_tempdir(scratch)?;
    let data = work.path().join("data");
    if let Some(user) = run_as {
        chown(work.path(), user)?;
    }
    let mut initdb = Command::new(binaries.dir.join("initdb"));
    initdb
        .arg("-D")
        .arg(&data)
        .args(INITDB_ARGS)
        // Written once, then copied: the copy into the cache is what must be whole.
        .arg("--no-sync");
    let output = as_user(&mut initdb, run_as).output().map_err(|e| {
        provider_error(format!(
            "cannot run {}: {e}",
            binaries.dir.join("initdb").display()
        ))
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let user_hint = match run_as {
            Some(user) if stderr.contains("ermission denied") => format!(
                "\n(initdb ran as user `{}`: it must be able to read {})",
                user.name,
                binaries.dir.display()
            ),
            _ => String::new(),
        };
        return Err(provider_error(format!(
            "initdb failed ({}):\n{stderr}{user_hint}",
            output.status
        )));
    }

    std::fs::create_dir_all(clusters).map_err(Error::io(clusters))?;
    let staging = tempfile::Builder::new()
        .prefix(".building-")
        .tempdir_in(clusters)
        .map_err(Error::io(clusters))?;
    let staged = staging.path().join("data");
    copy_tree(&data, &staged)?;
    sync_tree(&staged);
    match std::fs::rename(&staged, &path) {
        Ok(()) => {}
        // Another process built it meanwhile: theirs is as good as ours.
        Err(_) if path.join("PG_VERSION").is_file() => {}
        Err(e) => return Err(Error::io(&path)(e)),
    }
    if let Ok(dir) = File::open(clusters) {
        let _ = dir.sync_all();
    }
    cleanup::unregister_local(work.path());
    remove_abandoned_builds(clusters);
    Ok(Template { path, built: true })
}

/// Removes `.building-*` directories a killed process left in the cache over an hour ago.
fn remove_abandoned_builds(clusters: &Path) {
    let Ok(entries) = std::fs::read_dir(clusters) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > Duration::from_secs(3600)));
        if old
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with(".building-")
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Copies a directory tree: regular files with `std::fs::copy` (copy_file_range, a reflink on
/// file systems that share extents), directories and permissions as they are. Symlinks are
/// copied as links (a cluster has none unless tablespaces were made).
pub(super) fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir(to).map_err(Error::io(to))?;
    let mode = std::fs::metadata(from)
        .map_err(Error::io(from))?
        .permissions();
    for entry in std::fs::read_dir(from).map_err(Error::io(from))? {
        let entry = entry.map_err(Error::io(from))?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().map_err(Error::io(&source))?;
        if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else if kind.is_symlink() {
            let link = std::fs::read_link(&source).map_err(Error::io(&source))?;
            std::os::unix::fs::symlink(link, &target).map_err(Error::io(&target))?;
        } else {
            std::fs::copy(&source, &target).map_err(Error::io(&target))?;
        }
    }
    std::fs::set_permissions(to, mode).map_err(Error::io(to))?;
    Ok(())
}

/// Flushes a freshly written tree to disk before it is renamed into the cache: one `syncfs` of its
/// file system on Linux (a cluster is ~1,000 files: 0.6 s instead of 3.8 s of fsyncs on this
/// machine's disk), else one fsync per file.
fn sync_tree(dir: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(handle) = File::open(dir) {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs takes a file descriptor, which `handle` keeps open for the whole call,
        // and touches no memory of ours.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } == 0 {
            return;
        }
    }
    sync_each(dir);
}

fn sync_each(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                sync_each(&path);
            } else if let Ok(file) = File::open(&path) {
                let _ = file.sync_all();
            }
        }
    }
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::user::run_as;
    use crate::local::{scratch_dir, BinaryRequest};
    #[test]
    fn two_processes_building_one_template_both_get_a_whole_one() {
        let binaries = Binaries::find_or_fetch(&BinaryRequest::default()).expect("PostgreSQL");
        let cache = tempfile::tempdir().unwrap();
        // The server's user (when root) reads the template's copy, not the cache itself.
        let clusters = cache.path().join("clusters");
        let build = || {
            let run_as = run_as().unwrap();
            template_cluster(&binaries, &run_as, &scratch_dir(), &clusters).unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(build);
            let b = s.spawn(build);
            (a.join().unwrap(), b.join().unwrap())
        });
        assert_eq!(a.path, b.path);
        assert!(a.path.join("PG_VERSION").is_file());
        assert!(a.path.join("global/pg_control").is_file());
        let entries: Vec<String> = std::fs::read_dir(&clusters)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            entries.len(),
            1,
            "only the template, no staging left: {entries:?}"
        );
        // From now on it is cached.
        assert!(!build().built);
    }
}
