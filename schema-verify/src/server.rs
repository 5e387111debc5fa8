//! Where PostgreSQL comes from: a container (testcontainers), the machine's binaries, or an
//! existing server named by a URL; and throwaway databases on it.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use testcontainers_modules::postgres::Postgres;
use testcontainers_modules::testcontainers::core::Mount;
use testcontainers_modules::testcontainers::runners::SyncRunner;
use testcontainers_modules::testcontainers::{Container, ImageExt};

use crate::cleanup;
use crate::error::{Error, Result};
use crate::local::LocalServer;

/// The official image, at the major version the project targets.
pub const DEFAULT_IMAGE: &str = "postgres:15";

/// Where the container's cluster lives: a tmpfs mounted at a path images do not have.
const CONTAINER_TMPFS: &str = "/var/lib/postgresql/tmpfs";

/// Which provider to use. `Auto` tries testcontainers, local binaries, then `DATABASE_URL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProviderChoice {
    #[default]
    Auto,
    Testcontainers,
    Local,
    Url,
}

impl std::str::FromStr for ProviderChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(ProviderChoice::Auto),
            "testcontainers" | "docker" | "container" => Ok(ProviderChoice::Testcontainers),
            "local" => Ok(ProviderChoice::Local),
            "url" => Ok(ProviderChoice::Url),
            other => Err(format!(
                "unknown provider `{other}`: expected auto, testcontainers, local or url"
            )),
        }
    }
}

/// The provider that actually served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    Testcontainers,
    Local,
    Url,
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProviderKind::Testcontainers => "testcontainers",
            ProviderKind::Local => "local binaries",
            ProviderKind::Url => "DATABASE_URL",
        })
    }
}

/// How to get a server. `from_env` reads SCHEMA_VERIFY_PROVIDER, SCHEMA_VERIFY_POSTGRES_IMAGE and
/// DATABASE_URL; command-line flags override field by field.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    pub provider: ProviderChoice,
    /// `name:tag`; `None` means SCHEMA_VERIFY_POSTGRES_IMAGE, else [`DEFAULT_IMAGE`].
    pub image: Option<String>,
    pub database_url: Option<String>,
}

impl ServerOptions {
    pub fn from_env() -> Result<ServerOptions> {
        let provider = match std::env::var("SCHEMA_VERIFY_PROVIDER") {
            Ok(p) if !p.is_empty() => p.parse().map_err(|message| Error::Provider {
                provider: "SCHEMA_VERIFY_PROVIDER",
                message,
            })?,
            _ => ProviderChoice::Auto,
        };
        Ok(ServerOptions {
            provider,
            image: env_nonempty("SCHEMA_VERIFY_POSTGRES_IMAGE"),
            database_url: env_nonempty("DATABASE_URL"),
        })
    }

    fn image(&self) -> String {
        self.image
            .clone()
            .or_else(|| env_nonempty("SCHEMA_VERIFY_POSTGRES_IMAGE"))
            .unwrap_or_else(|| DEFAULT_IMAGE.to_string())
    }
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// What keeps the server alive; dropping it stops the server.
enum Backend {
    Container(Box<Container<Postgres>>),
    Local { _server: LocalServer },
    External,
}

/// A running PostgreSQL server, and how to reach its maintenance database as a superuser (or,
/// for `DATABASE_URL`, as whoever the URL names).
pub struct Server {
    kind: ProviderKind,
    admin: postgres::Config,
    description: String,
    backend: Backend,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("kind", &self.kind)
            .field("at", &self.description)
            .finish()
    }
}

impl Server {
    /// Starts (or connects to) a server as `options` say. `Auto` says on stderr which it used.
    pub fn start(options: &ServerOptions) -> Result<Server> {
        match options.provider {
            ProviderChoice::Testcontainers => Self::start_container(&options.image()),
            ProviderChoice::Local => Self::start_local(),
            ProviderChoice::Url => match &options.database_url {
                Some(url) => Self::connect_url(url),
                None => Err(Error::Provider {
                    provider: "url",
                    message: "no DATABASE_URL set and no --database-url given".into(),
                }),
            },
            ProviderChoice::Auto => Self::start_auto(options),
        }
    }

    fn start_auto(options: &ServerOptions) -> Result<Server> {
        let mut tried = Vec::new();
        match crate::docker::ping() {
            Ok(()) => match Self::start_container(&options.image()) {
                Ok(server) => return Ok(server),
                Err(e) => tried.push(format!("  {e}")),
            },
            Err(why) => tried.push(format!("  testcontainers: {why}")),
        }
        match LocalServer::find_bin_dir() {
            Ok(_) => match Self::start_local() {
                Ok(server) => {
                    note_fallback(&tried, &server);
                    return Ok(server);
                }
                Err(e) => tried.push(format!("  {e}")),
            },
            Err(why) => tried.push(format!("  local binaries: {why}")),
        }
        match &options.database_url {
            Some(url) => {
                let server = Self::connect_url(url)?;
                note_fallback(&tried, &server);
                Ok(server)
            }
            None => {
                tried.push("  DATABASE_URL: not set".into());
                Err(Error::NoServer {
                    tried: tried.join("\n"),
                })
            }
        }
    }

    pub fn start_container(image: &str) -> Result<Server> {
        let (name, tag) = split_image(image);
        let request = Postgres::default()
            // No password: SCRAM's 4096 PBKDF2 rounds per connection are slow in debug builds, and
            // tests open hundreds of connections to this throwaway server.
            .with_host_auth()
            .with_name(name)
            .with_tag(tag)
            // The cluster in memory: on the container's overlay file system every CREATE DATABASE
            // takes ~350 ms, on tmpfs ~40 ms (one database per test). The mount point must not
            // exist in the image, or Docker gives the tmpfs that directory's mode and owner.
            .with_mount(Mount::tmpfs_mount(CONTAINER_TMPFS))
            .with_env_var("PGDATA", format!("{CONTAINER_TMPFS}/data"))
            // initdb's final fsync is most of a container's start; the data is thrown away.
            .with_env_var("POSTGRES_INITDB_ARGS", "--no-sync")
            .with_startup_timeout(Duration::from_secs(120));
        let container = request.start().map_err(|e| Error::Provider {
            provider: "testcontainers",
            message: format!(
                "cannot start image `{image}`: {e}\n(offline? build a local image with \
                 `bash .ci/postgres-image/build.sh` and set SCHEMA_VERIFY_POSTGRES_IMAGE=schema-verify-postgres:15)"
            ),
        })?;
        if let Some(socket) = crate::docker::socket_path() {
            cleanup::register(cleanup::Resource::Container {
                id: container.id().to_string(),
                socket,
            });
        }
        let provider_error =
            |e: testcontainers_modules::testcontainers::TestcontainersError| Error::Provider {
                provider: "testcontainers",
                message: e.to_string(),
            };
        let host = container.get_host().map_err(provider_error)?.to_string();
        let port = container.get_host_port_ipv4(5432).map_err(provider_error)?;
        let mut admin = postgres::Config::new();
        admin
            .host(&host)
            .port(port)
            .user("postgres")
            .dbname("postgres");
        Ok(Server {
            kind: ProviderKind::Testcontainers,
            admin,
            description: format!(
                "container {} from {image} at {host}:{port}",
                &container.id()[..12]
            ),
            backend: Backend::Container(Box::new(container)),
        })
    }

    pub fn start_local() -> Result<Server> {
        let local = LocalServer::start()?;
        Ok(Server {
            kind: ProviderKind::Local,
            admin: local.config(),
            description: format!("local binaries on 127.0.0.1:{}", local.port()),
            backend: Backend::Local { _server: local },
        })
    }

    pub fn connect_url(url: &str) -> Result<Server> {
        let admin: postgres::Config = url.parse().map_err(|e| Error::Provider {
            provider: "DATABASE_URL",
            message: format!("cannot parse {}: {e}", redact(url)),
        })?;
        Ok(Server {
            kind: ProviderKind::Url,
            description: format!("DATABASE_URL {}", redact(url)),
            admin,
            backend: Backend::External,
        })
    }

    pub fn kind(&self) -> ProviderKind {
        self.kind
    }

    /// Where the server is, for people: never includes a password.
    pub fn description(&self) -> &str {
        &self.description
    }

    pub fn admin_config(&self) -> &postgres::Config {
        &self.admin
    }

    pub fn connect_admin(&self) -> Result<postgres::Client> {
        self.admin
            .connect(postgres::NoTls)
            .map_err(Error::pg(format!("connecting to {}", self.description)))
    }

    /// The database to verify in. On a server this run started, its own `postgres` database: the
    /// whole server is thrown away, and CREATE DATABASE costs a few hundred milliseconds in a
    /// container. On a server named by DATABASE_URL, a throwaway database.
    pub fn scratch_database(&self) -> Result<Database> {
        match self.backend {
            Backend::External => self.create_database("schema_verify"),
            Backend::Container(_) | Backend::Local { .. } => Ok(Database {
                name: self.admin.get_dbname().unwrap_or("postgres").to_string(),
                config: self.admin.clone(),
                admin: None,
            }),
        }
    }

    /// Creates an empty database with a fresh name (`{prefix}_{pid}_{n}`), dropped when the
    /// returned value is dropped.
    pub fn create_database(&self, prefix: &str) -> Result<Database> {
        self.create_database_from(prefix, None)
    }

    /// Like [`Server::create_database`], copying `template` (one server per test run, one
    /// database per test: migrate once, copy per test).
    pub fn create_database_from(&self, prefix: &str, template: Option<&str>) -> Result<Database> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "{prefix}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = self.connect_admin()?;
        let sql = match template {
            Some(t) => format!(
                "CREATE DATABASE {} TEMPLATE {}",
                quote_ident(&name),
                quote_ident(t)
            ),
            None => format!("CREATE DATABASE {}", quote_ident(&name)),
        };
        admin.batch_execute(&sql).map_err(Error::pg(format!(
            "creating database {name} on {}",
            self.description
        )))?;
        let mut config = self.admin.clone();
        config.dbname(&name);
        Ok(Database {
            name,
            config,
            admin: Some(self.admin.clone()),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The container's and the local server's own Drop stop them; the exit hook need not.
        if let Backend::Container(container) = &self.backend {
            cleanup::unregister_container(container.id());
        }
    }
}

/// A database: its name and how to connect. Throwaway databases drop themselves.
pub struct Database {
    name: String,
    config: postgres::Config,
    /// Set for throwaway databases: where to connect to drop it.
    admin: Option<postgres::Config>,
}

impl Database {
    /// An existing database (`--in-place`); never dropped.
    pub fn existing(url: &str) -> Result<Database> {
        let config: postgres::Config = url.parse().map_err(|e| Error::Provider {
            provider: "DATABASE_URL",
            message: format!("cannot parse {}: {e}", redact(url)),
        })?;
        Ok(Database {
            name: config.get_dbname().unwrap_or("postgres").to_string(),
            config,
            admin: None,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn config(&self) -> &postgres::Config {
        &self.config
    }

    pub fn connect(&self) -> Result<postgres::Client> {
        self.config
            .connect(postgres::NoTls)
            .map_err(Error::pg(format!("connecting to database {}", self.name)))
    }

    /// A connection whose transactions are read-only: for drift checks against production.
    pub fn connect_read_only(&self) -> Result<postgres::Client> {
        let mut config = self.config.clone();
        config.options("-c default_transaction_read_only=on");
        config
            .connect(postgres::NoTls)
            .map_err(Error::pg(format!("connecting to database {}", self.name)))
    }
}

impl Database {
    /// Keeps a throwaway database until the process exits (a template shared by the tests of a
    /// run, held in a static that is never dropped), then drops it. Returns its name.
    pub fn keep_until_exit(mut self) -> String {
        if let Some(admin) = self.admin.take() {
            cleanup::register(cleanup::Resource::Database {
                admin: Box::new(admin),
                name: self.name.clone(),
            });
        }
        self.name.clone()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some(admin) = &self.admin {
            drop_database(admin, &self.name);
        }
    }
}

pub(crate) fn drop_database(admin: &postgres::Config, name: &str) {
    if let Ok(mut client) = admin.connect(postgres::NoTls) {
        let _ = client.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(name)
        ));
    }
}

fn note_fallback(tried: &[String], server: &Server) {
    eprintln!(
        "schema-verify: using {} ({}); not available:\n{}",
        server.kind,
        server.description,
        tried.join("\n")
    );
}

/// `name:tag`, where a `:` before the last `/` belongs to a registry host.
fn split_image(image: &str) -> (&str, &str) {
    match image.rfind(':') {
        Some(i) if !image[i..].contains('/') => (&image[..i], &image[i + 1..]),
        _ => (image, "latest"),
    }
}

pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A connection string with its password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    // URL form: scheme://user:password@host/...
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            if let Some(colon) = rest[..at].find(':') {
                return format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &rest[..colon],
                    &rest[at..]
                );
            }
        }
        return url.to_string();
    }
    // key=value form.
    url.split_whitespace()
        .map(|part| {
            if part.starts_with("password=") {
                "password=***"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_in_both_forms() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/prod"),
            "postgres://app:***@db:5432/prod"
        );
        assert_eq!(redact("postgres://app@db/prod"), "postgres://app@db/prod");
        assert_eq!(
            redact("host=db password=s3cret user=app"),
            "host=db password=*** user=app"
        );
    }

    #[test]
    fn splits_image_names() {
        assert_eq!(split_image("postgres:15"), ("postgres", "15"));
        assert_eq!(
            split_image("registry:5000/pg"),
            ("registry:5000/pg", "latest")
        );
        assert_eq!(
            split_image("registry:5000/pg:16"),
            ("registry:5000/pg", "16")
        );
    }
}
