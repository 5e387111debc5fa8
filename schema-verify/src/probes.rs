//! Behaviour probes: what the constraints do, not only what the catalog says.
//!
//! - every foreign key, ON DELETE: insert a parent and a child, delete the parent, and see the
//!   child deleted (cascade), set to NULL (set null), set to its default (set default, with a
//!   parent holding the default key) or the delete refused with SQLSTATE 23503 (no action,
//!   restrict);
//! - every foreign key, ON UPDATE: the same, changing the parent's key instead: the child
//!   follows it (cascade), is set to NULL or its default, or the update is refused;
//! - RESTRICT and NO ACTION differ in when they fire: NO ACTION checks at the end of the
//!   statement, so a statement that deletes the parent (or moves its key) and puts a parent with
//!   the same key back passes; RESTRICT refuses at once. Each of the two gets that probe too;
//! - every primary key, unique constraint and unique index (on columns, without `WHERE`): insert
//!   a row and a copy of its key: 23505;
//! - every `NULLS NOT DISTINCT` unique constraint with a nullable column: two rows with NULL
//!   there and the same other key columns: 23505 (PostgreSQL 15+; skipped, with the reason, on
//!   older servers, which cannot declare one);
//! - every NOT NULL column: insert NULL: 23502;
//! - every `GENERATED ALWAYS` identity column: insert a value of one's own: 428C9.
//!
//! All probes go to the server in one round trip: one `DO` block in a transaction that is rolled
//! back, each probe in a sub-block that undoes itself (a sub-transaction), its outcome gathered
//! in a variable (which a rollback does not undo) and read back at the end. Should that block
//! not run at all, each probe is sent on its own, so one bad probe cannot hide the others.
//!
//! Row values come from the model: nanoid text, counters for numbers, the first variant of a
//! declared TypeScript enum, parents created recursively for every foreign key. A parent row that
//! a probe does not act on is shared: inserted once, before the probes, and referenced by every
//! probe that needs one of its table (unless the foreign key's columns are part of a key of the
//! child, where two children of one parent could collide), so each probe inserts only the rows it
//! is about.

mod rejections;

use std::collections::BTreeMap;

use schema_model::{FkAction, ForeignKey, Schema, SqlDefault, SqlType, TableDef, TsType};
use serde::Serialize;

use crate::compare::canonical_type;
use crate::server::quote_ident;

/// One probe and what it saw.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeOutcome {
    pub table: String,
    /// The constraint or column probed.
    pub object: String,
    /// What was done, e.g. `delete the referenced users row`.
    pub action: String,
    pub expected: String,
    pub observed: String,
    pub passed: bool,
    /// Why the probe did not run (it then counts as passed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// A generated row: column → SQL literal (`None` is NULL).
type Row = BTreeMap<String, Option<String>>;

/// How deep parent rows are created before a nullable foreign key is left NULL instead.
const MAX_PARENT_DEPTH: usize = 8;

/// The SQLSTATE a probe raises to undo itself after recording what it saw.
const UNDO: &str = "SVP00";

/// The statements of one probe.
#[derive(Debug, Clone, Default)]
struct Script {
    /// Inserts that set the scene.
    setup: Vec<String>,
    /// The statement whose effect is judged (a DELETE or UPDATE of the parent); its row count is
    /// kept.
    action: Option<String>,
    /// A query returning one text: the child's state afterwards. No row means the child is gone.
    check: Option<String>,
}

/// The server's answer to a probe.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    /// Everything ran: the action's row count and the check's answer (`None`: no row).
    Ran {
        affected: u64,
        state: Option<String>,
    },
    /// A statement was refused.
    Refused {
        sqlstate: String,
        constraint: Option<String>,
        column: Option<String>,
        message: String,
    },
}

/// What a probe's answer is checked against.
enum Judge {
    /// A foreign key's action on delete or update of the parent.
    Action {
        fk: ForeignKey,
        verb: &'static str,
    },
    /// NO ACTION vs RESTRICT: a parent with the same key is back by the end of the statement.
    Reinserted {
        fk: ForeignKey,
        verb: &'static str,
    },
    Duplicate {
        name: String,
    },
    NotNull {
        column: String,
    },
    /// A value the column's type or a CHECK constraint refuses.
    Rejected {
        sqlstate: &'static str,
        constraint: Option<String>,
    },
    /// A `GENERATED ALWAYS` identity refuses a value of the insert's own.
    GeneratedAlways {
        column: String,
    },
    /// Not run on this server, for the reason given.
    Skipped(String),
}

/// Whether PostgreSQL refuses a value for the column on insert (428C9): a stored generated
/// column or a `GENERATED ALWAYS` identity. Rows the probes insert leave it to `DEFAULT`.
fn refuses_values(column: &schema_model::ColumnDef) -> bool {
    match &column.generated {
        Some(schema_model::Generated::Stored { .. }) => true,
        Some(schema_model::Generated::Identity(identity)) => identity.always,
        None => false,
    }
}

/// A probe ready to run: what it reports, its statements (or why it has none), and its judge.
struct Planned {
    outcome: ProbeOutcome,
    script: Result<Script, String>,
    judge: Judge,
}

/// Runs every probe the schema implies against the connected database.
pub fn run_probes(client: &mut postgres::Client, schema: &Schema) -> Vec<ProbeOutcome> {
    // `NULLS NOT DISTINCT` exists from PostgreSQL 15 on; an unreadable version counts as recent.
    let major = client
        .query_one("SELECT current_setting('server_version_num')::int4", &[])
        .map_or(i32::MAX, |row| row.get::<_, i32>(0) / 10_000);
    let mut maker = RowMaker {
        schema,
        counter: 0,
        shared: BTreeMap::new(),
        shared_setup: Vec::new(),
    };
    let mut planned = Vec::new();
    for table in &schema.tables {
        for fk in &table.foreign_keys {
            planned.push(maker.plan_action(table, fk, Change::Delete));
            if matches!(fk.on_delete, FkAction::NoAction | FkAction::Restrict) {
                planned.push(maker.plan_reinserted(table, fk, Change::Delete));
            }
            planned.push(maker.plan_action(table, fk, Change::Update));
            if matches!(fk.on_update, FkAction::NoAction | FkAction::Restrict) {
                planned.push(maker.plan_reinserted(table, fk, Change::Update));
            }
        }
        // A key over a column that takes no value of the insert's own cannot be duplicated.
        let settable = |columns: &[String]| {
            columns
                .iter()
                .all(|c| !table.column(c).is_some_and(refuses_values))
        };
        if let Some(pk) = table
            .primary_key
            .as_ref()
            .filter(|pk| settable(&pk.columns))
        {
            planned.push(maker.plan_duplicate(table, &pk.name, &pk.columns));
        }
        for unique in table.uniques.iter().filter(|u| settable(&u.columns)) {
            planned.push(maker.plan_duplicate(table, &unique.name, &unique.columns));
            if unique.nulls_not_distinct {
                planned.extend(maker.plan_null_duplicate(table, unique, major));
            }
        }
        // A partial index may not cover the generated rows, an expression key is no column to
        // copy: both are left to the catalog comparison.
        for index in table.indexes.iter().filter(|i| {
            i.unique
                && i.where_sql.is_none()
                && (0..i.columns.len()).all(|k| !i.key(k).expression)
                && settable(&i.columns)
        }) {
            planned.push(maker.plan_duplicate(table, &index.name, &index.columns));
        }
        for column in table.columns.iter().filter(|c| c.not_null) {
            if refuses_values(column) {
                planned.push(maker.plan_generated_always(table, &column.name));
            } else {
                planned.push(maker.plan_not_null(table, &column.name));
            }
        }
        for column in &table.columns {
            if matches!(column.sql_type, SqlType::Enum(_)) {
                planned.push(maker.plan_invalid_label(table, &column.name));
            }
        }
        for check in &table.checks {
            planned.push(maker.plan_check_violation(table, check));
        }
    }

    let scripts: Vec<&Script> = planned
        .iter()
        .filter_map(|p| p.script.as_ref().ok())
        .collect();
    let shared = &maker.shared_setup;
    let mut answers = match run_batch(client, shared, &scripts) {
        Ok(answers) => answers.into_iter().map(Ok).collect(),
        // One round trip per probe, so the broken one is the only one to fail.
        Err(_) => scripts
            .iter()
            .map(|script| run_batch(client, shared, &[script]).map(|mut a| a.remove(0)))
            .collect::<Vec<_>>(),
    }
    .into_iter();

    planned
        .into_iter()
        .map(|p| {
            if let Judge::Skipped(why) = &p.judge {
                return ProbeOutcome {
                    observed: format!("skipped: {why}"),
                    passed: true,
                    skipped: Some(why.clone()),
                    ..p.outcome
                };
            }
            let answer = match p.script {
                Ok(_) => answers.next().expect("one answer per script"),
                Err(message) => Err(message),
            };
            judge(p.outcome, &p.judge, answer)
        })
        .collect()
}

/// Runs the `shared` inserts, then `scripts`, in one `DO` block inside a transaction that is
/// rolled back; one answer per script.
fn run_batch(
    client: &mut postgres::Client,
    shared: &[String],
    scripts: &[&Script],
) -> Result<Vec<Answer>, String> {
    let mut body = String::from(
        "#variable_conflict use_column\nDECLARE\n  sv_results jsonb := '[]';\n  sv_n bigint;\n  \
         sv_state text;\n  sv_found boolean;\n  sv_sqlstate text;\n  sv_constraint text;\n  \
         sv_column text;\n  sv_message text;\nBEGIN\n",
    );
    for statement in shared {
        body.push_str(&format!("  {statement};\n"));
    }
    for script in scripts {
        body.push_str("  BEGIN\n");
        for statement in &script.setup {
            body.push_str(&format!("    {statement};\n"));
        }
        body.push_str("    sv_n := 0;\n");
        if let Some(action) = &script.action {
            body.push_str(&format!(
                "    {action};\n    GET DIAGNOSTICS sv_n = ROW_COUNT;\n"
            ));
        }
        body.push_str("    sv_state := NULL;\n    sv_found := true;\n");
        if let Some(check) = &script.check {
            body.push_str(&format!(
                "    {check} INTO sv_state;\n    sv_found := FOUND;\n"
            ));
        }
        body.push_str(&format!(
            "    sv_results := sv_results || jsonb_build_object('ran', true, 'affected', sv_n, \
             'state', CASE WHEN sv_found THEN to_jsonb(coalesce(sv_state, '')) END);\n    \
             RAISE EXCEPTION USING ERRCODE = '{UNDO}';\n  EXCEPTION WHEN OTHERS THEN\n    \
             IF SQLSTATE <> '{UNDO}' THEN\n      GET STACKED DIAGNOSTICS sv_sqlstate = \
             RETURNED_SQLSTATE, sv_constraint = CONSTRAINT_NAME, sv_column = COLUMN_NAME, \
             sv_message = MESSAGE_TEXT;\n      sv_results := sv_results || jsonb_build_object(\
             'ran', false, 'sqlstate', sv_sqlstate, 'constraint', sv_constraint, 'column', \
             sv_column, 'message', sv_message);\n    END IF;\n  END;\n"
        ));
    }
    body.push_str("  PERFORM set_config('schema_verify.probes', sv_results::text, true);\nEND");
    let mut tag = "sv_probes".to_string();
    while body.contains(&format!("${tag}$")) {
        tag.push('_');
    }
    let batch = format!(
        "BEGIN;\nDO ${tag}${body}${tag}$;\nSELECT current_setting('schema_verify.probes');"
    );
    let result = client.simple_query(&batch);
    // After an error the transaction is aborted; ROLLBACK ends it either way.
    client
        .batch_execute("ROLLBACK")
        .map_err(|e| format!("rolling back: {e}"))?;
    let messages = result.map_err(|e| match e.as_db_error() {
        Some(db) => format!("SQLSTATE {}: {}", db.code().code(), db.message()),
        None => e.to_string(),
    })?;
    let json = messages
        .iter()
        .find_map(|m| match m {
            postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
            _ => None,
        })
        .ok_or("the probes returned nothing")?;
    let values: Vec<serde_json::Value> =
        serde_json::from_str(&json).map_err(|e| format!("reading the probes' answers: {e}"))?;
    if values.len() != scripts.len() {
        return Err(format!(
            "{} answers for {} probes",
            values.len(),
            scripts.len()
        ));
    }
    let text = |v: &serde_json::Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_string);
    Ok(values
        .iter()
        .map(|v| {
            if v["ran"] == serde_json::Value::Bool(true) {
                Answer::Ran {
                    affected: v["affected"].as_u64().unwrap_or(0),
                    state: v["state"].as_str().map(str::to_string),
                }
            } else {
                Answer::Refused {
                    sqlstate: text(&v["sqlstate"]).unwrap_or_default(),
                    constraint: text(&v["constraint"]),
                    column: text(&v["column"]),
                    message: text(&v["message"]).unwrap_or_default(),
                }
            }
        })
        .collect())
}

/// Deleting the parent, or changing its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Delete,
    Update,
}

/// The child's state after the parent changed, as the check query names it.
const GONE: &str = "the child row deleted (cascade)";

fn state_text(fk: &ForeignKey, state: &str) -> String {
    let columns = fk.columns.join(", ");
    match state {
        "null" => format!("the child's ({columns}) set to NULL"),
        "default" => format!("the child's ({columns}) set to their default"),
        "new" => format!("the child's ({columns}) changed to the parent's new key (cascade)"),
        "old" => format!("the child's ({columns}) left as they were"),
        other => format!(
            "the child's ({columns}) changed to ({})",
            other.strip_prefix("other:").unwrap_or(other)
        ),
    }
}

/// What a foreign key with `action` does to the child (the check query's state), or `None` when
/// it refuses the change.
fn expected_state(
    fk: &ForeignKey,
    table: &TableDef,
    action: FkAction,
    change: Change,
) -> Option<&'static str> {
    match action {
        FkAction::Cascade if change == Change::Delete => Some("gone"),
        FkAction::Cascade => Some("new"),
        FkAction::SetNull => Some("null"),
        FkAction::SetDefault if has_defaults(fk, table) => Some("default"),
        FkAction::SetDefault => Some("null"),
        FkAction::NoAction | FkAction::Restrict => None,
    }
}

fn has_defaults(fk: &ForeignKey, table: &TableDef) -> bool {
    fk.columns
        .iter()
        .any(|c| table.column(c).is_some_and(|c| c.default.is_some()))
}

fn refused_text(verb: &str) -> String {
    format!("the {verb} refused with SQLSTATE 23503")
}

fn judge(mut outcome: ProbeOutcome, judge: &Judge, answer: Result<Answer, String>) -> ProbeOutcome {
    let observed = answer.and_then(|answer| observe(judge, answer));
    match observed {
        Ok(observed) => {
            outcome.passed = observed == outcome.expected;
            outcome.observed = observed;
        }
        Err(message) => {
            outcome.passed = false;
            outcome.observed = format!("the probe could not run: {message}");
        }
    }
    outcome
}

fn observe(judge: &Judge, answer: Answer) -> Result<String, String> {
    Ok(match (judge, answer) {
        (
            Judge::Action { fk, verb },
            Answer::Refused {
                sqlstate,
                constraint,
                ..
            },
        ) if sqlstate == "23503" && constraint.as_deref() == Some(fk.name.as_str()) => {
            refused_text(verb)
        }
        (
            Judge::Reinserted { fk, .. },
            Answer::Refused {
                sqlstate,
                constraint,
                ..
            },
        ) if sqlstate == "23503" && constraint.as_deref() == Some(fk.name.as_str()) => {
            REINSERT_REFUSED.into()
        }
        (
            Judge::Action { .. } | Judge::Reinserted { .. },
            Answer::Refused {
                sqlstate, message, ..
            },
        ) => return Err(format!("SQLSTATE {sqlstate}: {message}")),
        (
            Judge::Action { verb, .. } | Judge::Reinserted { verb, .. },
            Answer::Ran { affected: 0, .. },
        ) => {
            format!("the parent row was not {verb}d (a trigger?)")
        }
        (Judge::Action { fk, .. }, Answer::Ran { state, .. }) => match state.as_deref() {
            None | Some("gone") => GONE.into(),
            Some(state) => state_text(fk, state),
        },
        (Judge::Reinserted { .. }, Answer::Ran { .. }) => REINSERT_ALLOWED.into(),
        (Judge::Duplicate { .. }, Answer::Ran { .. }) => "the duplicate accepted".into(),
        (
            Judge::Duplicate { name },
            Answer::Refused {
                sqlstate,
                constraint,
                ..
            },
        ) if sqlstate == "23505" && constraint.as_deref() == Some(name.as_str()) => {
            "refused with SQLSTATE 23505".into()
        }
        (
            Judge::Duplicate { .. },
            Answer::Refused {
                sqlstate,
                constraint,
                message,
                ..
            },
        ) => format!(
            "refused with SQLSTATE {sqlstate} by {}: {message}",
            constraint.as_deref().unwrap_or("no constraint")
        ),
        (Judge::Rejected { .. }, Answer::Ran { .. }) => "the row accepted".into(),
        (
            Judge::Rejected {
                sqlstate: expected,
                constraint: expected_constraint,
            },
            Answer::Refused {
                sqlstate,
                constraint,
                message,
                ..
            },
        ) => {
            if sqlstate == *expected
                && (expected_constraint.is_none() || constraint == *expected_constraint)
            {
                format!("refused with SQLSTATE {sqlstate}")
            } else {
                format!(
                    "refused with SQLSTATE {sqlstate} by {}: {message}",
                    constraint.as_deref().unwrap_or("no constraint")
                )
            }
        }
        (Judge::NotNull { .. }, Answer::Ran { .. }) => "NULL accepted".into(),
        (
            Judge::NotNull { column },
            Answer::Refused {
                sqlstate,
                column: refused,
                ..
            },
        ) if sqlstate == "23502" && refused.as_deref() == Some(column.as_str()) => {
            "refused with SQLSTATE 23502".into()
        }
        (
            Judge::NotNull { .. },
            Answer::Refused {
                sqlstate, message, ..
            },
        ) => {
            format!("refused with SQLSTATE {sqlstate}: {message}")
        }
        (Judge::GeneratedAlways { column }, Answer::Ran { .. }) => {
            format!("a value of the insert's own accepted into {column} (not GENERATED ALWAYS)")
        }
        (Judge::GeneratedAlways { .. }, Answer::Refused { sqlstate, .. })
            if sqlstate == "428C9" =>
        {
            "refused with SQLSTATE 428C9".into()
        }
        (
            Judge::GeneratedAlways { .. },
            Answer::Refused {
                sqlstate, message, ..
            },
        ) => format!("refused with SQLSTATE {sqlstate}: {message}"),
        (Judge::Skipped(why), _) => format!("skipped: {why}"),
    })
}

const REINSERT_ALLOWED: &str =
    "allowed: a parent with the same key is back by the end of the statement (NO ACTION)";
const REINSERT_REFUSED: &str = "the same-statement change refused with SQLSTATE 23503 (RESTRICT)";

struct RowMaker<'a> {
    schema: &'a Schema,
    counter: u64,
    /// Shared parent rows by table.
    shared: BTreeMap<String, Row>,
    /// Their INSERTs, parents first, run once before the probes.
    shared_setup: Vec<String>,
}

impl<'a> RowMaker<'a> {
    /// Delete the parent, or change its key, and see what became of the child.
    fn plan_action(&mut self, table: &TableDef, fk: &ForeignKey, change: Change) -> Planned {
        let (declared, verb, action) = match change {
            Change::Delete => (
                fk.on_delete,
                "delete",
                format!("delete the referenced {} row", fk.ref_table),
            ),
            Change::Update => (
                fk.on_update,
                "update",
                format!(
                    "change the key ({}) of the referenced {} row",
                    fk.ref_columns.join(", "),
                    fk.ref_table
                ),
            ),
        };
        let expected = match expected_state(fk, table, declared, change) {
            Some("gone") => GONE.to_string(),
            Some(state) => state_text(fk, state),
            None => refused_text(verb),
        };
        let script = (|| -> Result<Script, String> {
            let mut setup = Vec::new();
            let parent_table = self.table(&fk.ref_table)?;
            let parent = self.plan_insert(&mut setup, parent_table, &Row::new(), 0)?;
            let defaults = default_values(table, fk);
            if declared == FkAction::SetDefault && has_defaults(fk, table) {
                // SET DEFAULT points the child at the default key: a parent must hold it.
                let mut key = Row::new();
                for (ref_column, value) in fk.ref_columns.iter().zip(&defaults) {
                    key.insert(ref_column.clone(), Some(value.clone()));
                }
                self.plan_insert(&mut setup, parent_table, &key, 0)?;
            }
            let mut overrides = Row::new();
            for (column, ref_column) in fk.columns.iter().zip(&fk.ref_columns) {
                overrides.insert(column.clone(), parent.get(ref_column).cloned().flatten());
            }
            let child = self.plan_insert(&mut setup, table, &overrides, 0)?;
            let old: Vec<String> = fk
                .ref_columns
                .iter()
                .map(|c| {
                    parent
                        .get(c)
                        .cloned()
                        .flatten()
                        .unwrap_or_else(|| "NULL".into())
                })
                .collect();
            let mut new = Vec::new();
            let action = match change {
                Change::Delete => format!(
                    "DELETE FROM {} WHERE {}",
                    schema_model::ddl::qualified_ident(&fk.ref_table),
                    where_clause(parent_table, &parent, &[])
                ),
                Change::Update => {
                    let mut sets = Vec::new();
                    for ref_column in &fk.ref_columns {
                        let column = parent_table.column(ref_column).ok_or_else(|| {
                            format!("{} has no column {ref_column}", fk.ref_table)
                        })?;
                        let value = self.value(column).unwrap_or_else(|| "NULL".into());
                        sets.push(format!("{} = {value}", quote_ident(ref_column)));
                        new.push(value);
                    }
                    format!(
                        "UPDATE {} SET {} WHERE {}",
                        schema_model::ddl::qualified_ident(&fk.ref_table),
                        sets.join(", "),
                        where_clause(parent_table, &parent, &[])
                    )
                }
            };
            let check = state_query(table, fk, &child, &old, &new, &defaults);
            Ok(Script {
                setup,
                action: Some(action),
                check: Some(check),
            })
        })();
        Planned {
            outcome: outcome(table, &fk.name, action, expected),
            script,
            judge: Judge::Action {
                fk: fk.clone(),
                verb,
            },
        }
    }

    /// NO ACTION vs RESTRICT: in one statement, delete the parent (or move its key) and put a
    /// parent with the same key back.
    fn plan_reinserted(&mut self, table: &TableDef, fk: &ForeignKey, change: Change) -> Planned {
        let (declared, verb, action) = match change {
            Change::Delete => (
                fk.on_delete,
                "delete",
                format!("delete the referenced {} row and insert it again in the same statement", fk.ref_table),
            ),
            Change::Update => (
                fk.on_update,
                "update",
                format!(
                    "change the key of the referenced {} row and insert another with the old key in the same statement",
                    fk.ref_table
                ),
            ),
        };
        let expected = if declared == FkAction::Restrict {
            REINSERT_REFUSED.to_string()
        } else {
            REINSERT_ALLOWED.to_string()
        };
        let script = (|| -> Result<Script, String> {
            let mut setup = Vec::new();
            let parent_table = self.table(&fk.ref_table)?;
            let parent = self.plan_insert(&mut setup, parent_table, &Row::new(), 0)?;
            let mut overrides = Row::new();
            for (column, ref_column) in fk.columns.iter().zip(&fk.ref_columns) {
                overrides.insert(column.clone(), parent.get(ref_column).cloned().flatten());
            }
            self.plan_insert(&mut setup, table, &overrides, 0)?;
            let parent_where = where_clause(parent_table, &parent, &[]);
            let target = schema_model::ddl::qualified_ident(&fk.ref_table);
            let action = match change {
                Change::Delete => format!(
                    "WITH gone AS (DELETE FROM {target} WHERE {parent_where} RETURNING *) \
                     INSERT INTO {target} SELECT * FROM gone"
                ),
                Change::Update => {
                    let mut sets = Vec::new();
                    for ref_column in &fk.ref_columns {
                        let column = parent_table.column(ref_column).ok_or_else(|| {
                            format!("{} has no column {ref_column}", fk.ref_table)
                        })?;
                        let value = self.value(column).unwrap_or_else(|| "NULL".into());
                        sets.push(format!("{} = {value}", quote_ident(ref_column)));
                    }
                    // Another parent row (fresh values for its other unique columns) with the old key.
                    let mut key = Row::new();
                    for ref_column in &fk.ref_columns {
                        key.insert(
                            ref_column.clone(),
                            parent.get(ref_column).cloned().flatten(),
                        );
                    }
                    let replacement = self.plan_row(&mut setup, parent_table, &key, 0)?;
                    let columns: Vec<String> = replacement.keys().map(|c| quote_ident(c)).collect();
                    let values: Vec<&str> = replacement
                        .values()
                        .map(|v| v.as_deref().unwrap_or("NULL"))
                        .collect();
                    format!(
                        "WITH moved AS (UPDATE {target} SET {} WHERE {parent_where} RETURNING 1) \
                         INSERT INTO {target} ({}) SELECT {} FROM moved",
                        sets.join(", "),
                        columns.join(", "),
                        values.join(", ")
                    )
                }
            };
            Ok(Script {
                setup,
                action: Some(action),
                check: None,
            })
        })();
        Planned {
            outcome: outcome(table, &fk.name, action, expected),
            script,
            judge: Judge::Reinserted {
                fk: fk.clone(),
                verb,
            },
        }
    }

    fn plan_duplicate(&mut self, table: &TableDef, name: &str, columns: &[String]) -> Planned {
        let script = (|| -> Result<Script, String> {
            let mut setup = Vec::new();
            let first = self.plan_insert(&mut setup, table, &Row::new(), 0)?;
            let mut overrides = Row::new();
            copy_key(&mut overrides, &first, table, columns);
            self.plan_insert(&mut setup, table, &overrides, 0)?;
            Ok(Script {
                setup,
                ..Script::default()
            })
        })();
        Planned {
            outcome: outcome(
                table,
                name,
                format!("insert a second row with the same ({})", columns.join(", ")),
                "refused with SQLSTATE 23505".into(),
            ),
            script,
            judge: Judge::Duplicate {
                name: name.to_string(),
            },
        }
    }

    /// Two rows with NULL in the nullable columns of a `NULLS NOT DISTINCT` unique constraint
    /// and the same values in the others; `None` when every column is NOT NULL (nothing to
    /// probe beyond the plain duplicate).
    fn plan_null_duplicate(
        &mut self,
        table: &TableDef,
        unique: &schema_model::UniqueConstraint,
        major: i32,
    ) -> Option<Planned> {
        let nullable: Vec<&String> = unique
            .columns
            .iter()
            .filter(|c| table.column(c).is_some_and(|c| !c.not_null))
            .collect();
        if nullable.is_empty() {
            return None;
        }
        let nulls = nullable
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let outcome = outcome(
            table,
            &unique.name,
            format!("insert two rows with NULL in ({nulls}) and the same other key columns (NULLS NOT DISTINCT)"),
            "refused with SQLSTATE 23505".into(),
        );
        if major < 15 {
            return Some(Planned {
                outcome,
                script: Err("skipped".into()),
                judge: Judge::Skipped(format!(
                    "PostgreSQL {major} has no NULLS NOT DISTINCT (15 and later do)"
                )),
            });
        }
        let script = (|| -> Result<Script, String> {
            let mut setup = Vec::new();
            let mut overrides = Row::new();
            for column in &nullable {
                overrides.insert(column.to_string(), None);
            }
            let first = self.plan_insert(&mut setup, table, &overrides, 0)?;
            copy_key(&mut overrides, &first, table, &unique.columns);
            self.plan_insert(&mut setup, table, &overrides, 0)?;
            Ok(Script {
                setup,
                ..Script::default()
            })
        })();
        Some(Planned {
            outcome,
            script,
            judge: Judge::Duplicate {
                name: unique.name.clone(),
            },
        })
    }

    fn plan_not_null(&mut self, table: &TableDef, column: &str) -> Planned {
        let script = (|| -> Result<Script, String> {
            let mut setup = Vec::new();
            let mut overrides = Row::new();
            overrides.insert(column.to_string(), None);
            self.plan_insert(&mut setup, table, &overrides, 0)?;
            Ok(Script {
                setup,
                ..Script::default()
            })
        })();
        Planned {
            outcome: outcome(
                table,
                column,
                format!("insert NULL into {column}"),
                "refused with SQLSTATE 23502".into(),
            ),
            script,
            judge: Judge::NotNull {
                column: column.to_string(),
            },
        }
    }

    fn plan_generated_always(&mut self, table: &TableDef, column: &str) -> Planned {
        let script = (|| -> Result<Script, String> {
            let mut setup = Vec::new();
            let mut overrides = Row::new();
            overrides.insert(column.to_string(), Some("1".into()));
            self.plan_insert(&mut setup, table, &overrides, 0)?;
            Ok(Script {
                setup,
                ..Script::default()
            })
        })();
        Planned {
            outcome: outcome(
                table,
                column,
                format!("insert a value of its own into GENERATED ALWAYS identity {column}"),
                "refused with SQLSTATE 428C9".into(),
            ),
            script,
            judge: Judge::GeneratedAlways {
                column: column.to_string(),
            },
        }
    }

    fn table(&self, name: &str) -> Result<&'a TableDef, String> {
        self.schema
            .table(name)
            .ok_or_else(|| format!("references table {name}, which the schema does not declare"))
    }

    /// Adds the INSERTs for a row (its parents first) to `statements` and returns the row's
    /// values: the overrides, parents' keys for foreign keys, generated values for the rest.
    fn plan_insert(
        &mut self,
        statements: &mut Vec<String>,
        table: &TableDef,
        overrides: &Row,
        depth: usize,
    ) -> Result<Row, String> {
        let row = self.plan_row(statements, table, overrides, depth)?;
        statements.push(insert_sql(table, &row));
        Ok(row)
    }

    /// A row's values, with the INSERTs of its parents added to `statements` (not its own).
    fn plan_row(
        &mut self,
        statements: &mut Vec<String>,
        table: &TableDef,
        overrides: &Row,
        depth: usize,
    ) -> Result<Row, String> {
        let mut row = overrides.clone();
        for fk in &table.foreign_keys {
            if fk.columns.iter().any(|c| row.contains_key(c)) {
                continue;
            }
            let nullable = fk
                .columns
                .iter()
                .all(|c| table.column(c).is_some_and(|c| !c.not_null));
            if nullable && (fk.ref_table == table.name || depth >= MAX_PARENT_DEPTH) {
                for c in &fk.columns {
                    row.insert(c.clone(), None);
                }
                continue;
            }
            if depth >= MAX_PARENT_DEPTH {
                return Err(format!(
                    "{}: foreign keys nest deeper than {MAX_PARENT_DEPTH} NOT NULL levels",
                    table.name
                ));
            }
            let parent_table = self.table(&fk.ref_table)?;
            let in_a_key = table
                .primary_key
                .iter()
                .map(|pk| &pk.columns)
                .chain(table.uniques.iter().map(|u| &u.columns))
                .any(|key| fk.columns.iter().any(|c| key.contains(c)));
            let parent = if in_a_key {
                self.plan_insert(statements, parent_table, &Row::new(), depth + 1)?
            } else {
                self.shared_row(parent_table, depth + 1)?
            };
            for (column, ref_column) in fk.columns.iter().zip(&fk.ref_columns) {
                row.insert(column.clone(), parent.get(ref_column).cloned().flatten());
            }
        }
        for (column, value) in rejections::satisfying_values(table) {
            row.entry(column).or_insert(Some(value));
        }
        for column in &table.columns {
            if !row.contains_key(&column.name) {
                let value = self.value(column);
                row.insert(column.name.clone(), value);
            }
        }
        Ok(row)
    }

    /// The shared row of `table`, planned (its own parents first) on first use.
    fn shared_row(&mut self, table: &TableDef, depth: usize) -> Result<Row, String> {
        if let Some(row) = self.shared.get(&table.name) {
            return Ok(row.clone());
        }
        // Shared parents of this row land in `shared_setup` while it is planned; its fresh
        // parents and itself follow them.
        let mut statements = Vec::new();
        let row = self.plan_insert(&mut statements, table, &Row::new(), depth)?;
        self.shared_setup.extend(statements);
        self.shared.insert(table.name.clone(), row.clone());
        Ok(row)
    }

    /// A value that satisfies the column's type and is unique to this row where that matters.
    fn value(&mut self, column: &schema_model::ColumnDef) -> Option<String> {
        self.counter += 1;
        let n = self.counter;
        if refuses_values(column) {
            return Some("DEFAULT".into());
        }
        if let Some(TsType::Enum(e)) = &column.ts.ty {
            if let Some(first) = e.variants.first() {
                return Some(text_literal(first));
            }
        }
        if let SqlType::Enum(name) = &column.sql_type {
            return Some(
                self.schema
                    .pg_enum(name)
                    .and_then(|e| e.values.first())
                    .map_or_else(|| "DEFAULT".into(), |v| text_literal(v)),
            );
        }
        let ty = canonical_type(&column.sql_type);
        if ty.ends_with("[]") {
            return Some("'{}'".into());
        }
        Some(match SqlType::parse(&ty) {
            SqlType::Text => text_literal(&nanoid::nanoid!()),
            SqlType::Varchar(max) => {
                let id = nanoid::nanoid!();
                let len = max.map_or(id.len(), |m| (m as usize).min(id.len()));
                text_literal(&id[..len])
            }
            SqlType::SmallInt => (n % 32_000).to_string(),
            SqlType::Integer
            | SqlType::BigInt
            | SqlType::Numeric
            | SqlType::Real
            | SqlType::DoublePrecision => n.to_string(),
            SqlType::Boolean => "true".into(),
            SqlType::Timestamp => format!("(timestamp '2000-01-01' + {n} * interval '1 second')"),
            SqlType::TimestampTz => {
                format!("(timestamptz '2000-01-01 00:00:00+00' + {n} * interval '1 second')")
            }
            SqlType::Date => format!("(date '2000-01-01' + {n})"),
            SqlType::Uuid => format!("'00000000-0000-4000-8000-{n:012x}'"),
            SqlType::Json | SqlType::Jsonb => match &column.default {
                Some(SqlDefault::Json(json)) => text_literal(json),
                _ if matches!(column.ts.ty, Some(TsType::EnumArray(_))) => "'[]'".into(),
                _ => "'{}'".into(),
            },
            SqlType::Other(other)
                if other.starts_with("character varying(") || other.starts_with("character(") =>
            {
                let max: usize = other
                    .split(['(', ')'])
                    .nth(1)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1);
                let id = nanoid::nanoid!();
                text_literal(&id[..max.min(id.len())])
            }
            SqlType::Other(other) if other.starts_with("numeric(") => "1".into(),
            SqlType::Other(other) if other.starts_with("timestamp(") => {
                format!("(timestamptz '2000-01-01 00:00:00+00' + {n} * interval '1 second')")
            }
            // A type we cannot make up a value for: let the column's default (or NULL) decide.
            SqlType::Other(_) | SqlType::Enum(_) => "DEFAULT".into(),
        })
    }
}

/// Copies the key `columns` of the row `first` into `overrides`, for a second row that
/// collides with it. A key column that is also a foreign key column drags the rest of that
/// foreign key along, or the copy would point at a parent that does not exist.
fn copy_key(overrides: &mut Row, first: &Row, table: &TableDef, columns: &[String]) {
    let foreign_keys = table
        .foreign_keys
        .iter()
        .filter(|fk| fk.columns.iter().any(|c| columns.contains(c)));
    let dragged = foreign_keys.flat_map(|fk| &fk.columns);
    for column in columns.iter().chain(dragged) {
        overrides.insert(column.clone(), first.get(column).cloned().flatten());
    }
}

fn outcome(table: &TableDef, object: &str, action: String, expected: String) -> ProbeOutcome {
    ProbeOutcome {
        table: table.name.clone(),
        object: object.to_string(),
        action,
        expected,
        observed: String::new(),
        passed: false,
        skipped: None,
    }
}

/// The SQL of each foreign key column's default (`NULL` when it has none).
fn default_values(table: &TableDef, fk: &ForeignKey) -> Vec<String> {
    fk.columns
        .iter()
        .map(|c| {
            table
                .column(c)
                .and_then(|col| {
                    col.default
                        .as_ref()
                        .map(|d| schema_model::ddl::default_sql(d, &col.sql_type))
                })
                .unwrap_or_else(|| "NULL".into())
        })
        .collect()
}

/// A query naming the child's state by its foreign key columns: `new` (the parent's new key),
/// `default`, `null`, `old` (unchanged), or `other:<values>`; no row when the child is gone.
fn state_query(
    table: &TableDef,
    fk: &ForeignKey,
    child: &Row,
    old: &[String],
    new: &[String],
    defaults: &[String],
) -> String {
    let columns: Vec<String> = fk.columns.iter().map(|c| quote_ident(c)).collect();
    let equals = |values: &[String]| -> String {
        columns
            .iter()
            .zip(values)
            .map(|(c, v)| format!("{c} IS NOT DISTINCT FROM {v}"))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let mut cases = Vec::new();
    if !new.is_empty() {
        cases.push(format!("WHEN {} THEN 'new'", equals(new)));
    }
    if has_defaults(fk, table) {
        cases.push(format!("WHEN {} THEN 'default'", equals(defaults)));
    }
    let nulls: Vec<String> = columns.iter().map(|_| "NULL".to_string()).collect();
    cases.push(format!("WHEN {} THEN 'null'", equals(&nulls)));
    cases.push(format!("WHEN {} THEN 'old'", equals(old)));
    let values: Vec<String> = columns
        .iter()
        .map(|c| format!("coalesce({c}::text, 'NULL')"))
        .collect();
    format!(
        "SELECT CASE {} ELSE 'other:' || concat_ws(', ', {}) END FROM {} WHERE {}",
        cases.join(" "),
        values.join(", "),
        schema_model::ddl::qualified_ident(&table.name),
        where_clause(table, child, &fk.columns)
    )
}

fn insert_sql(table: &TableDef, row: &Row) -> String {
    let columns: Vec<String> = row.keys().map(|c| quote_ident(c)).collect();
    let values: Vec<&str> = row
        .values()
        .map(|v| v.as_deref().unwrap_or("NULL"))
        .collect();
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        schema_model::ddl::qualified_ident(&table.name),
        columns.join(", "),
        values.join(", ")
    )
}

/// Picks out a generated row by its values, leaving out `skip` (columns a foreign key action may
/// have changed), NULLs, defaults and JSON (which has no `=`).
fn where_clause(table: &TableDef, row: &Row, skip: &[String]) -> String {
    let conditions: Vec<String> = row
        .iter()
        .filter(|(column, _)| !skip.contains(column))
        .filter_map(|(column, value)| {
            let value = value.as_deref()?;
            let json = table
                .column(column)
                .is_some_and(|c| matches!(c.sql_type, SqlType::Json | SqlType::Jsonb));
            (value != "DEFAULT" && !json).then(|| format!("{} = {value}", quote_ident(column)))
        })
        .collect();
    if conditions.is_empty() {
        "true".into()
    } else {
        conditions.join(" AND ")
    }
}

fn text_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
