//! Killing a run of the local provider at random moments (SIGKILL and SIGTERM, 30 times each,
//! counting only kills after its server existed) leaves nothing once the next run is over: no
//! cluster directory, no server process. The seed is printed; SCHEMA_VERIFY_KILL_SEED replays it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use schema_verify::local::{Binaries, BinaryRequest};
use schema_verify::Migrations;

use crate::fixture::fixtures;

const CHILD: &str = "SCHEMA_VERIFY_KILL_CHILD";
const KILLS_EACH: usize = 30;

/// What a killed run does: start a local server, migrate, query, stop. Runs only as the child
/// the test below starts.
#[test]
fn child_run() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    // As the CLI does: the run's servers are stopped on SIGINT/SIGTERM.
    schema_verify::cleanup::install_signal_handlers();
    let options = schema_verify::ServerOptions::from_env().unwrap();
    let server = schema_verify::Server::start_local(&options).unwrap();
    let database = server.scratch_database().unwrap();
    let mut client = database.connect().unwrap();
    Migrations::load(&fixtures("good"))
        .unwrap()
        .migrate(&mut client)
        .unwrap();
    client.batch_execute("SELECT pg_sleep(0.05)").unwrap();
}

fn spawn_child(root: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "kill::child_run",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("SCHEMA_VERIFY_TMPDIR", root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Whether a server of the child has written its pid file under `root`.
fn server_exists(root: &Path) -> bool {
    std::fs::read_dir(root).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().join("data/postmaster.pid").exists())
    })
}

fn processes_mentioning(needle: &str) -> Vec<String> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
            let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            text.contains(needle).then_some(text)
        })
        .collect()
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_local_runs_leave_nothing_after_the_next_run() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    if let Err(why) = Binaries::find(&BinaryRequest::default()) {
        eprintln!("skipped: {why}");
        return;
    }
    let seed = std::env::var("SCHEMA_VERIFY_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("kill test seed: {seed} (SCHEMA_VERIFY_KILL_SEED={seed} replays it)");
    let mut random = XorShift(seed);
    let shm = Path::new("/dev/shm");
    let parent = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let root = tempfile::Builder::new()
        .prefix("schema-verify-kill-test-")
        .tempdir_in(parent)
        .unwrap();
    // The server may run as `postgres` (when we are root): it must reach its directory.
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();

    for signal in [libc::SIGKILL, libc::SIGTERM] {
        let mut counted = 0;
        let mut attempts = 0;
        while counted < KILLS_EACH && attempts < KILLS_EACH * 2 {
            attempts += 1;
            let mut child = spawn_child(root.path());
            let mut existed = false;
            loop {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                if server_exists(root.path()) {
                    existed = true;
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            if existed {
                std::thread::sleep(Duration::from_millis(random.next() % 120));
                unsafe {
                    libc::kill(child.id() as i32, signal);
                }
                counted += 1;
            }
            child.wait().unwrap();
        }
        assert_eq!(
            counted, KILLS_EACH,
            "signal {signal}: only {counted} kills after the server existed (seed {seed})"
        );
    }

    // The next run sweeps what the killed ones left, and cleans up after itself.
    let status = spawn_child(root.path()).wait().unwrap();
    assert!(
        status.success(),
        "the run after the kills failed (seed {seed})"
    );
    let left: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, Vec::<String>::new(), "left behind (seed {seed})");
    let running = processes_mentioning(&root.path().display().to_string());
    assert_eq!(running, Vec::<String>::new(), "still running (seed {seed})");
}

const URL_CHILD: &str = "SCHEMA_VERIFY_URL_CHILD";

/// A `verify --provider url` run waiting mid-way: its scratch database made, its name printed.
#[test]
fn url_child_run() {
    let Some(url) = std::env::var_os(URL_CHILD) else {
        return;
    };
    schema_verify::cleanup::install_signal_handlers();
    let server =
        schema_verify::Server::connect_url(url.to_str().unwrap(), schema_verify::UrlSource::Flag)
            .unwrap();
    let database = server.scratch_database().unwrap();
    println!("{}", database.name());
    std::thread::sleep(Duration::from_secs(600));
}

fn database_exists(client: &mut postgres::Client, name: &str) -> bool {
    client
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .unwrap()
        .get::<_, i64>(0)
        == 1
}

#[test]
fn an_interrupted_url_run_drops_its_scratch_database() {
    if std::env::var_os(CHILD).is_some() || std::env::var_os(URL_CHILD).is_some() {
        return;
    }
    use std::io::BufRead;
    let server = schema_verify::testing::shared_server();
    let url = schema_verify::server::describe(server.admin_config());
    let mut admin = server.connect_admin().unwrap();
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "kill::url_child_run",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(URL_CHILD, &url)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let name = lines
            // libtest's "test … ... " precedes the output on the same line.
            .find_map(|line| {
                let line = line.ok()?;
                line.find("schema_verify_").map(|at| line[at..].to_string())
            })
            .expect("the child names its database");
        assert!(database_exists(&mut admin, &name));
        unsafe {
            libc::kill(child.id() as i32, signal);
        }
        child.wait().unwrap();
        assert!(
            !database_exists(&mut admin, &name),
            "signal {signal}: {name} is left"
        );
    }
}

#[test]
fn the_next_start_drops_only_this_hosts_dead_owners_databases() {
    if std::env::var_os(CHILD).is_some() || std::env::var_os(URL_CHILD).is_some() {
        return;
    }
    use schema_verify::registry::{sweep_databases, Owner};
    let server = schema_verify::testing::shared_server();
    let mut admin = server.connect_admin().unwrap();
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
    let dead_name = format!("schema_verify_{}_0", dead.token());
    let other_name = format!("schema_verify_{}_0", elsewhere.token());
    for name in [&dead_name, &other_name] {
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap();
    }
    let dropped = sweep_databases(&mut admin);
    assert!(dropped.contains(&dead_name), "{dropped:?}");
    assert!(!database_exists(&mut admin, &dead_name));
    assert!(database_exists(&mut admin, &other_name));
    admin
        .batch_execute(&format!("DROP DATABASE \"{other_name}\""))
        .unwrap();
}
