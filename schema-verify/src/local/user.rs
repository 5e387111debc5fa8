//! The unprivileged user the server runs as when we are root (PostgreSQL refuses root).

use std::ffi::CString;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::sync::Once;

use super::provider_error;
use crate::error::{Error, Result};

/// The user to run the server as when we are root.
pub(super) struct RunAs {
    pub(super) name: String,
    pub(super) uid: u32,
    pub(super) gid: u32,
}

pub(crate) fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions, cannot fail and touches no memory.
    unsafe { libc::geteuid() == 0 }
}

/// `None` when we are not root; else `postgres`, or `nobody` when there is no `postgres` user.
/// Creates no user. Says once per process which one it uses.
pub(super) fn run_as() -> Result<Option<RunAs>> {
    if !running_as_root() {
        return Ok(None);
    }
    for name in ["postgres", "nobody"] {
        if let Some((uid, gid)) = lookup_user(name) {
            static SAID: Once = Once::new();
            SAID.call_once(|| {
                eprintln!(
                    "schema-verify: running as root, so PostgreSQL (which refuses root) runs as \
                     user `{name}` (uid {uid})"
                )
            });
            return Ok(Some(RunAs {
                name: name.to_string(),
                uid,
                gid,
            }));
        }
    }
    Err(provider_error(
        "running as root, and PostgreSQL refuses to run as root, but there is neither a `postgres` \
         nor a `nobody` user to run it as: create one (`useradd --system postgres`) or run as \
         another user"
            .into(),
    ))
}

/// uid and gid of a user, through the reentrant getpwnam_r.
fn lookup_user(name: &str) -> Option<(u32, u32)> {
    let name = CString::new(name).ok()?;
    let mut buffer = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: an all-zero passwd (null pointers, zero ids) is a valid value of this plain C
    // struct; getpwnam_r fills it in.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call: `name` is NUL-terminated, `entry` and `result`
    // are live locals, `buffer` is writable for the length given. The strings getpwnam_r stores
    // point into `buffer`, which we never read through; we copy out the two integers only.
    let status = unsafe {
        libc::getpwnam_r(
            name.as_ptr(),
            &mut entry,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut result,
        )
    };
    (status == 0 && !result.is_null()).then_some((entry.pw_uid, entry.pw_gid))
}

pub(super) fn as_user<'a>(command: &'a mut Command, run_as: &Option<RunAs>) -> &'a mut Command {
    if let Some(user) = run_as {
        // std drops supplementary groups itself when root sets a uid.
        command.uid(user.uid).gid(user.gid);
        // initdb and postgres look for their config relative to HOME only for psqlrc-like files;
        // a root HOME they cannot read only causes noise.
        command.env("HOME", "/tmp");
    }
    command
}

pub(super) fn chown(path: &Path, user: &RunAs) -> Result<()> {
    std::os::unix::fs::chown(path, Some(user.uid), Some(user.gid)).map_err(Error::io(path))
}

pub(super) fn chown_tree(dir: &Path, user: &RunAs) -> Result<()> {
    chown(dir, user)?;
    for entry in std::fs::read_dir(dir).map_err(Error::io(dir))? {
        let entry = entry.map_err(Error::io(dir))?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            chown_tree(&entry.path(), user)?;
        } else {
            std::os::unix::fs::lchown(entry.path(), Some(user.uid), Some(user.gid))
                .map_err(Error::io(entry.path()))?;
        }
    }
    Ok(())
}
