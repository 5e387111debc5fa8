//! Leftovers of runs that were killed, swept at the next start (sqlx's test harness does the
//! same for its test databases). Whatever a run creates carries its owner in its name: host,
//! pid and process start time, as `h{host}p{pid}s{start}`. A temporary cluster is the
//! directory `schema-verify-pg-{owner}-…` under the scratch root, a scratch database on a
//! user's server is `{prefix}_{owner}_{n}`, a container carries the label
//! `schema-verify.owner={owner}`. At the next start, what belongs to an owner of this
//! host that is gone (no such pid, or a pid reused by a later process) is removed: its server
//! stopped, its directory deleted (its shared memory with it: the clusters keep their dynamic
//! shared memory in the data directory, and the System V segment named in `postmaster.pid` is
//! removed once unattached), its database dropped, its container removed. Another host's never is: we cannot know
//! whether its owner lives.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Name prefix of the temporary cluster directories.
pub const CLUSTER_PREFIX: &str = "schema-verify-pg-";

/// The label of the containers a run starts; its value is the owner's token.
pub const CONTAINER_LABEL: &str = "schema-verify.owner";

/// Who created something: a process of a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The host's name, hashed to 8 hex digits (names must stay short).
    pub host: String,
    pub pid: u32,
    /// The process start time, in clock ticks since boot (`/proc/<pid>/stat`, field 22): a pid
    /// reused by a later process has another.
    pub start: u64,
}

impl Owner {
    /// This process.
    pub fn current() -> Owner {
        let pid = std::process::id();
        Owner {
            host: host_hash(),
            pid,
            start: start_time(pid).unwrap_or(0),
        }
    }

    /// `h{host}p{pid}s{start}`.
    pub fn token(&self) -> String {
        format!("h{}p{}s{}", self.host, self.pid, self.start)
    }

    /// Finds an owner token in `name` (the first `h<8 hex>p<digits>s<digits>`).
    pub fn find_in(name: &str) -> Option<Owner> {
        let bytes = name.as_bytes();
        (0..bytes.len()).find_map(|i| {
            let rest = name.get(i..)?.strip_prefix('h')?;
            let host = rest.get(..8)?;
            if !host
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            {
                return None;
            }
            let rest = rest[8..].strip_prefix('p')?;
            let pid_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let pid = rest[..pid_len].parse().ok()?;
            let rest = rest[pid_len..].strip_prefix('s')?;
            let start_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let start = rest[..start_len].parse().ok()?;
            Some(Owner {
                host: host.to_string(),
                pid,
                start,
            })
        })
    }

    /// Whether this owner is of another host, or still running here. Only an owner of this
    /// host known to be gone is not.
    pub fn may_be_alive(&self) -> bool {
        if self.host != host_hash() {
            return true;
        }
        start_time(self.pid) == Some(self.start)
    }
}

fn host_hash() -> String {
    use sha2::{Digest, Sha256};
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default();
    let digest = Sha256::digest(name.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// A process's start time in clock ticks since boot; `None` when there is no such process.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold blanks: count from after it.
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(19)?.parse().ok()
}

/// Removes the clusters under `root` whose owner is gone: stops what still runs on them (their
/// server, an initdb), removes their shared memory and their directory. Returns what it removed.
pub fn sweep_clusters(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut dead: Vec<(PathBuf, String)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let owner = Owner::find_in(name.strip_prefix(CLUSTER_PREFIX)?)?;
            (!owner.may_be_alive()).then(|| (entry.path(), name))
        })
        .collect();
    // A server whose directory is already gone (killed between its start and its record) is
    // found by its command line, which names the directory.
    let mut orphans: Vec<(PathBuf, String)> = Vec::new();
    for (_, cmdline) in processes_mentioning(CLUSTER_PREFIX) {
        for word in cmdline {
            let Some(at) = word.find(CLUSTER_PREFIX) else {
                continue;
            };
            let name: String = word[at..].split('/').next().unwrap_or("").to_string();
            let dir = Path::new(&word[..at]).join(&name);
            if dir.parent() != Some(root) {
                continue;
            }
            let Some(owner) = name.strip_prefix(CLUSTER_PREFIX).and_then(Owner::find_in) else {
                continue;
            };
            if !owner.may_be_alive() && !dead.iter().any(|(_, n)| *n == name) {
                orphans.push((dir, name));
            }
        }
    }
    dead.extend(orphans);
    dead.sort();
    dead.dedup();
    for (dir, name) in &dead {
        stop_processes_of(name);
        remove_system_v_segment(&dir.join("data"));
        let _ = std::fs::remove_dir_all(dir);
    }
    dead.into_iter().map(|(dir, _)| dir).collect()
}

/// Processes whose command line mentions `needle`, with their arguments.
fn processes_mentioning(needle: &str) -> Vec<(i32, Vec<String>)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid: i32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let words: Vec<String> = cmdline
                .split(|b| *b == 0)
                .map(|w| String::from_utf8_lossy(w).into_owned())
                .collect();
            words
                .iter()
                .any(|w| w.contains(needle))
                .then_some((pid, words))
        })
        .collect()
}

/// Stops every process working on the cluster `name`: a fast shutdown for its server (which
/// removes its own shared memory), then SIGKILL for anything left.
fn stop_processes_of(name: &str) {
    let signal_all = |signal: i32| {
        let pids: Vec<i32> = processes_mentioning(name)
            .into_iter()
            .map(|(pid, _)| pid)
            .collect();
        for pid in &pids {
            unsafe {
                libc::kill(*pid, signal);
            }
        }
        pids
    };
    if signal_all(libc::SIGINT).is_empty() {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if processes_mentioning(name).is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    signal_all(libc::SIGKILL);
}

/// The System V segment a killed server leaves (its key and id are line 7 of
/// `postmaster.pid`), removed once nothing is attached to it.
fn remove_system_v_segment(data: &Path) {
    let Ok(pid_file) = std::fs::read_to_string(data.join("postmaster.pid")) else {
        return;
    };
    let Some(id) = pid_file
        .lines()
        .nth(6)
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|id| id.parse::<i32>().ok())
    else {
        return;
    };
    unsafe {
        let mut info: libc::shmid_ds = std::mem::zeroed();
        if libc::shmctl(id, libc::IPC_STAT, &mut info) == 0 && info.shm_nattch == 0 {
            libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut());
        }
    }
}

/// A scratch database name for `prefix`, carrying this process as its owner; at most 63 bytes.
pub fn database_name(prefix: &str, n: u32) -> String {
    let suffix = format!("_{}_{n}", Owner::current().token());
    let keep = 63usize.saturating_sub(suffix.len()).min(prefix.len());
    let mut cut = keep;
    while !prefix.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", &prefix[..cut])
}

/// Drops the scratch databases on `client`'s server whose owner, on this host, is gone.
/// Databases of other hosts, of live processes, and any other database are left alone.
pub fn sweep_databases(client: &mut postgres::Client) -> Vec<String> {
    let Ok(rows) = client.query(
        "SELECT datname::text FROM pg_database \
         WHERE datname ~ '_h[0-9a-f]{8}p[0-9]+s[0-9]+_[0-9]+$' AND NOT datistemplate",
        &[],
    ) else {
        return Vec::new();
    };
    let mut dropped = Vec::new();
    for row in rows {
        let name: String = row.get(0);
        let Some(owner) = Owner::find_in(&name) else {
            continue;
        };
        if owner.may_be_alive() {
            continue;
        }
        let sql = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            crate::server::quote_ident(&name)
        );
        if client.batch_execute(&sql).is_ok() {
            dropped.push(name);
        }
    }
    dropped
}

/// Removes the containers of the Docker engine labelled [`CONTAINER_LABEL`] whose owner, on
/// this host, is gone. Returns their ids. Without an engine on a unix socket, nothing.
pub fn sweep_containers() -> Vec<String> {
    let Some(socket) = crate::docker::socket_path() else {
        return Vec::new();
    };
    // filters={"label":["schema-verify.owner"]}, percent-encoded.
    let path =
        format!("/containers/json?all=1&filters=%7B%22label%22%3A%5B%22{CONTAINER_LABEL}%22%5D%7D");
    let Ok(response) = crate::docker::request(&socket, "GET", &path) else {
        return Vec::new();
    };
    let body = response.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    let dead = dead_containers(body);
    for id in &dead {
        let _ = crate::docker::remove_container(&socket, id);
    }
    dead
}

/// The ids of the containers in a `GET /containers/json` answer whose owner label names a
/// gone owner of this host.
fn dead_containers(body: &str) -> Vec<String> {
    let Ok(serde_json::Value::Array(containers)) = serde_json::from_str(body) else {
        return Vec::new();
    };
    containers
        .iter()
        .filter_map(|container| {
            let id = container.get("Id")?.as_str()?;
            let token = container.get("Labels")?.get(CONTAINER_LABEL)?.as_str()?;
            let owner = Owner::find_in(token)?;
            (!owner.may_be_alive()).then(|| id.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_tokens_round_trip() {
        let me = Owner::current();
        assert!(me.start > 0);
        let name = database_name("schema_verify", 3);
        assert_eq!(Owner::find_in(&name), Some(me.clone()));
        assert!(me.may_be_alive());
        let long = database_name(&"x".repeat(80), 12);
        assert_eq!(long.len(), 63);
        assert_eq!(Owner::find_in(&long), Some(me));
    }

    #[test]
    fn a_gone_owner_of_this_host_is_dead_another_hosts_never() {
        let me = Owner::current();
        let reused_pid = Owner {
            start: me.start + 1,
            ..me.clone()
        };
        assert!(!reused_pid.may_be_alive());
        let elsewhere = Owner {
            host: if me.host == "00000000" {
                "11111111"
            } else {
                "00000000"
            }
            .into(),
            start: 1,
            ..me
        };
        assert!(elsewhere.may_be_alive());
    }

    #[test]
    fn only_containers_of_gone_owners_of_this_host_are_removed() {
        let me = Owner::current();
        let dead = Owner {
            start: me.start + 1,
            ..me.clone()
        };
        let elsewhere = Owner {
            host: if me.host == "00000000" {
                "11111111"
            } else {
                "00000000"
            }
            .into(),
            ..dead.clone()
        };
        let body = serde_json::json!([
            { "Id": "mine", "Labels": { CONTAINER_LABEL: me.token() } },
            { "Id": "dead", "Labels": { CONTAINER_LABEL: dead.token() } },
            { "Id": "elsewhere", "Labels": { CONTAINER_LABEL: elsewhere.token() } },
            { "Id": "unlabelled", "Labels": {} },
        ])
        .to_string();
        assert_eq!(dead_containers(&body), ["dead"]);
        assert!(dead_containers("not json").is_empty());
    }

    #[test]
    fn sweeps_only_dead_owners_clusters() {
        let root = tempfile::tempdir().unwrap();
        let me = Owner::current();
        let dead = Owner {
            start: me.start + 1,
            ..me.clone()
        };
        let mine = root
            .path()
            .join(format!("{CLUSTER_PREFIX}{}-a", me.token()));
        let gone = root
            .path()
            .join(format!("{CLUSTER_PREFIX}{}-b", dead.token()));
        let other = root.path().join("schema-verify-pg-unrelated");
        for dir in [&mine, &gone, &other] {
            std::fs::create_dir_all(dir.join("data")).unwrap();
        }
        assert_eq!(sweep_clusters(root.path()), std::slice::from_ref(&gone));
        assert!(mine.exists() && other.exists() && !gone.exists());
    }
}
