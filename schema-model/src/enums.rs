//! PostgreSQL enum types and CHECK constraints: their spellings in DDL, as drizzle-kit 0.31 writes
//! them, and the facts the emitters and the planner share about them.

use crate::ddl::{ident, literal, qualified_ident};
use crate::model::{CheckConstraint, PgEnum, Schema, SqlType};

/// The schema drizzle-kit qualifies enum types with in `CREATE TYPE` and casts, unless the
/// enum is declared in another (`auth.role`).
pub const ENUM_SCHEMA: &str = crate::model::DEFAULT_SCHEMA;

/// `"public"."task_status"`, `"auth"."role"`: an enum type as `CREATE TYPE`, `ALTER TYPE` and
/// casts name it.
pub fn qualified(name: &str) -> String {
    crate::ddl::schema_qualified_ident(name)
}

/// The enum's model key of a `"schema"."name"` spelling (the only type spelling qualified so):
/// `task_status` in `public`, `auth.role` in `auth`.
pub fn qualified_enum_name(spelling: &str) -> Option<String> {
    let rest = spelling.strip_prefix('"')?;
    let (schema, rest) = quoted_prefix(rest)?;
    let rest = rest.strip_prefix(".\"")?;
    let (name, rest) = quoted_prefix(rest)?;
    rest.is_empty()
        .then(|| crate::model::qualified_name(Some(&schema), &name))
}

/// The identifier at the start of `text` (after its opening quote) up to its closing quote,
/// `""` read as one quote; and what follows the closing quote.
fn quoted_prefix(text: &str) -> Option<(String, &str)> {
    let mut name = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            if chars.peek().map(|(_, c)| *c) == Some('"') {
                chars.next();
                name.push('"');
            } else {
                return Some((name, &text[i + 1..]));
            }
        } else {
            name.push(c);
        }
    }
    None
}

/// `CREATE TYPE "public"."task_status" AS ENUM('todo', 'done');`
pub fn create_enum_sql(e: &PgEnum) -> String {
    let values: Vec<String> = e.values.iter().map(|v| literal(v)).collect();
    format!(
        "CREATE TYPE {} AS ENUM({});",
        qualified(&e.name),
        values.join(", ")
    )
}

/// `DROP TYPE "public"."task_status";`
pub fn drop_enum_sql(name: &str) -> String {
    format!("DROP TYPE {};", qualified(name))
}

/// `ALTER TYPE "public"."task_status" ADD VALUE 'blocked' BEFORE 'done';` (no `BEFORE`: last).
pub fn add_value_sql(name: &str, value: &str, before: Option<&str>) -> String {
    let before = before
        .map(|b| format!(" BEFORE {}", literal(b)))
        .unwrap_or_default();
    format!(
        "ALTER TYPE {} ADD VALUE {}{before};",
        qualified(name),
        literal(value)
    )
}

/// `ALTER TYPE "public"."task_status" RENAME VALUE 'old' TO 'new';`
pub fn rename_value_sql(name: &str, from: &str, to: &str) -> String {
    format!(
        "ALTER TYPE {} RENAME VALUE {} TO {};",
        qualified(name),
        literal(from),
        literal(to)
    )
}

/// `CONSTRAINT "name" CHECK (expr)`, inside `CREATE TABLE`.
pub fn check_body(check: &CheckConstraint) -> String {
    format!(
        "CONSTRAINT {} CHECK ({})",
        ident(&check.name),
        check.expression
    )
}

/// `ALTER TABLE "t" ADD CONSTRAINT "name" CHECK (expr);`
pub fn add_check_sql(table: &str, check: &CheckConstraint) -> String {
    format!(
        "ALTER TABLE {} ADD {};",
        qualified_ident(table),
        check_body(check)
    )
}

/// The enum types the columns of `schema` use, by name; `Other(name)` columns naming one of
/// `schema.enums` (a type read back from SQL or the catalog without its schema) become
/// `Enum(name)`.
pub fn resolve_enum_columns(schema: &mut Schema) {
    if schema.enums.is_empty() {
        return;
    }
    let names: std::collections::HashSet<String> =
        schema.enums.iter().map(|e| e.name.clone()).collect();
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        if let SqlType::Other(name) = &column.sql_type {
            if names.contains(name) {
                column.sql_type = SqlType::Enum(name.clone());
            }
        }
    }
}

/// The (table, column) pairs whose type is enum `name`, in table and column order.
pub fn columns_of_enum<'a>(schema: &'a Schema, name: &str) -> Vec<(&'a str, &'a str)> {
    schema
        .tables
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter(|(_, c)| matches!(&c.sql_type, SqlType::Enum(n) if n == name))
        .map(|(t, c)| (t.name.as_str(), c.name.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_statements_are_spelled_as_drizzle_kit_spells_them() {
        let e = PgEnum {
            name: "task_status".into(),
            values: vec!["todo".into(), "it's done".into()],
            renamed_values: Default::default(),
        };
        assert_eq!(
            create_enum_sql(&e),
            "CREATE TYPE \"public\".\"task_status\" AS ENUM('todo', 'it''s done');"
        );
        assert_eq!(
            add_value_sql("task_status", "blocked", Some("todo")),
            "ALTER TYPE \"public\".\"task_status\" ADD VALUE 'blocked' BEFORE 'todo';"
        );
        assert_eq!(
            add_value_sql("task_status", "blocked", None),
            "ALTER TYPE \"public\".\"task_status\" ADD VALUE 'blocked';"
        );
        assert_eq!(
            drop_enum_sql("task_status"),
            "DROP TYPE \"public\".\"task_status\";"
        );
    }

    #[test]
    fn an_enum_type_round_trips_through_its_spelling() {
        let ty = SqlType::Enum("task_status".into());
        assert_eq!(ty.sql(), "\"task_status\"");
        assert_eq!(SqlType::parse(&qualified("task_status")), ty);
        let json = serde_json::to_string(&ty).unwrap();
        assert_eq!(serde_json::from_str::<SqlType>(&json).unwrap(), ty);
        // Unqualified, a quoted name stays a type of its own (a custom type).
        assert_eq!(
            SqlType::parse("\"citext\""),
            SqlType::Other("citext".into())
        );
    }
}
