//! The two requests made to the Docker engine directly, without a runtime: "is it there?" and
//! "remove this container" (from the exit hook, where testcontainers' async machinery is gone).

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::Duration;

/// The engine's socket: DOCKER_HOST when it names a unix socket, else the default.
pub(crate) fn socket_path() -> Option<PathBuf> {
    match std::env::var("DOCKER_HOST") {
        Ok(host) if host.starts_with("unix://") => Some(PathBuf::from(&host["unix://".len()..])),
        // A TCP engine: testcontainers talks to it itself; we cannot ping it here, assume it answers.
        Ok(host) if !host.is_empty() => None,
        _ => Some(PathBuf::from("/var/run/docker.sock")),
    }
}

pub(crate) fn request(socket: &PathBuf, method: &str, path: &str) -> std::io::Result<String> {
    let mut stream = UnixStream::connect(socket)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(stream, "{method} {path} HTTP/1.0\r\nHost: docker\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

/// Whether a Docker engine answers `GET /_ping`; `Err` says why not.
pub(crate) fn ping() -> Result<(), String> {
    if std::env::var("DOCKER_HOST").is_ok_and(|h| !h.is_empty() && !h.starts_with("unix://")) {
        return Ok(());
    }
    let socket = socket_path().expect("unix socket unless DOCKER_HOST is TCP");
    match request(&socket, "GET", "/_ping") {
        Ok(response)
            if response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200") =>
        {
            Ok(())
        }
        Ok(response) => Err(format!(
            "the Docker engine at {} answered `{}`",
            socket.display(),
            response.lines().next().unwrap_or("")
        )),
        Err(e) => Err(format!(
            "no Docker engine answers at {} ({e})",
            socket.display()
        )),
    }
}

pub(crate) fn remove_container(socket: &PathBuf, id: &str) -> std::io::Result<()> {
    request(
        socket,
        "DELETE",
        &format!("/containers/{id}?force=true&v=true"),
    )
    .map(|_| ())
}
