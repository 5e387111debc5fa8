//! The TypeScript type of each column, as drizzle infers it, and the named types the files
//! declare or import.

use std::collections::BTreeSet;

use crate::model::{ColumnDef, Schema, SqlType, TableDef, TsEnum, TsType};

use super::layout::string_literal;

/// The members of a string-literal union: `"admin"`, `"member"`.
pub(super) fn literals(e: &TsEnum) -> Vec<String> {
    e.variants.iter().map(|v| string_literal(v)).collect()
}

/// The type a column's values have, without `null`, as the members of a top-level union
/// (one member unless an inline enum spells out its literals).
pub(super) fn value_members(column: &ColumnDef) -> Vec<String> {
    match &column.ts.ty {
        Some(ty) => narrowed_members(ty),
        None => vec![column_value_type(column)],
    }
}

/// The text of `$type<…>()` for a narrowed column.
pub(super) fn narrowed_type(ty: &TsType) -> String {
    narrowed_members(ty).join(" | ")
}

fn narrowed_members(ty: &TsType) -> Vec<String> {
    match ty {
        TsType::Enum(e) if e.inline => literals(e),
        TsType::Enum(e) => vec![e.name.clone()],
        TsType::EnumArray(e) if e.inline && e.variants.len() > 1 => {
            vec![format!("({})[]", literals(e).join(" | "))]
        }
        TsType::EnumArray(e) if e.inline => vec![format!("{}[]", literals(e).join(""))],
        TsType::EnumArray(e) => vec![format!("{}[]", e.name)],
        TsType::Imported(expr) | TsType::Expr(expr) => match schema_ts_syntax::parse(expr) {
            Ok(parsed) => vec![parsed.to_string()],
            Err(_) => vec![expr.clone()],
        },
    }
}

/// A column's own type expression (`ts_type`, `ts_import`), parsed: what names the user's
/// types. `None` for the unions of a `TsEnum` and for text that does not parse (a model built
/// by hand; it is written as it is).
fn user_expression(column: &ColumnDef) -> Option<schema_ts_syntax::Type> {
    match &column.ts.ty {
        Some(TsType::Imported(expr) | TsType::Expr(expr)) => schema_ts_syntax::parse(expr).ok(),
        _ => None,
    }
}

/// The narrowed type of a column as a syntax tree, to be laid out as prettier does: the user's
/// expression, or a `TsEnum`'s name or inline union (and their arrays).
pub(super) fn type_expression(column: &ColumnDef) -> Option<schema_ts_syntax::Type> {
    use schema_ts_syntax::Type;
    let union = |e: &TsEnum| -> Type {
        let mut members: Vec<Type> = e.variants.iter().map(|v| Type::String(v.clone())).collect();
        if members.len() == 1 {
            members.pop().expect("one variant")
        } else {
            Type::Union(members)
        }
    };
    let named = |e: &TsEnum| Type::Reference {
        name: e.name.clone(),
        args: vec![],
    };
    match column.ts.ty.as_ref()? {
        TsType::Enum(e) if e.inline => Some(union(e)),
        TsType::Enum(e) => Some(named(e)),
        TsType::EnumArray(e) if e.inline => Some(Type::Array(Box::new(union(e)))),
        TsType::EnumArray(e) => Some(Type::Array(Box::new(named(e)))),
        TsType::Imported(_) | TsType::Expr(_) => user_expression(column),
    }
}

/// The select type of a column typed by an expression: the expression, `| null` when the
/// column is nullable (`unknown` and `any` absorb it).
pub(super) fn select_expression(
    table: &TableDef,
    column: &ColumnDef,
) -> Option<schema_ts_syntax::Type> {
    use schema_ts_syntax::Type;
    let ty = type_expression(column)?;
    let absorbs_null = matches!(&ty, Type::Keyword(k) if k == "unknown" || k == "any");
    if !nullable(table, column) || absorbs_null {
        return Some(ty);
    }
    let mut members = match ty {
        Type::Union(members) => members,
        other => vec![other],
    };
    members.push(Type::Keyword("null".into()));
    Some(Type::Union(members))
}

/// What drizzle's builder for the column yields: its mode's type, an array's element type with
/// `[]` per dimension.
fn column_value_type(column: &ColumnDef) -> String {
    if let Some(builder) = crate::pg_type::builder(&column.sql_type) {
        return builder.value_type();
    }
    let string_mode = column.ts.string_mode
        && matches!(column.sql_type, SqlType::Timestamp | SqlType::TimestampTz);
    if string_mode {
        return "string".into();
    }
    sql_value_type(&column.sql_type).to_string()
}

/// What drizzle's column builder for `sql_type` yields (its default mode).
fn sql_value_type(sql_type: &SqlType) -> &'static str {
    match sql_type {
        SqlType::Text
        | SqlType::Varchar(_)
        | SqlType::Numeric
        | SqlType::Date
        | SqlType::Uuid
        | SqlType::Enum(_)
        | SqlType::Other(_) => "string",
        SqlType::SmallInt
        | SqlType::Integer
        | SqlType::BigInt
        | SqlType::Real
        | SqlType::DoublePrecision => "number",
        SqlType::Boolean => "boolean",
        SqlType::Timestamp | SqlType::TimestampTz => "Date",
        SqlType::Json | SqlType::Jsonb => "unknown",
    }
}

/// Whether the column is part of the primary key (PostgreSQL makes those NOT NULL).
pub(super) fn in_primary_key(table: &TableDef, column: &ColumnDef) -> bool {
    table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.name))
}

/// Whether the column admits NULL.
pub(super) fn nullable(table: &TableDef, column: &ColumnDef) -> bool {
    !column.not_null && !in_primary_key(table, column)
}

/// The select type's members: the value type, `| null` when nullable (`unknown` absorbs it).
pub(super) fn select_members(table: &TableDef, column: &ColumnDef) -> Vec<String> {
    let mut members = value_members(column);
    if nullable(table, column) && members != ["unknown"] {
        members.push("null".to_string());
    }
    members
}

/// Whether an insert may leave the column out: it has a SQL default, an application default,
/// or admits NULL.
pub(super) fn insert_optional(table: &TableDef, column: &ColumnDef) -> bool {
    column.default.is_some()
        || column.ts.default_fn.is_some()
        || nullable(table, column)
        || column.generated.is_some()
        || crate::pg_type::builder(&column.sql_type).is_some_and(|b| b.serial)
}

/// Whether the insert row leaves the column out: PostgreSQL computes it and refuses a value
/// (a stored generated column, a `GENERATED ALWAYS` identity), as drizzle's `$inferInsert` does.
pub(super) fn insert_excluded(column: &ColumnDef) -> bool {
    match &column.generated {
        Some(crate::model::Generated::Stored { .. }) => true,
        Some(crate::model::Generated::Identity(identity)) => identity.always,
        None => false,
    }
}

/// The exported string-literal unions, in order of first use, each once.
pub(super) fn named_unions(schema: &Schema) -> Vec<&TsEnum> {
    let mut seen = BTreeSet::new();
    let mut unions = Vec::new();
    let tables = schema.tables.iter().map(|t| t.columns.as_slice());
    let views = schema.views.iter().map(|v| v.columns.as_slice());
    for columns in tables.chain(views) {
        for e in column_unions(columns) {
            if seen.insert(e.name.as_str()) {
                unions.push(e);
            }
        }
    }
    unions
}

/// The named (not inline) unions a table's columns use, in column order.
pub(super) fn table_unions(table: &TableDef) -> Vec<&TsEnum> {
    column_unions(&table.columns)
}

/// The named (not inline) unions of `columns` (a table's or a view's), in column order.
pub(super) fn column_unions(columns: &[ColumnDef]) -> Vec<&TsEnum> {
    columns
        .iter()
        .filter_map(|c| match &c.ts.ty {
            Some(TsType::Enum(e) | TsType::EnumArray(e)) if !e.inline => Some(e),
            _ => None,
        })
        .collect()
}

/// The user's types the schema names, sorted: every identifier of a column's type expression
/// that is not one of TypeScript's own (`RecipeStep` of `RecipeStep[]`, `Persona` of
/// `Record<string, Persona>`).
pub(super) fn imported_types(schema: &Schema) -> Vec<String> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    let view_columns = schema.views.iter().flat_map(|v| &v.columns);
    for column in schema
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .chain(view_columns)
    {
        match (&column.ts.ty, user_expression(column)) {
            (_, Some(parsed)) => names.extend(parsed.user_types()),
            // Text that does not parse names one type, as `ts_import` did before expressions.
            (Some(TsType::Imported(name)), None) => {
                names.insert(name.clone());
            }
            _ => {}
        }
    }
    names.into_iter().collect()
}

/// `export type WorkspaceRole = "admin" | "member" | "viewer";`
pub(super) fn union_declaration(e: &TsEnum) -> String {
    super::layout::type_after(&format!("export type {} =", e.name), 0, &literals(e), ";")
}

/// The property name of the column with SQL name `column` in `table`.
pub(super) fn property_of<'a>(table: &'a TableDef, column: &'a str) -> &'a str {
    table
        .column(column)
        .map(|c| c.ts.property.as_str())
        .unwrap_or(column)
}

/// A view's columns as a table without keys: what the column and row emitters take.
pub(super) fn view_table(view: &crate::views::ViewDef) -> TableDef {
    let mut table = TableDef::empty(view.name.clone());
    table.columns = view.columns.clone();
    table.ts.export_name = view.ts.export_name.clone();
    table.ts.row_type = view.ts.row_type.clone();
    table
}
