//! Servers and databases this process started, removed on the way out.
//!
//! The library itself never takes over the process: Drop removes what it started on the normal
//! path and on panics, and a cluster left behind by a process that died anyway is swept at the
//! next local start ([`crate::local::sweep_stale`]). A program that holds servers in statics
//! (one server per test run) or wants Ctrl-C to clean up opts in with
//! [`install_signal_handlers`]: the CLI calls it first thing, and so do
//! [`crate::testing`]'s helpers.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

#[derive(Debug, Clone)]
pub(crate) enum Resource {
    /// A temporary cluster directory, and the `postgres` process serving it once spawned.
    LocalServer { pid: Option<u32>, dir: PathBuf },
    /// A container started through the Docker engine at `socket`.
    Container { id: String, socket: PathBuf },
    /// A database kept for the whole run (a migrated template), dropped at exit.
    Database {
        admin: Box<postgres::Config>,
        name: String,
    },
}

static RESOURCES: Mutex<Vec<Resource>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

/// Opt-in, process-wide: a Ctrl-C / SIGTERM handler and an exit hook that stop the PostgreSQL
/// servers, containers and kept databases this process started, including those held in statics
/// that are never dropped. Call it once at the start of a program (more calls do nothing). When
/// the program already has a Ctrl-C handler, that one is kept and only the exit hook is added.
pub fn install_signal_handlers() {
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            eprintln!("interrupted: stopping the PostgreSQL servers this run started");
            clean_all();
            std::process::exit(130);
        });
        #[cfg(unix)]
        // SAFETY: atexit only stores the function pointer. `at_exit` is a plain `extern "C" fn()`
        // that lives as long as the process; it cannot unwind into C (a panic in an `extern "C"`
        // function aborts), and what it does (lock a mutex, send signals, remove files, drop
        // databases) is allowed while the process exits.
        unsafe {
            libc::atexit(at_exit);
        }
    });
}

pub(crate) fn register(resource: Resource) {
    RESOURCES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(resource);
}

/// Records the server process serving a registered directory.
pub(crate) fn set_local_pid(dir: &Path, pid: u32) {
    for resource in RESOURCES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter_mut()
    {
        if let Resource::LocalServer { pid: p, dir: d } = resource {
            if d == dir {
                *p = Some(pid);
            }
        }
    }
}

pub(crate) fn unregister_local(dir: &Path) {
    RESOURCES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|r| !matches!(r, Resource::LocalServer { dir: d, .. } if d == dir));
}

pub(crate) fn unregister_container(container_id: &str) {
    RESOURCES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|r| !matches!(r, Resource::Container { id, .. } if id == container_id));
}

pub(crate) fn unregister_database(database: &str) {
    RESOURCES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|r| !matches!(r, Resource::Database { name, .. } if name == database));
}

#[cfg(unix)]
extern "C" fn at_exit() {
    clean_all();
}

fn clean_all() {
    let resources = std::mem::take(&mut *RESOURCES.lock().unwrap_or_else(|e| e.into_inner()));
    // Last registered first: databases before the servers they live on.
    for resource in resources.into_iter().rev() {
        match resource {
            Resource::LocalServer { pid, dir } => {
                #[cfg(unix)]
                if let Some(pid) = pid {
                    crate::local::stop_pid(pid);
                }
                #[cfg(not(unix))]
                let _ = pid;
                let _ = std::fs::remove_dir_all(dir);
            }
            Resource::Container { id, socket } => {
                #[cfg(unix)]
                let _ = crate::docker::remove_container(&socket, &id);
                #[cfg(not(unix))]
                let _ = (id, socket);
            }
            Resource::Database { admin, name } => crate::server::drop_database(&admin, &name),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use crate::local::{Binaries, BinaryRequest};

    /// A library call takes no process-wide handler: the program's own Ctrl-C handler can still
    /// be set after a server was started (ctrlc refuses a second handler).
    #[test]
    fn starting_a_server_installs_no_signal_handler() {
        let binaries = Binaries::find_or_fetch(&BinaryRequest::default()).expect("PostgreSQL");
        let server = crate::Server::start_local_with(&binaries).expect("a local server");
        server.connect_admin().expect("the server answers");
        assert!(
            ctrlc::set_handler(|| {}).is_ok(),
            "starting a server installed a Ctrl-C handler"
        );
    }
}
