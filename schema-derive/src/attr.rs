//! Attribute parsing: `#[table(...)]`, `#[column(...)]`, `#[ts_enum(...)]`.
//!
//! Every key of every attribute is in one of the tables below (serde_derive's `symbol.rs`), so the
//! parser, the "unknown key" error and the docs agree. Errors go to the context and parsing goes
//! on with the next key, so one typo does not hide the rest.

use proc_macro2::{Span, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, Lit, LitStr, Path, Token};

use crate::ctxt::Ctxt;

mod generated;
pub use generated::IdentityAttr;

/// One attribute key: its name and how it is written (for the "unknown key" help).
pub struct Key {
    pub name: &'static str,
    pub form: &'static str,
}

const fn key(name: &'static str, form: &'static str) -> Key {
    Key { name, form }
}

pub const TABLE: &str = "table";
pub const COLUMN: &str = "column";
pub const TS_ENUM: &str = "ts_enum";
pub const VIEW: &str = "view";

/// The keys of `#[view(...)]`.
pub const VIEW_KEYS: &[Key] = &[
    key("name", "name = \"active_users\""),
    key("sql", "sql = \"select ...\""),
    key("materialized", "materialized"),
    key("export", "export = \"activeUsers\""),
    key("row_type", "row_type = \"ActiveUser\""),
];

/// The keys of `#[column(...)]` that apply to a view's column: names and types, no keys or
/// defaults.
pub const VIEW_COLUMN_KEYS: &[&str] = &["name", "ts_name", "sql_type", "ts_type", "ts_import"];

/// The keys of `#[table(...)]`.
pub const TABLE_KEYS: &[Key] = &[
    key("name", "name = \"accounts\""),
    key("schema", "schema = \"auth\""),
    key("export", "export = \"verificationTokens\""),
    key("row_type", "row_type = \"Account\""),
    key("insert_type", "insert_type = \"NewAccount\""),
    key("section", "section = \"AUTH.JS ADAPTER TABLES\""),
    key("primary_key", "primary_key(identifier, token)"),
    key(
        "unique",
        "unique(provider, provider_account_id[, nulls_not_distinct])",
    ),
    key(
        "index",
        "index(workspace_id, created_at(desc)[, using = \"gin\", where_sql = \"...\", ...])",
    ),
    key("renamed_from", "renamed_from = \"old_name\""),
    key("many", "many(members = WorkspaceMember)"),
    key("one", "one(linearMapping = LinearMapping)"),
    key(
        "check",
        "check(name = \"price_positive\", sql = \"\\\"price\\\" > 0\")",
    ),
];

/// The keys of `check(...)` in `#[table(...)]`.
pub const CHECK_KEYS: &[Key] = &[
    key("name", "name = \"price_positive\""),
    key("sql", "sql = \"\\\"price\\\" > 0\""),
];

/// The keys of `#[column(...)]`.
pub const COLUMN_KEYS: &[Key] = &[
    key("name", "name = \"user_id\""),
    key("ts_name", "ts_name = \"refresh_token\""),
    key("sql_type", "sql_type = \"varchar(255)\""),
    key("primary_key", "primary_key"),
    key("unique", "unique"),
    key("index", "index"),
    key("default", "default = \"member\" | 0 | 0.5 | false"),
    key("default_now", "default_now"),
    key("default_json", "default_json = \"[]\""),
    key("default_sql", "default_sql = \"gen_random_uuid()\""),
    key("default_fn", "default_fn = nanoid"),
    key("references", "references = User::id"),
    key("on_delete", "on_delete = cascade"),
    key("on_update", "on_update = cascade"),
    key("relation", "relation = \"inviter\""),
    key("no_relation", "no_relation"),
    key("ts_type", "ts_type = \"Record<string, unknown>\""),
    key("ts_import", "ts_import = \"WorkspaceSettings\""),
    key("renamed_from", "renamed_from = \"old_name\""),
    key("generated", "generated = \"price * quantity\""),
    key(
        "identity",
        "identity = always | by_default, or identity(always, start_with = 1, …)",
    ),
    key("mode", "mode = \"string\""),
];

/// The keys of an `index(...)` list besides its fields.
pub const INDEX_KEYS: &[Key] = &[
    key("name", "name = \"users_email_lower_index\""),
    key("using", "using = \"gin\""),
    key("where_sql", "where_sql = \"\\\"deleted_at\\\" is null\""),
    key("sql", "sql = \"lower(\\\"email\\\")\""),
    key("unique", "unique"),
    key("concurrently", "concurrently"),
    key("with", "with(fillfactor = 70)"),
];

/// The options of one field of an `index(...)` list: `email(op = "gin_trgm_ops")`.
pub const INDEX_FIELD_KEYS: &[Key] = &[
    key("op", "op = \"gin_trgm_ops\""),
    key("desc", "desc"),
    key("asc", "asc"),
    key("nulls_first", "nulls_first"),
    key("nulls_last", "nulls_last"),
];

/// The keys of `#[ts_enum(...)]` on an enum.
pub const ENUM_KEYS: &[Key] = &[
    key("name", "name = \"WorkspaceRole\""),
    key("inline", "inline"),
    key("pg_enum", "pg_enum = \"task_status\""),
    key("schema", "schema = \"auth\""),
];

/// The keys of `#[ts_enum(...)]` on a variant.
pub const VARIANT_KEYS: &[Key] = &[
    key("rename", "rename = \"in_progress\""),
    key("renamed_from", "renamed_from = \"old_value\""),
];

/// The foreign key actions, as written after `on_delete =`.
pub const ACTIONS: &[(&str, FkAction)] = &[
    ("cascade", FkAction::Cascade),
    ("set_null", FkAction::SetNull),
    ("restrict", FkAction::Restrict),
    ("no_action", FkAction::NoAction),
    ("set_default", FkAction::SetDefault),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

/// `many(name = Target)` / `one(name = Target)`.
pub struct RelationDecl {
    pub name: Ident,
    pub target: Path,
}

impl Parse for RelationDecl {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = input.call(Ident::parse_any_ident)?;
        input.parse::<Token![=]>()?;
        let target = input.parse()?;
        Ok(RelationDecl { name, target })
    }
}

/// A list of field names: `primary_key(identifier, token)`; `key` is the word before the list.
pub struct FieldList {
    pub key: Ident,
    /// The fields named in the list (an index's expression keys are not among them).
    pub fields: Vec<Ident>,
    /// `unique(a, b, nulls_not_distinct)`.
    pub nulls_not_distinct: Option<Ident>,
    /// What an `index(...)` list says besides its fields.
    pub index: Option<IndexOptions>,
}

/// An `index(...)` list's options and its keys in order.
#[derive(Default)]
pub struct IndexOptions {
    pub name: Option<LitStr>,
    pub using: Option<LitStr>,
    pub where_sql: Option<LitStr>,
    pub unique: Option<Ident>,
    pub concurrently: Option<Ident>,
    pub with: Vec<(Ident, String)>,
    pub keys: Vec<IndexKeyAttr>,
}

/// One key of an index: a field with its options, or `sql = "..."`.
pub enum IndexKeyAttr {
    Field {
        field: Ident,
        op: Option<LitStr>,
        asc: Option<Ident>,
        desc: Option<Ident>,
        nulls_first: Option<Ident>,
        nulls_last: Option<Ident>,
    },
    Sql(LitStr),
}

#[derive(Default)]
pub struct TableAttrs {
    pub name: Option<LitStr>,
    /// The PostgreSQL schema, when not `public` (drizzle's `pgSchema("auth").table(...)`).
    pub schema: Option<LitStr>,
    pub export: Option<LitStr>,
    pub row_type: Option<LitStr>,
    pub insert_type: Option<LitStr>,
    pub section: Option<LitStr>,
    pub renamed_from: Option<LitStr>,
    pub primary_key: Option<FieldList>,
    pub uniques: Vec<FieldList>,
    pub indexes: Vec<FieldList>,
    pub many: Vec<RelationDecl>,
    pub one: Vec<RelationDecl>,
    pub checks: Vec<CheckDecl>,
}

/// `check(name = "...", sql = "...")`; `key` is the word `check`.
pub struct CheckDecl {
    pub key: Ident,
    pub name: Option<LitStr>,
    pub sql: Option<LitStr>,
}

/// A column default as written; `key` is the attribute key (`default`, `default_now`, …).
pub struct DefaultAttr {
    pub key: Ident,
    pub value: DefaultValue,
}

pub enum DefaultValue {
    Text(LitStr),
    /// An integer literal, possibly negative: its decimal spelling.
    Integer(String, Span),
    /// A floating-point literal, possibly negative: its decimal spelling.
    Float(String, Span),
    Bool(syn::LitBool),
    Now,
    Json(LitStr),
    Sql(LitStr),
    Fn(Path),
}

#[derive(Default)]
pub struct ColumnAttrs {
    pub name: Option<LitStr>,
    pub ts_name: Option<LitStr>,
    pub sql_type: Option<LitStr>,
    pub primary_key: Option<Ident>,
    pub unique: Option<Ident>,
    pub index: Option<Ident>,
    pub default: Option<DefaultAttr>,
    pub references: Option<Path>,
    pub on_delete: Option<(Ident, FkAction)>,
    pub on_update: Option<(Ident, FkAction)>,
    pub relation: Option<LitStr>,
    pub no_relation: Option<Ident>,
    pub ts_type: Option<LitStr>,
    pub ts_import: Option<LitStr>,
    pub renamed_from: Option<LitStr>,
    pub generated: Option<LitStr>,
    pub identity: Option<IdentityAttr>,
    pub mode: Option<LitStr>,
}

#[derive(Default)]
pub struct ViewAttrs {
    pub name: Option<LitStr>,
    pub sql: Option<LitStr>,
    pub materialized: Option<Ident>,
    pub export: Option<LitStr>,
    pub row_type: Option<LitStr>,
}

#[derive(Default)]
pub struct EnumAttrs {
    pub name: Option<LitStr>,
    pub inline: Option<Ident>,
    pub pg_enum: Option<LitStr>,
    /// The PostgreSQL schema of the `pg_enum` type, when not `public`.
    pub schema: Option<LitStr>,
}

#[derive(Default)]
pub struct VariantAttrs {
    pub rename: Option<LitStr>,
    pub renamed_from: Option<LitStr>,
}

pub fn parse_table_attrs(cx: &Ctxt, attrs: &[Attribute]) -> TableAttrs {
    let mut out = TableAttrs::default();
    for_each_key(cx, attrs, TABLE, TABLE_KEYS, |key, meta| {
        match key.to_string().as_str() {
            "name" => set(cx, &mut out.name, key, string(meta)?),
            "schema" => set(cx, &mut out.schema, key, string(meta)?),
            "export" => set(cx, &mut out.export, key, string(meta)?),
            "row_type" => set(cx, &mut out.row_type, key, string(meta)?),
            "insert_type" => set(cx, &mut out.insert_type, key, string(meta)?),
            "section" => set(cx, &mut out.section, key, string(meta)?),
            "renamed_from" => set(cx, &mut out.renamed_from, key, string(meta)?),
            "primary_key" => {
                let list = field_list(cx, key, meta)?;
                set(cx, &mut out.primary_key, key, list);
            }
            "unique" => out.uniques.push(unique_list(cx, key, meta)?),
            "index" => out.indexes.push(index_list(cx, key, meta)?),
            "many" => out.many.extend(list::<RelationDecl>(cx, meta)?),
            "one" => out.one.extend(list::<RelationDecl>(cx, meta)?),
            "check" => out.checks.push(check_decl(cx, key, meta)?),
            _ => unreachable!("every key of TABLE_KEYS is handled"),
        }
        Ok(())
    });
    out
}

pub fn parse_column_attrs(cx: &Ctxt, attrs: &[Attribute]) -> ColumnAttrs {
    let mut out = ColumnAttrs::default();
    for_each_key(cx, attrs, COLUMN, COLUMN_KEYS, |key, meta| {
        match key.to_string().as_str() {
            "name" => set(cx, &mut out.name, key, string(meta)?),
            "ts_name" => set(cx, &mut out.ts_name, key, string(meta)?),
            "sql_type" => set(cx, &mut out.sql_type, key, string(meta)?),
            "primary_key" => set(cx, &mut out.primary_key, key, flag(key, meta)?),
            "unique" => set(cx, &mut out.unique, key, flag(key, meta)?),
            "index" => set(cx, &mut out.index, key, flag(key, meta)?),
            "default" => {
                let value = default_literal(meta)?;
                set_default(cx, &mut out.default, key, value);
            }
            "default_now" => {
                flag(key, meta)?;
                set_default(cx, &mut out.default, key, DefaultValue::Now);
            }
            "default_json" => {
                let value = DefaultValue::Json(string(meta)?);
                set_default(cx, &mut out.default, key, value);
            }
            "default_sql" => {
                let value = DefaultValue::Sql(string(meta)?);
                set_default(cx, &mut out.default, key, value);
            }
            "default_fn" => {
                let value = DefaultValue::Fn(meta.value()?.parse()?);
                set_default(cx, &mut out.default, key, value);
            }
            "references" => {
                let path: Path = meta.value()?.parse()?;
                if path.segments.len() < 2 {
                    return Err(syn::Error::new_spanned(
                        &path,
                        "`references` names a column as `Table::field`, e.g. `references = User::id`",
                    ));
                }
                set(cx, &mut out.references, key, path);
            }
            "on_delete" => set(cx, &mut out.on_delete, key, action(meta)?),
            "on_update" => set(cx, &mut out.on_update, key, action(meta)?),
            "relation" => set(cx, &mut out.relation, key, string(meta)?),
            "no_relation" => set(cx, &mut out.no_relation, key, flag(key, meta)?),
            "ts_type" => set(cx, &mut out.ts_type, key, string(meta)?),
            "ts_import" => set(cx, &mut out.ts_import, key, string(meta)?),
            "renamed_from" => set(cx, &mut out.renamed_from, key, string(meta)?),
            "generated" => set(cx, &mut out.generated, key, string(meta)?),
            "identity" => set(cx, &mut out.identity, key, generated::identity(key, meta)?),
            "mode" => set(cx, &mut out.mode, key, string(meta)?),
            _ => unreachable!("every key of COLUMN_KEYS is handled"),
        }
        Ok(())
    });
    out
}

pub fn parse_view_attrs(cx: &Ctxt, attrs: &[Attribute]) -> ViewAttrs {
    let mut out = ViewAttrs::default();
    for_each_key(cx, attrs, VIEW, VIEW_KEYS, |key, meta| {
        match key.to_string().as_str() {
            "name" => set(cx, &mut out.name, key, string(meta)?),
            "sql" => set(cx, &mut out.sql, key, string(meta)?),
            "materialized" => set(cx, &mut out.materialized, key, flag(key, meta)?),
            "export" => set(cx, &mut out.export, key, string(meta)?),
            "row_type" => set(cx, &mut out.row_type, key, string(meta)?),
            _ => unreachable!("every key of VIEW_KEYS is handled"),
        }
        Ok(())
    });
    out
}

pub fn parse_enum_attrs(cx: &Ctxt, attrs: &[Attribute]) -> EnumAttrs {
    let mut out = EnumAttrs::default();
    for_each_key(cx, attrs, TS_ENUM, ENUM_KEYS, |key, meta| {
        match key.to_string().as_str() {
            "name" => set(cx, &mut out.name, key, string(meta)?),
            "inline" => set(cx, &mut out.inline, key, flag(key, meta)?),
            "pg_enum" => set(cx, &mut out.pg_enum, key, string(meta)?),
            "schema" => set(cx, &mut out.schema, key, string(meta)?),
            _ => unreachable!("every key of ENUM_KEYS is handled"),
        }
        Ok(())
    });
    out
}

pub fn parse_variant_attrs(cx: &Ctxt, attrs: &[Attribute]) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for_each_key(cx, attrs, TS_ENUM, VARIANT_KEYS, |key, meta| {
        match key.to_string().as_str() {
            "rename" => set(cx, &mut out.rename, key, string(meta)?),
            "renamed_from" => set(cx, &mut out.renamed_from, key, string(meta)?),
            _ => unreachable!("every key of VARIANT_KEYS is handled"),
        }
        Ok(())
    });
    out
}

/// `check(name = "...", sql = "...")`: both keys are required (checked in `check`).
fn check_decl(cx: &Ctxt, key: &Ident, meta: &ParseNestedMeta) -> syn::Result<CheckDecl> {
    let mut decl = CheckDecl {
        key: key.clone(),
        name: None,
        sql: None,
    };
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format!(
            "expected `check(name = \"...\", sql = \"...\")`, e.g. `{}`",
            TABLE_KEYS
                .iter()
                .find(|k| k.name == "check")
                .map_or("", |k| k.form)
        )));
    }
    meta.parse_nested_meta(|inner| {
        let result = match inner.path.get_ident() {
            Some(ident) if ident == "name" => {
                string(&inner).map(|v| set(cx, &mut decl.name, ident, v))
            }
            Some(ident) if ident == "sql" => {
                string(&inner).map(|v| set(cx, &mut decl.sql, ident, v))
            }
            _ => Err(unknown_key("check", CHECK_KEYS, &inner.path)),
        };
        if let Err(error) = result {
            cx.push(error);
            skip_value(inner.input);
        }
        Ok(())
    })?;
    Ok(decl)
}

/// Runs `handle` on every known key of every `#[attr_name(...)]` attribute. Unknown keys and
/// malformed values become errors in `cx`; their tokens are skipped so parsing goes on.
fn for_each_key(
    cx: &Ctxt,
    attrs: &[Attribute],
    attr_name: &str,
    keys: &[Key],
    mut handle: impl FnMut(&Ident, &ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident(attr_name)) {
        if let syn::Meta::Path(path) = &attr.meta {
            cx.error_spanned_by(
                path,
                format!(
                    "`#[{attr_name}]` needs keys, e.g. `#[{attr_name}({})]`",
                    keys[0].form
                ),
            );
            continue;
        }
        let parsed = attr.parse_nested_meta(|meta| {
            let result = match meta.path.get_ident() {
                Some(ident) if keys.iter().any(|k| ident == k.name) => handle(ident, &meta),
                _ => Err(unknown_key(attr_name, keys, &meta.path)),
            };
            if let Err(error) = result {
                cx.push(error);
                skip_value(meta.input);
            }
            Ok(())
        });
        if let Err(error) = parsed {
            cx.push(error);
        }
    }
}

/// "unknown column attribute `prmary_key`; did you mean `primary_key`?", or the valid keys.
fn unknown_key(attr_name: &str, keys: &[Key], path: &Path) -> syn::Error {
    let written = path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::");
    let closest = keys
        .iter()
        .map(|k| (strsim::levenshtein(&written, k.name), k))
        .filter(|(distance, k)| *distance <= 2.max(k.name.len() / 3))
        .min_by_key(|(distance, _)| *distance);
    let help = match closest {
        Some((_, k)) => format!("did you mean `{}`?", k.name),
        None => format!(
            "expected one of: {}",
            keys.iter()
                .map(|k| format!("`{}`", k.form))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    syn::Error::new_spanned(
        path,
        format!("unknown `{attr_name}` attribute `{written}`; {help}"),
    )
}

/// Skips the rest of a key's value (up to the next top-level comma) after an error.
fn skip_value(input: ParseStream) {
    while !input.is_empty() && !input.peek(Token![,]) {
        if input.parse::<TokenTree>().is_err() {
            return;
        }
    }
}

/// Stores a key's value; a key written twice is an error at the second occurrence.
fn set<T>(cx: &Ctxt, slot: &mut Option<T>, key: &Ident, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(key, format!("duplicate attribute `{key}`"));
    } else {
        *slot = Some(value);
    }
}

/// The default keys share one slot: a column has one default.
fn set_default(cx: &Ctxt, slot: &mut Option<DefaultAttr>, key: &Ident, value: DefaultValue) {
    match slot {
        Some(first) if first.key == *key => {
            cx.error_spanned_by(key, format!("duplicate attribute `{key}`"))
        }
        Some(first) => cx.error_spanned_by(
            key,
            format!(
                "`{key}` conflicts with `{}`: a column has one default",
                first.key
            ),
        ),
        None => {
            *slot = Some(DefaultAttr {
                key: key.clone(),
                value,
            })
        }
    }
}

fn string(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    let key = meta
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default();
    let expected = format!("expected a string literal: `{key} = \"...\"`");
    let value = meta.value()?;
    match value.parse::<Lit>() {
        Ok(Lit::Str(lit)) => Ok(lit),
        Ok(other) => Err(syn::Error::new_spanned(other, expected)),
        Err(error) => Err(syn::Error::new(error.span(), expected)),
    }
}

/// A key without a value: `primary_key`.
fn flag(key: &Ident, meta: &ParseNestedMeta) -> syn::Result<Ident> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        Ok(key.clone())
    } else {
        Err(meta.error(format_args!("`{key}` takes no value")))
    }
}

fn action(meta: &ParseNestedMeta) -> syn::Result<(Ident, FkAction)> {
    let ident: Ident = meta.value()?.call(Ident::parse_any_ident)?;
    let name = ident.to_string();
    match ACTIONS.iter().find(|(n, _)| *n == name) {
        Some((_, action)) => Ok((ident, *action)),
        None => {
            let valid = ACTIONS
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let close = ACTIONS
                .iter()
                .find(|(n, _)| strsim::levenshtein(n, &name) <= 2)
                .map(|(n, _)| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            Err(syn::Error::new_spanned(
                ident,
                format!("unknown foreign key action `{name}`; {close}expected one of: {valid}"),
            ))
        }
    }
}

/// `default = "member" | 0 | -1 | 0.5 | false`.
fn default_literal(meta: &ParseNestedMeta) -> syn::Result<DefaultValue> {
    let input = meta.value()?;
    let negative = input.parse::<Option<Token![-]>>()?;
    let sign = if negative.is_some() { "-" } else { "" };
    let lit: Lit = input.parse()?;
    Ok(match lit {
        Lit::Str(lit) if negative.is_none() => DefaultValue::Text(lit),
        Lit::Bool(lit) if negative.is_none() => DefaultValue::Bool(lit),
        Lit::Int(lit) => DefaultValue::Integer(format!("{sign}{}", lit.base10_digits()), lit.span()),
        Lit::Float(lit) => DefaultValue::Float(format!("{sign}{}", lit.base10_digits()), lit.span()),
        other => {
            return Err(syn::Error::new_spanned(
                other,
                "expected a string, number or boolean literal; use `default_json`, `default_now`, `default_sql` or `default_fn` for other defaults",
            ))
        }
    })
}

/// `key(a, b)`: a non-empty list of field names.
fn field_list(cx: &Ctxt, key: &Ident, meta: &ParseNestedMeta) -> syn::Result<FieldList> {
    let fields = list::<Ident>(cx, meta)?;
    if fields.is_empty() {
        return Err(syn::Error::new_spanned(
            key,
            format!("`{key}(...)` needs at least one field"),
        ));
    }
    Ok(FieldList {
        key: key.clone(),
        fields,
        nulls_not_distinct: None,
        index: None,
    })
}

/// `unique(a, b)` or `unique(a, b, nulls_not_distinct)`.
fn unique_list(cx: &Ctxt, key: &Ident, meta: &ParseNestedMeta) -> syn::Result<FieldList> {
    let mut list = field_list(cx, key, meta)?;
    if let Some(at) = list.fields.iter().position(|f| f == "nulls_not_distinct") {
        list.nulls_not_distinct = Some(list.fields.remove(at));
        if list.fields.is_empty() {
            return Err(syn::Error::new_spanned(
                key,
                "`unique(...)` needs at least one field besides `nulls_not_distinct`",
            ));
        }
    }
    Ok(list)
}

/// `index(a, b(desc, nulls_first), sql = "lower(\"c\")", using = "gin", where_sql = "...",
/// name = "...", unique, concurrently, with(fillfactor = 70))`.
fn index_list(cx: &Ctxt, key: &Ident, meta: &ParseNestedMeta) -> syn::Result<FieldList> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error("expected a parenthesized list: `index(field, ...)`"));
    }
    let empty = {
        let fork = meta.input.fork();
        let content;
        syn::parenthesized!(content in fork);
        content.is_empty()
    };
    if empty {
        meta.input.parse::<TokenTree>()?;
        return Err(syn::Error::new_spanned(
            key,
            "`index(...)` needs at least one field",
        ));
    }
    let mut options = IndexOptions::default();
    let mut fields = Vec::new();
    meta.parse_nested_meta(|item| {
        let Some(ident) = item.path.get_ident().cloned() else {
            return Err(syn::Error::new_spanned(
                &item.path,
                "expected a field or an index option",
            ));
        };
        // `name = ...` is the index's name; a bare `name` (or `name(desc)`) is a field.
        let valued = item.input.peek(Token![=]);
        match ident.to_string().as_str() {
            "name" if valued => set(cx, &mut options.name, &ident, string(&item)?),
            "using" if valued => set(cx, &mut options.using, &ident, string(&item)?),
            "where_sql" if valued => set(cx, &mut options.where_sql, &ident, string(&item)?),
            "sql" if valued => options.keys.push(IndexKeyAttr::Sql(string(&item)?)),
            "unique" => set(cx, &mut options.unique, &ident, flag(&ident, &item)?),
            "concurrently" => set(cx, &mut options.concurrently, &ident, flag(&ident, &item)?),
            "with" => item.parse_nested_meta(|param| {
                let Some(name) = param.path.get_ident().cloned() else {
                    return Err(param.error("expected a storage parameter: `fillfactor = 70`"));
                };
                let value = match param.value()?.parse::<Lit>()? {
                    Lit::Int(i) => i.base10_digits().to_string(),
                    Lit::Float(f) => f.base10_digits().to_string(),
                    Lit::Bool(b) => b.value.to_string(),
                    Lit::Str(s) => s.value(),
                    other => {
                        return Err(syn::Error::new_spanned(
                            other,
                            "expected a number, boolean or string literal",
                        ))
                    }
                };
                options.with.push((name, value));
                Ok(())
            })?,
            _ if valued => {
                cx.push(unknown_key("index", INDEX_KEYS, &item.path));
                item.value()?;
                skip_value(item.input);
            }
            _ => {
                let mut op = None;
                let (mut asc, mut desc, mut nulls_first, mut nulls_last) = (None, None, None, None);
                if item.input.peek(syn::token::Paren) {
                    item.parse_nested_meta(|o| {
                        let name = o.path.get_ident().cloned();
                        match name.as_ref().map(ToString::to_string).as_deref() {
                            Some("op") => set(cx, &mut op, name.as_ref().unwrap(), string(&o)?),
                            Some(flag_name @ ("asc" | "desc" | "nulls_first" | "nulls_last")) => {
                                let name = name.as_ref().unwrap();
                                let slot = match flag_name {
                                    "asc" => &mut asc,
                                    "desc" => &mut desc,
                                    "nulls_first" => &mut nulls_first,
                                    _ => &mut nulls_last,
                                };
                                set(cx, slot, name, flag(name, &o)?);
                            }
                            _ => {
                                cx.push(unknown_key("index field", INDEX_FIELD_KEYS, &o.path));
                                skip_value(o.input);
                            }
                        }
                        Ok(())
                    })?;
                }
                fields.push(ident.clone());
                options.keys.push(IndexKeyAttr::Field {
                    field: ident,
                    op,
                    asc,
                    desc,
                    nulls_first,
                    nulls_last,
                });
            }
        }
        Ok(())
    })?;
    if options.keys.is_empty() {
        return Err(syn::Error::new_spanned(
            key,
            "`index(...)` needs at least one field or `sql = \"...\"` key",
        ));
    }
    Ok(FieldList {
        key: key.clone(),
        fields,
        nulls_not_distinct: None,
        index: Some(options),
    })
}

/// `(item, item, ...)`; on a malformed item the rest of the list is skipped.
fn list<T: Parse>(_cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Vec<T>> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error("expected a parenthesized list"));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    match Punctuated::<T, Token![,]>::parse_terminated(&content) {
        Ok(items) => Ok(items.into_iter().collect()),
        Err(error) => {
            // Drain the group so syn does not add an "unexpected token" of its own.
            while content.parse::<TokenTree>().is_ok() {}
            Err(error)
        }
    }
}

/// Identifiers, keywords included (`type`), where a name is expected.
trait ParseAnyIdent {
    fn parse_any_ident(input: ParseStream) -> syn::Result<Ident>;
}

impl ParseAnyIdent for Ident {
    fn parse_any_ident(input: ParseStream) -> syn::Result<Ident> {
        use syn::ext::IdentExt;
        Ident::parse_any(input)
    }
}
