//! Reads `pg_catalog` into the same [`Schema`] the Rust declarations produce, in five queries
//! (the server's version, then tables, columns, constraints, indexes) whatever the number of
//! tables.
//!
//! The catalog differs across the supported versions (13 to 18): `pg_index.indnullsnotdistinct`
//! exists from 15 on, so older servers get a constraints query without it; PostgreSQL 18 also
//! keeps NOT NULL as `pg_constraint` rows (contype `n`), which the constraints query leaves out
//! (nullability is read from `pg_attribute.attnotnull`, kept on every version).

use std::collections::BTreeMap;

use schema_model::{
    CheckConstraint, FkAction, ForeignKey, PrimaryKey, Schema, SqlDefault, SqlType, TableDef,
    UniqueConstraint,
};

use crate::error::{Error, Result};

const TABLES: &str = include_str!("sql/tables.sql");
const COLUMNS: &str = include_str!("sql/columns.sql");
const CONSTRAINTS: &str = include_str!("sql/constraints.sql");
const INDEXES: &str = include_str!("sql/indexes.sql");

/// What the catalog holds beyond the model: check constraints and expression indexes, reported
/// as undeclared objects.
#[derive(Debug, Clone, Default)]
pub struct CatalogExtras {
    /// (table, constraint name, definition)
    pub checks: Vec<(String, String, String)>,
    /// (table, index name) → definition, for indexes that are not plain btree indexes on
    /// columns (expressions, operator classes, order, method, `WHERE`, `WITH`): the model holds
    /// them, `pull` does not write them yet.
    pub unusual_indexes: BTreeMap<(String, String), String>,
}

/// The schema as the database has it, plus what the model cannot express.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub schema: Schema,
    pub extras: CatalogExtras,
    /// Each column's raw `pg_get_expr` default, for messages: (table, column) → text.
    pub raw_defaults: BTreeMap<(String, String), String>,
    /// The declared CHECK expressions as PostgreSQL spells them (or why it refused one), by
    /// (table, constraint): filled by [`crate::enums_checks::introspect_declared`].
    pub declared_checks: BTreeMap<(String, String), std::result::Result<String, String>>,
}

/// `CHECK ((price > 0))` → `(price > 0)`: the expression of a `pg_get_constraintdef`.
pub fn check_expression(definition: &str) -> String {
    definition
        .trim()
        .strip_prefix("CHECK (")
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or(definition)
        .to_string()
}

/// The column `nulls_not_distinct` of constraints.sql, for servers that have it (15+).
const NULLS_NOT_DISTINCT: &str = "COALESCE(ix.indnullsnotdistinct, false) AS nulls_not_distinct";

/// The constraints query for a server's major version: before 15 no unique constraint can treat
/// NULLs as equal, and the catalog has no column saying so.
pub fn constraints_query(server_major: u32) -> String {
    if server_major >= 15 {
        CONSTRAINTS.to_string()
    } else {
        CONSTRAINTS.replace(NULLS_NOT_DISTINCT, "false AS nulls_not_distinct")
    }
}

/// Reads one PostgreSQL schema (`public` for drizzle) from the catalog.
pub fn introspect(client: &mut postgres::Client, namespace: &str) -> Result<Catalog> {
    introspect_schemas(client, &[namespace.to_string()])
}

/// Reads the given PostgreSQL schemas from the catalog into one model: a table or type outside
/// `public` under its qualified name (`auth.users`), as the model keys it.
pub fn introspect_schemas(client: &mut postgres::Client, namespaces: &[String]) -> Result<Catalog> {
    let server_major = crate::server::server_major(client)?;
    let mut catalog = Catalog::default();
    let mut tables: BTreeMap<String, TableDef> = BTreeMap::new();
    for row in client
        .query(TABLES, &[&namespaces])
        .map_err(Error::pg("reading tables from pg_catalog"))?
    {
        let name: String = row.get("table_name");
        tables.insert(name.clone(), TableDef::empty(name));
    }

    for row in client
        .query(COLUMNS, &[&namespaces])
        .map_err(Error::pg("reading columns from pg_catalog"))?
    {
        let table: String = row.get("table_name");
        let name: String = row.get("column_name");
        let data_type: String = row.get("data_type");
        let default_expr: Option<String> = row.get("default_expr");
        if let Some(expr) = &default_expr {
            catalog
                .raw_defaults
                .insert((table.clone(), name.clone()), expr.clone());
        }
        let generated = crate::introspect_generated::generated(&row, &table, &name);
        // A generated column's expression sits where a default would.
        let default_expr = default_expr.filter(|_| generated.is_none());
        if let Some(t) = tables.get_mut(&table) {
            t.columns.push(schema_model::ColumnDef {
                name,
                renamed_from: None,
                sql_type: crate::introspect_generated::sql_type(&data_type, row.get("array_dims")),
                not_null: row.get("not_null"),
                default: default_expr.as_deref().map(normalize_default),
                ts: Default::default(),
                generated,
            });
        }
    }

    for row in client
        .query(&constraints_query(server_major), &[&namespaces])
        .map_err(Error::pg("reading constraints from pg_catalog"))?
    {
        let table_name: String = row.get("table_name");
        let Some(table) = tables.get_mut(&table_name) else {
            continue;
        };
        let name: String = row.get("constraint_name");
        let kind: String = row.get("kind");
        let columns: Vec<String> = row.get("columns");
        match kind.as_str() {
            "p" => table.primary_key = Some(PrimaryKey { name, columns }),
            "u" => table.uniques.push(UniqueConstraint {
                name,
                columns,
                nulls_not_distinct: row.get("nulls_not_distinct"),
            }),
            "f" => table.foreign_keys.push(ForeignKey {
                name,
                columns,
                ref_table: row
                    .get::<_, Option<String>>("ref_table")
                    .unwrap_or_default(),
                ref_columns: row.get("ref_columns"),
                on_delete: action(&row.get::<_, String>("on_delete")),
                on_update: action(&row.get::<_, String>("on_update")),
            }),
            _ => {
                let definition: String = row.get("definition");
                table.checks.push(CheckConstraint {
                    name: name.clone(),
                    expression: check_expression(&definition),
                });
                catalog.extras.checks.push((table_name, name, definition));
            }
        }
    }

    for row in client
        .query(INDEXES, &[&namespaces])
        .map_err(Error::pg("reading indexes from pg_catalog"))?
    {
        let table_name: String = row.get("table_name");
        let Some(table) = tables.get_mut(&table_name) else {
            continue;
        };
        let index = crate::introspect_index::index_of(&row);
        if index.method != "btree"
            || !index.keys.is_empty()
            || index.where_sql.is_some()
            || !index.with.is_empty()
        {
            catalog.extras.unusual_indexes.insert(
                (table_name.clone(), index.name.clone()),
                row.get("definition"),
            );
        }
        table.indexes.push(index);
    }

    let extensions = client
        .query(crate::introspect_index::EXTENSIONS, &[])
        .map_err(Error::pg("reading extensions from pg_extension"))?;
    catalog.schema = Schema {
        tables: tables.into_values().collect(),
        enums: crate::enums_checks::read_enums(client, namespaces)?,
        extensions: extensions.iter().map(|row| row.get(0)).collect(),
        views: crate::views::introspect_views(client, namespaces)?,
        sequences: crate::sequences::introspect_sequences(client, namespaces)?,
    };
    schema_model::enums::resolve_enum_columns(&mut catalog.schema);
    // `'todo'::task_status`: a label of the column's enum type.
    for table in &mut catalog.schema.tables {
        for column in &mut table.columns {
            let (SqlType::Enum(name), Some(SqlDefault::Expression(expr))) =
                (&column.sql_type, &column.default)
            else {
                continue;
            };
            if let Some((label, cast)) = split_literal_cast(expr) {
                if cast.trim_matches('"') == name {
                    column.default = Some(SqlDefault::Text(label));
                }
            }
        }
    }
    Ok(catalog)
}

fn action(code: &str) -> FkAction {
    code.chars()
        .next()
        .and_then(FkAction::from_catalog_code)
        .unwrap_or_default()
}

/// Turns `pg_get_expr`'s spelling of a default into the model's: `'member'::text` →
/// `Text("member")`, `'[]'::jsonb` → `Json("[]")`, `now()` → `Now`, `0` / `'-1'::integer` →
/// `Number`, `true` → `Boolean`; anything else stays an expression.
pub fn normalize_default(expr: &str) -> SqlDefault {
    let expr = expr.trim();
    match expr {
        "true" => return SqlDefault::Boolean(true),
        "false" => return SqlDefault::Boolean(false),
        "now()" => return SqlDefault::Now,
        _ => {}
    }
    let unparenthesized = expr
        .strip_prefix('(')
        .and_then(|e| e.strip_suffix(')'))
        .unwrap_or(expr);
    if is_number(unparenthesized) {
        return SqlDefault::Number(unparenthesized.to_string());
    }
    if let Some((literal, cast)) = split_literal_cast(expr) {
        match cast {
            "jsonb" | "json" => {
                return match serde_json::from_str::<serde_json::Value>(&literal) {
                    Ok(value) => SqlDefault::Json(value.to_string()),
                    Err(_) => SqlDefault::Expression(expr.to_string()),
                }
            }
            "text" | "character varying" | "bpchar" | "character" => {
                return SqlDefault::Text(literal)
            }
            "integer" | "bigint" | "smallint" | "numeric" | "real" | "double precision"
                if is_number(&literal) =>
            {
                return SqlDefault::Number(literal)
            }
            "boolean" if literal == "true" || literal == "false" => {
                return SqlDefault::Boolean(literal == "true")
            }
            _ => {}
        }
    }
    SqlDefault::Expression(expr.to_string())
}

fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.')
}

/// `'it''s'::text` → (`it's`, `text`); `'x'::character varying(10)` → (`x`, `character varying`).
fn split_literal_cast(expr: &str) -> Option<(String, &str)> {
    let rest = expr.strip_prefix('\'')?;
    let mut literal = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if matches!(chars.peek(), Some((_, '\''))) {
                literal.push('\'');
                chars.next();
                continue;
            }
            let cast = rest[i + 1..].strip_prefix("::")?;
            let cast = cast.split('(').next().unwrap_or(cast).trim();
            return Some((literal, cast));
        }
        literal.push(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_before_15_get_a_constraints_query_without_indnullsnotdistinct() {
        assert!(constraints_query(15).contains("ix.indnullsnotdistinct"));
        assert!(constraints_query(18).contains("ix.indnullsnotdistinct"));
        for major in [13, 14] {
            let sql = constraints_query(major);
            assert!(!sql.contains("indnullsnotdistinct"), "{sql}");
            assert!(sql.contains("false AS nulls_not_distinct"), "{sql}");
        }
    }

    #[test]
    fn normalizes_catalog_defaults() {
        assert_eq!(
            normalize_default("'member'::text"),
            SqlDefault::Text("member".into())
        );
        assert_eq!(
            normalize_default("'it''s'::character varying"),
            SqlDefault::Text("it's".into())
        );
        assert_eq!(
            normalize_default("'[]'::jsonb"),
            SqlDefault::Json("[]".into())
        );
        assert_eq!(
            normalize_default("'{\"a\": 1}'::jsonb"),
            SqlDefault::Json("{\"a\":1}".into())
        );
        assert_eq!(normalize_default("now()"), SqlDefault::Now);
        assert_eq!(normalize_default("0"), SqlDefault::Number("0".into()));
        assert_eq!(normalize_default("0.5"), SqlDefault::Number("0.5".into()));
        assert_eq!(
            normalize_default("'-1'::integer"),
            SqlDefault::Number("-1".into())
        );
        assert_eq!(normalize_default("(-1)"), SqlDefault::Number("-1".into()));
        assert_eq!(normalize_default("true"), SqlDefault::Boolean(true));
        assert_eq!(
            normalize_default("nextval('t_id_seq'::regclass)"),
            SqlDefault::Expression("nextval('t_id_seq'::regclass)".into())
        );
        assert_eq!(
            normalize_default("gen_random_uuid()"),
            SqlDefault::Expression("gen_random_uuid()".into())
        );
    }
}
