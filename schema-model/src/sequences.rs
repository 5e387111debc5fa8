//! Standalone sequences: drizzle's
//! `pgSequence("name", { startWith, increment, minValue, maxValue, cache, cycle })`, declared
//! with [`PgSequence`] on the [`crate::SchemaBuilder`].
//!
//! The options left out are resolved as drizzle-kit resolves them for a `pgSequence` (a
//! `bigint` range: `MAXVALUE 9223372036854775807`, or `MINVALUE -9223372036854775808 MAXVALUE
//! -1` when it counts down). The statements are drizzle-kit 0.31's: `CREATE SEQUENCE
//! "public"."s" INCREMENT BY 1 MINVALUE 1 …;` with the enums' creates, `ALTER SEQUENCE` (every
//! option again) when one changes, `ALTER SEQUENCE … RENAME TO` for a declared rename, and
//! `DROP SEQUENCE` last. One difference: when `cycle` goes from on to off, drizzle-kit writes
//! the `ALTER SEQUENCE` without `CYCLE`, which leaves the sequence cycling; ours ends in
//! `NO CYCLE`.

use heck::ToLowerCamelCase;
use serde::{Deserialize, Serialize};

use crate::ddl::{ident, Statement};
use crate::model::{Schema, Sequence, SequenceOptions};

/// The PostgreSQL schema drizzle-kit writes in front of a sequence's name.
pub const SEQUENCE_SCHEMA: &str = "public";

/// The range of a `pgSequence`: drizzle-kit bounds it as a `bigint`.
pub const SEQUENCE_RANGE: (i64, i64) = (i64::MIN, i64::MAX);

/// A standalone sequence as declared in Rust, drizzle's `pgSequence`:
///
/// ```
/// use schema_model::{PgSequence, SchemaBuilder};
///
/// const ORDER_NUMBERS: PgSequence = PgSequence::new("order_numbers").start_with(1000).increment(5);
///
/// let schema = SchemaBuilder::new()
///     .sequence(ORDER_NUMBERS)
///     .sequence(PgSequence::new("ticket_numbers").cycle().max_value(9999))
///     .build()
///     .unwrap();
/// assert_eq!(schema.sequences[0].sequence.start_with, "1000");
/// assert_eq!(schema.sequences[1].sequence.min_value, "1");
/// ```
///
/// Mistakes PostgreSQL would refuse (an `increment` of 0, `min_value` not below `max_value`, a
/// `start_with` outside them, a `cache` below 1), a name used twice or by another relation, are
/// reported by [`crate::SchemaBuilder::build`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PgSequence {
    pub name: &'static str,
    /// The PostgreSQL schema (drizzle's `pgSchema("auth").sequence(...)`); `None` is `public`.
    pub schema: Option<&'static str>,
    pub options: SequenceOptions,
    /// The sequence's previous name: the planner writes `ALTER SEQUENCE … RENAME TO`.
    pub renamed_from: Option<&'static str>,
}

impl PgSequence {
    /// A sequence with drizzle-kit's defaults: from 1 up by 1 to `bigint`'s maximum, cache 1.
    pub const fn new(name: &'static str) -> PgSequence {
        PgSequence {
            name,
            schema: None,
            options: SequenceOptions {
                increment: None,
                min_value: None,
                max_value: None,
                start_with: None,
                cache: None,
                cycle: false,
            },
            renamed_from: None,
        }
    }

    /// `startWith`: the first value (the minimum by default; the maximum when counting down).
    pub const fn start_with(mut self, value: i64) -> PgSequence {
        self.options.start_with = Some(value);
        self
    }

    /// `increment`: the step, negative to count down (1 by default).
    pub const fn increment(mut self, value: i64) -> PgSequence {
        self.options.increment = Some(value);
        self
    }

    /// `minValue` (1 by default; `bigint`'s minimum when counting down).
    pub const fn min_value(mut self, value: i64) -> PgSequence {
        self.options.min_value = Some(value);
        self
    }

    /// `maxValue` (`bigint`'s maximum by default; -1 when counting down).
    pub const fn max_value(mut self, value: i64) -> PgSequence {
        self.options.max_value = Some(value);
        self
    }

    /// `cache`: how many values a session takes at once (1 by default).
    pub const fn cache(mut self, value: i64) -> PgSequence {
        self.options.cache = Some(value);
        self
    }

    /// `cycle: true`: wraps around at the end instead of failing.
    pub const fn cycle(mut self) -> PgSequence {
        self.options.cycle = true;
        self
    }

    /// Puts the sequence in PostgreSQL schema `schema` (drizzle's `auth.sequence(...)`), created
    /// before it like a table's.
    pub const fn schema(mut self, schema: &'static str) -> PgSequence {
        self.schema = Some(schema);
        self
    }

    /// The model's key of the sequence: `order_numbers`, `auth.ticket_numbers`.
    pub fn qualified_name(&self) -> String {
        crate::model::qualified_name(self.schema, self.name)
    }

    /// Declares that the sequence was called `previous` until now (in its own schema).
    pub const fn renamed_from(mut self, previous: &'static str) -> PgSequence {
        self.renamed_from = Some(previous);
        self
    }

    /// The sequence in the model, every option resolved.
    pub fn def(&self) -> SequenceDef {
        SequenceDef {
            sequence: self.options.resolve(&self.qualified_name(), SEQUENCE_RANGE),
            renamed_from: self
                .renamed_from
                .map(|previous| crate::model::qualified_name(self.schema, previous)),
        }
    }
}

/// A standalone sequence in the model: its name and resolved options (a snapshot holds them
/// flat: `{"name": "order_numbers", "increment": "5", …}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceDef {
    #[serde(flatten)]
    pub sequence: Sequence,
    /// Declared rename: the sequence's previous name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

impl SequenceDef {
    pub fn name(&self) -> &str {
        &self.sequence.name
    }

    /// The constant `schema.ts` exports it as, before any collision suffix: its name in
    /// camelCase (`orderNumbers`).
    pub fn export_name(&self) -> String {
        crate::model::bare_name(&self.sequence.name).to_lower_camel_case()
    }

    /// The PostgreSQL schema it is in, `None` for `public`.
    pub fn pg_schema(&self) -> Option<&str> {
        crate::model::split_qualified(&self.sequence.name).0
    }
}

/// The problems PostgreSQL would report for `sequence`'s options, in its words where it has
/// them; empty when `CREATE SEQUENCE` accepts them.
pub fn option_problems(sequence: &Sequence) -> Vec<String> {
    let number = |s: &str| s.parse::<i128>().ok();
    let mut problems = Vec::new();
    let (increment, min, max, start, cache) = (
        number(&sequence.increment),
        number(&sequence.min_value),
        number(&sequence.max_value),
        number(&sequence.start_with),
        number(&sequence.cache),
    );
    if increment == Some(0) {
        problems.push("`increment` is 0; a sequence steps by a non-zero amount".to_string());
    }
    if let Some(cache) = cache.filter(|c| *c < 1) {
        problems.push(format!(
            "`cache` is {cache}; PostgreSQL requires at least 1"
        ));
    }
    if let (Some(min), Some(max)) = (min, max) {
        if min >= max {
            problems.push(format!(
                "`min_value` {min} is not below `max_value` {max}; PostgreSQL refuses it \
                 (MINVALUE must be less than MAXVALUE)"
            ));
        } else if let Some(start) = start.filter(|s| *s < min || *s > max) {
            problems.push(format!(
                "`start_with` {start} is outside `min_value` {min} and `max_value` {max}; \
                 PostgreSQL refuses it"
            ));
        }
    }
    problems
}

/// `"public"."s"`, `"auth"."s"`: drizzle-kit qualifies every sequence.
fn qualified(name: &str) -> String {
    let (schema, bare) = crate::model::split_qualified(name);
    format!(
        "{}.{}",
        ident(schema.unwrap_or(SEQUENCE_SCHEMA)),
        ident(bare)
    )
}

/// `CREATE SEQUENCE "public"."s" INCREMENT BY 1 MINVALUE 1 MAXVALUE … START WITH 1 CACHE 1;`
pub fn create_sequence(sequence: &Sequence) -> Statement {
    Statement {
        sql: format!(
            "CREATE SEQUENCE {}{};",
            qualified(&sequence.name),
            sequence.options_sql()
        ),
        newline_after: false,
    }
}

/// `ALTER SEQUENCE "public"."s" INCREMENT BY … CACHE 1[ CYCLE| NO CYCLE];`: every option of
/// `to`, as drizzle-kit writes it, and `NO CYCLE` when `from` cycled (drizzle-kit leaves that
/// out, and the sequence would go on cycling).
pub fn alter_sequence(from: &Sequence, to: &Sequence) -> Statement {
    let no_cycle = if from.cycle && !to.cycle {
        " NO CYCLE"
    } else {
        ""
    };
    Statement {
        sql: format!(
            "ALTER SEQUENCE {}{}{no_cycle};",
            qualified(&to.name),
            to.options_sql()
        ),
        newline_after: false,
    }
}

/// `ALTER SEQUENCE "public"."old" RENAME TO "new";`
pub fn rename_sequence(from: &str, to: &str) -> Statement {
    Statement {
        sql: format!(
            "ALTER SEQUENCE {} RENAME TO {};",
            qualified(from),
            ident(crate::model::bare_name(to))
        ),
        newline_after: false,
    }
}

/// `DROP SEQUENCE "public"."s";`
pub fn drop_sequence(name: &str) -> Statement {
    Statement {
        sql: format!("DROP SEQUENCE {};", qualified(name)),
        newline_after: false,
    }
}

/// A change to one sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SequenceStep {
    Create(Sequence),
    Rename {
        from: String,
        to: String,
    },
    /// Options changed; `to.name` is the name after any rename.
    Alter {
        from: Sequence,
        to: Sequence,
    },
    /// The sequence as it was, so the step can say what goes.
    Drop(Sequence),
}

impl SequenceStep {
    pub fn statement(&self) -> Statement {
        match self {
            SequenceStep::Create(s) => create_sequence(s),
            SequenceStep::Rename { from, to } => rename_sequence(from, to),
            SequenceStep::Alter { from, to } => alter_sequence(from, to),
            SequenceStep::Drop(s) => drop_sequence(&s.name),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            SequenceStep::Create(s) => format!("create_sequence_{}", s.name),
            SequenceStep::Rename { to, .. } => format!("rename_sequence_{to}"),
            SequenceStep::Alter { to, .. } => format!("alter_sequence_{}", to.name),
            SequenceStep::Drop(s) => format!("drop_sequence_{}", s.name),
        }
    }
}

/// The order drizzle-kit lists sequences in: by the constant each is exported as (the schema
/// module's exports, sorted).
pub fn drizzle_order<'a>(
    sequences: impl IntoIterator<Item = &'a SequenceDef>,
) -> Vec<&'a SequenceDef> {
    let mut sequences: Vec<&SequenceDef> = sequences.into_iter().collect();
    sequences.sort_by_cached_key(|s| s.export_name());
    sequences
}

/// The sequence steps from `from` to `to`: those that run first (creates, renames, option
/// changes, drizzle-kit's order) and the drops that run last. `previous_name` gives the name a
/// target sequence had in the source when it was renamed.
pub fn plan_sequences<'a>(
    from: &Schema,
    to: &'a Schema,
    previous_name: impl Fn(&'a SequenceDef) -> Option<&'a str>,
) -> (Vec<SequenceStep>, Vec<SequenceStep>) {
    let (mut creates, mut renames, mut alters) = (Vec::new(), Vec::new(), Vec::new());
    let mut matched: Vec<&str> = Vec::new();
    for new in drizzle_order(&to.sequences) {
        let old = match from.sequence(new.name()) {
            Some(old) => Some(old),
            None => previous_name(new)
                .filter(|previous| to.sequence(previous).is_none())
                .and_then(|previous| from.sequence(previous))
                .inspect(|old| {
                    renames.push(SequenceStep::Rename {
                        from: old.name().to_string(),
                        to: new.name().to_string(),
                    })
                }),
        };
        match old {
            None => creates.push(SequenceStep::Create(new.sequence.clone())),
            Some(old) => {
                matched.push(old.name());
                let renamed = Sequence {
                    name: new.sequence.name.clone(),
                    ..old.sequence.clone()
                };
                if renamed != new.sequence {
                    alters.push(SequenceStep::Alter {
                        from: renamed,
                        to: new.sequence.clone(),
                    });
                }
            }
        }
    }
    let drops = drizzle_order(&from.sequences)
        .into_iter()
        .filter(|old| !matched.contains(&old.name()))
        .map(|old| SequenceStep::Drop(old.sequence.clone()))
        .collect();
    creates.append(&mut renames);
    creates.append(&mut alters);
    (creates, drops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(sequences: &[PgSequence]) -> Schema {
        Schema {
            sequences: sequences.iter().map(PgSequence::def).collect(),
            ..Schema::default()
        }
    }

    fn sql(steps: &[SequenceStep]) -> Vec<String> {
        steps.iter().map(|s| s.statement().sql).collect()
    }

    #[test]
    fn statements_are_spelled_as_drizzle_kit_spells_them() {
        let plain = PgSequence::new("order_numbers").def().sequence;
        assert_eq!(
            create_sequence(&plain).sql,
            "CREATE SEQUENCE \"public\".\"order_numbers\" INCREMENT BY 1 MINVALUE 1 \
             MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;"
        );
        let down = PgSequence::new("countdown")
            .increment(-2)
            .cycle()
            .def()
            .sequence;
        assert_eq!(
            create_sequence(&down).sql,
            "CREATE SEQUENCE \"public\".\"countdown\" INCREMENT BY -2 \
             MINVALUE -9223372036854775808 MAXVALUE -1 START WITH -1 CACHE 1 CYCLE;"
        );
        assert_eq!(
            rename_sequence("a", "b").sql,
            "ALTER SEQUENCE \"public\".\"a\" RENAME TO \"b\";"
        );
        assert_eq!(drop_sequence("a").sql, "DROP SEQUENCE \"public\".\"a\";");
    }

    #[test]
    fn changed_options_alter_the_sequence_with_every_option_and_no_cycle_when_it_stops() {
        let from = schema(&[PgSequence::new("s").cycle()]);
        let to = schema(&[PgSequence::new("s").start_with(10).cache(5)]);
        let (first, drops) = plan_sequences(&from, &to, |_| None);
        assert!(drops.is_empty());
        assert_eq!(
            sql(&first),
            ["ALTER SEQUENCE \"public\".\"s\" INCREMENT BY 1 MINVALUE 1 \
              MAXVALUE 9223372036854775807 START WITH 10 CACHE 5 NO CYCLE;"]
        );
        let (first, _) = plan_sequences(&to, &to, |_| None);
        assert!(first.is_empty());
    }

    #[test]
    fn creates_renames_alters_then_drops_in_export_order() {
        let from = schema(&[
            PgSequence::new("old_name"),
            PgSequence::new("zeta"),
            PgSequence::new("alpha"),
        ]);
        let to = schema(&[
            PgSequence::new("new_name")
                .renamed_from("old_name")
                .cache(3),
            PgSequence::new("b_seq"),
            PgSequence::new("a_seq"),
        ]);
        let (first, drops) = plan_sequences(&from, &to, |s| s.renamed_from.as_deref());
        assert_eq!(
            sql(&first),
            [
                "CREATE SEQUENCE \"public\".\"a_seq\" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;",
                "CREATE SEQUENCE \"public\".\"b_seq\" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;",
                "ALTER SEQUENCE \"public\".\"old_name\" RENAME TO \"new_name\";",
                "ALTER SEQUENCE \"public\".\"new_name\" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 3;",
            ]
        );
        assert_eq!(
            sql(&drops),
            [
                "DROP SEQUENCE \"public\".\"alpha\";",
                "DROP SEQUENCE \"public\".\"zeta\";"
            ]
        );
    }

    #[test]
    fn a_declared_rename_is_planned_up_and_undone_down_and_the_sql_reads_back() {
        let from = schema(&[PgSequence::new("order_seq").cycle()]);
        let to = schema(&[PgSequence::new("order_numbers")
            .renamed_from("order_seq")
            .cache(4)]);
        let plan = crate::diff::plan(&from, &to, Default::default()).unwrap();
        let up: Vec<String> = plan.up_statements().into_iter().map(|s| s.sql).collect();
        assert_eq!(
            up,
            [
                "ALTER SEQUENCE \"public\".\"order_seq\" RENAME TO \"order_numbers\";",
                "ALTER SEQUENCE \"public\".\"order_numbers\" INCREMENT BY 1 MINVALUE 1 \
                 MAXVALUE 9223372036854775807 START WITH 1 CACHE 4 NO CYCLE;",
            ]
        );
        let down: Vec<String> = plan.down_statements().into_iter().map(|s| s.sql).collect();
        assert_eq!(
            down,
            [
                "ALTER SEQUENCE \"public\".\"order_numbers\" RENAME TO \"order_seq\";",
                "ALTER SEQUENCE \"public\".\"order_seq\" INCREMENT BY 1 MINVALUE 1 \
                 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 CYCLE;",
            ]
        );
        assert!(plan.down_warnings().is_empty());
        let mut read = from.clone();
        crate::sql_read::apply(&mut read, "0001.sql", &plan.up_sql()).unwrap();
        assert_eq!(
            crate::sql_read::sql_shape(&read),
            crate::sql_read::sql_shape(&to)
        );
        crate::sql_read::apply(&mut read, "0001.down.sql", &plan.down_sql()).unwrap();
        assert_eq!(
            crate::sql_read::sql_shape(&read),
            crate::sql_read::sql_shape(&from)
        );
    }

    #[test]
    fn a_dropped_sequence_is_not_refused_and_its_down_file_warns_it_starts_over() {
        let from = schema(&[PgSequence::new("gone").start_with(5)]);
        let plan = crate::diff::plan(&from, &Schema::default(), Default::default()).unwrap();
        assert_eq!(plan.up_sql(), "DROP SEQUENCE \"public\".\"gone\";");
        assert_eq!(plan.suggested_name(), "drop_sequence_gone");
        assert!(plan.down_sql().starts_with(
            "-- warning: re-creates sequence \"gone\" at START WITH 5: the value it had reached is not restored\nCREATE SEQUENCE"
        ));
    }

    #[test]
    fn the_builder_names_each_mistake_of_a_declaration() {
        #[derive(crate::Table)]
        #[table(name = "orders")]
        #[allow(dead_code)]
        pub struct Order {
            #[column(primary_key)]
            pub id: String,
            #[column(identity = always)]
            pub number: i64,
        }
        let errors = crate::SchemaBuilder::new()
            .table::<Order>()
            .sequence(PgSequence::new("orders"))
            .sequence(PgSequence::new("orders_number_seq"))
            .sequence(PgSequence::new("orders_pkey"))
            .sequence(PgSequence::new("a").increment(0).cache(0))
            .sequence(PgSequence::new("a"))
            .sequence(PgSequence::new("b").renamed_from("b"))
            .sequence(PgSequence::new("c").renamed_from("a"))
            .sequence(PgSequence::new(""))
            .build()
            .unwrap_err();
        let messages: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            messages,
            [
                "the name `orders` is used twice: by the table `orders` and by the sequence `orders`; PostgreSQL keeps tables, indexes and the constraints backed by them in one namespace per schema: rename one",
                "the name `orders_number_seq` is used twice: by the sequence of column `number` of table `orders` and by the sequence `orders_number_seq`; PostgreSQL keeps tables, indexes and the constraints backed by them in one namespace per schema: rename one",
                "the name `orders_pkey` is used twice: by the index or key of table `orders` and by the sequence `orders_pkey`; PostgreSQL keeps tables, indexes and the constraints backed by them in one namespace per schema: rename one",
                "sequence `a`: `increment` is 0; a sequence steps by a non-zero amount",
                "sequence `a`: `cache` is 0; PostgreSQL requires at least 1",
                "sequence `a`: is declared twice",
                "sequence `b`: `.renamed_from(..)` names the sequence itself; drop it",
                "sequence `c`: `.renamed_from(\"a\")` names a sequence that is still declared; a renamed sequence is declared under its new name only",
                "sequence ``: the name is 0 bytes long; PostgreSQL takes 1 to 63",
            ]
        );
    }

    #[test]
    fn options_postgresql_refuses_are_named() {
        let problems = |s: PgSequence| option_problems(&s.def().sequence);
        assert!(problems(PgSequence::new("ok").increment(-1).start_with(-5)).is_empty());
        assert_eq!(
            problems(PgSequence::new("s").increment(0)),
            ["`increment` is 0; a sequence steps by a non-zero amount"]
        );
        assert_eq!(
            problems(PgSequence::new("s").cache(0)),
            ["`cache` is 0; PostgreSQL requires at least 1"]
        );
        assert!(
            problems(PgSequence::new("s").min_value(10).max_value(10))[0]
                .starts_with("`min_value` 10 is not below `max_value` 10")
        );
        assert!(
            problems(PgSequence::new("s").min_value(10).start_with(3))[0].starts_with(
                "`start_with` 3 is outside `min_value` 10 and `max_value` 9223372036854775807"
            )
        );
        // Counting down with a positive minimum leaves the default maximum (-1) below it.
        assert!(problems(PgSequence::new("s").increment(-1).min_value(5))[0]
            .starts_with("`min_value` 5 is not below `max_value` -1"));
    }

    #[test]
    fn a_sequence_in_a_schema_is_qualified_renamed_within_it_and_creates_the_schema() {
        let renamed = PgSequence::new("tickets")
            .schema("auth")
            .renamed_from("ticket_numbers")
            .def();
        assert_eq!(renamed.name(), "auth.tickets");
        assert_eq!(renamed.renamed_from.as_deref(), Some("auth.ticket_numbers"));
        assert_eq!(renamed.export_name(), "tickets");
        assert!(create_sequence(&renamed.sequence)
            .sql
            .starts_with("CREATE SEQUENCE \"auth\".\"tickets\" INCREMENT BY 1"));
        assert_eq!(
            rename_sequence("auth.ticket_numbers", "auth.tickets").sql,
            "ALTER SEQUENCE \"auth\".\"ticket_numbers\" RENAME TO \"tickets\";"
        );
        assert_eq!(
            drop_sequence("auth.tickets").sql,
            "DROP SEQUENCE \"auth\".\"tickets\";"
        );
        let with = schema(&[PgSequence::new("tickets").schema("auth")]);
        assert_eq!(with.pg_schemas(), ["auth"]);
        // Read back from the statements that wrote it, and renamed within its schema.
        let mut read = Schema::default();
        crate::sql_read::apply(
            &mut read,
            "0000.sql",
            &create_sequence(&with.sequences[0].sequence).sql,
        )
        .unwrap();
        assert_eq!(read.sequences[0].sequence, with.sequences[0].sequence);
        crate::sql_read::apply(
            &mut read,
            "0001.sql",
            "ALTER SEQUENCE \"auth\".\"tickets\" RENAME TO \"ids\";",
        )
        .unwrap();
        assert_eq!(read.sequences[0].name(), "auth.ids");
    }

    #[test]
    fn a_sequence_schema_postgresql_or_drizzle_refuses_is_named() {
        let errors = |s: PgSequence| {
            crate::SchemaBuilder::new()
                .sequence(s)
                .build()
                .unwrap_err()
                .to_string()
        };
        assert!(errors(PgSequence::new("s").schema("public"))
            .contains("`.schema(\"public\")` is the default; drop it"),);
        assert!(errors(PgSequence::new("s").schema("pg_x")).contains("starts with `pg_`"));
        assert!(errors(PgSequence::new("s").schema("a.b")).contains("holds a `.`"));
        assert!(errors(PgSequence::new("s").schema("")).contains("the schema name is 0 bytes long"));
        // The same name in two schemas is two sequences.
        assert!(crate::SchemaBuilder::new()
            .sequence(PgSequence::new("s"))
            .sequence(PgSequence::new("s").schema("auth"))
            .build()
            .is_ok());
    }
}
