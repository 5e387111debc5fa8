//! PostgreSQL from binaries on this machine (PATH, the system's PostgreSQL folders, `--pg-bin`, or
//! a pinned build fetched into the cache), started fast:
//!
//! - `initdb` runs once per server version and options, into a cached *template cluster*
//!   (`<cache>/clusters/`, written atomically: built aside, then renamed into place);
//! - each start copies the template (a full copy: `std::fs::copy`, which the kernel turns into a
//!   reflink where the file system can; never hard links, PostgreSQL rewrites its files in place)
//!   into a temporary directory, on `/dev/shm` when there is one;
//! - `postgres` is launched directly on a free port, and is ready when its `postmaster.pid` says
//!   so (no connection attempts in a loop).
//!
//! As root the server runs as an unprivileged user (PostgreSQL refuses root): `postgres`, else
//! `nobody`, named on stderr. The directory and the process go when the value is dropped; a
//! process that died without dropping it leaves them to the sweep at the next start (or to the
//! opt-in exit hooks, [`crate::cleanup::install_signal_handlers`]).

mod binaries;
mod template;
mod user;

use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use binaries::{Binaries, BinaryRequest};
pub(crate) use user::running_as_root;

use crate::cleanup;
use crate::error::{Error, Result};
use template::{clusters_dir, copy_tree, template_cluster};
use user::{as_user, chown, chown_tree, run_as, RunAs};

const PROVIDER: &str = "local binaries";

/// Where the temporary clusters go, and the prefix that marks them for the sweep.
const SCRATCH_PREFIX: &str = "schema-verify-pg-";

/// How long each part of a start took.
#[derive(Debug, Clone, Copy, Default)]
pub struct StartTimings {
    /// Building the template cluster (`initdb`); zero when it was cached.
    pub initdb: Duration,
    /// Copying the template into the temporary directory.
    pub copy: Duration,
    /// From launching `postgres` until its `postmaster.pid` says it is ready.
    pub launch: Duration,
}

pub struct LocalServer {
    child: Child,
    dir: Option<tempfile::TempDir>,
    port: u16,
    binaries: Binaries,
    pub timings: StartTimings,
}

impl LocalServer {
    /// Starts a server from `binaries` on a copy of the cached template cluster (built first when
    /// missing).
    pub fn start(binaries: &Binaries) -> Result<LocalServer> {
        let run_as = run_as()?;
        let scratch = scratch_dir();
        // What killed runs left here goes first (by the owner in the name, or in owner.pid).
        crate::registry::sweep_clusters(&scratch);
        sweep_stale(&scratch);

        let started = Instant::now();
        let template = template_cluster(binaries, &run_as, &scratch, &clusters_dir())?;
        let initdb = if template.built {
            started.elapsed()
        } else {
            Duration::ZERO
        };

        let copy_started = Instant::now();
        let dir = scratch_tempdir(&scratch)?;
        let data = dir.path().join("data");
        copy_tree(&template.path, &data)?;
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700))
            .map_err(Error::io(&data))?;
        if let Some(user) = &run_as {
            chown_tree(dir.path(), user)?;
        }
        let copy = copy_started.elapsed();

        let launch_started = Instant::now();
        let port = free_port()?;
        let child = launch(binaries, dir.path(), &data, port, &run_as)?;
        cleanup::set_local_pid(dir.path(), child.id());
        let mut server = LocalServer {
            child,
            dir: Some(dir),
            port,
            binaries: binaries.clone(),
            timings: StartTimings {
                initdb,
                copy,
                launch: Duration::ZERO,
            },
        };
        server.wait_until_ready(&data)?;
        server.timings.launch = launch_started.elapsed();
        Ok(server)
    }

    /// Ready when `postmaster.pid`'s status line (the 8th) says `ready`: PostgreSQL writes it once
    /// it accepts connections.
    fn wait_until_ready(&mut self, data: &Path) -> Result<()> {
        let pid_file = data.join("postmaster.pid");
        let log_path = data
            .parent()
            .expect("data has a parent")
            .join("postgres.log");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(provider_error(format!(
                    "postgres {} exited ({status}) while starting:\n{log}",
                    self.binaries.version
                )));
            }
            if let Ok(text) = std::fs::read_to_string(&pid_file) {
                if text.lines().nth(7).is_some_and(|s| s.trim() == "ready") {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(provider_error(format!(
                    "postgres did not become ready within 60 s:\n{log}"
                )));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn binaries(&self) -> &Binaries {
        &self.binaries
    }

    pub fn config(&self) -> postgres::Config {
        let mut config = postgres::Config::new();
        config
            .host("127.0.0.1")
            .port(self.port)
            .user("postgres")
            .dbname("postgres");
        config
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let pid = self.child.id();
        stop_pid(pid);
        let _ = self.child.wait();
        if let Some(dir) = self.dir.take() {
            cleanup::unregister_local(dir.path());
            let _ = dir.close();
        }
    }
}

/// The floor a start is measured against: copy the template cluster of `binaries` (built if
/// missing) into a fresh directory on the same storage, launch `postgres` directly, and wait
/// until `select 1` answers. Returns that time; the server is stopped and removed afterwards.
pub fn measure_floor(binaries: &Binaries) -> Result<Duration> {
    let run_as = run_as()?;
    let scratch = scratch_dir();
    let template = template_cluster(binaries, &run_as, &scratch, &clusters_dir())?;
    let started = Instant::now();
    let dir = scratch_tempdir(&scratch)?;
    let data = dir.path().join("data");
    copy_tree(&template.path, &data)?;
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700))
        .map_err(Error::io(&data))?;
    if let Some(user) = &run_as {
        chown_tree(dir.path(), user)?;
    }
    let port = free_port()?;
    let mut child = launch(binaries, dir.path(), &data, port, &run_as)?;
    cleanup::set_local_pid(dir.path(), child.id());
    let url = format!("host=127.0.0.1 port={port} user=postgres dbname=postgres");
    let deadline = Instant::now() + Duration::from_secs(60);
    let result = loop {
        if let Ok(mut client) = postgres::Client::connect(&url, postgres::NoTls) {
            if client.simple_query("select 1").is_ok() {
                break Ok(started.elapsed());
            }
        }
        if Instant::now() > deadline {
            break Err(provider_error("the floor's server never answered".into()));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    stop_pid(child.id());
    let _ = child.wait();
    cleanup::unregister_local(dir.path());
    let _ = dir.close();
    result
}

fn launch(
    binaries: &Binaries,
    dir: &Path,
    data: &Path,
    port: u16,
    run_as: &Option<RunAs>,
) -> Result<Child> {
    let log_path = dir.join("postgres.log");
    let log = File::create(&log_path).map_err(Error::io(&log_path))?;
    let log_err = log.try_clone().map_err(Error::io(&log_path))?;
    if let Some(user) = run_as {
        chown(&log_path, user)?;
    }
    let mut postgres = Command::new(binaries.dir.join("postgres"));
    postgres
        .arg("-D")
        .arg(data)
        .arg("-p")
        .arg(port.to_string())
        .arg("-k")
        .arg(dir)
        .args(["-c", "listen_addresses=127.0.0.1"])
        // Durability is pointless for a database thrown away in seconds; speed is not.
        .args([
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            // Dynamic shared memory as files in the data directory, not /dev/shm: a killed
            // server's segments go with its directory.
            "-c",
            "dynamic_shared_memory_type=mmap",
        ])
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);
    as_user(&mut postgres, run_as).spawn().map_err(|e| {
        provider_error(format!(
            "cannot run {}: {e}",
            binaries.dir.join("postgres").display()
        ))
    })
}

/// A new temporary directory for a cluster, registered for cleanup before anything is in it,
/// with this process's id in `owner.pid` for the sweep.
pub(super) fn scratch_tempdir(scratch: &Path) -> Result<tempfile::TempDir> {
    std::fs::create_dir_all(scratch).map_err(Error::io(scratch))?;
    // The name carries its owner (host, pid, start time) for the registry's sweep.
    let prefix = format!(
        "{SCRATCH_PREFIX}{}-",
        crate::registry::Owner::current().token()
    );
    let dir = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(scratch)
        .map_err(Error::io(scratch))?;
    cleanup::register(cleanup::Resource::LocalServer {
        pid: None,
        dir: dir.path().to_path_buf(),
    });
    let owner = dir.path().join("owner.pid");
    std::fs::write(&owner, std::process::id().to_string()).map_err(Error::io(&owner))?;
    Ok(dir)
}

/// Removes the clusters of processes that died without cleaning up (killed, or a library user
/// that installed no exit hook): a `schema-verify-pg-*` directory whose `owner.pid` names a
/// process that is gone. A server still running from it is stopped first.
pub fn sweep_stale(scratch: &Path) {
    let Ok(entries) = std::fs::read_dir(scratch) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(SCRATCH_PREFIX) {
            continue;
        }
        let dir = entry.path();
        let owner = std::fs::read_to_string(dir.join("owner.pid"))
            .ok()
            .and_then(|p| p.trim().parse::<u32>().ok());
        let Some(owner) = owner else {
            continue; // not ours, or being created right now
        };
        if process_alive(owner) {
            continue;
        }
        let postmaster = std::fs::read_to_string(dir.join("data/postmaster.pid"))
            .ok()
            .and_then(|t| t.lines().next()?.trim().parse::<u32>().ok());
        if let Some(pid) = postmaster {
            // Only a postgres serving this very directory: the pid may have been reused.
            let serves_it = std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&*dir.to_string_lossy()));
            if serves_it {
                stop_pid(pid);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn process_alive(pid: u32) -> bool {
    // SAFETY: kill with signal 0 sends nothing; it only checks that the process exists. It takes
    // plain integers and touches no memory of ours.
    let result = unsafe { libc::kill(pid as libc::pid_t, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Fast shutdown (SIGINT: disconnect clients, stop), then SIGKILL if it lingers.
pub(crate) fn stop_pid(pid: u32) {
    let pid = pid as libc::pid_t;
    // SAFETY: kill takes plain integers and touches no memory of ours; a stale pid is at worst
    // an error return.
    if unsafe { libc::kill(pid, libc::SIGINT) } != 0 {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        // Reap it if it is our child; otherwise just probe whether it is still there.
        let mut status = 0;
        // SAFETY: `status` is a live, writable c_int for the duration of the call; WNOHANG makes
        // it return at once.
        let reaped = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        // SAFETY: as above, signal 0 only checks existence.
        if reaped == pid || unsafe { libc::kill(pid, 0) } != 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // SAFETY: as above.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}

pub(super) fn provider_error(message: String) -> Error {
    Error::Provider {
        provider: PROVIDER,
        message,
    }
}

/// Where the data directory goes: SCHEMA_VERIFY_TMPDIR, else /dev/shm when it is there (a
/// memory file system: a cluster is ~40 MB of small files, several times faster there), else the
/// system's temporary directory.
pub fn scratch_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SCHEMA_VERIFY_TMPDIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let shm = Path::new("/dev/shm");
    let writable = std::fs::metadata(shm).is_ok_and(|m| m.is_dir() && !m.permissions().readonly());
    if writable {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| provider_error(format!("no free port: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| provider_error(format!("no free port: {e}")))?
        .port();
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn the_sweep_removes_directories_of_dead_processes_only() {
        let scratch = tempfile::tempdir().unwrap();
        let dead = scratch.path().join(format!("{SCRATCH_PREFIX}dead"));
        let alive = scratch.path().join(format!("{SCRATCH_PREFIX}alive"));
        let foreign = scratch.path().join("someone-else");
        for dir in [&dead, &alive, &foreign] {
            std::fs::create_dir(dir).unwrap();
        }
        // A child that has exited and been reaped: its pid is free.
        let mut child = Command::new("true").spawn().unwrap();
        let dead_pid = child.id();
        child.wait().unwrap();
        std::fs::write(dead.join("owner.pid"), dead_pid.to_string()).unwrap();
        std::fs::write(alive.join("owner.pid"), std::process::id().to_string()).unwrap();
        std::fs::write(foreign.join("owner.pid"), dead_pid.to_string()).unwrap();
        sweep_stale(scratch.path());
        assert!(!dead.exists());
        assert!(alive.exists());
        assert!(foreign.exists());
    }
}
