//! The one filesystem adapter: reads a folder into [`Files`] and writes changes atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::Files;

/// A file that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not UTF-8 text; generated folders hold only text files", path.display())]
    NotText { path: PathBuf },
    #[error("cannot write {}: {source}{}", path.display(), written_note(written))]
    Write {
        path: PathBuf,
        source: std::io::Error,
        /// What had been written before the failure, relative to the root.
        written: Vec<String>,
    },
}

fn written_note(written: &[String]) -> String {
    if written.is_empty() {
        "; nothing was changed".into()
    } else {
        format!(
            "; already written before it: {} (the rest was left as it was)",
            written.join(", ")
        )
    }
}

/// Reads every file below `root` (relative `/`-separated paths), skipping `node_modules`
/// folders. A missing `root` is an empty folder.
pub fn read_dir(root: &Path) -> Result<Files, FsError> {
    let mut files = Files::new();
    read_into(root, root, &mut files)?;
    Ok(files)
}

fn read_into(root: &Path, dir: &Path, files: &mut Files) -> Result<(), FsError> {
    let read_error = |source| FsError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(read_error(e)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        paths.push(entry.map_err(read_error)?.path());
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            read_into(root, &path, files)?;
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(&path).map_err(|source| FsError::Read {
            path: path.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| FsError::NotText { path: path.clone() })?;
        files.insert(relative, text);
    }
    Ok(())
}

/// Writes `writes` and removes `removes` below `root`, each file first to a temporary beside it
/// and then renamed into place; `last` (the journal) is renamed after every other file, so an
/// interrupted run never leaves a journal naming files that are not there. On failure, no
/// temporary stays and the error lists what had already been renamed into place.
pub fn write_changes<T: AsRef<str> + Sync>(
    root: &Path,
    writes: &BTreeMap<String, T>,
    removes: &[String],
    last: &[&str],
) -> Result<(), FsError> {
    let mut order: Vec<&String> = writes
        .keys()
        .filter(|p| !last.contains(&p.as_str()))
        .collect();
    order.extend(
        last.iter()
            .filter_map(|l| writes.get_key_value(*l).map(|(k, _)| k)),
    );

    let unstage = |staged: &[(PathBuf, PathBuf)]| {
        for (temporary, _) in staged {
            let _ = std::fs::remove_file(temporary);
        }
    };
    // Every temporary is written before any is renamed into place; a new migration's files are
    // tens of megabytes at thousands of tables, written on two threads.
    let stage = |path: &&String| -> Result<(PathBuf, PathBuf), FsError> {
        let target = root.join(path);
        let temporary = temporary_path(&target);
        let result = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&temporary, writes[*path].as_ref()));
        match result {
            Ok(()) => Ok((temporary, target)),
            Err(source) => {
                let _ = std::fs::remove_file(&temporary);
                Err(FsError::Write {
                    path: target,
                    source,
                    written: Vec::new(),
                })
            }
        }
    };
    let results = crate::by_size::map(&order, |path| writes[*path].as_ref().len(), 1 << 20, stage);
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(results.len());
    let mut first_error = None;
    for result in results {
        match result {
            Ok(pair) => staged.push(pair),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    if let Some(error) = first_error {
        unstage(&staged);
        return Err(error);
    }
    let mut written = Vec::new();
    for (i, (temporary, target)) in staged.iter().enumerate() {
        if let Err(source) = std::fs::rename(temporary, target) {
            unstage(&staged[i..]);
            return Err(FsError::Write {
                path: target.clone(),
                source,
                written,
            });
        }
        written.push(order[i].clone());
    }
    for path in removes {
        let target = root.join(path);
        match std::fs::remove_file(&target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(FsError::Write {
                    path: target,
                    source,
                    written,
                })
            }
        }
        written.push(format!("(removed) {path}"));
        // A folder the removal emptied (an old snapshot folder) goes too.
        if let Some(parent) = target.parent() {
            if parent != root {
                let _ = std::fs::remove_dir(parent);
            }
        }
    }
    Ok(())
}

fn temporary_path(target: &Path) -> PathBuf {
    let mut name = target
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    target.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_reads_back_and_removes() {
        let dir = tempfile::tempdir().unwrap();
        let mut writes = Files::new();
        writes.insert("meta/_journal.json".into(), "{}".into());
        writes.insert("0000_a.sql".into(), "SELECT 1;\n".into());
        write_changes(dir.path(), &writes, &[], &["meta/_journal.json"]).unwrap();
        assert_eq!(read_dir(dir.path()).unwrap(), writes);
        write_changes(dir.path(), &Files::new(), &["0000_a.sql".into()], &[]).unwrap();
        assert_eq!(read_dir(dir.path()).unwrap().len(), 1);
        assert!(read_dir(&dir.path().join("missing")).unwrap().is_empty());
    }

    #[test]
    fn a_non_text_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.sql"), [0xff, 0xfe]).unwrap();
        let error = read_dir(dir.path()).unwrap_err().to_string();
        assert!(error.contains("x.sql is not UTF-8 text"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_write_changes_nothing_and_leaves_no_temporary() {
        use std::os::unix::fs::PermissionsExt;
        if running_as_root() {
            return; // root writes through permissions; nothing to prove
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("ro")).unwrap();
        std::fs::set_permissions(
            dir.path().join("ro"),
            std::fs::Permissions::from_mode(0o555),
        )
        .unwrap();
        let mut writes = Files::new();
        writes.insert("a.sql".into(), "x".into());
        writes.insert("ro/b.ts".into(), "y".into());
        let error = write_changes(dir.path(), &writes, &[], &[])
            .unwrap_err()
            .to_string();
        assert!(error.contains("nothing was changed"), "{error}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["ro"]);
    }

    #[test]
    fn a_failed_write_among_megabytes_changes_nothing_and_leaves_no_temporary() {
        // A folder that is a file blocks even root; the large files are written on two threads.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("blocked"), "a file").unwrap();
        std::fs::write(dir.path().join("a.sql"), "before").unwrap();
        let mut writes = Files::new();
        writes.insert("a.sql".into(), "x".repeat(1 << 20));
        writes.insert("b.sql".into(), "y".repeat(1 << 20));
        writes.insert("blocked/c.sql".into(), "z".into());
        let error = write_changes(dir.path(), &writes, &[], &[])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("blocked") && error.contains("nothing was changed"),
            "{error}"
        );
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["a.sql", "blocked"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.sql")).unwrap(),
            "before"
        );
        writes.remove("blocked/c.sql");
        write_changes(dir.path(), &writes, &[], &[]).unwrap();
        assert_eq!(read_dir(dir.path()).unwrap()["b.sql"], writes["b.sql"]);
    }

    /// `/proc/self` belongs to the process's effective user.
    #[cfg(unix)]
    fn running_as_root() -> bool {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
}
