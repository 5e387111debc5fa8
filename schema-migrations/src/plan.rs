//! The folder as it should be: the committed migrations, checked (journal, checksums, each
//! file replayed through sqlparser against its snapshot), plus the next migration when the
//! schema differs from the last snapshot. `gen` writes the result; `check` reports every
//! difference.

use std::borrow::Cow;
use std::collections::HashSet;

use schema_model::diff::{self, PlanOptions};
use schema_model::sql_read::{self, sql_shape};
use schema_model::Schema;

use crate::journal::{Journal, JournalEntry};
use crate::layout::{self, MigrationPaths, JOURNAL, SNAPSHOTS, SUM};
use crate::replay::first_difference;
use crate::sql::{custom_header, generated_header, sql_body, sql_file};
use crate::sum::{recorded, same_text, sum_file_with, Checksums};
use crate::{drizzle_snapshot, snapshot};
use crate::{Files, FolderFiles};

/// What the user asked of this run.
#[derive(Debug, Clone, Copy, Default)]
pub struct MigrationRequest<'a> {
    /// Name of a new migration (default: from its first step).
    pub name: Option<&'a str>,
    /// Allow steps that lose data.
    pub allow_destructive: bool,
    /// Write an empty custom migration for hand-written SQL.
    pub custom: bool,
}

/// Everything [`plan_folder`] needs besides the folder's files.
#[derive(Debug, Clone, Copy)]
pub struct GenerateOptions<'a> {
    pub schema: &'a Schema,
    pub request: MigrationRequest<'a>,
    /// The journal's `when` for a new migration (milliseconds since the epoch).
    pub now_millis: u64,
    /// How users run the CLI (`cargo xtask`): named in file headers and in advice.
    pub command: &'a str,
    /// How messages name the folder (`generated/migrations`).
    pub display_dir: &'a str,
    /// How much of the history is read back through sqlparser.
    pub replay: Replay,
}

/// Which migrations [`plan_folder`] reads back through sqlparser to prove that each builds its
/// snapshot and that its down file undoes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replay {
    /// Every one, even those whose checksums are the recorded ones (someone may have rewritten
    /// the checksums too): what `check` does, in CI.
    #[default]
    All,
    /// Only those whose files differ from their recorded checksums (and custom ones): `gen`'s
    /// edit loop, where the checksums already tell that the rest is as `gen` wrote and proved it.
    Edited,
}

/// What [`plan_folder`] found.
#[derive(Debug, Default)]
pub struct FolderOutcome<'a> {
    /// The folder as it should be (the files read, untouched, when there are problems).
    pub expected: FolderFiles<'a>,
    /// Paths whose contents differ from `expected` (new files too).
    pub changed: Vec<String>,
    /// Our files no longer produced (a leftover snapshot, a generated SQL file the journal
    /// does not list).
    pub orphaned: Vec<String>,
    /// The new migration's tag, when one is due.
    pub new_migration: Option<String>,
    /// What `gen` cannot fix by writing: an edited migration, a missing file, a bad journal.
    pub problems: Vec<String>,
    /// The new migration's steps that can lose data, as `table.column: why`.
    pub destructive: Vec<String>,
    /// The new migration's down steps that fail on a table with rows or cannot restore data.
    pub warnings: Vec<String>,
    /// The new migration's up steps that block reads or writes of a table with rows while they
    /// run (a rewrite, a scan, an index build), with the lock and what to do instead.
    pub locks: Vec<String>,
    /// Facts worth saying: statements of custom migrations kept opaque, custom migrations
    /// whose new contents `gen` records.
    pub notes: Vec<String>,
    /// Custom migrations edited since their checksums were recorded.
    pub edited_custom: Vec<String>,
}

/// Plans the folder from its current files and the schema.
pub fn plan_folder<'a>(current: &'a Files, options: &GenerateOptions) -> FolderOutcome<'a> {
    let mut outcome = FolderOutcome::default();
    let dir = options.display_dir;
    let command = options.command;

    let legacy: Vec<&String> = current
        .iter()
        .filter(|(path, text)| is_drizzle_snapshot_path(path) && snapshot::is_legacy(text))
        .map(|(path, _)| path)
        .collect();
    if !legacy.is_empty() {
        outcome.problems.push(format!(
            "{dir} has the first layout of this tool: its schema snapshots ({}) sit where drizzle-kit keeps its own; run `{command} upgrade` to move them to {dir}/{SNAPSHOTS}/ (no .sql file changes)",
            legacy.iter().map(|p| format!("{dir}/{p}")).collect::<Vec<_>>().join(", ")
        ));
        outcome.expected = as_read(current);
        return outcome;
    }

    // A bad `--name` is a mistake whether or not there is anything to write.
    if let Some(problem) = name_problem(options) {
        outcome.problems.push(problem);
        outcome.expected = as_read(current);
        return outcome;
    }

    let journal = match current.get(JOURNAL) {
        Some(text) => match Journal::parse(text, &format!("{dir}/{JOURNAL}")).and_then(|j| {
            let numbering = j.numbering_problems(&format!("{dir}/{JOURNAL}"));
            if numbering.is_empty() {
                Ok(j)
            } else {
                Err(numbering)
            }
        }) {
            Ok(journal) => journal,
            Err(problems) => {
                outcome.problems = problems;
                outcome.expected = as_read(current);
                return outcome;
            }
        },
        None => Journal::default(),
    };

    let mut expected = FolderFiles::new();
    let mut custom_paths: Vec<String> = Vec::new();
    // The files of each migration, as far as they are there.
    let mut history: Vec<[Option<&str>; 3]> = Vec::new();
    for entry in &journal.entries {
        let paths = MigrationPaths::of(&entry.tag);
        // An imported migration has no down file: drizzle-kit writes none.
        let imported = current
            .get(&paths.snapshot)
            .and_then(|text| snapshot::flags(text))
            .is_some_and(|(_, imported)| imported);
        let mut files = [None, None, None];
        for (slot, path) in [&paths.up, &paths.down, &paths.snapshot]
            .into_iter()
            .enumerate()
        {
            match current.get(path) {
                Some(contents) => {
                    expected.insert(path.clone(), Cow::Borrowed(contents));
                    files[slot] = Some(contents.as_str());
                }
                None if imported && path == &paths.down => {}
                None => outcome.problems.push(format!(
                    "{dir}/{path} is missing but the journal lists migration {} (applied migrations never change); {}",
                    entry.tag,
                    restore_advice(dir, command, &entry.tag, path)
                )),
            }
        }
        if files[2]
            .and_then(snapshot::flags)
            .is_some_and(|(custom, _)| custom)
        {
            custom_paths.extend([paths.up, paths.down, paths.snapshot]);
        }
        history.push(files);
    }
    if !journal.entries.is_empty() {
        expected.insert(JOURNAL.into(), journal.to_json().into());
    }

    // Applied migrations never change: the checksums say whether one was edited (a custom
    // migration's SQL is the user's: gen records its new checksum)…
    let checksums = Checksums::new(current);
    let mut verified: HashSet<String> = HashSet::new();
    if let Some(sum) = current.get(SUM) {
        let recorded = recorded(sum);
        checksums.remember(expected.iter().map(|(path, text)| (path.as_str(), &**text)));
        for (path, contents) in &expected {
            let hash = checksums.of(path, contents);
            let tag = journal
                .entries
                .iter()
                .find(|e| MigrationPaths::of(&e.tag).contains(path))
                .map(|e| e.tag.as_str());
            match recorded.get(path.as_str()) {
                Some(h) if *h == hash => {
                    verified.insert(path.clone());
                }
                _ if custom_paths.contains(path) => {
                    if !path.starts_with(SNAPSHOTS) {
                        outcome.edited_custom.push(format!("{dir}/{path}"));
                    }
                }
                Some(_) => outcome.problems.push(format!(
                    "{dir}/{path} was edited after `{command} gen` wrote it (its SHA-256 differs from {dir}/{SUM}); \
                     change the Rust schema instead, and undo the edit: {}",
                    match tag {
                        Some(tag) => restore_advice(dir, command, tag, path),
                        None => format!("`git checkout -- {dir}/{path}`"),
                    }
                )),
                None => outcome.problems.push(format!(
                    "{dir}/{path} has no checksum in {dir}/{SUM}: it was not written by `{command} gen`"
                )),
            }
        }
    } else if !journal.entries.is_empty() {
        outcome.problems.push(format!(
            "{dir}/{SUM} is missing; restore it with `git checkout -- {dir}/{SUM}`"
        ));
    }
    // …and, even if someone also rewrote the checksums, each up file read back through
    // sqlparser must build its snapshot, and each down file must undo it.
    let trusted = |path: &str| options.replay == Replay::Edited && verified.contains(path);
    let last_snapshot = replay_history(
        &journal,
        &history,
        options,
        &trusted,
        &mut expected,
        &mut outcome,
    );
    if !outcome.problems.is_empty() {
        outcome.expected = as_read(current);
        return outcome;
    }

    let idx = journal.entries.len();
    // One plan; a second, allowing them, only when some steps can lose data (the refusal lists
    // them, for gen's refusal and check's report). None when the last snapshot is the declared
    // schema itself.
    let planned = if matches!(last_snapshot, Cow::Borrowed(_)) {
        diff::Plan::default()
    } else {
        match diff::plan(
            &last_snapshot,
            options.schema,
            PlanOptions {
                allow_destructive: false,
            },
        ) {
            Ok(plan) => plan,
            Err(refused) => {
                outcome.destructive = refused.changes.iter().map(ToString::to_string).collect();
                diff::plan(
                    &last_snapshot,
                    options.schema,
                    PlanOptions {
                        allow_destructive: true,
                    },
                )
                .expect("a plan that allows destructive steps is never refused")
            }
        }
    };
    // PostgreSQL cannot use a label `ALTER TYPE … ADD VALUE` adds before the adding
    // transaction commits: no --allow-… overrides it.
    for new_value_use in planned.new_enum_value_uses() {
        outcome.problems.push(format!(
            "{new_value_use}; write the new value first (declare it without using it and run `{command} gen`), then its use (the next `{command} gen`), and apply the first before the second: drizzle's migrator runs all pending migrations in one transaction"
        ));
    }
    let new = if options.request.custom {
        if planned.is_empty() {
            Some(custom_migration(
                idx,
                &last_snapshot,
                options,
                &mut expected,
            ))
        } else {
            Some(Err(format!(
                "the Rust schema has changes no migration holds yet; run `{command} gen` to write them first, then `{command} gen --custom`"
            )))
        }
    } else if planned.is_empty() {
        None
    } else if !outcome.edited_custom.is_empty() {
        // Recording an edited custom migration and undoing what it does in one run would
        // surprise: say so, and let the next run (or a Rust declaration) decide.
        outcome.notes.push(format!(
            "the migrations now build a schema that differs from the Rust schema (next migration: {}); declare what the custom migration changes in Rust, or run `{command} gen` again to write a migration that undoes it",
            new_tag(idx, options, &planned.suggested_name())
        ));
        None
    } else if !outcome.destructive.is_empty() && !options.request.allow_destructive {
        outcome.new_migration = Some(new_tag(idx, options, &planned.suggested_name()));
        Some(Err(destructive_refusal(&outcome.destructive, command)))
    } else {
        Some(generated_migration(
            idx,
            &planned,
            options,
            &mut expected,
            &mut outcome,
        ))
    };
    let mut journal = journal;
    match new {
        Some(Ok(tag)) => {
            // drizzle's migrator tells migrations apart by `when`: never repeat or go back.
            let when = options
                .now_millis
                .max(journal.entries.last().map_or(0, |e| e.when + 1));
            journal.entries.push(JournalEntry {
                idx: idx as u64,
                version: "7".into(),
                when,
                tag: tag.clone(),
                breakpoints: true,
            });
            expected.insert(JOURNAL.into(), journal.to_json().into());
            outcome.new_migration = Some(tag);
        }
        Some(Err(problem)) => outcome.problems.push(problem),
        None => {}
    }
    if !outcome.problems.is_empty() {
        outcome.expected = as_read(current);
        return outcome;
    }
    // The new migration's snapshot is the declared schema: its drizzle snapshot is written from
    // the model at hand rather than from that snapshot's text read back.
    let fresh = outcome
        .new_migration
        .as_ref()
        .filter(|_| !options.request.custom)
        .map(|tag| MigrationPaths::of(tag).snapshot);
    // Its two snapshots are the largest files gen writes (megabytes each at thousands of
    // tables) and neither needs the other: ours is serialized on a second thread while this
    // one writes drizzle's. The last snapshot's schema and the plan are freed meanwhile on a
    // third (tens of thousands of allocations at thousands of tables).
    std::thread::scope(|scope| {
        scope.spawn(move || drop((last_snapshot, planned)));
        let ours = fresh.as_ref().map(|path| {
            (
                path,
                scope.spawn(|| snapshot::to_json(options.schema, false)),
            )
        });
        drizzle_snapshots(
            &journal,
            current,
            &checksums,
            &mut expected,
            fresh.as_deref().map(|path| (path, options.schema)),
        );
        if let Some((path, json)) = ours {
            let json = json
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            expected.insert(path.clone(), json.into());
        }
    });
    if expected.keys().any(|p| p != SUM) {
        let sum = sum_file_with(&expected, command, &checksums);
        expected.insert(SUM.into(), sum.into());
    }

    for (path, contents) in &expected {
        if !current
            .get(path)
            .is_some_and(|text| same_text(contents, text))
        {
            outcome.changed.push(path.clone());
        }
    }
    for (path, contents) in current {
        if expected.contains_key(path) {
            continue;
        }
        if path.starts_with(&format!("{SNAPSHOTS}/"))
            || path == SUM
            || path == JOURNAL
            || path.ends_with(".sql") && contents.starts_with("-- generated by `")
        {
            outcome.orphaned.push(path.clone());
        } else if path.ends_with(".sql") {
            outcome.problems.push(format!(
                "{dir}/{path} is not in the journal and was not written by `{command} gen`: to make it a migration, run `{command} gen --custom --name <name>` and move its SQL into the new file; otherwise delete it"
            ));
        }
    }
    if outcome.problems.is_empty() {
        outcome.expected = expected;
    } else {
        outcome.changed.clear();
        outcome.orphaned.clear();
        outcome.expected = as_read(current);
    }
    outcome
}

/// The folder as read, every file kept as it is.
fn as_read(current: &Files) -> FolderFiles<'_> {
    current
        .iter()
        .map(|(path, text)| (path.clone(), Cow::Borrowed(text.as_str())))
        .collect()
}

/// drizzle-kit's own snapshot beside every migration (`meta/NNNN_snapshot.json`), from ours,
/// so `drizzle-kit generate` can continue the history. A drizzle snapshot that is not ours (its
/// `id` is not [`drizzle_snapshot::id_of`] the tag: an imported history's) stays as it is, and
/// the next snapshot's `prevId` follows its `id`.
///
/// Like drizzle-kit, which never rewrites a snapshot it wrote, ours stays as `gen` wrote it while
/// its checksum and that of the snapshot it comes from are the recorded ones: a run reads no
/// older snapshot and writes only the new migration's (it is the costly part of a large schema).
fn drizzle_snapshots<'a>(
    journal: &Journal,
    current: &'a Files,
    checksums: &Checksums,
    expected: &mut FolderFiles<'a>,
    fresh: Option<(&str, &Schema)>,
) {
    let recorded = current
        .get(SUM)
        .map(|sum| recorded(sum))
        .unwrap_or_default();
    let unchanged = |expected: &FolderFiles, path: &str| {
        current.get(path).is_some_and(|text| {
            expected.get(path).is_some_and(|kept| same_text(kept, text))
                && recorded.get(path) == Some(&checksums.of(path, text).as_str())
        })
    };
    let mut prev_id = drizzle_snapshot::ORIGIN_ID.to_string();
    for entry in &journal.entries {
        let path = layout::drizzle_snapshot(entry.idx as usize);
        let ours = drizzle_snapshot::id_of(&entry.tag);
        let source = MigrationPaths::of(&entry.tag).snapshot;
        if let Some(text) = current.get(&path) {
            if let Some(ids) = drizzle_snapshot::ids(text) {
                let recorded_as_written = ids.id == ours
                    && ids.prev_id == prev_id
                    && unchanged(expected, &source)
                    && recorded.get(path.as_str()) == Some(&checksums.of(&path, text).as_str());
                if ids.id != ours || recorded_as_written {
                    expected.insert(path, Cow::Borrowed(text));
                    prev_id = ids.id;
                    continue;
                }
            }
        }
        let schema = match fresh {
            Some((fresh_source, schema)) if *fresh_source == source => Cow::Borrowed(schema),
            _ => match expected
                .get(&source)
                .and_then(|text| snapshot::from_json(text).ok())
            {
                Some(snapshot) => Cow::Owned(snapshot.schema),
                None => continue,
            },
        };
        let ids = drizzle_snapshot::Ids {
            id: ours,
            prev_id: std::mem::take(&mut prev_id),
        };
        expected.insert(path, drizzle_snapshot::to_json(&schema, &ids).into());
        prev_id = ids.id;
    }
}

/// Why `gen` refuses a change that can lose data, and what to do.
pub fn destructive_refusal(changes: &[String], command: &str) -> String {
    let mut message = format!(
        "the schema change needs {} step(s) that can lose data:",
        changes.len()
    );
    for change in changes {
        message.push_str(&format!("\n  - {change}"));
    }
    message.push_str(&format!(
        "\nif that is intended, run `{command} gen --allow-destructive`; to keep the data, declare a rename with `renamed_from = \"old_name\"` instead of a drop"
    ));
    message
}

fn is_drizzle_snapshot_path(path: &str) -> bool {
    path.strip_prefix("meta/")
        .and_then(|rest| rest.strip_suffix("_snapshot.json"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The tag of migration `idx`, named by the user or from its contents.
fn new_tag(idx: usize, options: &GenerateOptions, suggested: &str) -> String {
    let name = options
        .request
        .name
        .map(sanitize)
        .unwrap_or_else(|| sanitize(suggested));
    format!("{idx:04}_{name}")
}

fn name_problem(options: &GenerateOptions) -> Option<String> {
    let name = options.request.name?;
    sanitize(name).is_empty().then(|| {
        format!(
            "the migration name {name:?} has no letter or digit; name it with `--name add_due_dates` or leave --name out"
        )
    })
}

fn generated_migration(
    idx: usize,
    plan: &diff::Plan,
    options: &GenerateOptions,
    expected: &mut FolderFiles,
    outcome: &mut FolderOutcome,
) -> Result<String, String> {
    if let Some(problem) = name_problem(options) {
        return Err(problem);
    }
    let tag = new_tag(idx, options, &plan.suggested_name());
    let paths = MigrationPaths::of(&tag);
    for warning in plan.down_warnings() {
        outcome.warnings.push(format!(
            "{}/{}, statement {}: {}",
            options.display_dir,
            paths.down,
            warning.step + 1,
            warning.message
        ));
    }
    for lock in plan.lock_warnings() {
        outcome.locks.push(format!(
            "{}/{}, statement {}: {}",
            options.display_dir,
            paths.up,
            lock.step + 1,
            lock.message
        ));
    }
    let header = generated_header(options.command);
    expected.insert(paths.up, sql_file(&header, &plan.up_sql()).into());
    expected.insert(paths.down, sql_file(&header, &plan.down_sql()).into());
    // Its snapshot is written beside drizzle's (see `plan_folder`).
    Ok(tag)
}

fn custom_migration(
    idx: usize,
    last: &Schema,
    options: &GenerateOptions,
    expected: &mut FolderFiles,
) -> Result<String, String> {
    if options.request.name.is_none() {
        return Err(
            "a custom migration needs a name: `gen --custom --name backfill_due_dates`".into(),
        );
    }
    if let Some(problem) = name_problem(options) {
        return Err(problem);
    }
    let tag = new_tag(idx, options, "custom");
    let paths = MigrationPaths::of(&tag);
    let header = custom_header(options.command);
    expected.insert(
        paths.up,
        format!("{header}\n-- write the SQL of {tag} below\n").into(),
    );
    expected.insert(
        paths.down,
        format!("{header}\n-- write the SQL that undoes {tag} below (rollback runs it)\n").into(),
    );
    expected.insert(paths.snapshot, snapshot::to_json(last, true).into());
    Ok(tag)
}

/// Replays the history through sqlparser, checking each generated migration against its
/// snapshot and its down file against the snapshot before; a custom migration's snapshot is
/// what its readable statements make of the one before (written to `expected`). Returns the
/// last snapshot: borrowed from `options` when it is the declared schema's, written as gen
/// writes it.
fn replay_history<'s>(
    journal: &Journal,
    history: &[[Option<&str>; 3]],
    options: &GenerateOptions<'s>,
    trusted: &dyn Fn(&str) -> bool,
    expected: &mut FolderFiles,
    outcome: &mut FolderOutcome,
) -> Cow<'s, Schema> {
    let dir = options.display_dir;
    let command = options.command;
    let mut replayed = Schema::default();
    let mut previous = Schema::default();
    // A trusted migration's snapshot, read only when a later migration is replayed against it
    // or it is the last: a long history of large snapshots is not read for nothing.
    let mut deferred: Option<(String, &str)> = None;
    let read_deferred = |deferred: &mut Option<(String, &str)>,
                         previous: &mut Schema,
                         outcome: &mut FolderOutcome|
     -> bool {
        let Some((path, text)) = deferred.take() else {
            return true;
        };
        match snapshot::from_json(text) {
            Ok(snapshot) => {
                *previous = snapshot.schema;
                true
            }
            Err(e) => {
                outcome
                    .problems
                    .push(format!("{path} is not a schema snapshot: {e}"));
                false
            }
        }
    };
    for (entry, [up, down, snapshot]) in journal.entries.iter().zip(history) {
        let paths = MigrationPaths::of(&entry.tag);
        let up_path = format!("{dir}/{}", paths.up);
        let down_path = format!("{dir}/{}", paths.down);
        let snapshot_path = format!("{dir}/{}", paths.snapshot);
        let advice = |path: &str| restore_advice(dir, command, &entry.tag, path);
        let Some(snapshot) = snapshot else { break };
        let plain = snapshot::flags(snapshot) == Some((false, false));
        if plain
            && up.is_some()
            && down.is_some()
            && [&paths.up, &paths.down, &paths.snapshot]
                .iter()
                .all(|p| trusted(p))
        {
            deferred = Some((snapshot_path, snapshot));
            continue;
        }
        if deferred.is_some() {
            if !read_deferred(&mut deferred, &mut previous, outcome) {
                break;
            }
            replayed = previous.clone();
        }
        let snapshot = match snapshot::from_json(snapshot) {
            Ok(snapshot) => snapshot,
            Err(e) => {
                outcome
                    .problems
                    .push(format!("{snapshot_path} is not a schema snapshot: {e}"));
                break;
            }
        };
        let Some(up) = up else { break };
        if snapshot.imported {
            // drizzle's SQL, read and confirmed against a database when it was imported; the
            // checksums guard it from then on.
            replayed = snapshot.schema.clone();
            previous = snapshot.schema;
            continue;
        }
        if snapshot.custom {
            let mut after = previous.clone();
            for skipped in sql_read::apply_each(&mut after, &up_path, sql_body(up)) {
                let why = if skipped.message.starts_with("not a schema statement") {
                    "not a schema change this tool models"
                } else {
                    skipped.message.as_str()
                };
                outcome.notes.push(format!(
                    "{up_path}, statement {}: kept opaque ({why}): {}",
                    skipped.statement,
                    skipped.sql.lines().next().unwrap_or("")
                ));
            }
            sql_read::apply_each(&mut replayed, &up_path, sql_body(up));
            expected.insert(
                paths.snapshot.clone(),
                snapshot::to_json(&after, true).into(),
            );
            previous = after;
            continue;
        }
        if let Err(e) = sql_read::apply(&mut replayed, &up_path, sql_body(up)) {
            outcome.problems.push(format!(
                "{e}\n(the migration no longer reads back; undo the edit: {})",
                advice(&paths.up)
            ));
            break;
        }
        if sql_shape(&replayed) != sql_shape(&snapshot.schema) {
            outcome.problems.push(format!(
                "{up_path} does not build the schema of {snapshot_path}: {}; undo the edit: {}",
                first_difference(&sql_shape(&replayed), &sql_shape(&snapshot.schema)),
                advice(&paths.up)
            ));
            break;
        }
        if let Some(down) = down {
            let mut undone = replayed.clone();
            match sql_read::apply(&mut undone, &down_path, sql_body(down)) {
                Err(e) => outcome.problems.push(format!(
                    "{e}\n(the down file no longer reads back; undo the edit: {})",
                    advice(&paths.down)
                )),
                Ok(()) if sql_shape(&undone) != sql_shape(&previous) => {
                    outcome.problems.push(format!(
                        "{down_path} does not undo {up_path}: {}; undo the edit: {}",
                        first_difference(&sql_shape(&undone), &sql_shape(&previous)),
                        advice(&paths.down)
                    ))
                }
                Ok(()) => {}
            }
        }
        previous = snapshot.schema;
    }
    // A gen with nothing new finds the declared schema in the last snapshot: when that is
    // byte for byte what gen writes for it, it is not read back (the largest file of the
    // folder, megabytes at thousands of tables) and there is nothing to plan. (`check` replays
    // everything, so CI still reads every snapshot back.)
    if deferred
        .as_ref()
        .is_some_and(|(_, text)| snapshot::is_json_of(text, options.schema))
    {
        return Cow::Borrowed(options.schema);
    }
    read_deferred(&mut deferred, &mut previous, outcome);
    Cow::Owned(previous)
}

/// How to undo a change to `path` (relative to the folder), a file of migration `tag`: from
/// git when the migration is committed; when it is new, by going back to the committed journal
/// and checksums, after which `gen` sees the new migration's files as its own leftovers,
/// removes them and writes the migration again.
fn restore_advice(dir: &str, command: &str, tag: &str, path: &str) -> String {
    format!(
        "if migration {tag} is committed, run `git checkout -- {dir}/{path}`; \
         if it is new (not committed; roll it back first if you applied it locally), run \
         `git checkout -- {dir}/{JOURNAL} {dir}/{SUM}` (or, if git has neither, delete \
         {dir}/), then `{command} gen`, which writes the new migration again"
    )
}

/// A migration name as a file name: lower case, `_` between words.
pub fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}
