//! Views and materialized views: declared with their SQL and typed columns (drizzle's
//! ``pgView("name", { ... }).as(sql`...`)`` with explicit columns), created after their tables,
//! dropped before them, and dropped and created again when their SQL changes, in drizzle-kit's
//! spelling and order.

use serde::{Deserialize, Serialize};

use crate::ddl::{ident, Statement};
use crate::model::{ColumnDef, Schema};

/// The PostgreSQL schema drizzle-kit writes in front of a view's name when none is declared.
pub const DEFAULT_VIEW_SCHEMA: &str = "public";

/// One view or materialized view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewDef {
    /// The view's SQL name.
    pub name: String,
    /// `CREATE MATERIALIZED VIEW` rather than `CREATE VIEW`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub materialized: bool,
    /// The query, as written after `AS (` (drizzle-kit keeps it verbatim).
    pub definition: String,
    /// The columns the query yields, typed: the row type in TypeScript and what the verifier
    /// expects in the catalog. Defaults and keys mean nothing here.
    pub columns: Vec<ColumnDef>,
    #[serde(default)]
    pub ts: ViewTs,
}

/// A struct declared as a view with `#[derive(View)]`: its fields type the view's columns.
pub trait View {
    /// The view's SQL name.
    const NAME: &'static str;
    /// The view as plain data.
    fn view_def() -> ViewDef;
}

/// TypeScript-only facts about a view.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ViewTs {
    /// The exported `pgView` constant: `activeUsers`.
    pub export_name: String,
    /// The row type in `types.ts`: `ActiveUser`.
    pub row_type: String,
}

impl ViewDef {
    /// `"public"."active_users"`, as drizzle-kit names a view in every statement.
    pub fn qualified_name(&self) -> String {
        qualified(&self.name)
    }

    /// `VIEW` or `MATERIALIZED VIEW`.
    pub fn kind(&self) -> &'static str {
        kind(self.materialized)
    }

    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }
}

fn qualified(name: &str) -> String {
    format!("{}.{}", ident(DEFAULT_VIEW_SCHEMA), ident(name))
}

fn kind(materialized: bool) -> &'static str {
    if materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    }
}

/// `CREATE [MATERIALIZED] VIEW "public"."v" AS (select ...);`
pub fn create_view(view: &ViewDef) -> Statement {
    Statement {
        sql: format!(
            "CREATE {} {} AS ({});",
            view.kind(),
            view.qualified_name(),
            view.definition
        ),
        newline_after: false,
    }
}

/// `DROP [MATERIALIZED] VIEW "public"."v";`
pub fn drop_view(name: &str, materialized: bool) -> Statement {
    Statement {
        sql: format!("DROP {} {};", kind(materialized), qualified(name)),
        newline_after: false,
    }
}

/// The order drizzle-kit lists views in: plain views, then materialized ones, each by
/// TypeScript export name (the module's exports, sorted), falling back to the SQL name.
pub fn drizzle_order<'a>(views: impl IntoIterator<Item = &'a ViewDef>) -> Vec<&'a ViewDef> {
    let mut views: Vec<&ViewDef> = views.into_iter().collect();
    views.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    views
}

fn sort_key(view: &ViewDef) -> (bool, &str) {
    let name = if view.ts.export_name.is_empty() {
        &view.name
    } else {
        &view.ts.export_name
    };
    (view.materialized, name)
}

/// The views to drop (before the tables change) and to create (after they have), from `from`
/// to `to`: a view whose query or kind changed is dropped and created again, as drizzle-kit
/// does (PostgreSQL cannot change a view's columns in place). Gone views are dropped first,
/// then the changed ones; new views are created first, then the changed ones.
pub fn plan_views(from: &Schema, to: &Schema) -> (Vec<ViewStep>, Vec<ViewStep>) {
    let mut drops = Vec::new();
    let mut creates = Vec::new();
    let mut recreated = Vec::new();
    for old in drizzle_order(&from.views) {
        if to.view(&old.name).is_none() {
            drops.push(ViewStep::Drop {
                name: old.name.clone(),
                materialized: old.materialized,
            });
        }
    }
    for new in drizzle_order(&to.views) {
        match from.view(&new.name) {
            None => creates.push(ViewStep::Create(new.clone())),
            Some(old)
                if old.definition != new.definition || old.materialized != new.materialized =>
            {
                drops.push(ViewStep::Drop {
                    name: old.name.clone(),
                    materialized: old.materialized,
                });
                recreated.push(ViewStep::Create(new.clone()));
            }
            Some(_) => {}
        }
    }
    creates.extend(recreated);
    (drops, creates)
}

/// A change to one view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewStep {
    Create(ViewDef),
    Drop { name: String, materialized: bool },
}

impl ViewStep {
    pub fn statement(&self) -> Statement {
        match self {
            ViewStep::Create(view) => create_view(view),
            ViewStep::Drop { name, materialized } => drop_view(name, *materialized),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            ViewStep::Create(view) => format!("create_view_{}", view.name),
            ViewStep::Drop { name, .. } => format!("drop_view_{name}"),
        }
    }
}

/// The definition of `CREATE [MATERIALIZED] VIEW <name> AS (<definition>)[;]`, as written
/// between the parentheses: the migration reader keeps the user's text, not sqlparser's
/// re-spelling of it.
pub fn definition_in(sql: &str) -> Option<&str> {
    let sql = sql.trim().trim_end_matches(';').trim_end();
    let start = sql.find(" AS (")? + " AS (".len();
    sql[start..].strip_suffix(')')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SqlType;

    fn view(name: &str, definition: &str, materialized: bool) -> ViewDef {
        ViewDef {
            name: name.into(),
            materialized,
            definition: definition.into(),
            columns: vec![ColumnDef {
                name: "id".into(),
                renamed_from: None,
                sql_type: SqlType::Integer,
                not_null: true,
                default: None,
                generated: None,
                ts: Default::default(),
            }],
            ts: ViewTs::default(),
        }
    }

    #[test]
    fn statements_are_spelled_as_drizzle_kit_spells_them() {
        let v = view("active_users", "select \"id\" from \"users\"", false);
        assert_eq!(
            create_view(&v).sql,
            "CREATE VIEW \"public\".\"active_users\" AS (select \"id\" from \"users\");"
        );
        assert_eq!(
            drop_view("totals", true).sql,
            "DROP MATERIALIZED VIEW \"public\".\"totals\";"
        );
        assert_eq!(
            definition_in(&create_view(&v).sql),
            Some("select \"id\" from \"users\"")
        );
    }

    #[test]
    fn a_changed_query_drops_and_creates_the_view_again() {
        let from = Schema {
            views: vec![
                view("a", "select 1", false),
                view("gone", "select 2", false),
            ],
            ..Schema::default()
        };
        let to = Schema {
            views: vec![view("a", "select 3", false), view("m", "select 4", true)],
            ..Schema::default()
        };
        let (drops, creates) = plan_views(&from, &to);
        let sql = |steps: &[ViewStep]| -> Vec<String> {
            steps.iter().map(|s| s.statement().sql).collect()
        };
        assert_eq!(
            sql(&drops),
            [
                "DROP VIEW \"public\".\"gone\";",
                "DROP VIEW \"public\".\"a\";"
            ]
        );
        assert_eq!(
            sql(&creates),
            [
                "CREATE MATERIALIZED VIEW \"public\".\"m\" AS (select 4);",
                "CREATE VIEW \"public\".\"a\" AS (select 3);"
            ]
        );
    }

    #[test]
    fn columns_changed_under_the_same_query_plan_nothing_as_with_drizzle_kit() {
        // drizzle-kit 0.31 writes nothing either: the query decides the view's columns, so
        // declaring others changes no SQL; the verifier reports the ones the query lacks.
        let from = Schema {
            views: vec![view("a", "select 1 as id", false)],
            ..Schema::default()
        };
        let mut to = from.clone();
        to.views[0].columns[0].sql_type = SqlType::BigInt;
        let extra = ColumnDef {
            name: "extra".into(),
            ..to.views[0].columns[0].clone()
        };
        to.views[0].columns.push(extra);
        assert_eq!(plan_views(&from, &to), (Vec::new(), Vec::new()));
    }

    #[test]
    fn migration_sql_reads_back_with_the_query_as_written() {
        let v = view("a", "select  \"id\"  from \"users\"", true);
        let mut schema = Schema::default();
        let sql = crate::ddl::render(&[create_view(&v)]);
        crate::sql_read::apply(&mut schema, "0000.sql", &sql).unwrap();
        assert_eq!(schema.views[0].definition, v.definition);
        assert!(schema.views[0].materialized);
        let error = crate::sql_read::apply(&mut schema, "0001.sql", &drop_view("a", false).sql)
            .unwrap_err();
        assert!(
            error
                .message
                .contains("DROP VIEW of a view that does not exist: \"a\""),
            "{error}"
        );
        crate::sql_read::apply(&mut schema, "0001.sql", &drop_view("a", true).sql).unwrap();
        assert!(schema.views.is_empty());
    }

    #[test]
    // The fields only declare columns; nothing reads them.
    #[allow(dead_code)]
    fn a_view_named_like_a_table_or_another_view_is_refused_naming_both() {
        #[derive(crate::Table)]
        #[table(name = "users")]
        pub struct User {
            #[column(primary_key)]
            pub id: String,
        }
        #[derive(crate::View)]
        #[view(name = "users", sql = "select 1 as id")]
        pub struct Users {
            pub id: i32,
        }
        #[derive(crate::View)]
        #[view(name = "ids", sql = "select 1 as id")]
        pub struct Ids {
            pub id: i32,
        }
        let errors = crate::SchemaBuilder::new()
            .table::<User>()
            .view::<Users>()
            .view::<Ids>()
            .view::<Ids>()
            .build()
            .unwrap_err();
        let messages: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("the name `users` is used twice: by the table `users`"));
        assert!(messages[0].contains("and by the view `users`"));
        assert!(messages[1].starts_with("the name `ids` is used twice: by the view `ids`"));
    }
}
