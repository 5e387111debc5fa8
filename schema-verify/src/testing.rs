//! Test support: one server per test run, one database per test (sqlx's harness), so tests run
//! in parallel without sharing state. The provider comes from SCHEMA_VERIFY_PROVIDER
//! (`testcontainers`, `local`, `url`; default `auto`), SCHEMA_VERIFY_POSTGRES_IMAGE and
//! SCHEMA_VERIFY_PG_VERSION. The server lives in a static that is never dropped, so these helpers
//! opt into [`crate::cleanup::install_signal_handlers`]: it is stopped at exit and on Ctrl-C.

use std::sync::OnceLock;

use crate::server::{Database, Server, ServerOptions};

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

/// The server shared by every test of this process, started on first use and removed at exit.
///
/// Panics (failing the calling test) with the provider's error when no server can be had.
pub fn shared_server() -> &'static Server {
    let server = SERVER.get_or_init(|| {
        crate::cleanup::install_signal_handlers();
        // A thread of its own: the blocking testcontainers runner must not run inside an async
        // runtime a test may have entered.
        std::thread::spawn(|| {
            let options = ServerOptions::from_env().map_err(|e| e.to_string())?;
            let server = Server::start(&options).map_err(|e| e.to_string())?;
            eprintln!(
                "schema-verify tests: PostgreSQL from {} ({})",
                server.source(),
                server.description()
            );
            Ok(server)
        })
        .join()
        .unwrap_or_else(|_| Err("starting the server panicked".into()))
    });
    match server {
        Ok(server) => server,
        Err(message) => panic!("no PostgreSQL for the tests: {message}"),
    }
}

/// A fresh, empty database on the shared server, dropped when the value is.
pub fn test_database(prefix: &str) -> Database {
    shared_server()
        .create_database(prefix)
        .unwrap_or_else(|e| panic!("creating a test database: {e}"))
}

/// A fresh copy of `template` on the shared server.
pub fn test_database_from(prefix: &str, template: &str) -> Database {
    shared_server()
        .create_database_from(prefix, Some(template))
        .unwrap_or_else(|e| panic!("copying database {template}: {e}"))
}
