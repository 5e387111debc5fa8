//! Migration safety beyond data loss: the up steps that hold a lock writes (or reads) wait on
//! for as long as PostgreSQL scans, rewrites or indexes a table that already holds rows.
//!
//! Steps on a table the same plan creates are left out: it is empty, and nobody uses it yet.
//! What each statement locks is PostgreSQL's documented behaviour (`ALTER TABLE`, `CREATE
//! INDEX`), for PostgreSQL 11 and later (an `ADD COLUMN` with a non-volatile default rewrites
//! nothing since 11).

use std::collections::HashSet;

use super::{Plan, Step};
use crate::ddl::{ident, qualified_ident};
use crate::model::{SqlDefault, SqlType};

/// An up step that blocks other sessions while it runs on a table with rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockWarning {
    /// Its position in [`Plan::up`].
    pub step: usize,
    /// The table whose lock it takes.
    pub table: String,
    /// The lock mode, as PostgreSQL names it: `ACCESS EXCLUSIVE`, `SHARE`.
    pub lock: &'static str,
    /// What the step does, what waits, and what to do instead.
    pub message: String,
}

/// Who waits on each lock mode a migration step takes.
fn who_waits(lock: &str) -> &'static str {
    match lock {
        "ACCESS EXCLUSIVE" => "reads and writes wait",
        _ => "writes wait (reads go on)",
    }
}

impl Plan {
    /// The up steps that rewrite or scan a table holding rows, or build an index on it, under a
    /// lock that blocks other sessions: a type change that is not binary-compatible, a column
    /// added with a volatile default, `SET NOT NULL`, a key, a foreign key or an index added to
    /// an existing table, an index dropped and created again.
    pub fn lock_warnings(&self) -> Vec<LockWarning> {
        let created: HashSet<&str> = self
            .up
            .iter()
            .filter_map(|step| match step {
                Step::CreateTable(table) => Some(table.name.as_str()),
                _ => None,
            })
            .collect();
        let dropped_indexes: HashSet<&str> = self
            .up
            .iter()
            .filter_map(|step| match step {
                Step::DropIndex { name } => Some(crate::model::bare_name(name)),
                _ => None,
            })
            .collect();
        let mut warnings = Vec::new();
        for (position, step) in self.up.iter().enumerate() {
            let Some(table) = self.table_of(step) else {
                continue;
            };
            if created.contains(table) {
                continue;
            }
            let t = qualified_ident(table);
            let (lock, what, instead) = match step {
                Step::AlterColumnType {
                    column, from, to, ..
                } if rewrites(from, to) => (
                    "ACCESS EXCLUSIVE",
                    format!(
                        "rewrites table {t} (and rebuilds its indexes) to change column {} from {} to {}",
                        ident(column),
                        from.sql(),
                        to.sql()
                    ),
                    "on a large table, add a new column, backfill it in batches, then swap the two",
                ),
                Step::AddColumn { column, .. } if column.generated.is_some() => (
                    "ACCESS EXCLUSIVE",
                    format!(
                        "rewrites table {t} to compute new {} column {} for every row",
                        if column.generated.as_ref().and_then(crate::model::Generated::identity).is_some() {
                            "identity"
                        } else {
                            "generated"
                        },
                        ident(&column.name)
                    ),
                    "on a large table, add a plain column, backfill it in batches, then make it generated or an identity (a custom migration)",
                ),
                Step::AddColumn { column, .. }
                    if column.default.as_ref().is_some_and(is_volatile) =>
                {
                    (
                        "ACCESS EXCLUSIVE",
                        format!(
                            "rewrites table {t} to fill new column {} with a volatile default, one value per row",
                            ident(&column.name)
                        ),
                        "on a large table, add the column without a default, backfill it in batches, then set the default",
                    )
                }
                Step::SetNotNull { column, .. } => (
                    "ACCESS EXCLUSIVE",
                    format!("scans table {t} to prove column {} holds no NULL", ident(column)),
                    "on a large table, add a CHECK (… IS NOT NULL) NOT VALID constraint and VALIDATE it first (a custom migration): SET NOT NULL then skips the scan",
                ),
                Step::AddPrimaryKey { primary_key, .. } => (
                    "ACCESS EXCLUSIVE",
                    format!("builds the unique index of primary key {} on table {t}", ident(&primary_key.name)),
                    "on a large table, build a unique index CONCURRENTLY first and add the key USING INDEX (a custom migration)",
                ),
                Step::AddUnique { unique, .. } => (
                    "ACCESS EXCLUSIVE",
                    format!("builds the unique index of constraint {} on table {t}", ident(&unique.name)),
                    "on a large table, build a unique index CONCURRENTLY first and add the constraint USING INDEX (a custom migration)",
                ),
                Step::AddForeignKey { foreign_key, .. } => (
                    "SHARE ROW EXCLUSIVE",
                    format!(
                        "checks every row of table {t} against {} for foreign key {} (and locks {} too)",
                        qualified_ident(&foreign_key.ref_table),
                        ident(&foreign_key.name),
                        qualified_ident(&foreign_key.ref_table)
                    ),
                    "on a large table, add the foreign key NOT VALID, then VALIDATE CONSTRAINT in a later migration (a custom migration)",
                ),
                // CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: writes go on while it builds.
                Step::CreateIndex { index, .. } if index.concurrently => continue,
                Step::CreateIndex { index, .. } => (
                    "SHARE",
                    if dropped_indexes.contains(index.name.as_str()) {
                        format!(
                            "drops index {} (ACCESS EXCLUSIVE, briefly) and builds it again on table {t}",
                            ident(&index.name)
                        )
                    } else {
                        format!("builds index {} on table {t}", ident(&index.name))
                    },
                    "on a large table, use CREATE INDEX CONCURRENTLY in a custom migration that runs outside a transaction",
                ),
                Step::AddCheck { check, .. } => (
                    "ACCESS EXCLUSIVE",
                    format!("scans table {t} to prove check constraint {} holds for every row", ident(&check.name)),
                    "on a large table, add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration (a custom migration)",
                ),
                _ => continue,
            };
            warnings.push(LockWarning {
                step: position,
                table: table.to_string(),
                lock,
                message: format!(
                    "{what} under {} {lock} lock: {} until it is done; {instead}",
                    if lock.starts_with('A') { "an" } else { "a" },
                    who_waits(lock)
                ),
            });
        }
        warnings
    }
}

/// Whether changing a column's type from `from` to `to` rewrites the table. PostgreSQL skips
/// the rewrite when the old values are valid as they are: a varchar made longer or unbounded,
/// a varchar made text.
pub fn rewrites(from: &SqlType, to: &SqlType) -> bool {
    use SqlType::*;
    !match (from, to) {
        _ if from == to => true,
        (Varchar(_), Text) | (Varchar(_), Varchar(None)) | (Text, Varchar(None)) => true,
        (Varchar(Some(a)), Varchar(Some(b))) => b >= a,
        _ => false,
    }
}

/// Whether a default is computed per row (PostgreSQL fills existing rows by rewriting the
/// table): a call of a volatile function. `now()` is stable: one value for the whole statement.
pub fn is_volatile(default: &SqlDefault) -> bool {
    const VOLATILE: &[&str] = &[
        "gen_random_uuid(",
        "uuid_generate_v1",
        "uuid_generate_v4(",
        "random(",
        "clock_timestamp(",
        "timeofday(",
        "nextval(",
    ];
    match default {
        SqlDefault::Expression(expression) => {
            let expression = expression.to_ascii_lowercase();
            VOLATILE.iter().any(|f| expression.contains(f))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{plan, PlanOptions};
    use crate::model::{ColumnDef, ColumnTs, Index, Schema, TableDef};

    fn column(name: &str, sql_type: SqlType, not_null: bool) -> ColumnDef {
        ColumnDef {
            name: name.into(),
            renamed_from: None,
            sql_type,
            not_null,
            default: None,
            ts: ColumnTs::default(),
            generated: None,
        }
    }

    fn schema(tables: Vec<TableDef>) -> Schema {
        Schema {
            tables,
            ..Schema::default()
        }
    }

    fn table(columns: Vec<ColumnDef>, indexes: Vec<Index>) -> TableDef {
        TableDef {
            columns,
            indexes,
            ..TableDef::empty("documents")
        }
    }

    fn warnings(from: &Schema, to: &Schema) -> Vec<String> {
        plan(
            from,
            to,
            PlanOptions {
                allow_destructive: true,
            },
        )
        .expect("a plan")
        .lock_warnings()
        .into_iter()
        .map(|w| w.message)
        .collect()
    }

    #[test]
    fn a_new_table_locks_nobody() {
        let to = schema(vec![table(
            vec![column("title", SqlType::Text, true)],
            vec![Index::new(
                "documents_title_index",
                vec!["title".into()],
                false,
            )],
        )]);
        assert_eq!(warnings(&Schema::default(), &to), Vec::<String>::new());
    }

    #[test]
    fn an_index_on_an_existing_table_blocks_writes() {
        let from = schema(vec![table(
            vec![column("title", SqlType::Text, true)],
            vec![],
        )]);
        let mut to = from.clone();
        to.tables[0].indexes.push(Index::new(
            "documents_title_index",
            vec!["title".into()],
            false,
        ));
        assert_eq!(
            warnings(&from, &to),
            ["builds index \"documents_title_index\" on table \"documents\" under a SHARE lock: \
              writes wait (reads go on) until it is done; on a large table, use CREATE INDEX \
              CONCURRENTLY in a custom migration that runs outside a transaction"]
        );
    }

    #[test]
    fn a_type_change_rewrites_unless_the_values_stay_valid() {
        let from = schema(vec![table(
            vec![
                column("title", SqlType::Varchar(Some(50)), true),
                column("pages", SqlType::Integer, true),
            ],
            vec![],
        )]);
        let mut to = from.clone();
        to.tables[0].columns[0].sql_type = SqlType::Varchar(Some(200));
        to.tables[0].columns[1].sql_type = SqlType::BigInt;
        let found = warnings(&from, &to);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with(
                "rewrites table \"documents\" (and rebuilds its indexes) to change column \
                 \"pages\" from integer to bigint under an ACCESS EXCLUSIVE lock: reads and writes wait"
            ),
            "{found:#?}"
        );
    }

    #[test]
    fn set_not_null_and_a_volatile_default_are_reported_now_is_not() {
        let from = schema(vec![table(
            vec![column("title", SqlType::Text, false)],
            vec![],
        )]);
        let mut to = from.clone();
        to.tables[0].columns[0].not_null = true;
        let mut id = column("id", SqlType::Uuid, true);
        id.default = Some(SqlDefault::Expression("gen_random_uuid()".into()));
        let mut at = column("at", SqlType::Timestamp, true);
        at.default = Some(SqlDefault::Now);
        to.tables[0].columns.push(id);
        to.tables[0].columns.push(at);
        let found = warnings(&from, &to);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found
            .iter()
            .any(|w| w
                .starts_with("scans table \"documents\" to prove column \"title\" holds no NULL")));
        assert!(found
            .iter()
            .any(|w| w.starts_with("rewrites table \"documents\" to fill new column \"id\"")));
    }
}
