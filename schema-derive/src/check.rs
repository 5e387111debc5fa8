//! Whole-struct checks: everything one derive can see without the types' trait impls. Mistakes
//! that need the types (a default that does not fit, a foreign key to a column of another type,
//! `set_null` on a NOT NULL column) are checked by bounds in the expansion instead.

use std::collections::HashMap;

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{DeriveInput, Ident};

use crate::ast::{Column, Enum, Table};
use crate::attr::{DefaultValue, FieldList, FkAction};
use crate::ctxt::Ctxt;

mod generated;

/// PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// drizzle-kit's statement separator (`schema_model::ddl::BREAKPOINT`): migration files are split
/// on it wherever it appears, quotes or not.
const BREAKPOINT: &str = "--> statement-breakpoint";

/// Text that would break the migration file it is written into: drizzle's migrator splits on
/// the breakpoint even inside a quoted name or string, and PostgreSQL refuses NUL in any text.
pub(crate) fn breaks_a_migration(text: &str) -> Option<&'static str> {
    if text.contains(BREAKPOINT) {
        Some("holds `--> statement-breakpoint`, where drizzle's migrator splits the migration file (even inside quotes), so the statement would be cut in two")
    } else if text.contains('\0') {
        Some("holds a NUL character, which PostgreSQL refuses in names and text")
    } else {
        None
    }
}

pub fn check_table(cx: &Ctxt, input: &DeriveInput, table: &Table) {
    check_not_generic(cx, input, "Table");
    check_identifier(cx, &table.name, "table name", table.name_span);
    check_no_dot(cx, &table.name, "table name", table.name_span);
    if let Some(schema) = &table.attrs.schema {
        check_pg_schema(cx, schema);
    }
    if let Some(old) = &table.attrs.renamed_from {
        if old.value().contains('.') {
            cx.error_spanned_by(
                old,
                "`renamed_from` is the table's previous name in its own PostgreSQL schema; moving a table to another schema (`ALTER TABLE ... SET SCHEMA`) is not supported yet",
            );
        }
    }
    check_columns(cx, table);
    check_field_lists(cx, table);
    check_primary_key(cx, table);
    check_constraint_names(cx, table);
    crate::check_index::check_indexes(cx, table);
    check_relations(cx, table);
    check_checks(cx, table);
}

/// `check(name = "...", sql = "...")`: both given, a valid constraint name, an expression that
/// fits in a migration file.
fn check_checks(cx: &Ctxt, table: &Table) {
    for check in &table.attrs.checks {
        match &check.name {
            None => cx.error_spanned_by(
                &check.key,
                "`check(...)` needs a `name = \"...\"`: drizzle names a check constraint as you name it",
            ),
            Some(name) => check_identifier(cx, &name.value(), "check constraint name", name.span()),
        }
        match &check.sql {
            None => cx.error_spanned_by(
                &check.key,
                "`check(...)` needs the SQL expression it checks: `sql = \"\\\"price\\\" > 0\"`",
            ),
            Some(sql) if sql.value().trim().is_empty() => {
                cx.error_spanned_by(sql, "the check constraint's SQL expression is empty")
            }
            Some(sql) => {
                if let Some(problem) = breaks_a_migration(&sql.value()) {
                    cx.error_spanned_by(
                        sql,
                        format!("the check constraint's SQL expression {problem}"),
                    );
                } else if let Err(problem) = balanced(&sql.value()) {
                    cx.error_spanned_by(sql, format!("the check constraint's SQL expression {problem}; it is written inside `CHECK (...)`"));
                }
            }
        }
    }
}

/// Whether parentheses and quotes balance, so the expression cannot close `CHECK (` early.
fn balanced(sql: &str) -> Result<(), &'static str> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth < 0 {
                    return Err("closes a parenthesis it did not open");
                }
            }
            _ => {}
        }
    }
    match (quote, depth) {
        (Some(_), _) => Err("leaves a quote open"),
        (None, 0) => Ok(()),
        _ => Err("leaves a parenthesis open"),
    }
}

pub fn check_enum(cx: &Ctxt, input: &DeriveInput, en: &Enum) {
    check_not_generic(cx, input, "TsEnum");
    if en.variants.is_empty() {
        cx.error_spanned_by(
            en.ident,
            "`#[derive(TsEnum)]` needs at least one variant: a column holds one of them",
        );
    }
    if let Some(pg) = &en.attrs.pg_enum {
        check_identifier(cx, &pg.value(), "PostgreSQL enum name", pg.span());
        check_no_dot(cx, &pg.value(), "PostgreSQL enum name", pg.span());
    }
    if let Some(schema) = &en.attrs.schema {
        check_pg_schema(cx, schema);
        if en.attrs.pg_enum.is_none() {
            cx.error_spanned_by(
                schema,
                "`schema` places a PostgreSQL enum type; add `pg_enum = \"...\"` (a TypeScript union stored as text has no type to place)",
            );
        }
    }
    for variant in &en.variants {
        if variant.value.len() > MAX_IDENTIFIER_BYTES && en.attrs.pg_enum.is_some() {
            cx.error_at(
                variant.value_span,
                format!(
                    "the value \"{}\" is {} bytes long; PostgreSQL enum labels hold at most {MAX_IDENTIFIER_BYTES} bytes",
                    variant.value,
                    variant.value.len()
                ),
            );
        }
        let Some(old) = &variant.renamed_from else {
            continue;
        };
        if en.attrs.pg_enum.is_none() {
            cx.error_spanned_by(
                old,
                "`renamed_from` renames a value of a PostgreSQL enum; add `#[ts_enum(pg_enum = \"...\")]` to the enum, or drop it (a text column's values are not renamed by a migration)",
            );
        } else if old.value() == variant.value {
            cx.error_spanned_by(
                old,
                format!(
                    "`renamed_from = \"{}\"` is the value's own label",
                    old.value()
                ),
            );
        } else if let Some(other) = en.variants.iter().find(|v| v.value == old.value()) {
            cx.error_spanned_by(
                old,
                format!(
                    "`renamed_from = \"{}\"`: variant `{}` still stands for \"{}\"; a renamed label is gone from the enum",
                    old.value(),
                    other.ident,
                    old.value()
                ),
            );
        } else if let Some(first) = en
            .variants
            .iter()
            .take_while(|v| !std::ptr::eq(*v, variant))
            .find(|v| {
                v.renamed_from
                    .as_ref()
                    .is_some_and(|o| o.value() == old.value())
            })
        {
            cx.error_spanned_by(
                old,
                format!(
                    "variants `{}` and `{}` are both renamed from \"{}\"; one label becomes one value",
                    first.ident,
                    variant.ident,
                    old.value()
                ),
            );
        }
    }
    let mut seen: HashMap<&str, &Ident> = HashMap::new();
    for variant in &en.variants {
        if let Some(first) = seen.insert(&variant.value, variant.ident) {
            cx.error_at(
                variant.value_span,
                format!(
                    "variants `{first}` and `{}` both stand for \"{}\"; rename one with `#[ts_enum(rename = \"...\")]`",
                    variant.ident, variant.value
                ),
            );
        }
    }
}

pub(crate) fn check_not_generic(cx: &Ctxt, input: &DeriveInput, derive: &str) {
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            format!("`#[derive({derive})]` does not support generic parameters: a table's columns have fixed types"),
        );
    }
}

/// A `.` in a table's or type's name: the model keys one outside `public` as `schema.name`.
fn check_no_dot(cx: &Ctxt, name: &str, what: &str, span: Span) {
    if let Some((schema, bare)) = name.split_once('.') {
        cx.error_at(
            span,
            format!(
                "the {what} `{name}` holds a `.`; to put it in a PostgreSQL schema, write `schema = \"{schema}\"` and the name `{bare}`"
            ),
        );
    }
}

/// `schema = "auth"`: a valid identifier that PostgreSQL accepts for a new schema, and not
/// `public` (the default; drizzle's `pgSchema("public")` throws too).
fn check_pg_schema(cx: &Ctxt, schema: &syn::LitStr) {
    let name = schema.value();
    check_identifier(cx, &name, "schema name", schema.span());
    if name == "public" {
        cx.error_spanned_by(
            schema,
            "`schema = \"public\"` is the default; drop the key (drizzle's `pgSchema(\"public\")` is refused too)",
        );
    } else if name.starts_with("pg_") {
        cx.error_spanned_by(
            schema,
            format!("the schema name `{name}` starts with `pg_`, which PostgreSQL reserves for its own schemas"),
        );
    } else if name.contains('.') {
        cx.error_spanned_by(
            schema,
            format!("the schema name `{name}` holds a `.`; PostgreSQL schemas do not nest"),
        );
    }
}

pub(crate) fn check_identifier(cx: &Ctxt, name: &str, what: &str, span: Span) {
    if let Some(problem) = breaks_a_migration(name) {
        cx.error_at(span, format!("the {what} {problem}"));
    } else if name.is_empty() {
        cx.error_at(span, format!("the {what} is empty"));
    } else if name.len() > MAX_IDENTIFIER_BYTES {
        cx.error_at(
            span,
            format!(
                "the {what} `{name}` is {} bytes long; PostgreSQL truncates identifiers to {MAX_IDENTIFIER_BYTES} bytes, so use a shorter name",
                name.len()
            ),
        );
    }
}

fn check_columns(cx: &Ctxt, table: &Table) {
    let mut sql_names: HashMap<&str, &Column> = HashMap::new();
    let mut ts_names: HashMap<&str, &Column> = HashMap::new();
    for column in &table.columns {
        check_identifier(cx, &column.name, "column name", column.name_span);
        check_column_attrs(cx, column);
        let first_with_sql_name = *sql_names.entry(&column.name).or_insert(column);
        if first_with_sql_name.ident != column.ident {
            cx.error_at(
                column.name_span,
                format!(
                    "duplicate column name `{}`: fields `{}` and `{}` both map to it; give one a `#[column(name = \"...\")]`",
                    column.name,
                    first_with_sql_name.ident.unraw(),
                    column.ident.unraw()
                ),
            );
            // The TypeScript names usually collide too; one error is enough.
            continue;
        }
        let first_with_ts_name = *ts_names.entry(&column.ts_name).or_insert(column);
        if first_with_ts_name.ident != column.ident {
            let span = column
                .attrs
                .ts_name
                .as_ref()
                .map_or(column.ident.span(), |lit| lit.span());
            cx.error_at(
                span,
                format!(
                    "duplicate TypeScript property `{}`: fields `{}` and `{}` both map to it; give one a `#[column(ts_name = \"...\")]`",
                    column.ts_name,
                    first_with_ts_name.ident.unraw(),
                    column.ident.unraw()
                ),
            );
        }
    }
}

pub(crate) fn check_column_attrs(cx: &Ctxt, column: &Column) {
    generated::check(cx, column);
    let attrs = &column.attrs;
    if attrs.references.is_none() {
        let needs_references: [(&str, Option<&dyn quote::ToTokens>); 4] = [
            ("on_delete", attrs.on_delete.as_ref().map(|(i, _)| i as _)),
            ("on_update", attrs.on_update.as_ref().map(|(i, _)| i as _)),
            ("relation", attrs.relation.as_ref().map(|l| l as _)),
            ("no_relation", attrs.no_relation.as_ref().map(|i| i as _)),
        ];
        for (key, tokens) in needs_references {
            if let Some(tokens) = tokens {
                cx.error_spanned_by(
                    tokens,
                    format!("`{key}` without `references`: it applies to a foreign key; add `references = Table::column`"),
                );
            }
        }
    }
    if let (Some(_), Some(no_relation)) = (&attrs.relation, &attrs.no_relation) {
        cx.error_spanned_by(
            no_relation,
            "`no_relation` conflicts with `relation`: keep the name or drop the relation",
        );
    }
    if let (Some(_), Some(ts_import)) = (&attrs.ts_type, &attrs.ts_import) {
        cx.error_spanned_by(
            ts_import,
            "`ts_import` conflicts with `ts_type`: a column has one TypeScript type",
        );
    }
    for (what, lit) in [
        ("TypeScript property name", &attrs.ts_name),
        ("TypeScript type", &attrs.ts_type),
        ("TypeScript import", &attrs.ts_import),
        ("SQL type", &attrs.sql_type),
        ("relation name", &attrs.relation),
    ] {
        if let Some(lit) = lit {
            if lit.value().trim().is_empty() {
                cx.error_spanned_by(lit, format!("the {what} is empty"));
            } else if let Some(problem) = breaks_a_migration(&lit.value()) {
                cx.error_spanned_by(lit, format!("the {what} {problem}"));
            }
        }
    }
    for (key, lit) in [("ts_type", &attrs.ts_type), ("ts_import", &attrs.ts_import)] {
        if let Some(lit) = lit {
            let text = lit.value();
            if text.trim().is_empty() {
                continue;
            }
            if let Err(error) = schema_ts_syntax::parse(&text) {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "`{key}` is not a TypeScript type expression: {} (character {} of {text:?})",
                        error.message,
                        error.offset + 1
                    ),
                );
            }
        }
    }
    if let Some(lit) = &attrs.renamed_from {
        check_identifier(cx, &lit.value(), "previous column name", lit.span());
    }
    if let Some(default) = &attrs.default {
        if let DefaultValue::Text(lit) | DefaultValue::Json(lit) | DefaultValue::Sql(lit) =
            &default.value
        {
            if let Some(problem) = breaks_a_migration(&lit.value()) {
                cx.error_spanned_by(lit, format!("the default {problem}"));
            }
        }
        match &default.value {
            DefaultValue::Json(lit) => {
                if let Err(error) = serde_json::from_str::<serde_json::Value>(&lit.value()) {
                    cx.error_spanned_by(lit, format!("`default_json` is not valid JSON: {error}"));
                }
            }
            // With `sql_type`, the SQL type is known here and the Rust type says nothing about
            // the range; without it, the expansion checks the field's type.
            DefaultValue::Integer(digits, span) | DefaultValue::Float(digits, span) => {
                let fractional = matches!(default.value, DefaultValue::Float(..));
                let kind = attrs
                    .sql_type
                    .as_ref()
                    .and_then(|lit| number_kind_of_sql_type(&lit.value()));
                if let Some(problem) =
                    kind.and_then(|kind| number_problem(kind, &column.name, digits, fractional))
                {
                    cx.error_at(*span, problem);
                }
            }
            _ => {}
        }
    }
    if let Some(pk) = &attrs.primary_key {
        check_pk_not_option(cx, column, pk.span());
    }
    // `set_default` with no default would set NULL into the column or fail.
    for (ident, action) in [&attrs.on_delete, &attrs.on_update].into_iter().flatten() {
        if *action == FkAction::SetDefault && attrs.default.is_none() {
            cx.error_spanned_by(
                ident,
                "`set_default` on a column without a default; add a `default = ...` or choose another action",
            );
        }
    }
}

/// A primary key column is NOT NULL; `Option` would promise values the database refuses.
fn check_pk_not_option(cx: &Ctxt, column: &Column, span: Span) {
    if is_option(column.ty) {
        cx.error_at(
            span,
            format!(
                "primary key column `{}` is an `Option`: PostgreSQL makes primary key columns NOT NULL; drop the `Option`",
                column.name
            ),
        );
    }
}

/// Whether the type is written `Option<…>` (the derive cannot resolve aliases).
pub fn is_option(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Option"),
        syn::Type::Group(group) => is_option(&group.elem),
        syn::Type::Paren(paren) => is_option(&paren.elem),
        _ => false,
    }
}

fn field_lists<'t>(table: &'t Table) -> impl Iterator<Item = &'t FieldList> {
    table
        .attrs
        .primary_key
        .iter()
        .chain(&table.attrs.uniques)
        .chain(&table.attrs.indexes)
}

fn check_field_lists(cx: &Ctxt, table: &Table) {
    for list in field_lists(table) {
        let mut seen: Vec<&Ident> = Vec::new();
        for field in &list.fields {
            if table.column_of_field(field).is_none() {
                let fields = table
                    .columns
                    .iter()
                    .map(|c| c.ident.unraw().to_string())
                    .collect::<Vec<_>>();
                let wanted = field.unraw().to_string();
                let help = fields
                    .iter()
                    .filter(|f| strsim::levenshtein(f, &wanted) <= 2.max(wanted.len() / 3))
                    .min_by_key(|f| strsim::levenshtein(f, &wanted))
                    .map(|f| format!("did you mean `{f}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "the fields are: {}",
                            fields
                                .iter()
                                .map(|f| format!("`{f}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                cx.error_spanned_by(
                    field,
                    format!(
                        "`{}({})` names no field of `{}`: `{wanted}`; {help}",
                        list.key,
                        list.fields
                            .iter()
                            .map(|f| f.unraw().to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                        table.ident
                    ),
                );
            } else if seen.iter().any(|s| s.unraw() == field.unraw()) {
                cx.error_spanned_by(
                    field,
                    format!(
                        "field `{}` is listed twice in `{}(...)`",
                        field.unraw(),
                        list.key
                    ),
                );
            }
            seen.push(field);
        }
    }
}

fn check_primary_key(cx: &Ctxt, table: &Table) {
    let mut first: Option<&Column> = None;
    for column in &table.columns {
        let Some(pk) = &column.attrs.primary_key else {
            continue;
        };
        if let Some(list) = &table.attrs.primary_key {
            cx.error_spanned_by(
                pk,
                format!(
                    "a second primary key: `#[table(primary_key({}))]` already declares the table's primary key; list every key column there",
                    list.fields.iter().map(|f| f.unraw().to_string()).collect::<Vec<_>>().join(", ")
                ),
            );
        } else if let Some(first) = first {
            cx.error_spanned_by(
                pk,
                format!(
                    "a second primary key: field `{}` is already the primary key; for a composite key write `#[table(primary_key({}, {}))]`",
                    first.ident.unraw(),
                    first.ident.unraw(),
                    column.ident.unraw()
                ),
            );
        } else {
            first = Some(column);
        }
    }
    if let Some(list) = &table.attrs.primary_key {
        for field in &list.fields {
            if let Some(column) = table.column_of_field(field) {
                check_pk_not_option(cx, column, field.span());
            }
        }
    }
}

/// The names of the constraints and indexes the table declares, as the model's constructors
/// compute them, with the span to blame when one is too long.
pub fn constraint_names(table: &Table) -> Vec<(String, &'static str, Span)> {
    let t = &table.name;
    let columns_of = |list: &FieldList| -> Vec<String> {
        list.fields
            .iter()
            .filter_map(|f| table.column_of_field(f).map(|c| c.name.clone()))
            .collect()
    };
    let mut names = Vec::new();
    // A second primary key is reported by `check_primary_key`; name only the first.
    let field_pk = table
        .columns
        .iter()
        .find_map(|c| c.attrs.primary_key.as_ref())
        .filter(|_| table.attrs.primary_key.is_none());
    if let Some(pk) = field_pk {
        names.push((format!("{t}_pkey"), "primary key", pk.span()));
    }
    for column in &table.columns {
        let c = &column.name;
        if let Some(unique) = &column.attrs.unique {
            names.push((
                format!("{t}_{c}_unique"),
                "unique constraint",
                unique.span(),
            ));
        }
        if let Some(index) = &column.attrs.index {
            names.push((format!("{t}_{c}_index"), "index", index.span()));
        }
    }
    if let Some(list) = &table.attrs.primary_key {
        let cols = columns_of(list);
        let name = if cols.len() == 1 {
            format!("{t}_pkey")
        } else {
            format!("{t}_{}_pk", cols.join("_"))
        };
        names.push((name, "primary key", list.key.span()));
    }
    for list in &table.attrs.uniques {
        let name = format!("{t}_{}_unique", columns_of(list).join("_"));
        names.push((name, "unique constraint", list.key.span()));
    }
    for list in &table.attrs.indexes {
        let declared = list.index.as_ref().and_then(|o| o.name.as_ref());
        let name = match declared {
            Some(name) => name.value(),
            None => format!("{t}_{}_index", columns_of(list).join("_")),
        };
        names.push((name, "index", list.key.span()));
    }
    // Their length is checked with the other check attributes.
    for check in &table.attrs.checks {
        if let Some(name) = &check.name {
            names.push((name.value(), "check constraint", name.span()));
        }
    }
    names
}

fn check_constraint_names(cx: &Ctxt, table: &Table) {
    // A name built from a table or column name that is already too long is not reported again.
    let too_long = |name: &str| name.len() > MAX_IDENTIFIER_BYTES;
    let parts_too_long = too_long(&table.name) || table.columns.iter().any(|c| too_long(&c.name));
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (name, what, span) in constraint_names(table) {
        if !parts_too_long && what != "check constraint" {
            check_identifier(cx, &name, &format!("{what} name"), span);
        }
        if let Some(first) = seen.insert(name.clone(), what) {
            cx.error_at(
                span,
                format!("the {what} name `{name}` is already taken by a {first} of this table; declare it once"),
            );
        }
    }
}

fn check_relations(cx: &Ctxt, table: &Table) {
    let mut seen: HashMap<String, Span> = HashMap::new();
    let owning = table.columns.iter().filter_map(Column::relation_name);
    let inverse = table
        .attrs
        .many
        .iter()
        .chain(&table.attrs.one)
        .map(|decl| (decl.name.unraw().to_string(), decl.name.span()));
    for (name, span) in owning.chain(inverse) {
        if seen.insert(name.clone(), span).is_some() {
            cx.error_at(
                span,
                format!(
                    "duplicate relation name `{name}` on table `{}`; name one with `relation = \"...\"` (or `no_relation`)",
                    table.name
                ),
            );
        }
    }
}

/// The numeric column types in `schema_model::column_type::check::NumberKind` order: SQL name,
/// Rust type, and what to do when a default does not fit.
const NUMBER_KINDS: [(&str, &str, &str); 5] = [
    (
        "smallint",
        "i16",
        "use a value in that range or a wider column (`i32`: integer, `i64`: bigint)",
    ),
    (
        "integer",
        "i32",
        "use a value in that range or a wider column (`i64`: bigint)",
    ),
    ("bigint", "i64", "use a value in that range"),
    (
        "real",
        "f32",
        "use a smaller value or a wider column (`f64`: double precision)",
    ),
    ("double precision", "f64", "use a smaller value"),
];

/// The `NumberKind` index of an SQL type spelled in `sql_type = "..."`, when it is one.
pub fn number_kind_of_sql_type(sql: &str) -> Option<usize> {
    let sql = sql
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    match sql.as_str() {
        "smallint" | "int2" => Some(0),
        "integer" | "int" | "int4" => Some(1),
        "bigint" | "int8" => Some(2),
        "real" | "float4" => Some(3),
        "double precision" | "float8" => Some(4),
        _ => None,
    }
}

/// Why the numeric default `digits` (a literal's decimal spelling, maybe negative) does not fit
/// a column of the `NumberKind` `kind`; `None` when it fits. PostgreSQL would accept the DDL and
/// then fail every insert that relies on the default ("integer out of range").
pub fn number_problem(kind: usize, column: &str, digits: &str, fractional: bool) -> Option<String> {
    let (sql, rust, advice) = NUMBER_KINDS[kind];
    let range = match kind {
        0 => Some((i16::MIN as i128, i16::MAX as i128)),
        1 => Some((i32::MIN as i128, i32::MAX as i128)),
        2 => Some((i64::MIN as i128, i64::MAX as i128)),
        _ => None,
    };
    if let Some((min, max)) = range {
        if fractional {
            return Some(format!(
                "the default `{digits}` of column `{column}` is fractional, but `{sql}` holds whole numbers; use a whole number or a floating-point column"
            ));
        }
        // Beyond i128 is beyond every integer column.
        let fits = digits
            .parse::<i128>()
            .is_ok_and(|value| (min..=max).contains(&value));
        return (!fits).then(|| {
            format!(
                "the default `{digits}` of column `{column}` does not fit in `{sql}` ({rust}: {min}..={max}); {advice}"
            )
        });
    }
    let value: f64 = digits.parse().ok()?;
    let max = if kind == 3 {
        f64::from(f32::MAX)
    } else {
        f64::MAX
    };
    (!value.is_finite() || value.abs() > max).then(|| {
        let max = if kind == 3 {
            format!("{:e}", f32::MAX)
        } else {
            format!("{:e}", f64::MAX)
        };
        format!(
            "the default `{digits}` of column `{column}` does not fit in `{sql}` ({rust}: magnitude at most {max}); {advice}"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_defaults_are_checked_against_the_column_range() {
        assert_eq!(number_problem(1, "points", "2147483647", false), None);
        assert_eq!(number_problem(1, "points", "-2147483648", false), None);
        assert_eq!(
            number_problem(1, "points", "99999999999", false).as_deref(),
            Some("the default `99999999999` of column `points` does not fit in `integer` (i32: -2147483648..=2147483647); use a value in that range or a wider column (`i64`: bigint)")
        );
        assert!(number_problem(0, "c", "32768", false).is_some());
        assert!(number_problem(0, "c", "-32769", false).is_some());
        assert_eq!(number_problem(2, "c", "99999999999", false), None);
        assert!(number_problem(2, "c", "9223372036854775808", false).is_some());
        assert!(
            number_problem(2, "c", "1000000000000000000000000000000000000000000", false).is_some()
        );
        assert!(number_problem(1, "c", "0.5", true).is_some());
    }

    #[test]
    fn float_defaults_must_be_finite_in_the_column_type() {
        assert_eq!(number_problem(3, "c", "3e38", true), None);
        assert!(number_problem(3, "c", "4e38", true).is_some());
        assert!(number_problem(3, "c", "-4e38", true).is_some());
        assert_eq!(number_problem(4, "c", "4e38", true), None);
        assert!(number_problem(4, "c", "1e400", true).is_some());
        // An integer literal on a floating-point column: judged by magnitude.
        assert_eq!(number_problem(3, "c", "99999999999", false), None);
    }

    #[test]
    fn sql_type_spellings_of_numeric_types() {
        assert_eq!(number_kind_of_sql_type("SMALLINT"), Some(0));
        assert_eq!(number_kind_of_sql_type(" int4 "), Some(1));
        assert_eq!(number_kind_of_sql_type("bigint"), Some(2));
        assert_eq!(number_kind_of_sql_type("double  precision"), Some(4));
        assert_eq!(number_kind_of_sql_type("numeric(10, 2)"), None);
        assert_eq!(number_kind_of_sql_type("varchar(16)"), None);
    }
}
