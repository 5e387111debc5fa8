//! PostgreSQL from the machine's own binaries: `initdb` into a temporary directory, `postgres` on a
//! free port, as the `postgres` user when we are root (the server refuses to run as root). The
//! directory and the process are removed on drop, on Ctrl-C and at exit.

use std::ffi::CString;
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cleanup;
use crate::error::{Error, Result};

const PROVIDER: &str = "local binaries";

pub struct LocalServer {
    child: Child,
    dir: Option<tempfile::TempDir>,
    port: u16,
    /// How long `initdb` and then the server's own start took (for the benchmark's floor).
    pub initdb_time: Duration,
    pub postgres_start_time: Duration,
}

/// The user to run the server as: `None` when we are not root.
struct RunAs {
    uid: u32,
    gid: u32,
}

impl LocalServer {
    /// Where `initdb` and `postgres` are: next to `initdb` on PATH, else Debian's and the usual
    /// install locations.
    pub fn find_bin_dir() -> Result<PathBuf, String> {
        let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
            .map(|path| std::env::split_paths(&path).collect())
            .unwrap_or_default();
        if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
            let mut versions: Vec<PathBuf> =
                entries.flatten().map(|e| e.path().join("bin")).collect();
            versions.sort();
            candidates.extend(versions.into_iter().rev());
        }
        candidates.push("/usr/local/pgsql/bin".into());
        for dir in candidates {
            let initdb = dir.join("initdb");
            if initdb.is_file() && dir.join("postgres").is_file() {
                // Follow a symlink on PATH (Debian's /usr/local/bin/initdb) to the real bin dir, so
                // initdb finds its share/ files and the matching postgres.
                let real = std::fs::canonicalize(&initdb).unwrap_or(initdb);
                return Ok(real.parent().map(Path::to_path_buf).unwrap_or(dir));
            }
        }
        Err("no `initdb` and `postgres` on PATH or under /usr/lib/postgresql/*/bin".into())
    }

    pub fn start() -> Result<LocalServer> {
        let bin = Self::find_bin_dir().map_err(|message| Error::Provider {
            provider: PROVIDER,
            message,
        })?;
        let run_as = run_as()?;
        let scratch = scratch_dir();
        // What killed runs left here goes first; this run's directory carries its owner.
        crate::registry::sweep_clusters(&scratch);
        let prefix = format!(
            "{}{}-",
            crate::registry::CLUSTER_PREFIX,
            crate::registry::Owner::current().token()
        );
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&scratch)
            .map_err(Error::io(&scratch))?;
        // Registered before initdb, so an interrupt from here on removes the directory.
        cleanup::register(cleanup::Resource::LocalServer {
            pid: None,
            dir: dir.path().to_path_buf(),
        });
        let data = dir.path().join("data");
        if let Some(user) = &run_as {
            chown(dir.path(), user)?;
        }

        let initdb_started = Instant::now();
        let mut initdb = Command::new(bin.join("initdb"));
        initdb
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            ])
            // A throwaway cluster: nothing to keep safe from a power cut.
            .args(["--no-sync", "--no-instructions"]);
        let output = as_user(&mut initdb, &run_as).output().map_err(|e| {
            provider_error(format!("cannot run {}: {e}", bin.join("initdb").display()))
        })?;
        if !output.status.success() {
            return Err(provider_error(format!(
                "initdb failed ({}):\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )));
        }

        let initdb_time = initdb_started.elapsed();
        let postgres_started = Instant::now();
        let port = free_port()?;
        let log_path = dir.path().join("postgres.log");
        let log = File::create(&log_path).map_err(Error::io(&log_path))?;
        let log_err = log.try_clone().map_err(Error::io(&log_path))?;
        let mut postgres = Command::new(bin.join("postgres"));
        postgres
            .arg("-D")
            .arg(&data)
            .arg("-p")
            .arg(port.to_string())
            .arg("-k")
            .arg(dir.path())
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
        let child = as_user(&mut postgres, &run_as).spawn().map_err(|e| {
            provider_error(format!(
                "cannot run {}: {e}",
                bin.join("postgres").display()
            ))
        })?;
        cleanup::set_local_pid(dir.path(), child.id());
        let mut server = LocalServer {
            child,
            dir: Some(dir),
            port,
            initdb_time,
            postgres_start_time: Duration::ZERO,
        };
        server.wait_until_ready(&log_path)?;
        server.postgres_start_time = postgres_started.elapsed();
        Ok(server)
    }

    fn wait_until_ready(&mut self, log_path: &Path) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(log_path).unwrap_or_default();
                return Err(provider_error(format!(
                    "postgres exited ({status}) while starting:\n{log}"
                )));
            }
            if postgres::Client::connect(
                &format!(
                    "host=127.0.0.1 port={} user=postgres dbname=postgres connect_timeout=1",
                    self.port
                ),
                postgres::NoTls,
            )
            .is_ok()
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(log_path).unwrap_or_default();
                return Err(provider_error(format!(
                    "postgres did not accept connections within 60 s:\n{log}"
                )));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn port(&self) -> u16 {
        self.port
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

/// Fast shutdown (SIGINT: disconnect clients, stop), then SIGKILL if it lingers.
pub(crate) fn stop_pid(pid: u32) {
    let pid = pid as libc::pid_t;
    unsafe {
        if libc::kill(pid, libc::SIGINT) != 0 {
            return;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        // Reap it if it is our child; otherwise just probe whether it is still there.
        let mut status = 0;
        let reaped = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if reaped == pid || unsafe { libc::kill(pid, 0) } != 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
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

fn run_as() -> Result<Option<RunAs>> {
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let name = CString::new("postgres").expect("no NUL");
    let entry = unsafe { libc::getpwnam(name.as_ptr()) };
    if entry.is_null() {
        return Err(provider_error(
            "running as root, and PostgreSQL refuses to run as root, but there is no `postgres` user \
             to run it as: create one (`useradd --system postgres`) or run as another user"
                .into(),
        ));
    }
    let (uid, gid) = unsafe { ((*entry).pw_uid, (*entry).pw_gid) };
    Ok(Some(RunAs { uid, gid }))
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

/// Where the data directory goes: SCHEMA_VERIFY_TMPDIR, else /dev/shm when it is there (a
/// memory file system: initdb writes ~40 MB of small files, several times faster there), else the
/// system's temporary directory.
fn scratch_dir() -> PathBuf {
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
