//! PostgreSQL DDL, as drizzle-kit 0.31 writes it.
//!
//! Every function here is pure: model in, statement text out. The spellings (tab-indented
//! columns, `DEFAULT … NOT NULL` order, `REFERENCES "public"."t"("c")`, FK statements after all
//! `CREATE TABLE`s, tables ordered by their TypeScript export name) were read off the real
//! drizzle-kit's output, so a migration written here and one written by drizzle-kit are the same
//! statement for statement.

use crate::model::{
    ColumnDef, ForeignKey, Generated, Identity, Index, IndexKey, PrimaryKey, Schema, SqlDefault,
    SqlType, TableDef, UniqueConstraint,
};

/// The separator drizzle's migrator splits a migration file on.
pub const BREAKPOINT: &str = "--> statement-breakpoint";

/// One SQL statement of a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement text, ending in `;`.
    pub sql: String,
    /// drizzle-kit puts a line break after some statements (`CREATE TABLE`, `DROP CONSTRAINT` of a
    /// foreign key) before the breakpoint and none after others; kept so files match byte for byte.
    pub newline_after: bool,
}

impl Statement {
    fn inline(sql: String) -> Statement {
        Statement {
            sql,
            newline_after: false,
        }
    }

    fn block(sql: String) -> Statement {
        Statement {
            sql,
            newline_after: true,
        }
    }
}

/// Joins statements into a migration file body, as drizzle-kit does:
/// `stmt;\n--> statement-breakpoint\nstmt;--> statement-breakpoint\n…`.
pub fn render(statements: &[Statement]) -> String {
    // Sized up front: a first migration of thousands of tables is megabytes.
    let size: usize = statements
        .iter()
        .map(|statement| statement.sql.len() + BREAKPOINT.len() + 2)
        .sum();
    let mut out = String::with_capacity(size);
    for (i, statement) in statements.iter().enumerate() {
        if i > 0 {
            out.push_str(BREAKPOINT);
            out.push('\n');
        }
        out.push_str(&statement.sql);
        if statement.newline_after {
            out.push('\n');
        }
    }
    out
}

/// A quoted identifier: `"order"`, with embedded quotes doubled.
pub fn ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for (i, part) in name.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
    out
}

/// A table or type by its model key, quoted as drizzle-kit writes it: `"users"` in `public`,
/// `"auth"."users"` elsewhere.
pub fn qualified_ident(name: &str) -> String {
    match crate::model::split_qualified(name) {
        (Some(schema), bare) => format!("{}.{}", ident(schema), ident(bare)),
        (None, bare) => ident(bare),
    }
}

/// A table or type always qualified, `public` included: `"public"."users"` (after
/// `REFERENCES`, in `CREATE TYPE`).
pub fn schema_qualified_ident(name: &str) -> String {
    let (schema, bare) = crate::model::split_qualified(name);
    format!(
        "{}.{}",
        ident(schema.unwrap_or(crate::model::DEFAULT_SCHEMA)),
        ident(bare)
    )
}

/// `CREATE SCHEMA "auth";`, before everything in the schema (drizzle-kit writes it first).
pub fn create_pg_schema(name: &str) -> Statement {
    Statement::block(format!("CREATE SCHEMA {};", ident(name)))
}

/// `DROP SCHEMA "auth";`, once nothing is left in it.
pub fn drop_pg_schema(name: &str) -> Statement {
    Statement::block(format!("DROP SCHEMA {};", ident(name)))
}

/// A quoted, comma-separated column list without spaces: `"provider","provider_account_id"`.
pub fn ident_list(names: &[String]) -> String {
    names.iter().map(|n| ident(n)).collect::<Vec<_>>().join(",")
}

/// A string literal: `'it''s'`.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The expression after `DEFAULT`, as drizzle-kit spells it for a column of `sql_type`.
pub fn default_sql(default: &SqlDefault, sql_type: &SqlType) -> String {
    match default {
        SqlDefault::Text(text) => literal(text),
        SqlDefault::Number(n) => n.clone(),
        SqlDefault::Boolean(b) => b.to_string(),
        SqlDefault::Json(json) => {
            let cast = if *sql_type == SqlType::Json {
                "json"
            } else {
                "jsonb"
            };
            format!("{}::{cast}", literal(json))
        }
        SqlDefault::Now => "now()".into(),
        SqlDefault::Expression(sql) => sql.clone(),
    }
}

/// A column as written after `ADD COLUMN`: `"id" text PRIMARY KEY NOT NULL`,
/// `"role" text DEFAULT 'member' NOT NULL`, `"n" integer NOT NULL GENERATED ALWAYS AS IDENTITY (…)`.
pub fn column_sql(column: &ColumnDef, inline_primary_key: bool) -> String {
    column_sql_in(column, inline_primary_key, false)
}

/// A column as written inside `CREATE TABLE` (`in_create`) or after `ADD COLUMN`: drizzle-kit
/// leaves out an identity column's `NOT NULL` in the first (identity implies it) and writes it
/// in the second.
pub fn column_sql_in(column: &ColumnDef, inline_primary_key: bool, in_create: bool) -> String {
    let mut out = format!(
        "{} {}",
        ident(&column.name),
        crate::pg_type::ddl_spelling(&column.sql_type)
    );
    if inline_primary_key {
        out.push_str(" PRIMARY KEY");
    }
    if let Some(default) = &column.default {
        out.push_str(" DEFAULT ");
        out.push_str(&default_sql(default, &column.sql_type));
    }
    let identity = column.generated.as_ref().and_then(Generated::identity);
    if let Some(expression) = column.generated.as_ref().and_then(Generated::expression) {
        out.push_str(&format!(" GENERATED ALWAYS AS ({expression}) STORED"));
    }
    // A primary key column is NOT NULL whatever the model says; drizzle-kit writes it so.
    if (column.not_null || inline_primary_key) && !(in_create && identity.is_some()) {
        out.push_str(" NOT NULL");
    }
    if let Some(identity) = identity {
        out.push_str(&identity_sql(identity));
    }
    out
}

/// ` GENERATED ALWAYS AS IDENTITY (sequence name "t_id_seq" INCREMENT BY 1 …)`.
pub fn identity_sql(identity: &Identity) -> String {
    format!(
        " GENERATED {} AS IDENTITY (sequence name {}{})",
        if identity.always {
            "ALWAYS"
        } else {
            "BY DEFAULT"
        },
        ident(&identity.sequence.name),
        identity.sequence.options_sql()
    )
}

fn unique_body(unique: &UniqueConstraint) -> String {
    let nulls = if unique.nulls_not_distinct {
        " NULLS NOT DISTINCT"
    } else {
        ""
    };
    format!("UNIQUE{nulls}({})", ident_list(&unique.columns))
}

/// `CREATE TABLE` with the columns, a composite primary key and the unique constraints inline;
/// foreign keys and indexes are separate statements (see [`add_foreign_key`], [`create_index`]).
pub fn create_table(table: &TableDef) -> Statement {
    let inline_pk = table
        .primary_key
        .as_ref()
        .filter(|pk| !pk.is_composite())
        .and_then(|pk| pk.columns.first());
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| column_sql_in(c, inline_pk == Some(&c.name), true))
        .collect();
    if let Some(pk) = table.primary_key.as_ref().filter(|pk| pk.is_composite()) {
        lines.push(format!(
            "CONSTRAINT {} PRIMARY KEY({})",
            ident(&pk.name),
            ident_list(&pk.columns)
        ));
    }
    for unique in &table.uniques {
        lines.push(format!(
            "CONSTRAINT {} {}",
            ident(&unique.name),
            unique_body(unique)
        ));
    }
    lines.extend(table.checks.iter().map(crate::enums::check_body));
    Statement::block(format!(
        "CREATE TABLE {} (\n\t{}\n);",
        qualified_ident(&table.name),
        lines.join(",\n\t")
    ))
}

/// `ALTER TABLE "t" ADD CONSTRAINT "…_fk" FOREIGN KEY ("c") REFERENCES "public"."r"("id") ON DELETE … ON UPDATE …;`
pub fn add_foreign_key(table: &str, fk: &ForeignKey) -> Statement {
    Statement::inline(format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {};",
        qualified_ident(table),
        ident(&fk.name),
        ident_list(&fk.columns),
        schema_qualified_ident(&fk.ref_table),
        ident_list(&fk.ref_columns),
        fk.on_delete.sql(),
        fk.on_update.sql(),
    ))
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] "n" ON "t" USING method (keys) [WITH (k=v)] [WHERE p];`,
/// each key as drizzle-kit 0.31 writes it (see [`index_key_sql`]).
pub fn create_index(table: &str, index: &Index) -> Statement {
    let unique = if index.unique { "UNIQUE " } else { "" };
    let concurrently = if index.concurrently {
        " CONCURRENTLY"
    } else {
        ""
    };
    let keys: Vec<String> = (0..index.columns.len())
        .map(|i| index_key_sql(&index.columns[i], &index.key(i)))
        .collect();
    let mut sql = format!(
        "CREATE {unique}INDEX{concurrently} {} ON {} USING {} ({})",
        ident(&index.name),
        qualified_ident(table),
        index.method,
        keys.join(",")
    );
    if !index.with.is_empty() {
        let params: Vec<String> = index.with.iter().map(|(k, v)| format!("{k}={v}")).collect();
        sql.push_str(&format!(" WITH ({})", params.join(",")));
    }
    if let Some(predicate) = &index.where_sql {
        sql.push_str(&format!(" WHERE {predicate}"));
    }
    sql.push(';');
    Statement::inline(sql)
}

/// One index key as drizzle-kit writes it: the column quoted (an expression verbatim), then the
/// operator class if any, else ` DESC` and the `NULLS` clause unless it is the default
/// (`ASC NULLS LAST`). drizzle-kit writes no order after an operator class, so the model never
/// holds both (the derive refuses them together).
pub fn index_key_sql(column: &str, key: &IndexKey) -> String {
    let mut out = if key.expression {
        column.to_string()
    } else {
        ident(column)
    };
    if let Some(opclass) = &key.opclass {
        out.push(' ');
        out.push_str(opclass);
        return out;
    }
    if key.desc {
        out.push_str(" DESC");
    }
    if key.desc || key.nulls_first {
        out.push_str(if key.nulls_first {
            " NULLS FIRST"
        } else {
            " NULLS LAST"
        });
    }
    out
}

/// `ALTER TABLE "t" ADD CONSTRAINT "n" UNIQUE("a","b");`
pub fn add_unique(table: &str, unique: &UniqueConstraint) -> Statement {
    Statement::inline(format!(
        "ALTER TABLE {} ADD CONSTRAINT {} {};",
        qualified_ident(table),
        ident(&unique.name),
        unique_body(unique)
    ))
}

/// `ALTER TABLE "t" ADD CONSTRAINT "n" PRIMARY KEY("a","b");`
pub fn add_primary_key(table: &str, pk: &PrimaryKey) -> Statement {
    Statement::inline(format!(
        "ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY({});",
        qualified_ident(table),
        ident(&pk.name),
        ident_list(&pk.columns)
    ))
}

/// `ALTER TABLE "t" DROP CONSTRAINT "n";` (a foreign key's is followed by a line break, as
/// drizzle-kit writes it).
pub fn drop_constraint(table: &str, name: &str, is_foreign_key: bool) -> Statement {
    let sql = format!(
        "ALTER TABLE {} DROP CONSTRAINT {};",
        qualified_ident(table),
        ident(name)
    );
    if is_foreign_key {
        Statement::block(sql)
    } else {
        Statement::inline(sql)
    }
}

/// The order drizzle-kit writes new tables in: by TypeScript export name (the order of the
/// schema module's exports, which esbuild sorts), falling back to the SQL name.
pub fn drizzle_order<'a>(tables: impl IntoIterator<Item = &'a TableDef>) -> Vec<&'a TableDef> {
    let mut tables: Vec<&TableDef> = tables.into_iter().collect();
    tables.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
    tables
}

pub(crate) fn sort_key(table: &TableDef) -> &str {
    if table.ts.export_name.is_empty() {
        &table.name
    } else {
        &table.ts.export_name
    }
}

/// The statements that create `tables` in an existing database: every `CREATE TABLE`, then every
/// foreign key, then every index, each group in drizzle-kit's table order.
pub fn create_tables<'a>(tables: impl IntoIterator<Item = &'a TableDef>) -> Vec<Statement> {
    let tables = drizzle_order(tables);
    let mut statements: Vec<Statement> = tables.iter().map(|t| create_table(t)).collect();
    for table in &tables {
        for fk in &table.foreign_keys {
            statements.push(add_foreign_key(&table.name, fk));
        }
    }
    for table in &tables {
        for index in &table.indexes {
            statements.push(create_index(&table.name, index));
        }
    }
    statements
}

/// The whole schema from nothing: what `drizzle-kit generate` writes for a first migration
/// (the enum types first, by name, as drizzle-kit orders its snapshot's).
pub fn create_schema(schema: &Schema) -> Vec<Statement> {
    let mut enums: Vec<_> = schema.enums.iter().collect();
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    let mut statements: Vec<Statement> = schema
        .extensions
        .iter()
        .map(|e| crate::extensions::create_extension(e))
        .collect();
    statements.extend(schema.pg_schemas().into_iter().map(create_pg_schema));
    statements.extend(
        enums
            .into_iter()
            .map(|e| Statement::inline(crate::enums::create_enum_sql(e))),
    );
    statements.extend(create_tables(&schema.tables));
    statements.extend(
        crate::views::drizzle_order(&schema.views)
            .into_iter()
            .map(crate::views::create_view),
    );
    statements
}

#[cfg(test)]
mod tests {
    #[test]
    fn identifiers_are_quoted_with_embedded_quotes_doubled() {
        assert_eq!(super::ident("order"), r#""order""#);
        assert_eq!(super::ident(r#"a"b""#), r#""a""b""""#);
        assert_eq!(super::ident(""), r#""""#);
        assert_eq!(super::qualified_ident("auth.users"), r#""auth"."users""#);
    }
}
