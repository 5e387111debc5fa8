//! Connecting with bounds: a timeout on the TCP connection and one on PostgreSQL's start-up
//! handshake, so an endpoint that is not PostgreSQL (an HTTP server, a listener that never
//! answers) fails naming its host and port instead of hanging. Nothing here bounds a statement:
//! a long backfill in a migration must not be killed half way.

use std::sync::Mutex;
use std::time::Duration;

use crate::error::{Error, Result};

/// How long connecting may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectTimeouts {
    /// Until the TCP connection is open (each host of the connection string).
    pub connect: Duration,
    /// From then until the server has said it is ready (authentication included).
    pub startup: Duration,
}

impl Default for ConnectTimeouts {
    fn default() -> Self {
        ConnectTimeouts {
            connect: Duration::from_secs(10),
            startup: Duration::from_secs(10),
        }
    }
}

static TIMEOUTS: Mutex<Option<ConnectTimeouts>> = Mutex::new(None);

/// Sets the timeouts of every connection this process opens from now on (the CLI's
/// `--connect-timeout` and `--startup-timeout`).
pub fn set_timeouts(timeouts: ConnectTimeouts) {
    *TIMEOUTS.lock().unwrap_or_else(|e| e.into_inner()) = Some(timeouts);
}

pub fn timeouts() -> ConnectTimeouts {
    TIMEOUTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or_default()
}

/// Connects within [`timeouts`]; a failure names `location` (never a password) and what to
/// check. A connection still stuck in its handshake when the time is up is abandoned on its
/// thread (it ends with the process).
pub fn connect(config: &postgres::Config, location: &str) -> Result<postgres::Client> {
    connect_within(config, location, timeouts())
}

/// [`connect`] with explicit timeouts.
pub fn connect_within(
    config: &postgres::Config,
    location: &str,
    timeouts: ConnectTimeouts,
) -> Result<postgres::Client> {
    let mut config = config.clone();
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(timeouts.connect);
    }
    let limit = *config.get_connect_timeout().unwrap_or(&timeouts.connect) + timeouts.startup;
    let (sender, receiver) = std::sync::mpsc::channel();
    let attempt = config.clone();
    std::thread::Builder::new()
        .name("schema-verify-connect".into())
        .spawn(move || {
            let _ = sender.send(attempt.connect(postgres::NoTls));
        })
        .map_err(Error::io("spawning the connection thread"))?;
    match receiver.recv_timeout(limit) {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(error)) => Err(Error::Connect {
            location: location.to_string(),
            error,
        }),
        Err(_) => Err(Error::ConnectTimeout {
            location: location.to_string(),
            endpoint: endpoints(&config),
            seconds: limit.as_secs_f64(),
        }),
    }
}

/// `host:port` of each TCP host, or the socket directory.
fn endpoints(config: &postgres::Config) -> String {
    let ports = config.get_ports();
    config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            match host {
                postgres::config::Host::Tcp(name) => format!("{name}:{port}"),
                postgres::config::Host::Unix(path) => format!("{} port {port}", path.display()),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    fn short() -> postgres::Config {
        let mut config = postgres::Config::new();
        config.user("app").dbname("app");
        config
    }

    /// A listener that accepts and never says a word: without a start-up timeout the client
    /// waits forever.
    #[test]
    fn a_listener_that_never_answers_fails_naming_host_and_port() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                held.push(stream);
            }
        });
        let timeouts = ConnectTimeouts {
            connect: Duration::from_secs(5),
            startup: Duration::from_millis(300),
        };
        let mut config = short();
        config.host("127.0.0.1").port(port);
        let message = connect_within(&config, "postgres://app@127.0.0.1/app", timeouts)
            .err()
            .expect("nothing answers")
            .to_string();
        assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
        assert!(message.contains("--startup-timeout"), "{message}");
    }

    /// An HTTP server answers the start-up packet with its own protocol, then closes.
    #[test]
    fn an_http_server_fails_naming_where() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut buffer = [0u8; 512];
                let _ = stream.read(&mut buffer);
                let _ = stream.write_all(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        });
        let mut config = short();
        config.host("127.0.0.1").port(port);
        let message = connect(&config, &format!("postgres://app@127.0.0.1:{port}/app"))
            .err()
            .expect("not PostgreSQL")
            .to_string();
        assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    }
}
