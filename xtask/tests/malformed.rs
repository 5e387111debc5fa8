//! Malformed input through every command of the real binary: for each, the exit status and the
//! message expected (never a panic's 101, never a password, never a hang).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const SECRET: &str = "S3cr3tPW";

/// A scratch project: `schema-as-code.toml` and the generated folder of the orchestrator
/// schema, written by `gen`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema-as-code.toml"), "").unwrap();
    let out = xtask(dir.path(), &["gen"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    dir
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root)
        // Not through cargo: a build without the database feature says so instead of building.
        .env_remove("CARGO_PKG_NAME")
        .env_remove("DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `args` in `root` and checks the exit status and that the output holds `expected`.
#[track_caller]
fn expect(root: &Path, args: &[&str], status: i32, expected: &str) -> String {
    let out = xtask(root, args);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(status), "{args:?}: {all}");
    assert!(
        all.contains(expected),
        "{args:?}: expected {expected:?} in {all}"
    );
    assert!(!all.contains("panicked"), "{args:?}: {all}");
    assert!(!all.contains(SECRET), "{args:?} shows the password: {all}");
    all
}

fn journal(root: &Path) -> std::path::PathBuf {
    root.join("generated/migrations/meta/_journal.json")
}

#[test]
fn malformed_journals_are_messages_naming_the_entry_in_gen_and_check() {
    let dir = project();
    let good = std::fs::read_to_string(journal(dir.path())).unwrap();
    let tag = good
        .split("\"tag\": \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let when = good
        .split("\"when\": ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap()
        .to_string();
    for (bad, expected) in [
        (
            good.replace(&tag, "0"),
            "entry 0 (tag \"0\"): the tag must start with four digits",
        ),
        (good.replace(&tag, "000"), "entry 0 (tag \"000\")"),
        (good.replace(&tag, "0000_ü"), "the tag holds 'ü'"),
        (good.replace(&tag, ""), "entry 0"),
        (good.replace(&when, "-1"), "journal"),
        ("{".to_string(), "is not a drizzle journal"),
        (String::new(), "is not a drizzle journal"),
        ("[]".to_string(), "is not a drizzle journal"),
    ] {
        std::fs::write(journal(dir.path()), &bad).unwrap();
        for command in ["check", "gen"] {
            expect(dir.path(), &[command], 1, expected);
        }
    }
    std::fs::write(journal(dir.path()), &good).unwrap();
    expect(dir.path(), &["check"], 0, "up to date");
}

#[test]
fn a_duplicate_when_is_refused_naming_both_entries() {
    let dir = project();
    // A second migration, then the same `when` for both.
    std::fs::write(
        dir.path().join("generated/migrations/0001_extra.sql"),
        "SELECT 1;\n",
    )
    .unwrap();
    let good = std::fs::read_to_string(journal(dir.path())).unwrap();
    let entry_start = good.find("    {").unwrap();
    let entry_end = good[entry_start..].find('}').unwrap() + entry_start + 1;
    let entry = &good[entry_start..entry_end];
    let tag = entry
        .split("\"tag\": \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let second = entry
        .replace("\"idx\": 0", "\"idx\": 1")
        .replace(tag, "0001_extra");
    let bad = good.replace(entry, &format!("{entry},\n{second}"));
    std::fs::write(journal(dir.path()), bad).unwrap();
    let out = expect(dir.path(), &["check"], 1, "0001_extra");
    assert!(out.contains(tag), "{out}");
}

#[test]
fn gen_refuses_an_empty_name() {
    let dir = project();
    expect(
        dir.path(),
        &["gen", "--name", ""],
        1,
        "has no letter or digit",
    );
}

#[test]
fn a_gen_that_fails_half_way_leaves_the_folder_as_it_was_or_says_what_it_wrote() {
    let dir = project();
    let before = schema_migrations_tree(dir.path());
    // The TypeScript cannot be written: a directory where schema.ts goes.
    let ts = dir.path().join("generated/ts/schema.ts");
    std::fs::remove_file(&ts).unwrap();
    std::fs::create_dir(&ts).unwrap();
    std::fs::remove_file(journal(dir.path())).unwrap();
    let out = xtask(dir.path(), &["gen", "--name", "again"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("schema.ts"), "{all}");
    let after = schema_migrations_tree(dir.path());
    if after
        != before
            .iter()
            .filter(|(p, _)| !p.ends_with("_journal.json"))
            .cloned()
            .collect::<Vec<_>>()
    {
        // Something was written: the message names each file.
        for (path, _) in after.iter().filter(|f| !before.contains(f)) {
            assert!(
                all.contains(path.as_str()),
                "{path} written but not named: {all}"
            );
        }
    }
}

fn schema_migrations_tree(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let base = root.join("generated/migrations");
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(&base).unwrap().display().to_string();
                out.push((rel, std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = project();
    for args in [&["check"][..], &["gen"], &["--help"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("CARGO_PKG_NAME")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

/// The binary has the database commands (a workspace test run builds it with the feature).
fn has_database(root: &Path) -> bool {
    let out = xtask(root, &["migrate", "--help"]);
    let has = out.status.success();
    if !has {
        eprintln!("skipped: this xtask build has no `database` feature");
    }
    has
}

#[test]
fn bad_connection_strings_are_clear_errors_without_the_password() {
    let dir = project();
    if !has_database(dir.path()) {
        return;
    }
    let root = dir.path();
    for command in ["migrate", "rollback", "verify"] {
        let url_flag: &[&str] = if command == "verify" {
            &["--provider", "url", "--database-url"]
        } else {
            &["--database-url"]
        };
        let with = |url: &'static str| -> Vec<&str> {
            let mut args = vec![command];
            args.extend_from_slice(url_flag);
            args.push(url);
            args
        };
        expect(root, &with(""), 1, "--database-url is empty");
        expect(root, &with("   "), 1, "--database-url is empty");
        for url in [
            "Postgres://app:S3cr3tPW@h:notaport/db",
            "postgres://app:S3cr3tPW@h:notaport/db",
            "app:S3cr3tPW@h/db",
            "postgres://app:S3c@r?PW@h:x/db",
            "host=h password=S3cr3tPW port=notaport",
            "host=h password='S3cr3tPW",
            "jdbc:postgresql://h:x/db?user=app&password=S3cr3tPW",
            "  postgres+foo://app:S3cr3tPW@h/db",
        ] {
            expect(root, &with(url), 1, "cannot parse");
        }
    }
    expect(root, &["migrate"], 1, "no database: pass --database-url");
    expect(root, &["rollback"], 1, "no database: pass --database-url");
    expect(
        root,
        &[
            "migrate",
            "--database-url",
            "postgres://a@127.0.0.1/db",
            "--connect-timeout",
            "0",
        ],
        1,
        "--connect-timeout takes a number of seconds above 0",
    );
    expect(
        root,
        &["verify", "--format", "xml"],
        2,
        "invalid value 'xml'",
    );
    expect(
        root,
        &["verify", "--provider", "nope"],
        2,
        "unknown provider `nope`",
    );
}

#[test]
fn an_endpoint_that_is_not_postgresql_fails_naming_host_and_port() {
    let dir = project();
    if !has_database(dir.path()) {
        return;
    }
    // One listener that never says a word, one HTTP server.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in silent.incoming().flatten() {
            held.push(stream);
        }
    });
    let http = TcpListener::bind("127.0.0.1:0").unwrap();
    let http_port = http.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in http.incoming().flatten() {
            let mut buffer = [0u8; 512];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    for port in [silent_port, http_port] {
        let url = format!("postgres://app:{SECRET}@127.0.0.1:{port}/db");
        for command in [
            vec!["migrate", "--database-url", &url],
            vec!["rollback", "--database-url", &url],
            vec!["verify", "--provider", "url", "--database-url", &url],
            vec!["verify", "--in-place", "--database-url", &url],
        ] {
            let mut args = command.clone();
            args.extend(["--startup-timeout", "1"]);
            expect(dir.path(), &args, 1, &format!("127.0.0.1:{port}"));
        }
    }
}

#[test]
fn unreadable_files_and_impossible_journal_values_are_messages_naming_them() {
    let dir = project();
    let root = dir.path();
    let good = std::fs::read_to_string(journal(root)).unwrap();
    let when = good
        .split("\"when\": ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap()
        .to_string();
    std::fs::write(journal(root), good.replace(&when, "99999999999999999999")).unwrap();
    expect(root, &["check"], 1, "is not a drizzle journal");
    std::fs::write(journal(root), good.replace(&when, "18446744073709551615")).unwrap();
    expect(root, &["check"], 1, "_journal.json was edited");
    if has_database(root) {
        expect(
            root,
            &["migrate", "--database-url", "postgres://x@127.0.0.1:1/db"],
            1,
            "has \"when\" 18446744073709551615, beyond what drizzle's created_at (bigint) holds",
        );
    }
    std::fs::write(journal(root), &good).unwrap();
    let down = std::fs::read_dir(root.join("generated/migrations"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".down.sql"))
        .unwrap();
    std::fs::write(&down, b"\xff\xfe not text").unwrap();
    let name = down.file_name().unwrap().to_string_lossy().into_owned();
    expect(root, &["check"], 1, &format!("{name} is not UTF-8 text"));
    expect(root, &["gen"], 1, &format!("{name} is not UTF-8 text"));
    if has_database(root) {
        expect(
            root,
            &["rollback", "--database-url", "postgres://x@127.0.0.1:1/db"],
            1,
            &format!("{name} is not UTF-8 text"),
        );
    }
}

/// Our snapshot of the last migration: its path and text.
fn last_snapshot(root: &Path) -> (std::path::PathBuf, String) {
    let dir = root.join("generated/migrations/meta/_schema");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let path = files.pop().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn malformed_fields_of_issue_12_in_our_snapshot_are_named_with_the_file() {
    let dir = project();
    let root = dir.path();
    let (path, good) = last_snapshot(root);
    let name = path
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    // Each edit puts one malformed field into the snapshot: at the schema, on its first table,
    // or on that table's first column.
    let schema =
        |field: &str| good.replacen("\"schema\": {", &format!("\"schema\": {{ {field},"), 1);
    let first_table = good.find("\"tables\": [").unwrap();
    let table = |field: &str| {
        let at = good[first_table..].find("\"name\": ").unwrap() + first_table;
        format!("{}{field}, {}", &good[..at], &good[at..])
    };
    let column = |field: &str| {
        let at = good[first_table..].find("\"columns\": [").unwrap() + first_table;
        let at = good[at..].find("\"name\": ").unwrap() + at;
        format!("{}{field}, {}", &good[..at], &good[at..])
    };
    for (bad, expected) in [
        (
            schema(r#""enums": [{"name": "mood", "values": "happy"}]"#),
            "at `schema.enums[0].values`: invalid type: string \"happy\", expected a sequence",
        ),
        (
            schema(r#""extensions": "citext""#),
            "at `schema.extensions`: invalid type: string \"citext\", expected a sequence",
        ),
        (
            schema(r#""views": [{"name": "v", "definition": "select 1"}]"#),
            "at `schema.views[0]`: missing field `columns`",
        ),
        (
            schema(r#""views": [{"name": "v", "definition": "select 1", "columns": [], "materialized": "yes"}]"#),
            "at `schema.views[0].materialized`: invalid type: string \"yes\", expected a boolean",
        ),
        (
            schema(r#""sequences": [{"name": "s", "increment": 1}]"#),
            "at `schema.sequences[0]",
        ),
        (
            schema(r#""sequences": [{"name": "s", "increment": "1", "min_value": "1", "max_value": "9", "start_with": "1"}]"#),
            "at `schema.sequences[0]`: missing field `cache`",
        ),
        (
            table(r#""checks": [{"name": "c"}]"#),
            "at `schema.tables[0].checks[0]`: missing field `expression`",
        ),
        (
            table(r#""indexes": [{"name": "i", "columns": ["id"], "method": 5}]"#),
            "at `schema.tables[0].indexes[0].method`: invalid type: integer `5`, expected a string",
        ),
        (
            table(r#""indexes": [{"name": "i", "columns": ["id"], "keys": [{"desc": "yes"}]}]"#),
            "at `schema.tables[0].indexes[0].keys[0].desc`: invalid type: string \"yes\", expected a boolean",
        ),
        (
            table(r#""indexes": [{"name": "i", "columns": ["id"], "where_sql": 5}]"#),
            "at `schema.tables[0].indexes[0].where_sql`: invalid type: integer `5`, expected a string",
        ),
        (
            table(r#""indexes": [{"name": "i", "columns": ["id"], "with": {"fillfactor": 70}}]"#),
            "at `schema.tables[0].indexes[0].with`: invalid type: map, expected a sequence",
        ),
        (
            column(r#""generated": {"kind": "sometimes"}"#),
            "at `schema.tables[0].columns[0].generated.kind`: unknown variant `sometimes`, expected `stored` or `identity`",
        ),
        (
            column(r#""generated": {"kind": "identity", "always": "yes"}"#),
            "at `schema.tables[0].columns[0].generated",
        ),
        (
            column(r#""generated": {"kind": "stored"}"#),
            "at `schema.tables[0].columns[0].generated`: missing field `expression`",
        ),
        (
            column(r#""sql_type": 5"#),
            "at `schema.tables[0].columns[0].sql_type`",
        ),
    ] {
        std::fs::write(&path, &bad).unwrap();
        for command in ["check", "gen"] {
            let out = expect(root, &[command], 1, expected);
            assert!(
                out.contains(&format!("{name} is not a schema snapshot: {expected}")),
                "{command}: {out}"
            );
        }
    }
    std::fs::write(&path, &good).unwrap();
    expect(root, &["check"], 0, "up to date");
}

#[test]
fn malformed_fields_of_issue_12_in_a_drizzle_kit_snapshot_stop_import_naming_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("schema-as-code.toml"), "").unwrap();
    if !has_database(root) {
        return;
    }
    let drizzle = root.join("drizzle");
    std::fs::create_dir_all(drizzle.join("meta")).unwrap();
    std::fs::write(
        drizzle.join("meta/_journal.json"),
        r#"{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1000,"tag":"0000_init","breakpoints":true}]}"#,
    )
    .unwrap();
    std::fs::write(
        drizzle.join("0000_init.sql"),
        "CREATE TABLE \"t\" (\n\t\"id\" integer PRIMARY KEY NOT NULL\n);\n",
    )
    .unwrap();
    // One malformed field of each kind issue 12 added to drizzle-kit's snapshot.
    let snapshot = r#"{"id":"a","prevId":"00000000-0000-0000-0000-000000000000","version":"7","dialect":"postgresql",
      "tables":{"public.t":{"name":"t","schema":"","columns":{
          "id":{"name":"id","type":"integer","primaryKey":true,"notNull":true,"identity":{"type":"sometimes","name":"t_id_seq"}}},
        "indexes":{"t_id_index":{"name":"t_id_index","columns":[{"expression":"id","isExpression":false,"asc":true,"nulls":"middle"}],"isUnique":false,"concurrently":false,"method":5,"with":{}}},
        "foreignKeys":{},"compositePrimaryKeys":{},"uniqueConstraints":{},"policies":{},
        "checkConstraints":{"t_id_check":{"name":"t_id_check"}},"isRLSEnabled":false}},
      "enums":{"public.mood":{"name":"mood","schema":"public"}},
      "schemas":{},
      "sequences":{"public.s":{"name":"s","schema":"public","increment":1,"startWith":"1","minValue":"1","maxValue":"9","cache":"1","cycle":false}},
      "roles":{},"policies":{},
      "views":{"public.v":{"name":"v","schema":"public","columns":{},"isExisting":false,"materialized":false}},
      "_meta":{"columns":{},"schemas":{},"tables":{}}}"#;
    std::fs::write(drizzle.join("meta/0000_snapshot.json"), snapshot).unwrap();
    let out = expect(
        root,
        &["import", "--from", "drizzle"],
        1,
        "cannot be imported",
    );
    let file = "drizzle/meta/0000_snapshot.json";
    for expected in [
        format!("{file}: enum public.mood has no \"name\" or no \"values\" list"),
        format!("{file}: table public.t: column \"id\" has an identity whose \"type\""),
        format!("{file}: table public.t: index \"t_id_index\": its \"method\" is 5, not a string"),
        format!("{file}: table public.t: index \"t_id_index\": its \"columns\"[0].nulls is \"middle\", not \"first\" or \"last\""),
        format!("{file}: table public.t: check constraint \"t_id_check\" has no \"name\" or no \"value\""),
        format!("{file}: view public.v: it has no \"definition\""),
        format!("{file}: sequence public.s: its \"increment\" is 1, not a whole number in a string"),
    ] {
        assert!(out.contains(&expected), "expected {expected:?} in {out}");
    }
}
