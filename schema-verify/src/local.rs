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

use std::ffi::CString;
use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::builds;
use crate::cleanup;
use crate::error::{Error, Result};

const PROVIDER: &str = "local binaries";

/// initdb's options (all of them known to PostgreSQL 13); part of the template's cache key.
const INITDB_ARGS: [&str; 5] = [
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
];

/// Where the temporary clusters go, and the prefix that marks them for the sweep.
const SCRATCH_PREFIX: &str = "schema-verify-pg-";

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

/// Where the template clusters are cached.
fn clusters_dir() -> PathBuf {
    builds::cache_root().join("clusters")
}

/// A template cluster and whether this call built it.
struct Template {
    path: PathBuf,
    built: bool,
}

/// The cached cluster for these binaries and initdb options: `<cache>/clusters/pg<major>-<key>`,
/// where the key hashes the binaries' directory, their full version and initdb's options.
/// Built on first use by `initdb` in the scratch directory, copied into the cache under a
/// temporary name and renamed into place, so a reader never sees half a cluster.
fn template_cluster(
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
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
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

/// Flushes a freshly written tree to disk before it is renamed into the cache.
fn sync_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                sync_tree(&path);
            } else if let Ok(file) = File::open(&path) {
                let _ = file.sync_all();
            }
        }
    }
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
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
fn scratch_tempdir(scratch: &Path) -> Result<tempfile::TempDir> {
    std::fs::create_dir_all(scratch).map_err(Error::io(scratch))?;
    let dir = tempfile::Builder::new()
        .prefix(SCRATCH_PREFIX)
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

fn provider_error(message: String) -> Error {
    Error::Provider {
        provider: PROVIDER,
        message,
    }
}

/// The user to run the server as when we are root.
struct RunAs {
    name: String,
    uid: u32,
    gid: u32,
}

pub(crate) fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions, cannot fail and touches no memory.
    unsafe { libc::geteuid() == 0 }
}

/// `None` when we are not root; else `postgres`, or `nobody` when there is no `postgres` user.
/// Creates no user. Says once per process which one it uses.
fn run_as() -> Result<Option<RunAs>> {
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

fn as_user<'a>(command: &'a mut Command, run_as: &Option<RunAs>) -> &'a mut Command {
    if let Some(user) = run_as {
        // std drops supplementary groups itself when root sets a uid.
        command.uid(user.uid).gid(user.gid);
        // initdb and postgres look for their config relative to HOME only for psqlrc-like files;
        // a root HOME they cannot read only causes noise.
        command.env("HOME", "/tmp");
    }
    command
}

fn chown(path: &Path, user: &RunAs) -> Result<()> {
    std::os::unix::fs::chown(path, Some(user.uid), Some(user.gid)).map_err(Error::io(path))
}

fn chown_tree(dir: &Path, user: &RunAs) -> Result<()> {
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
