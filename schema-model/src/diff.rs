//! The migration planner: the statements that take a database from one snapshot to another.
//!
//! [`plan`] compares snapshot `from` (what the database is) with model `to` (what the Rust
//! schema says) and returns typed [`Step`]s in an order PostgreSQL accepts, plus the down steps
//! that undo them. Renames are declared (`renamed_from`), never guessed. Steps that can lose data
//! are refused unless the caller allows them.

mod checks;
mod enums;
mod locks;
pub use locks::{is_volatile, rewrites, LockWarning};

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

pub use enums::{values_diff, EnumColumn, NewEnumValueUse};

use crate::ddl::{self, ident, qualified_ident, Statement};
mod generated;

use crate::model::{
    CheckConstraint, ColumnDef, ColumnTs, ForeignKey, Identity, Index, PgEnum, PrimaryKey, Schema,
    SqlDefault, SqlType, TableDef, TableTs, UniqueConstraint,
};
use crate::sequences::SequenceStep;
use crate::views::{self, ViewStep};

/// Options for [`plan`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Plan steps that can lose data (drop table or column, narrowing type change, …).
    pub allow_destructive: bool,
}

/// One change to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    RenameTable {
        from: String,
        to: String,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    /// A constraint whose only change is its name (a renamed table's `…_pkey`, `…_unique`).
    RenameConstraint {
        table: String,
        from: String,
        to: String,
    },
    RenameIndex {
        from: String,
        to: String,
    },
    /// A new table with its columns, primary key and unique constraints; its foreign keys and
    /// indexes are separate steps so that tables referring to each other can be created. Of
    /// its TypeScript facts only the export name is kept (drizzle-kit's order of tables).
    CreateTable(TableDef),
    DropTable {
        table: String,
    },
    AddColumn {
        table: String,
        column: ColumnDef,
    },
    DropColumn {
        table: String,
        column: String,
    },
    AlterColumnType {
        table: String,
        column: String,
        from: SqlType,
        to: SqlType,
    },
    SetDefault {
        table: String,
        column: String,
        sql_type: SqlType,
        default: SqlDefault,
    },
    DropDefault {
        table: String,
        column: String,
    },
    SetNotNull {
        table: String,
        column: String,
    },
    DropNotNull {
        table: String,
        column: String,
    },
    AddPrimaryKey {
        table: String,
        primary_key: PrimaryKey,
    },
    DropPrimaryKey {
        table: String,
        name: String,
    },
    AddUnique {
        table: String,
        unique: UniqueConstraint,
    },
    DropUnique {
        table: String,
        name: String,
    },
    AddForeignKey {
        table: String,
        foreign_key: ForeignKey,
    },
    DropForeignKey {
        table: String,
        name: String,
    },
    CreateIndex {
        table: String,
        index: Index,
    },
    DropIndex {
        name: String,
    },
    /// An identity added to an existing column.
    AddIdentity {
        table: String,
        column: String,
        identity: Identity,
    },
    DropIdentity {
        table: String,
        column: String,
    },
    /// One changed option of an identity: `SET GENERATED ALWAYS`, `SET MAXVALUE 1000`.
    AlterIdentity {
        table: String,
        column: String,
        clause: String,
    },
    /// A generated column becomes a plain one, keeping its values.
    DropExpression {
        table: String,
        column: String,
    },
    /// Drops a column to add it again as a generated column (drizzle-kit's way to change a
    /// column's expression); `keeps_values` when it was generated already (nothing is lost).
    DropColumnToRegenerate {
        table: String,
        column: String,
        keeps_values: bool,
    },
    /// `CREATE TYPE … AS ENUM(…)`.
    CreateEnum(PgEnum),
    DropEnum {
        name: String,
    },
    /// `ALTER TYPE … ADD VALUE 'v' [BEFORE 'w']`.
    AddEnumValue {
        name: String,
        value: String,
        before: Option<String>,
    },
    RenameEnumValue {
        name: String,
        from: String,
        to: String,
    },
    /// Values removed from an enum type, by drizzle-kit's recipe: its columns to text, the
    /// type dropped and created again with `pg_enum`'s values, the columns cast back.
    RebuildEnum {
        pg_enum: PgEnum,
        removed: Vec<String>,
        columns: Vec<EnumColumn>,
    },
    AddCheck {
        table: String,
        check: CheckConstraint,
    },
    DropCheck {
        table: String,
        name: String,
    },
    /// `CREATE EXTENSION IF NOT EXISTS`, before every table step.
    CreateExtension {
        name: String,
    },
    /// `DROP EXTENSION IF EXISTS`, after every table step.
    DropExtension {
        name: String,
    },
    /// A view created or dropped (see [`crate::views`]).
    View(ViewStep),
    /// A standalone sequence created, renamed, altered or dropped (see [`crate::sequences`]).
    Sequence(SequenceStep),
    /// `CREATE SCHEMA "auth";`, before everything else.
    CreatePgSchema {
        name: String,
    },
    /// `DROP SCHEMA "auth";`, after everything else.
    DropPgSchema {
        name: String,
    },
}

impl Step {
    /// The step as one SQL statement, spelled as drizzle-kit spells it.
    pub fn statement(&self) -> Statement {
        let inline = |sql: String| Statement {
            sql,
            newline_after: false,
        };
        match self {
            Step::RenameTable { from, to } => inline(format!(
                "ALTER TABLE {} RENAME TO {};",
                qualified_ident(from),
                ident(crate::model::bare_name(to))
            )),
            Step::RenameColumn { table, from, to } => inline(format!(
                "ALTER TABLE {} RENAME COLUMN {} TO {};",
                qualified_ident(table),
                ident(from),
                ident(to)
            )),
            Step::RenameConstraint { table, from, to } => inline(format!(
                "ALTER TABLE {} RENAME CONSTRAINT {} TO {};",
                qualified_ident(table),
                ident(from),
                ident(to)
            )),
            Step::RenameIndex { from, to } => inline(format!(
                "ALTER INDEX {} RENAME TO {};",
                qualified_ident(from),
                ident(to)
            )),
            Step::CreateTable(table) => ddl::create_table(table),
            Step::DropTable { table } => {
                inline(format!("DROP TABLE {} CASCADE;", qualified_ident(table)))
            }
            Step::AddColumn { table, column } => inline(format!(
                "ALTER TABLE {} ADD COLUMN {};",
                qualified_ident(table),
                ddl::column_sql(column, false)
            )),
            Step::DropColumn { table, column } => inline(format!(
                "ALTER TABLE {} DROP COLUMN {};",
                qualified_ident(table),
                ident(column)
            )),
            Step::AlterColumnType {
                table,
                column,
                from,
                to,
            } => {
                let using = if needs_using(from, to) {
                    format!(" USING {}::{}", ident(column), to.sql())
                } else {
                    String::new()
                };
                inline(format!(
                    "ALTER TABLE {} ALTER COLUMN {} SET DATA TYPE {}{using};",
                    qualified_ident(table),
                    ident(column),
                    crate::pg_type::ddl_spelling(to)
                ))
            }
            Step::SetDefault {
                table,
                column,
                sql_type,
                default,
            } => inline(format!(
                "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {};",
                qualified_ident(table),
                ident(column),
                ddl::default_sql(default, sql_type)
            )),
            Step::DropDefault { table, column } => inline(format!(
                "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;",
                qualified_ident(table),
                ident(column)
            )),
            Step::SetNotNull { table, column } => inline(format!(
                "ALTER TABLE {} ALTER COLUMN {} SET NOT NULL;",
                qualified_ident(table),
                ident(column)
            )),
            Step::DropNotNull { table, column } => inline(format!(
                "ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL;",
                qualified_ident(table),
                ident(column)
            )),
            Step::AddPrimaryKey { table, primary_key } => ddl::add_primary_key(table, primary_key),
            Step::DropPrimaryKey { table, name } | Step::DropUnique { table, name } => {
                ddl::drop_constraint(table, name, false)
            }
            Step::AddUnique { table, unique } => ddl::add_unique(table, unique),
            Step::AddForeignKey { table, foreign_key } => ddl::add_foreign_key(table, foreign_key),
            Step::DropForeignKey { table, name } => ddl::drop_constraint(table, name, true),
            Step::CreateIndex { table, index } => ddl::create_index(table, index),
            Step::DropIndex { name } => inline(format!("DROP INDEX {};", qualified_ident(name))),
            Step::AddIdentity { .. }
            | Step::DropIdentity { .. }
            | Step::AlterIdentity { .. }
            | Step::DropExpression { .. }
            | Step::DropColumnToRegenerate { .. } => inline(generated::statement(self)),
            Step::CreateEnum(e) => inline(crate::enums::create_enum_sql(e)),
            Step::DropEnum { name } => inline(crate::enums::drop_enum_sql(name)),
            Step::AddEnumValue {
                name,
                value,
                before,
            } => inline(crate::enums::add_value_sql(name, value, before.as_deref())),
            Step::RenameEnumValue { name, from, to } => {
                inline(crate::enums::rename_value_sql(name, from, to))
            }
            Step::RebuildEnum { .. } => {
                let sql: Vec<String> = self.statements().into_iter().map(|s| s.sql).collect();
                inline(sql.join("\n"))
            }
            Step::AddCheck { table, check } => inline(crate::enums::add_check_sql(table, check)),
            Step::DropCheck { table, name } => ddl::drop_constraint(table, name, false),
            Step::View(view) => view.statement(),
            Step::Sequence(sequence) => sequence.statement(),
            Step::CreateExtension { name } => crate::extensions::create_extension(name),
            Step::DropExtension { name } => crate::extensions::drop_extension(name),
            Step::CreatePgSchema { name } => ddl::create_pg_schema(name),
            Step::DropPgSchema { name } => ddl::drop_pg_schema(name),
        }
    }

    /// The step as the statements it runs: one, but for [`Step::RebuildEnum`].
    pub fn statements(&self) -> Vec<Statement> {
        match self {
            Step::RebuildEnum {
                pg_enum, columns, ..
            } => enums::rebuild_enum_statements(pg_enum, columns),
            other => vec![other.statement()],
        }
    }

    /// A short description for names and messages: `create_users`, `drop_column_x`.
    fn describe(&self) -> String {
        match self {
            Step::RenameTable { to, .. } => format!("rename_{to}"),
            Step::RenameColumn { table, .. } | Step::RenameConstraint { table, .. } => {
                format!("rename_column_{table}")
            }
            Step::RenameIndex { to, .. } => format!("rename_{to}"),
            Step::CreateTable(t) => format!("create_{}", t.name),
            Step::DropTable { table } => format!("drop_{table}"),
            Step::AddColumn { table, column } => format!("add_{table}_{}", column.name),
            Step::DropColumn { table, column } => format!("drop_{table}_{column}"),
            Step::CreateIndex { index, .. } => format!("index_{}", index.name),
            Step::DropIndex { name } => format!("drop_{name}"),
            Step::CreateEnum(e) => format!("create_{}", e.name),
            Step::DropEnum { name } => format!("drop_{name}"),
            Step::AddEnumValue { name, .. }
            | Step::RenameEnumValue { name, .. }
            | Step::RebuildEnum {
                pg_enum: PgEnum { name, .. },
                ..
            } => format!("alter_{name}"),
            Step::AddCheck { table, .. } | Step::DropCheck { table, .. } => {
                format!("alter_{table}")
            }
            Step::CreateExtension { name } => format!("extension_{name}"),
            Step::DropExtension { name } => format!("drop_extension_{name}"),
            Step::CreatePgSchema { name } => format!("schema_{name}"),
            Step::DropPgSchema { name } => format!("drop_schema_{name}"),
            Step::View(view) => view.describe(),
            Step::Sequence(sequence) => sequence.describe(),
            Step::AlterColumnType { table, .. }
            | Step::SetDefault { table, .. }
            | Step::DropDefault { table, .. }
            | Step::SetNotNull { table, .. }
            | Step::DropNotNull { table, .. }
            | Step::AddPrimaryKey { table, .. }
            | Step::DropPrimaryKey { table, .. }
            | Step::AddUnique { table, .. }
            | Step::DropUnique { table, .. }
            | Step::AddForeignKey { table, .. }
            | Step::DropForeignKey { table, .. }
            | Step::AddIdentity { table, .. }
            | Step::DropIdentity { table, .. }
            | Step::AlterIdentity { table, .. }
            | Step::DropExpression { table, .. }
            | Step::DropColumnToRegenerate { table, .. } => format!("alter_{table}"),
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.statement().sql)
    }
}

/// A migration: the steps up, and the steps that undo them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub up: Vec<Step>,
    pub down: Vec<Step>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.up.is_empty()
    }

    pub fn up_statements(&self) -> Vec<Statement> {
        self.up.iter().flat_map(Step::statements).collect()
    }

    pub fn down_statements(&self) -> Vec<Statement> {
        self.down.iter().flat_map(Step::statements).collect()
    }

    /// The up migration file's body, with `--> statement-breakpoint` between statements.
    pub fn up_sql(&self) -> String {
        ddl::render(&self.up_statements())
    }

    /// The down file's body: each statement that cannot bring the data back (see
    /// [`Plan::down_warnings`]) has a `-- warning: …` line above it.
    pub fn down_sql(&self) -> String {
        let mut statements: Vec<Vec<Statement>> = self.down.iter().map(Step::statements).collect();
        for warning in self.down_warnings() {
            let statement = &mut statements[warning.step][0];
            statement.sql = format!("-- warning: {}\n{}", warning.message, statement.sql);
        }
        ddl::render(&statements.concat())
    }

    /// The down steps that fail on a table holding rows or cannot give back what the up steps
    /// deleted. The down plan still restores the previous schema exactly; only data is at stake.
    pub fn down_warnings(&self) -> Vec<DownWarning> {
        let mut warnings = Vec::new();
        for (step, down) in self.down.iter().enumerate() {
            let message = match down {
                // PostgreSQL computes a generated column's values again.
                Step::AddColumn { column, .. }
                    if column
                        .generated
                        .as_ref()
                        .is_some_and(|g| g.expression().is_some()) =>
                {
                    continue
                }
                Step::CreateTable(table) => format!(
                    "re-creates table {} empty: the rows the up migration dropped are not restored",
                    qualified_ident(&table.name)
                ),
                Step::AddColumn { table, column }
                    if column.not_null && column.default.is_none() =>
                {
                    format!(
                        "fails if table {} has rows: it re-adds NOT NULL column {} without a \
                         default (and the dropped values are not restored)",
                        qualified_ident(table),
                        ident(&column.name)
                    )
                }
                Step::AddColumn { table, column } => format!(
                    "re-adds column {}.{} {}: the dropped values are not restored",
                    qualified_ident(table),
                    ident(&column.name),
                    if column.default.is_some() {
                        "holding its default"
                    } else {
                        "holding NULL"
                    }
                ),
                Step::SetNotNull { table, column } => format!(
                    "fails if rows with NULL in {}.{} were written after the up migration",
                    qualified_ident(table),
                    ident(column)
                ),
                Step::AlterColumnType {
                    table,
                    column,
                    from,
                    to,
                } if !is_widening(from, to) => format!(
                    "fails if a value of {}.{} written after the up migration does not convert \
                     from {} back to {}",
                    qualified_ident(table),
                    ident(column),
                    from.sql(),
                    to.sql()
                ),
                Step::Sequence(SequenceStep::Create(sequence)) => format!(
                    "re-creates sequence {} at START WITH {}: the value it had reached is not restored",
                    ident(&sequence.name),
                    sequence.start_with
                ),
                Step::RebuildEnum {
                    pg_enum, removed, ..
                } => format!(
                    "fails if a row written after the up migration holds {} of enum type {}",
                    removed
                        .iter()
                        .map(|v| ddl::literal(v))
                        .collect::<Vec<_>>()
                        .join(", "),
                    ident(&pg_enum.name)
                ),
                _ => continue,
            };
            warnings.push(DownWarning { step, message });
        }
        warnings
    }

    /// A readable migration name: the step's own name when every step has it
    /// (`create_users`), `create_x`/`alter_x` when all steps touch one table `x`, else the
    /// first step's name and `_and_more`.
    pub fn suggested_name(&self) -> String {
        // A table outside `public` (`auth.users`) names a migration `create_auth_users`.
        self.name_of_steps().replace('.', "_")
    }

    fn name_of_steps(&self) -> String {
        // A schema created or dropped with its first or last table is named after the table.
        let named: Vec<&Step> = self
            .up
            .iter()
            .filter(|s| !matches!(s, Step::CreatePgSchema { .. } | Step::DropPgSchema { .. }))
            .collect();
        let steps = if named.is_empty() {
            self.up.iter().collect()
        } else {
            named
        };
        let Some(first) = steps.first() else {
            return "empty".into();
        };
        let name = first.describe();
        if steps.iter().all(|s| s.describe() == name) {
            return name;
        }
        let tables: HashSet<Option<&str>> = steps.iter().map(|s| self.table_of(s)).collect();
        match tables.into_iter().collect::<Vec<_>>()[..] {
            [Some(table)] if steps.iter().any(|s| matches!(s, Step::CreateTable(_))) => {
                format!("create_{table}")
            }
            [Some(table)] if steps.iter().any(|s| matches!(s, Step::DropTable { .. })) => {
                format!("drop_{table}")
            }
            [Some(table)] => format!("alter_{table}"),
            _ => format!("{name}_and_more"),
        }
    }

    /// The table a step changes (after any rename); a dropped or renamed index's table is
    /// found through the step that re-creates it, in either direction.
    fn table_of<'a>(&'a self, step: &'a Step) -> Option<&'a str> {
        let index_table = |index_name: &str| {
            self.up.iter().chain(&self.down).find_map(|s| match s {
                Step::CreateIndex { table, index }
                    if index.name == crate::model::bare_name(index_name) =>
                {
                    Some(table.as_str())
                }
                _ => None,
            })
        };
        match step {
            Step::RenameTable { to, .. } => Some(to),
            Step::CreateTable(t) => Some(&t.name),
            Step::CreateEnum(_)
            | Step::DropEnum { .. }
            | Step::AddEnumValue { .. }
            | Step::RenameEnumValue { .. }
            | Step::RebuildEnum { .. } => None,
            Step::DropIndex { name } => index_table(name),
            Step::View(_) | Step::Sequence(_) => None,
            Step::RenameIndex { from, to } => index_table(to).or_else(|| index_table(from)),
            Step::CreateExtension { .. } | Step::DropExtension { .. } => None,
            Step::CreatePgSchema { .. } | Step::DropPgSchema { .. } => None,
            Step::RenameColumn { table, .. }
            | Step::RenameConstraint { table, .. }
            | Step::DropTable { table }
            | Step::AddColumn { table, .. }
            | Step::DropColumn { table, .. }
            | Step::AlterColumnType { table, .. }
            | Step::SetDefault { table, .. }
            | Step::DropDefault { table, .. }
            | Step::SetNotNull { table, .. }
            | Step::DropNotNull { table, .. }
            | Step::AddPrimaryKey { table, .. }
            | Step::DropPrimaryKey { table, .. }
            | Step::AddUnique { table, .. }
            | Step::DropUnique { table, .. }
            | Step::AddForeignKey { table, .. }
            | Step::DropForeignKey { table, .. }
            | Step::AddIdentity { table, .. }
            | Step::DropIdentity { table, .. }
            | Step::AlterIdentity { table, .. }
            | Step::DropExpression { table, .. }
            | Step::DropColumnToRegenerate { table, .. }
            | Step::AddCheck { table, .. }
            | Step::DropCheck { table, .. }
            | Step::CreateIndex { table, .. } => Some(table),
        }
    }
}

/// A down step that cannot restore the data (see [`Plan::down_warnings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownWarning {
    /// Its position in [`Plan::down`].
    pub step: usize,
    /// What fails or is lost: `fails if table "documents" has rows: …`.
    pub message: String,
}

/// One step refused because it can lose data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestructiveChange {
    pub table: String,
    pub column: Option<String>,
    /// Why it can lose data: `drops the table and its rows`.
    pub reason: String,
}

impl fmt::Display for DestructiveChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "{}.{}: {}", self.table, column, self.reason),
            None => write!(f, "{}: {}", self.table, self.reason),
        }
    }
}

/// The plan needs steps that can lose data and the caller did not allow them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DestructiveChanges {
    pub changes: Vec<DestructiveChange>,
}

impl fmt::Display for DestructiveChanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the schema change needs {} step(s) that can lose data:",
            self.changes.len()
        )?;
        for change in &self.changes {
            writeln!(f, "  - {change}")?;
        }
        write!(
            f,
            "if that is intended, allow destructive steps; \
             to keep the data, declare a rename with `renamed_from = \"old_name\"` instead of a drop"
        )
    }
}

/// Plans the migration from snapshot `from` to model `to`.
///
/// Steps run in this order, which PostgreSQL accepts whatever the change: renames; drops of
/// foreign keys, indexes, unique constraints and primary keys that change or go; new tables;
/// column changes; new columns; new primary keys and unique constraints; new foreign keys; new
/// indexes; dropped columns; dropped tables (dependents first).
pub fn plan(from: &Schema, to: &Schema, options: PlanOptions) -> Result<Plan, DestructiveChanges> {
    let up = plan_steps(from, to, &Renames::Declared);
    if !options.allow_destructive {
        let changes = destructive_changes(from, &up);
        if !changes.is_empty() {
            return Err(DestructiveChanges { changes });
        }
    }
    // The down plan is the plan back, with each rename the up plan applies reversed.
    let down = plan_steps(to, from, &Renames::reversing(&up));
    Ok(Plan { up, down })
}

/// Where the planner learns renames: the `renamed_from` declarations of the target (up), or
/// the up plan's renames the other way round (down).
enum Renames {
    Declared,
    Reversed {
        /// Old table name → new table name.
        tables: HashMap<String, String>,
        /// (old table name, old column name) → new column name.
        columns: HashMap<(String, String), String>,
        /// (enum name, old label) → new label.
        enum_values: HashMap<(String, String), String>,
        /// Old sequence name → new sequence name.
        sequences: HashMap<String, String>,
    },
}

impl Renames {
    fn reversing(up: &[Step]) -> Renames {
        let mut tables = HashMap::new();
        for step in up {
            if let Step::RenameTable { from, to } = step {
                tables.insert(from.clone(), to.clone());
            }
        }
        let mut columns = HashMap::new();
        for step in up {
            if let Step::RenameColumn { table, from, to } = step {
                // `table` is the table's new name; the down plan's target has the old one.
                let old_table = tables
                    .iter()
                    .find(|(_, new)| *new == table)
                    .map(|(old, _)| old.clone())
                    .unwrap_or_else(|| table.clone());
                columns.insert((old_table, from.clone()), to.clone());
            }
        }
        let enum_values = up
            .iter()
            .filter_map(|step| match step {
                Step::RenameEnumValue { name, from, to } => {
                    Some(((name.clone(), from.clone()), to.clone()))
                }
                _ => None,
            })
            .collect();
        let sequences = up
            .iter()
            .filter_map(|step| match step {
                Step::Sequence(SequenceStep::Rename { from, to }) => {
                    Some((from.clone(), to.clone()))
                }
                _ => None,
            })
            .collect();
        Renames::Reversed {
            tables,
            columns,
            enum_values,
            sequences,
        }
    }

    /// The name target sequence `sequence` had in the source, if it was renamed.
    fn sequence<'a>(&'a self, sequence: &'a crate::sequences::SequenceDef) -> Option<&'a str> {
        match self {
            Renames::Declared => sequence.renamed_from.as_deref(),
            Renames::Reversed { sequences, .. } => {
                sequences.get(sequence.name()).map(String::as_str)
            }
        }
    }

    /// The label `value` of target enum `e` had in the source, if it was renamed.
    fn enum_value(&self, e: &PgEnum, value: &str) -> Option<String> {
        match self {
            Renames::Declared => e.renamed_values.get(value).cloned(),
            Renames::Reversed { enum_values, .. } => enum_values
                .get(&(e.name.clone(), value.to_string()))
                .cloned(),
        }
    }

    /// The name `table` (of the target) had in the source, if it was renamed.
    fn table<'a>(&'a self, table: &'a TableDef) -> Option<&'a str> {
        match self {
            Renames::Declared => table.renamed_from.as_deref(),
            Renames::Reversed { tables, .. } => tables.get(&table.name).map(String::as_str),
        }
    }

    /// The name `column` of target table `table` had in the source, if it was renamed.
    fn column<'a>(&'a self, table: &str, column: &'a ColumnDef) -> Option<&'a str> {
        match self {
            Renames::Declared => column.renamed_from.as_deref(),
            Renames::Reversed { columns, .. } if columns.is_empty() => None,
            Renames::Reversed { columns, .. } => columns
                .get(&(table.to_string(), column.name.clone()))
                .map(String::as_str),
        }
    }
}

/// Buckets of steps, emitted in this order.
#[derive(Default)]
struct Buckets {
    /// Keys (primary or unique) dropped from tables that stay: (table, columns).
    dropped_keys: Vec<(String, Vec<String>)>,
    create_enums: Vec<Step>,
    renames: Vec<Step>,
    rename_constraints: Vec<Step>,
    drop_checks: Vec<Step>,
    drop_foreign_keys: Vec<Step>,
    rebuild_enums: Vec<Step>,
    /// Unique constraints that change or go: drizzle-kit drops them before indexes.
    drop_uniques: Vec<Step>,
    drop_indexes: Vec<Step>,
    drop_keys: Vec<Step>,
    create_tables: Vec<Step>,
    alter_columns: Vec<Step>,
    add_columns: Vec<Step>,
    add_keys: Vec<Step>,
    add_foreign_keys: Vec<Step>,
    create_indexes: Vec<Step>,
    drop_columns: Vec<Step>,
    add_checks: Vec<Step>,
    /// Unique constraints added to tables that stay: drizzle-kit adds them after the indexes
    /// and dropped columns (one a new foreign key needs stays in `add_keys`, before it).
    add_uniques: Vec<Step>,
    drop_tables: Vec<Step>,
    drop_enums: Vec<Step>,
    /// Views go before the tables change and come back after (drizzle-kit's order).
    drop_views: Vec<Step>,
    create_views: Vec<Step>,
    /// Sequences created, renamed and altered (after the enums), and dropped (after them).
    sequences: Vec<Step>,
    drop_sequences: Vec<Step>,
}

/// What a `CREATE TABLE` needs of `table`, copied field by field: at thousands of tables in a
/// first migration, copying the foreign keys, indexes and TypeScript facts only to drop them was
/// most of planning it.
fn sql_part(table: &TableDef) -> TableDef {
    TableDef {
        name: table.name.clone(),
        renamed_from: table.renamed_from.clone(),
        columns: table
            .columns
            .iter()
            .map(|column| ColumnDef {
                name: column.name.clone(),
                renamed_from: column.renamed_from.clone(),
                sql_type: column.sql_type.clone(),
                not_null: column.not_null,
                default: column.default.clone(),
                generated: column.generated.clone(),
                ts: ColumnTs::default(),
            })
            .collect(),
        primary_key: table.primary_key.clone(),
        uniques: table.uniques.clone(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        checks: table.checks.clone(),
        ts: TableTs {
            export_name: table.ts.export_name.clone(),
            ..TableTs::default()
        },
    }
}

fn plan_steps(from: &Schema, to: &Schema, renames: &Renames) -> Vec<Step> {
    let from_index: HashMap<&str, usize> = from
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut b = Buckets::default();
    let enum_steps = enums::diff_enums(from, to, |e, value| renames.enum_value(e, value));
    b.create_enums = enum_steps.first;
    b.rebuild_enums = enum_steps.rebuilds;
    b.drop_enums = enum_steps.drops;
    let mut matched = vec![false; from.tables.len()];
    let mut new_tables: Vec<&TableDef> = Vec::new();
    let mut pairs: Vec<(&TableDef, &TableDef)> = Vec::new();

    for (position, table) in to.tables.iter().enumerate() {
        // Tables usually keep their place; look there before hashing.
        let same_place = from
            .tables
            .get(position)
            .filter(|t| t.name == table.name)
            .map(|_| position);
        let old =
            if let Some(i) = same_place.or_else(|| from_index.get(table.name.as_str()).copied()) {
                Some(i)
            } else if let Some(i) = renames
                .table(table)
                .and_then(|n| from_index.get(n).copied())
            {
                b.renames.push(Step::RenameTable {
                    from: from.tables[i].name.clone(),
                    to: table.name.clone(),
                });
                Some(i)
            } else {
                None
            };
        match old {
            Some(i) => {
                matched[i] = true;
                pairs.push((&from.tables[i], table));
            }
            None => new_tables.push(table),
        }
    }
    let applied = AppliedRenames::new(&pairs, renames);
    // drizzle-kit alters tables in its table order (the schema module's sorted exports).
    pairs.sort_by(|a, b| ddl::sort_key(a.1).cmp(ddl::sort_key(b.1)));
    for (old, new) in &pairs {
        diff_table(old, new, renames, &applied, &mut b);
    }

    // New tables in drizzle-kit's order: all CREATEs, then their foreign keys, then indexes.
    let new_tables = ddl::drizzle_order(new_tables);
    for table in &new_tables {
        b.create_tables.push(Step::CreateTable(sql_part(table)));
    }
    let mut new_fks: Vec<Step> = Vec::new();
    let mut new_indexes: Vec<Step> = Vec::new();
    for table in &new_tables {
        new_fks.extend(table.foreign_keys.iter().map(|fk| Step::AddForeignKey {
            table: table.name.clone(),
            foreign_key: fk.clone(),
        }));
        new_indexes.extend(table.indexes.iter().map(|index| Step::CreateIndex {
            table: table.name.clone(),
            index: index.clone(),
        }));
    }
    new_fks.append(&mut b.add_foreign_keys);
    b.add_foreign_keys = new_fks;
    new_indexes.append(&mut b.create_indexes);
    b.create_indexes = new_indexes;

    let dropped: Vec<&TableDef> = from
        .tables
        .iter()
        .zip(&matched)
        .filter(|(_, matched)| !**matched)
        .map(|(t, _)| t)
        .collect();
    b.drop_tables = drop_order(&dropped)
        .into_iter()
        .map(|t| Step::DropTable {
            table: t.name.clone(),
        })
        .collect();

    let (sequences, drop_sequences) =
        crate::sequences::plan_sequences(from, to, |s| renames.sequence(s));
    b.sequences = sequences.into_iter().map(Step::Sequence).collect();
    b.drop_sequences = drop_sequences.into_iter().map(Step::Sequence).collect();

    let (drop_views, create_views) = views::plan_views(from, to);
    b.drop_views = drop_views.into_iter().map(Step::View).collect();
    b.create_views = create_views.into_iter().map(Step::View).collect();

    // PostgreSQL refuses to drop a key a foreign key depends on: such foreign keys are dropped
    // first and added again once the key is back.
    if !b.dropped_keys.is_empty() {
        rebuild_dependent_foreign_keys(to, &matched_names(from, &matched), &mut b);
    }

    let Buckets {
        dropped_keys: _,
        create_enums,
        renames,
        rename_constraints,
        drop_checks,
        drop_foreign_keys,
        rebuild_enums,
        drop_uniques,
        drop_indexes,
        drop_keys,
        create_tables,
        alter_columns,
        add_columns,
        mut add_keys,
        add_foreign_keys,
        create_indexes,
        drop_columns,
        add_checks,
        add_uniques,
        drop_tables,
        drop_enums,
        drop_views,
        create_views,
        sequences,
        drop_sequences,
    } = b;
    // A unique constraint a foreign key added here refers to must exist before it.
    let (needed, add_uniques): (Vec<Step>, Vec<Step>) = add_uniques.into_iter().partition(|u| {
        let Step::AddUnique { table, .. } = u else {
            return false;
        };
        add_foreign_keys
            .iter()
            .any(|f| matches!(f, Step::AddForeignKey { foreign_key, .. } if &foreign_key.ref_table == table))
    });
    add_keys.extend(needed);
    let (create_extensions, drop_extensions) = crate::extensions::plan_extensions(from, to);
    let (create_schemas, drop_schemas) = plan_pg_schemas(from, to);
    [
        create_extensions,
        create_schemas,
        create_enums,
        sequences,
        renames,
        rename_constraints,
        drop_checks,
        // A foreign key goes before the unique constraint it may depend on (PostgreSQL refuses
        // the other order; drizzle-kit writes it).
        drop_foreign_keys,
        drop_uniques,
        rebuild_enums,
        drop_indexes,
        drop_keys,
        create_tables,
        drop_views,
        alter_columns,
        add_columns,
        add_keys,
        add_foreign_keys,
        create_indexes,
        drop_columns,
        add_uniques,
        add_checks,
        drop_tables,
        create_views,
        drop_enums,
        drop_sequences,
        drop_schemas,
        drop_extensions,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The PostgreSQL schemas `to` uses and `from` does not (created first, as drizzle-kit does),
/// and those only `from` uses (dropped last, once their tables and types are gone).
fn plan_pg_schemas(from: &Schema, to: &Schema) -> (Vec<Step>, Vec<Step>) {
    let (before, after) = (from.pg_schemas(), to.pg_schemas());
    let create = after
        .iter()
        .filter(|s| !before.contains(s))
        .map(|s| Step::CreatePgSchema {
            name: s.to_string(),
        })
        .collect();
    let drop = before
        .iter()
        .filter(|s| !after.contains(s))
        .map(|s| Step::DropPgSchema {
            name: s.to_string(),
        })
        .collect();
    (create, drop)
}

fn matched_names<'a>(from: &'a Schema, matched: &[bool]) -> HashSet<&'a str> {
    from.tables
        .iter()
        .zip(matched)
        .filter(|(_, m)| **m)
        .map(|(t, _)| t.name.as_str())
        .collect()
}

/// Drops and adds again the unchanged foreign keys that refer to a key this plan drops.
fn rebuild_dependent_foreign_keys(to: &Schema, kept_tables: &HashSet<&str>, b: &mut Buckets) {
    let touched: HashSet<(String, String)> = b
        .add_foreign_keys
        .iter()
        .chain(&b.drop_foreign_keys)
        .filter_map(|s| match s {
            Step::AddForeignKey { table, foreign_key } => {
                Some((table.clone(), foreign_key.name.clone()))
            }
            Step::DropForeignKey { table, name } => Some((table.clone(), name.clone())),
            _ => None,
        })
        .collect();
    let renamed_tables: HashSet<&str> = b
        .renames
        .iter()
        .filter_map(|s| match s {
            Step::RenameTable { to, .. } => Some(to.as_str()),
            _ => None,
        })
        .collect();
    for table in &to.tables {
        // A new table's foreign keys are added after the keys anyway.
        if !kept_tables.contains(table.name.as_str())
            && !renamed_tables.contains(table.name.as_str())
        {
            continue;
        }
        for fk in &table.foreign_keys {
            let depends = b
                .dropped_keys
                .iter()
                .any(|(t, columns)| *t == fk.ref_table && *columns == fk.ref_columns);
            if depends && !touched.contains(&(table.name.clone(), fk.name.clone())) {
                b.drop_foreign_keys.push(Step::DropForeignKey {
                    table: table.name.clone(),
                    name: fk.name.clone(),
                });
                b.add_foreign_keys.push(Step::AddForeignKey {
                    table: table.name.clone(),
                    foreign_key: fk.clone(),
                });
            }
        }
    }
}

/// Dropped tables, dependents first (a table before the tables it refers to), otherwise in
/// reverse declaration order, so the down plan of a migration undoes it in dependency order.
fn drop_order<'a>(dropped: &[&'a TableDef]) -> Vec<&'a TableDef> {
    // Kahn's algorithm over the dropped tables, in reverse declaration order.
    let tables: Vec<&TableDef> = dropped.iter().rev().copied().collect();
    let index: HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let targets: Vec<Vec<usize>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut targets: Vec<usize> = t
                .foreign_keys
                .iter()
                .filter_map(|fk| index.get(fk.ref_table.as_str()).copied())
                .filter(|target| *target != i)
                .collect();
            targets.sort_unstable();
            targets.dedup();
            targets
        })
        .collect();
    // How many dropped tables still refer to each table.
    let mut referrers = vec![0usize; tables.len()];
    for target in targets.iter().flatten() {
        referrers[*target] += 1;
    }
    let mut ready: BTreeSet<usize> = (0..tables.len()).filter(|i| referrers[*i] == 0).collect();
    let mut done = vec![false; tables.len()];
    let mut next_undone = 0;
    let mut order = Vec::with_capacity(tables.len());
    while order.len() < tables.len() {
        let pick = match ready.pop_first() {
            Some(i) => i,
            // A cycle leaves no table free; CASCADE drops the constraints, so take the next one.
            None => {
                while done[next_undone] {
                    next_undone += 1;
                }
                next_undone
            }
        };
        if done[pick] {
            continue;
        }
        done[pick] = true;
        order.push(tables[pick]);
        for &target in &targets[pick] {
            referrers[target] = referrers[target].saturating_sub(1);
            if referrers[target] == 0 && !done[target] {
                ready.insert(target);
            }
        }
    }
    order
}

/// The table and column renames a plan applies, to read the source's constraints in the
/// target's names (PostgreSQL carries constraints and references through a rename).
struct AppliedRenames<'a> {
    /// Old table name → new table name.
    tables: HashMap<&'a str, &'a str>,
    /// (new table name, old column name) → new column name.
    columns: HashMap<(&'a str, &'a str), &'a str>,
}

impl<'a> AppliedRenames<'a> {
    fn new(pairs: &[(&'a TableDef, &'a TableDef)], renames: &'a Renames) -> AppliedRenames<'a> {
        let mut applied = AppliedRenames {
            tables: HashMap::new(),
            columns: HashMap::new(),
        };
        for (old, new) in pairs {
            if old.name != new.name {
                applied.tables.insert(old.name.as_str(), new.name.as_str());
            }
            for column in &new.columns {
                // Cheap test first: almost no column declares a rename.
                let Some(previous) = renames.column(&new.name, column) else {
                    continue;
                };
                if old.column(&column.name).is_none() && old.column(previous).is_some() {
                    applied
                        .columns
                        .insert((new.name.as_str(), previous), column.name.as_str());
                }
            }
        }
        applied
    }

    fn table<'b>(&'b self, old: &'b str) -> &'b str {
        self.tables.get(old).copied().unwrap_or(old)
    }

    fn columns(&self, new_table: &str, old: &[String]) -> Vec<String> {
        old.iter()
            .map(|c| {
                self.columns
                    .get(&(new_table, c.as_str()))
                    .map_or_else(|| c.clone(), |n| n.to_string())
            })
            .collect()
    }
}

fn diff_table(
    old: &TableDef,
    new: &TableDef,
    renames: &Renames,
    applied: &AppliedRenames,
    b: &mut Buckets,
) {
    let table = new.name.as_str();
    // Most tables of a large schema are unchanged; say so without building maps.
    if old.name == new.name
        && old.columns == new.columns
        && old.primary_key == new.primary_key
        && old.uniques == new.uniques
        && old.foreign_keys == new.foreign_keys
        && old.indexes == new.indexes
        && old.checks == new.checks
    {
        return;
    }
    checks::diff_checks(table, &old.checks, &new.checks, b);
    let old_columns: HashMap<&str, &ColumnDef> =
        old.columns.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut matched: HashSet<&str> = HashSet::new();

    for column in &new.columns {
        let previous = if let Some(c) = old_columns.get(column.name.as_str()) {
            Some(*c)
        } else if let Some(c) = renames
            .column(table, column)
            .and_then(|n| old_columns.get(n))
        {
            b.renames.push(Step::RenameColumn {
                table: table.to_string(),
                from: c.name.clone(),
                to: column.name.clone(),
            });
            Some(*c)
        } else {
            None
        };
        match previous {
            Some(previous) => {
                matched.insert(previous.name.as_str());
                diff_column(table, previous, column, b);
            }
            None => b.add_columns.push(Step::AddColumn {
                table: table.to_string(),
                column: column.clone(),
            }),
        }
    }
    for column in &old.columns {
        if !matched.contains(column.name.as_str()) {
            b.drop_columns.push(Step::DropColumn {
                table: table.to_string(),
                column: column.name.clone(),
            });
        }
    }

    // The source's constraints in the target's names: a rename carries them along.
    let old_pk = old.primary_key.as_ref().map(|pk| PrimaryKey {
        name: pk.name.clone(),
        columns: applied.columns(table, &pk.columns),
    });
    let old_uniques: Vec<UniqueConstraint> = old
        .uniques
        .iter()
        .map(|u| UniqueConstraint {
            columns: applied.columns(table, &u.columns),
            ..u.clone()
        })
        .collect();
    let old_foreign_keys: Vec<ForeignKey> = old
        .foreign_keys
        .iter()
        .map(|f| {
            let ref_table = applied.table(&f.ref_table);
            ForeignKey {
                columns: applied.columns(table, &f.columns),
                ref_columns: applied.columns(ref_table, &f.ref_columns),
                ref_table: ref_table.to_string(),
                ..f.clone()
            }
        })
        .collect();
    let old_indexes: Vec<Index> = old
        .indexes
        .iter()
        .map(|i| Index {
            columns: applied.columns(table, &i.columns),
            ..i.clone()
        })
        .collect();

    // Constraints and indexes are matched by name; one that changed only its name is renamed,
    // any other change is a drop and an add.
    match (&old_pk, &new.primary_key) {
        (Some(old_pk), Some(new_pk))
            if old_pk.name != new_pk.name && old_pk.columns == new_pk.columns =>
        {
            b_rename(
                table.to_string(),
                &old_pk.name,
                &new_pk.name,
                &mut b.rename_constraints,
            )
        }
        (old_pk, new_pk) if old_pk != new_pk => {
            if let Some(pk) = old_pk {
                b.drop_keys.push(Step::DropPrimaryKey {
                    table: table.to_string(),
                    name: pk.name.clone(),
                });
                b.dropped_keys.push((table.to_string(), pk.columns.clone()));
            }
            if let Some(pk) = new_pk {
                b.add_keys.push(Step::AddPrimaryKey {
                    table: table.to_string(),
                    primary_key: pk.clone(),
                });
            }
        }
        _ => {}
    }
    let (gone, added) = changed(&old_uniques, &new.uniques, |u| &u.name);
    let (gone, added) = pair_renames(
        gone,
        added,
        |u| &u.name,
        |u, name| UniqueConstraint {
            name: name.to_string(),
            ..u.clone()
        },
        table,
        &mut b.rename_constraints,
    );
    for unique in gone {
        b.drop_uniques.push(Step::DropUnique {
            table: table.to_string(),
            name: unique.name.clone(),
        });
        b.dropped_keys
            .push((table.to_string(), unique.columns.clone()));
    }
    for unique in added {
        b.add_uniques.push(Step::AddUnique {
            table: table.to_string(),
            unique: unique.clone(),
        });
    }
    let (gone, added) = changed(&old_foreign_keys, &new.foreign_keys, |f| &f.name);
    let (gone, added) = pair_renames(
        gone,
        added,
        |f| &f.name,
        |f, name| ForeignKey {
            name: name.to_string(),
            ..f.clone()
        },
        table,
        &mut b.rename_constraints,
    );
    for fk in gone {
        b.drop_foreign_keys.push(Step::DropForeignKey {
            table: table.to_string(),
            name: fk.name.clone(),
        });
    }
    for fk in added {
        b.add_foreign_keys.push(Step::AddForeignKey {
            table: table.to_string(),
            foreign_key: fk.clone(),
        });
    }
    let (gone, added) = changed(&old_indexes, &new.indexes, |i| &i.name);
    let mut index_renames = Vec::new();
    let (gone, added) = pair_renames(
        gone,
        added,
        |i| &i.name,
        |i, name| Index {
            name: name.to_string(),
            ..i.clone()
        },
        table,
        &mut index_renames,
    );
    b.rename_constraints
        .extend(index_renames.into_iter().map(|step| match step {
            // An index outside `public` is named with its schema: `ALTER INDEX "auth"."i"`.
            Step::RenameConstraint { from, to, .. } => Step::RenameIndex {
                from: crate::model::qualified_name(crate::model::split_qualified(table).0, &from),
                to,
            },
            other => other,
        }));
    for index in gone {
        // drizzle-kit qualifies the index of a table outside `public`: `DROP INDEX "auth"."i"`.
        b.drop_indexes.push(Step::DropIndex {
            name: crate::model::qualified_name(crate::model::split_qualified(table).0, &index.name),
        });
    }
    for index in added {
        b.create_indexes.push(Step::CreateIndex {
            table: table.to_string(),
            index: index.clone(),
        });
    }
}

fn b_rename(table: String, from: &str, to: &str, steps: &mut Vec<Step>) {
    steps.push(Step::RenameConstraint {
        table,
        from: from.to_string(),
        to: to.to_string(),
    });
}

/// Takes out of `gone` and `added` the pairs that differ only in name, as rename steps.
fn pair_renames<'a, T: PartialEq>(
    gone: Vec<&'a T>,
    mut added: Vec<&'a T>,
    name: impl Fn(&T) -> &String,
    renamed: impl Fn(&T, &str) -> T,
    table: &str,
    steps: &mut Vec<Step>,
) -> (Vec<&'a T>, Vec<&'a T>) {
    let mut still_gone = Vec::new();
    for old in gone {
        let partner = added
            .iter()
            .position(|new| name(new) != name(old) && renamed(old, name(new)) == **new);
        match partner {
            Some(i) => {
                let new = added.remove(i);
                b_rename(table.to_string(), name(old), name(new), steps);
            }
            None => still_gone.push(old),
        }
    }
    (still_gone, added)
}

/// Items of `old` that are gone or changed, and items of `new` that are new or changed,
/// matched by `name`.
fn changed<'a, T: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &String,
) -> (Vec<&'a T>, Vec<&'a T>) {
    let gone = old
        .iter()
        .filter(|o| !new.iter().any(|n| name(n) == name(o) && n == *o))
        .collect();
    let added = new
        .iter()
        .filter(|n| !old.iter().any(|o| name(n) == name(o) && *n == o))
        .collect();
    (gone, added)
}

fn diff_column(table: &str, old: &ColumnDef, new: &ColumnDef, b: &mut Buckets) {
    let column = new.name.clone();
    let type_changes = old.sql_type != new.sql_type;
    // A default of the old type may not cast to the new one: drop it first, set it after.
    if old.default.is_some() && (old.default != new.default || type_changes) {
        b.alter_columns.push(Step::DropDefault {
            table: table.to_string(),
            column: column.clone(),
        });
    }
    if type_changes {
        b.alter_columns.push(Step::AlterColumnType {
            table: table.to_string(),
            column: column.clone(),
            from: old.sql_type.clone(),
            to: new.sql_type.clone(),
        });
    }
    if let Some(default) = &new.default {
        if old.default.as_ref() != Some(default) || type_changes {
            b.alter_columns.push(Step::SetDefault {
                table: table.to_string(),
                column: column.clone(),
                sql_type: new.sql_type.clone(),
                default: default.clone(),
            });
        }
    }
    match (old.not_null, new.not_null) {
        (false, true) => b.alter_columns.push(Step::SetNotNull {
            table: table.to_string(),
            column,
        }),
        (true, false) => b.alter_columns.push(Step::DropNotNull {
            table: table.to_string(),
            column,
        }),
        _ => {}
    }
    generated::diff_column(table, old, new, &mut b.alter_columns);
}

/// Whether PostgreSQL needs `USING` to change a column from `from` to `to`: it converts a
/// column by itself only along an implicit or assignment cast (`pg_cast.castcontext` `i`/`a`):
/// numbers among themselves, dates and timestamps among themselves, `json` and `jsonb`, anything
/// to a string type (I/O conversion), arrays along their elements. drizzle-kit writes no `USING`
/// at all, which PostgreSQL refuses for the rest (42804: text to integer); we write one there,
/// and none where the cast exists: an explicit cast would cut a value too long for a
/// `varchar(n)` silently, where the assignment cast refuses it.
pub fn needs_using(from: &SqlType, to: &SqlType) -> bool {
    use SqlType::*;
    let array = crate::pg_type::array_element;
    match (array(from), array(to)) {
        (Some((a, da)), Some((b, db))) => return da != db || needs_using(&a, &b),
        (Some(_), None) | (None, Some(_)) => return !is_string(to),
        (None, None) => {}
    }
    let family = |t: &SqlType| match t {
        SmallInt | Integer | BigInt | Real | DoublePrecision | Numeric => Some(0),
        Other(s) if s.starts_with("numeric(") => Some(0),
        Timestamp | TimestampTz | Date => Some(1),
        Json | Jsonb => Some(2),
        _ => None,
    };
    !(from == to || is_string(to) || family(from).is_some_and(|f| family(to) == Some(f)))
}

/// `text`, `varchar(n)`, `char(n)`: what every type converts to by assignment.
fn is_string(t: &SqlType) -> bool {
    match t {
        SqlType::Text | SqlType::Varchar(_) => true,
        SqlType::Other(s) => {
            s == "char" || s == "character" || s.starts_with("char(") || s.starts_with("character(")
        }
        _ => false,
    }
}

/// Whether every value of `from` converts to `to` without loss (and without `USING`).
pub fn is_widening(from: &SqlType, to: &SqlType) -> bool {
    use SqlType::*;
    let rank = |t: &SqlType| match t {
        SmallInt => Some(0),
        Integer => Some(1),
        BigInt => Some(2),
        Numeric => Some(3),
        _ => None,
    };
    match (from, to) {
        _ if from == to => true,
        (Real, DoublePrecision) => true,
        (Varchar(_), Text) | (Varchar(Some(_)), Varchar(None)) => true,
        (Varchar(Some(a)), Varchar(Some(b))) => b >= a,
        (Timestamp, TimestampTz) | (Json, Jsonb) => true,
        (Other(_), _) | (_, Other(_)) => crate::pg_type::widens(from, to),
        _ => matches!((rank(from), rank(to)), (Some(a), Some(b)) if b >= a),
    }
}

/// The up steps that can lose data, each with the table, column and why.
fn destructive_changes(from: &Schema, up: &[Step]) -> Vec<DestructiveChange> {
    let table_of = |name: &str| from.table(name);
    // Column facts of the database before the migration, by the names the columns have after
    // any rename steps (which run first).
    let mut renamed_tables: HashMap<&str, &str> = HashMap::new();
    for step in up {
        if let Step::RenameTable { from, to } = step {
            renamed_tables.insert(to.as_str(), from.as_str());
        }
    }
    let old_table = |name: &str| table_of(renamed_tables.get(name).copied().unwrap_or(name));
    let has_default_after = |table: &str, column: &str| {
        up.iter().any(|s| matches!(s, Step::SetDefault { table: t, column: c, .. } if t == table && c == column))
            || old_table(table)
                .and_then(|t| t.column(column))
                .is_some_and(|c| c.default.is_some())
    };
    let change = |table: &str, column: Option<&str>, reason: String| DestructiveChange {
        table: table.to_string(),
        column: column.map(str::to_string),
        reason,
    };
    let mut changes = Vec::new();
    for step in up {
        match step {
            Step::DropTable { table } => changes.push(change(
                table,
                None,
                "the table is no longer in the schema; dropping it deletes its rows".into(),
            )),
            Step::DropColumn { table, column } => changes.push(change(
                table,
                Some(column),
                "the column is no longer in the schema; dropping it deletes its values".into(),
            )),
            Step::DropColumnToRegenerate {
                table,
                column,
                keeps_values: false,
            } => changes.push(change(
                table,
                Some(column),
                "the column becomes generated: drizzle-kit drops it and adds it again, which \
                 replaces its values by the expression's"
                    .into(),
            )),
            Step::AlterColumnType {
                table,
                column,
                from,
                to,
            } if !is_widening(from, to) => changes.push(change(
                table,
                Some(column),
                format!(
                    "changing the type from {} to {} can fail or lose data",
                    from.sql(),
                    to.sql()
                ),
            )),
            Step::SetNotNull { table, column } if !has_default_after(table, column) => changes
                .push(change(
                    table,
                    Some(column),
                    "SET NOT NULL on an existing column without a default fails on rows holding \
                     NULL; backfill it or give it a default"
                        .into(),
                )),
            Step::RebuildEnum {
                pg_enum, removed, ..
            } => changes.push(change(
                &format!("enum type {}", pg_enum.name),
                None,
                format!(
                    "removing {} rebuilds the type; rows holding a removed value fail the conversion back",
                    removed
                        .iter()
                        .map(|v| ddl::literal(v))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            Step::AddColumn { table, column } if column.not_null && column.default.is_none() => {
                changes.push(change(
                    table,
                    Some(&column.name),
                    "a new NOT NULL column without a default cannot be added to a table that has \
                     rows; give it a default"
                        .into(),
                ))
            }
            _ => {}
        }
    }
    changes
}
