//! Servers this process started, removed on the way out however it ends: Drop for the normal path
//! and panics, an exit hook for servers held in statics (one server per test run), and a Ctrl-C
//! handler.

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

pub(crate) fn register(resource: Resource) {
    INSTALL.call_once(|| {
        // Another handler may already be installed by the embedding program; its choice wins.
        let _ = ctrlc::set_handler(|| {
            eprintln!("interrupted: stopping the PostgreSQL servers this run started");
            clean_all();
            std::process::exit(130);
        });
        unsafe {
            libc::atexit(at_exit);
        }
    });
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

extern "C" fn at_exit() {
    clean_all();
}

fn clean_all() {
    let resources = std::mem::take(&mut *RESOURCES.lock().unwrap_or_else(|e| e.into_inner()));
    // Last registered first: databases before the servers they live on.
    for resource in resources.into_iter().rev() {
        match resource {
            Resource::LocalServer { pid, dir } => {
                if let Some(pid) = pid {
                    crate::local::stop_pid(pid);
                }
                let _ = std::fs::remove_dir_all(dir);
            }
            Resource::Container { id, socket } => {
                let _ = crate::docker::remove_container(&socket, &id);
            }
            Resource::Database { admin, name } => crate::server::drop_database(&admin, &name),
        }
    }
}
