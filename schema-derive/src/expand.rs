//! Code generation. Runs only after every check passed; a table expands to static data
//! (`::schema_model::decl`), which one shared function turns into the model; never SQL text. Checks that need the field types are
//! trait bounds spanned at the user's tokens, so a failure points there.

use proc_macro2::{Span, TokenStream};
use std::cell::Cell;

use quote::{format_ident, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::DeriveInput;

use crate::ast::{Column, Enum, Table};
use crate::attr::{DefaultValue, FieldList, FkAction, IndexKeyAttr};
use crate::check::{self, MAX_IDENTIFIER_BYTES};
use crate::ctxt::Ctxt;

pub fn derive_table(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let cx = Ctxt::new();
    let table = crate::ast::Table::from_ast(&cx, &input);
    if let Some(table) = &table {
        check::check_table(&cx, &input, table);
    }
    match (cx.check(), table) {
        (Ok(()), Some(table)) => with_own_span(table.ident.span(), || expand_table(&table)),
        (Err(errors), table) => {
            let mut out = errors.to_compile_error();
            out.extend(fallback_table(&input, table.as_ref()));
            out
        }
        (Ok(()), None) => unreachable!("an input that is not a table is an error"),
    }
}

thread_local! {
    static OWN_SPAN: Cell<Option<Span>> = const { Cell::new(None) };
}

/// The span of the tokens a table's expansion writes itself: the struct's name, while
/// `expand_table` runs (`with_own_span`), else the call site. The user's tokens (types, paths,
/// literals) keep their own spans, which point diagnostics at a field.
///
/// Why not the call site: rustc's incremental cache identifies a call-site token by its macro
/// expansion, and an expansion by where it sits in the file. An edit to one table moves every
/// table after it and made rustc check all of them again (at 300 tables, an edit to the first
/// table cost 2.2× an edit to the last); tokens spanned at the struct are identified relative
/// to it instead. Spanned as they are written rather than respanned afterwards: telling the
/// derive's tokens from the user's afterwards took a formatted span per token (a quarter of
/// rustc's macro expansion at 2,000 tables).
fn own_span() -> Span {
    OWN_SPAN.with(Cell::get).unwrap_or_else(Span::call_site)
}

fn with_own_span<R>(span: Span, f: impl FnOnce() -> R) -> R {
    /// Puts the outer span back when dropped, so a panic in `f` (caught by rustc, which goes on
    /// to the next derive on this thread) leaves no table's span behind.
    struct Restore(Option<Span>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OWN_SPAN.with(|own| own.set(self.0));
        }
    }
    let _restore = Restore(OWN_SPAN.with(|own| own.replace(Some(span))));
    f()
}

/// `quote!` with the tokens it writes spanned at `own_span()`; interpolated tokens keep theirs.
/// A Rust value interpolated (a `String`, `bool`, number) goes through `own` first.
macro_rules! quote {
    ($($tokens:tt)*) => {
        ::quote::quote_spanned!(own_span()=> $($tokens)*)
    };
}

/// A Rust value (a string, number or boolean) as tokens spanned at `own_span()`: its
/// `ToTokens` would give them the call site's.
pub(crate) fn own(value: impl ToTokens) -> TokenStream {
    value
        .into_token_stream()
        .into_iter()
        .map(|mut token| {
            token.set_span(own_span());
            token
        })
        .collect()
}

pub fn derive_ts_enum(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let cx = Ctxt::new();
    let en = crate::ast::Enum::from_ast(&cx, &input);
    if let Some(en) = &en {
        check::check_enum(&cx, &input, en);
    }
    match (cx.check(), en) {
        (Ok(()), Some(en)) => expand_enum(&en),
        (Err(errors), en) => {
            let mut out = errors.to_compile_error();
            out.extend(fallback_enum(&input, en.as_ref()));
            out
        }
        (Ok(()), None) => unreachable!("an input that is not an enum is an error"),
    }
}

/// `Some("a")` / `None` inside the declaration's or the checks' block, which import them.
fn opt(s: Option<String>) -> TokenStream {
    match s {
        Some(s) => {
            let s = own(s);
            quote!(Some(#s))
        }
        None => quote!(None),
    }
}

/// The names a declaration's block imports, so that a column or a key is a few tokens:
/// `__column::<String>("name", "name")`. rustc reads, resolves and
/// checks every token of every table again on each edit of the schema crate, and an edit's
/// time and memory at thousands of tables are mostly that. One glob, not a `use` per name:
/// each imported name is an item of its own for rustc, and ten of them per table cost an edit at
/// 2,000 tables a tenth of its time and memory.
pub(crate) fn decl_imports() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use ::schema_model::__private::prelude::*;
    }
}

/// One `impl Struct { .. }` for the column consts, the foreign keys' targets and the default
/// functions: an impl block is an item of its own for rustc (kept, hashed and cached on each
/// edit), so a table has one rather than three.
fn inherent_impl(ident: &syn::Ident, items: Vec<TokenStream>) -> TokenStream {
    if items.is_empty() {
        return TokenStream::new();
    }
    quote! {
        // `Struct::id` is lowercase like the field; a default function is offered to the
        // application, which may well not call it.
        #[allow(non_upper_case_globals, dead_code)]
        impl #ident {
            #(#items)*
        }
    }
}

/// The struct's name for messages, as a string: `type_name::<User>` was a function to compile
/// per table, and `concat!(module_path!(), ..)` a macro call inside the expansion, which makes
/// rustc's incremental cache depend on where the table sits in its file.
fn rust_type(ident: &syn::Ident) -> TokenStream {
    let name = own(ident.unraw().to_string());
    quote!(#name)
}

/// A path as written (`auth::User`), without its generic arguments, for messages.
fn path_text(path: &syn::Path) -> String {
    let segments = path.segments.iter().map(|s| s.ident.unraw().to_string());
    let text = segments.collect::<Vec<_>>().join("::");
    if path.leading_colon.is_some() {
        format!("::{text}")
    } else {
        text
    }
}

/// The table as static data (`schema_model::decl`): one static, no code. What the compiler
/// must check is Rust (the columns' types, the foreign keys' targets); everything else is one
/// JSON string, the spec, which the model reads (see `schema_model::decl`): at thousands of
/// tables, every expression of a declaration is read, resolved, type-checked, evaluated and
/// cached again on each edit, and a string is one token.
fn expand_table(table: &Table) -> TokenStream {
    let ident = table.ident;
    let rust_type = rust_type(ident);
    let name = &own(table.qualified_name());
    let columns = Columns::of(table.columns.iter());
    let mut foreign_key_specs = Vec::new();
    let foreign_keys = table
        .columns
        .iter()
        .filter_map(|column| {
            let path = column.attrs.references.as_ref()?;
            let ty = column.ty;
            let mut spec = JsonObject::new();
            spec.insert("column".into(), column.name.clone().into());
            for (key, action) in [
                ("on_delete", &column.attrs.on_delete),
                ("on_update", &column.attrs.on_update),
            ] {
                if let Some((_, action)) = action {
                    spec.insert(key.into(), action_name(*action).into());
                }
            }
            if let Some((relation, _)) = column.relation_name() {
                spec.insert("relation".into(), relation.into());
            }
            if let Some(target) = column.referenced_table() {
                spec.insert("target_type".into(), path_text(&target).into());
            }
            foreign_key_specs.push(serde_json::Value::Object(spec));
            // The name's length is checked as the declaration is evaluated (`__d::foreign_key`
            // is `#[track_caller]`): the call is spanned at the path, where a name too long is
            // reported.
            let name_bytes = own(table.name.len() + column.name.len() + "___fk".len());
            let name_too_long = own(format!(
                "the foreign key name `{}_{}_<table>_<column>_fk` of column `{}` is longer than PostgreSQL's {MAX_IDENTIFIER_BYTES}-byte limit; shorten the column or table names",
                table.name, column.name, column.name
            ));
            // `set_null` needs a nullable field: a bound of the same call.
            let set_null = [&column.attrs.on_delete, &column.attrs.on_update]
                .into_iter()
                .flatten()
                .any(|(_, action)| *action == FkAction::SetNull);
            let foreign_key = match set_null {
                true => quote_spanned!(path.span()=> __d::foreign_key_set_null),
                false => quote_spanned!(path.span()=> __d::foreign_key),
            };
            // The field's type is spanned at the field, where a type that does not fit the
            // target is reported; the path the user wrote appears only here, so a typo in it is
            // one error.
            let field_type = quote_spanned!(ty.span()=> #ty);
            let arguments = quote!(#path, #name_bytes, #name_too_long);
            Some(quote_spanned! {path.span()=> #foreign_key::<#field_type, _, _>(#arguments) })
        })
        .collect::<Vec<_>>();
    let inverse = [(&table.attrs.many, false), (&table.attrs.one, true)]
        .into_iter()
        .flat_map(|(decls, one)| decls.iter().map(move |decl| (decl, one)));
    let inverse_specs = inverse
        .clone()
        .map(|(decl, one)| {
            let name = decl.name.unraw().to_string();
            let target_type = path_text(&decl.target);
            match one {
                true => {
                    serde_json::json!({ "name": name, "one": true, "target_type": target_type })
                }
                false => serde_json::json!({ "name": name, "target_type": target_type }),
            }
        })
        .collect::<Vec<_>>();
    let relation_targets = inverse.map(|(decl, _)| {
        let target = &decl.target;
        quote_spanned!(target.span()=> <#target as __Table>::NAME)
    });

    let mut spec = JsonObject::new();
    if let Some(renamed_from) = &table.attrs.renamed_from {
        spec.insert("renamed_from".into(), renamed_from.value().into());
    }
    spec.insert("columns".into(), columns.specs.into());
    let primary_key = primary_key(table);
    if !primary_key.is_empty() {
        spec.insert("primary_key".into(), primary_key.into());
    }
    insert_nonempty(&mut spec, "uniques", unique_specs(table));
    insert_nonempty(&mut spec, "indexes", index_specs(table));
    insert_nonempty(&mut spec, "foreign_keys", foreign_key_specs);
    let checks = table.attrs.checks.iter().filter_map(|check| {
        let (name, sql) = (check.name.as_ref()?, check.sql.as_ref()?);
        Some(serde_json::json!([name.value(), sql.value()]))
    });
    insert_nonempty(&mut spec, "checks", checks.collect());
    spec.insert("export_name".into(), table.export_name().into());
    spec.insert("row_type".into(), table.row_type().into());
    spec.insert("insert_type".into(), table.insert_type().into());
    if let Some(section) = &table.attrs.section {
        spec.insert("section".into(), section.value().into());
    }
    insert_nonempty(&mut spec, "inverse_relations", inverse_specs);
    let spec = own(serde_json::Value::Object(spec).to_string());

    let mut inherent = column_refs(table, key_columns(table));
    inherent.extend(default_fns(table));
    let inherent = inherent_impl(ident, inherent);
    let checks = type_checks(table);
    let imports = decl_imports();
    let (column_types, ts_probes) = (columns.types, columns.probes);

    quote! {
        #[automatically_derived]
        impl ::schema_model::Table for #ident {
            const NAME: &'static str = #name;
            const DECL: ::std::option::Option<&'static ::schema_model::decl::TableDecl> = {
                #imports
                // A static, not a const: a const's whole body is kept in the crate's metadata
                // for other crates to evaluate (a fifth of it at 2,000 tables); a static is
                // evaluated here, once.
                static DECL: __d::TableDecl = __d::TableDecl {
                    name: #name,
                    rust_type: #rust_type,
                    spec: #spec,
                    column_types: &[#(#column_types),*],
                    ts_probes: &[#(#ts_probes),*],
                    foreign_keys: &[#(#foreign_keys),*],
                    relation_targets: &[#(#relation_targets),*],
                };
                // The checks share the block's imports rather than importing again in an item of
                // their own: at thousands of tables, every item and token is paid on each edit.
                #checks
                Some(&DECL)
            };
        }

        #inherent
    }
}

type JsonObject = serde_json::Map<String, serde_json::Value>;

/// A list in a spec, left out when empty (the model reads a missing list as empty).
fn insert_nonempty(spec: &mut JsonObject, key: &str, items: Vec<serde_json::Value>) {
    if !items.is_empty() {
        spec.insert(key.into(), items.into());
    }
}

/// An action as the spec spells it: as the attribute does, which is `schema_model::FkAction`'s
/// serde name too.
fn action_name(action: FkAction) -> &'static str {
    let (name, _) = crate::attr::ACTIONS
        .iter()
        .find(|(_, a)| *a == action)
        .expect("every action has a spelling");
    name
}

/// `impl User { pub const id: ColumnRef<User, String> = ...; }`: the targets of
/// `references = User::id`, one per column a foreign key may target alone (`key_columns`).
/// The fallback emits one per column, so that no foreign key to a table with a mistake fails too.
///
/// Not one per column: a const per field was a third of the compile time of an edit at 2,000
/// tables, and a foreign key to any other column is refused by PostgreSQL anyway, so it is now
/// a compile error ("no associated item") instead of an error when the schema is built.
fn column_refs<'a>(
    table: &Table,
    columns: impl Iterator<Item = &'a Column<'a>>,
) -> Vec<TokenStream> {
    let ident = table.ident;
    let table_name = &table.qualified_name();
    let table_name_tokens = &own(table_name);
    let consts: Vec<TokenStream> = columns
        .map(|column| {
            let field = column.ident;
            let ty = column.ty;
            let name = &column.name;
            let name_tokens = own(name);
            let doc = own(format!(
                "The column `{table_name}`.`{name}`, for `references = {ident}::{field}`."
            ));
            quote! {
                #[doc = #doc]
                pub const #field: ::schema_model::ColumnRef<#ident, #ty> =
                    ::schema_model::ColumnRef::new(#table_name_tokens, #name_tokens);
            }
        })
        .collect();
    consts
}

/// The columns a single-column foreign key may reference: the whole primary key, or a column
/// unique by itself (`#[column(unique)]`, `unique(field)`, a unique index on it alone). The
/// rule PostgreSQL applies, and `SchemaBuilder` for hand-written tables.
fn key_columns<'t, 'a>(table: &'t Table<'a>) -> impl Iterator<Item = &'t Column<'a>> {
    let primary_key = primary_key(table);
    table.columns.iter().filter(move |column| {
        primary_key == [column.name.as_str()] || is_unique_alone(table, column)
    })
}

/// Whether `column` is unique by itself: `#[column(unique)]`, `unique(field)`, or a unique index
/// on it alone that is not partial (PostgreSQL refuses a partial one as a foreign key's target).
fn is_unique_alone(table: &Table, column: &Column) -> bool {
    let alone = |list: &FieldList| match list.fields.as_slice() {
        [field] => table
            .column_of_field(field)
            .is_some_and(|c| c.name == column.name),
        _ => false,
    };
    let unique_index = |list: &FieldList| {
        list.index.as_ref().is_some_and(|options| {
            options.unique.is_some() && options.where_sql.is_none() && options.keys.len() == 1
        })
    };
    column.attrs.unique.is_some()
        || table.attrs.uniques.iter().any(alone)
        || table
            .attrs
            .indexes
            .iter()
            .any(|list| alone(list) && unique_index(list))
}

/// `pub fn default_id() -> String { nanoid() }` for `default_fn = nanoid`: the Rust side's way
/// to produce the value, and the check that the function returns the field's type. `#[inline]`:
/// compiled where it is called, not with the schema crate (rustc's incremental build puts a
/// module's items in one codegen unit, compiled again after an edit to any of its tables).
fn default_fns(table: &Table) -> Vec<TokenStream> {
    table
        .columns
        .iter()
        .filter_map(|column| {
            let default = column.attrs.default.as_ref()?;
            let DefaultValue::Fn(path) = &default.value else {
                return None;
            };
            let ty = column.ty;
            let fn_name = format_ident!("default_{}", column.ident.unraw(), span = own_span());
            let doc = own(format!(
                " A new value for `{}`.`{}`, as its `default_fn` makes it.",
                table.name, column.name
            ));
            Some(quote_spanned! {path.span()=>
                #[doc = #doc]
                #[inline]
                pub fn #fn_name() -> #ty {
                    #path()
                }
            })
        })
        .collect()
}

/// Bounds and const evaluations that check what only the types know and the declaration itself
/// does not: that an enum default is a variant, that a numeric default fits the column's type,
/// that an identity is an integer. The rest is checked where the declaration names the type: a
/// column's type and its default's bound by its `column_types` function (`default_bound`), a
/// foreign key's target, `set_null` and the key's name length by `__d::foreign_key`.
///
/// A check that can only fail to type-check (a trait bound) is a statement of one shared body;
/// a check that can fail when evaluated (a panic) is a `const _` of its own, so that each
/// failure is reported, not just the table's first. Fewer items: rustc keeps, caches and
/// evaluates each one (a const per check was an eighth of a table's compile time).
fn type_checks(table: &Table) -> TokenStream {
    // rustc reports the shared body's errors first, then the consts'; each in field order.
    let mut consts = Vec::new();
    let mut bounds = Vec::new();
    for column in &table.columns {
        let ty = column.ty;
        bounds.extend(generated_checks(column));
        if column.attrs.sql_type.is_none() && default_bound(column).is_some() {
            continue; // checked by the column's `column_types` function
        }
        if let Some(default) = &column.attrs.default {
            let check = |f: &str, span: Span| {
                let f = syn::Ident::new(f, span);
                quote_spanned! {span=> __k::#f::<#ty>(); }
            };
            match &default.value {
                DefaultValue::Text(lit) => {
                    let value = lit.value();
                    let msg = own(format!(
                        "the default \"{value}\" of column `{}` is not one of its enum's values",
                        column.name
                    ));
                    // `VARIANTS` named once: a column type without `TextDefault` is one error.
                    consts.push(quote_spanned! {lit.span()=>
                        const _: () = {
                            let variants = <#ty as __k::TextDefault>::VARIANTS;
                            if !__k::is_variant(variants, #lit) {
                                __k::fail(__k::not_a_variant(#msg, variants).as_str());
                            }
                        };
                    });
                }
                DefaultValue::Integer(digits, span) | DefaultValue::Float(digits, span) => {
                    let fractional = matches!(default.value, DefaultValue::Float(..));
                    let f = syn::Ident::new(
                        if fractional {
                            "float_default"
                        } else {
                            "number_default"
                        },
                        *span,
                    );
                    let problems = number_problems(column, digits, fractional);
                    if problems.iter().all(Option::is_none) {
                        // With `sql_type` (judged by `check`): only the type's bound is left
                        // to check, a statement of the shared body rather than an item.
                        // (Only the path at the literal: clippy reads a literal's source at
                        // its span, and `5` there would be the user's `0`.)
                        let bound = quote_spanned! {*span=> __k::#f::<#ty> };
                        bounds.push(quote!(#bound([None; 5]);));
                    } else {
                        let problems = problems.into_iter().map(opt);
                        consts.push(quote_spanned! {*span=>
                            const _: () = __k::no_problem(__k::#f::<#ty>([#(#problems),*]));
                        });
                    }
                }
                DefaultValue::Bool(lit) => bounds.push(check("bool_default", lit.span())),
                DefaultValue::Json(lit) => bounds.push(check("json_default", lit.span())),
                DefaultValue::Now => bounds.push(check("now_default", default.key.span())),
                DefaultValue::Sql(_) | DefaultValue::Fn(_) => {}
            }
        }
    }
    // Written inside the declaration's block, whose imports (`__k`, `None`, `Some`) make every
    // check a few tokens; a failing check is reported as `<User as Table>::DECL::_`.
    quote! {
        #(#consts)*
        #(#bounds)*
    }
}

/// A table's or a view's columns: the JSON spec of each, and the typed parts in column order.
pub(crate) struct Columns {
    pub specs: Vec<serde_json::Value>,
    /// `__column::<T>`, spanned at the field's type so that a type that is no column type is
    /// reported there, for each column without `sql_type`.
    pub types: Vec<TokenStream>,
    /// For each column with `sql_type`: its field type's TypeScript narrowing, if any.
    pub probes: Vec<TokenStream>,
}

impl Columns {
    pub(crate) fn of<'a>(columns: impl Iterator<Item = &'a Column<'a>>) -> Columns {
        let mut out = Columns {
            specs: Vec::new(),
            types: Vec::new(),
            probes: Vec::new(),
        };
        for column in columns {
            out.specs.push(column_spec(column));
            let ty = column.ty;
            if column.attrs.sql_type.is_none() {
                out.types.push(match default_bound(column) {
                    Some((function, span)) => {
                        let function = syn::Ident::new(function, span);
                        quote_spanned!(span=> __k::#function::<#ty>)
                    }
                    None => quote_spanned!(ty.span()=> __column::<#ty>),
                });
            } else if narrowed_by_probe(column) {
                out.probes.push(quote! {
                    || {
                        #[allow(unused_imports)]
                        use ::schema_model::column_type::check::{ViaColumnType as _, WithoutColumnType as _};
                        (&::schema_model::column_type::check::Probe::<#ty>::new()).ts_type()
                    }
                });
            }
        }
        out
    }
}

/// Whether a column's TypeScript type comes from probing its field's type: `sql_type` without
/// `ts_type` or `ts_import`. One rule for the spec's `"probe"` and the `ts_probes` entry, which
/// the model pairs in order.
fn narrowed_by_probe(column: &Column) -> bool {
    column.attrs.sql_type.is_some()
        && column.attrs.ts_type.is_none()
        && column.attrs.ts_import.is_none()
}

/// Why a numeric default does not fit each numeric type (`None`: it does), in
/// `NumberDefault::KIND` order. With `sql_type`, `check` judged it against the SQL type.
fn number_problems(column: &Column, digits: &str, fractional: bool) -> Vec<Option<String>> {
    (0..5)
        .map(|kind| {
            column
                .attrs
                .sql_type
                .is_none()
                .then(|| check::number_problem(kind, &column.name, digits, fractional))?
        })
        .collect()
}

/// The `column_types` function of a column whose database default needs only a bound on the
/// field's type (`default = true` needs `BoolDefault`), and the span to report it at: the
/// column's type and the check in one function pointer, not a pointer and a statement. `None`
/// for a default that needs a const evaluation (an enum's variant, a number that does not fit
/// every numeric type) or no check.
fn default_bound(column: &Column) -> Option<(&'static str, Span)> {
    let default = column.attrs.default.as_ref()?;
    Some(match &default.value {
        DefaultValue::Bool(lit) => ("column_bool_default", lit.span()),
        DefaultValue::Json(lit) => ("column_json_default", lit.span()),
        DefaultValue::Now => ("column_now_default", default.key.span()),
        DefaultValue::Integer(digits, span) | DefaultValue::Float(digits, span) => {
            let fractional = matches!(default.value, DefaultValue::Float(..));
            if !number_problems(column, digits, fractional)
                .iter()
                .all(Option::is_none)
            {
                return None;
            }
            match fractional {
                true => ("column_float_default", *span),
                false => ("column_number_default", *span),
            }
        }
        DefaultValue::Text(_) | DefaultValue::Sql(_) | DefaultValue::Fn(_) => return None,
    })
}

/// A column's spec (`schema_model::decl::ColumnDecl`): only what differs from a plain column.
fn column_spec(column: &Column) -> serde_json::Value {
    let mut spec = JsonObject::new();
    spec.insert("name".into(), column.name.clone().into());
    spec.insert("property".into(), column.ts_name.clone().into());
    if let Some(renamed_from) = &column.attrs.renamed_from {
        spec.insert("renamed_from".into(), renamed_from.value().into());
    }
    if let Some(lit) = &column.attrs.sql_type {
        let not_null = !check::is_option(column.ty);
        spec.insert(
            "sql_type".into(),
            serde_json::json!({ "spelling": lit.value(), "not_null": not_null }),
        );
    }
    let ts_type = if let Some(lit) = &column.attrs.ts_type {
        Some(serde_json::json!({ "expr": lit.value() }))
    } else if let Some(lit) = &column.attrs.ts_import {
        Some(serde_json::json!({ "imported": lit.value() }))
    } else if narrowed_by_probe(column) {
        Some("probe".into())
    } else {
        None // `from_type`, the default
    };
    if let Some(ts_type) = ts_type {
        spec.insert("ts_type".into(), ts_type);
    }
    match column.attrs.default.as_ref().map(|d| &d.value) {
        None => {}
        Some(DefaultValue::Fn(path)) => {
            if let Some(name) = default_fn_name(path) {
                spec.insert("default_fn".into(), name.into());
            }
        }
        Some(value) => {
            spec.insert("default".into(), default_spec(value));
        }
    }
    if let Some(generated) = generated_spec(column) {
        spec.insert("generated".into(), generated);
    }
    if column
        .attrs
        .mode
        .as_ref()
        .is_some_and(|m| m.value() == "string")
    {
        spec.insert("string_mode".into(), true.into());
    }
    serde_json::Value::Object(spec)
}

/// `"nanoid"` for `default_fn = crate::ids::nanoid`: the name the TypeScript calls.
fn default_fn_name(path: &syn::Path) -> Option<String> {
    let last = path.segments.last()?;
    Some(last.ident.unraw().to_string())
}

/// A database default's spec (`schema_model::decl::DefaultDecl`); not `default_fn`, which is
/// the application's.
fn default_spec(value: &DefaultValue) -> serde_json::Value {
    match value {
        DefaultValue::Text(lit) => serde_json::json!({ "text": lit.value() }),
        DefaultValue::Integer(digits, _) | DefaultValue::Float(digits, _) => {
            serde_json::json!({ "number": digits })
        }
        DefaultValue::Bool(lit) => serde_json::json!({ "boolean": lit.value }),
        DefaultValue::Now => "now".into(),
        DefaultValue::Json(lit) => {
            // Validated in `check`; stored in serde_json's compact spelling.
            let compact = serde_json::from_str::<serde_json::Value>(&lit.value())
                .map(|v| v.to_string())
                .unwrap_or_else(|_| lit.value());
            serde_json::json!({ "json": compact })
        }
        DefaultValue::Sql(lit) => serde_json::json!({ "expression": lit.value() }),
        DefaultValue::Fn(_) => unreachable!("a default function is no database default"),
    }
}

/// The primary key's SQL columns in key order: the struct's `primary_key(...)`, else the field
/// marked `primary_key`.
fn primary_key(table: &Table) -> Vec<String> {
    match &table.attrs.primary_key {
        Some(list) => sql_columns(table, list),
        None => table
            .columns
            .iter()
            .filter(|c| c.attrs.primary_key.is_some())
            .map(|c| c.name.clone())
            .collect(),
    }
}

fn sql_columns(table: &Table, list: &FieldList) -> Vec<String> {
    list.fields
        .iter()
        .filter_map(|f| table.column_of_field(f).map(|c| c.name.clone()))
        .collect()
}

/// The unique constraints' specs: single-column uniques in field order, then `unique(...)`
/// lists.
fn unique_specs(table: &Table) -> Vec<serde_json::Value> {
    let single = table
        .columns
        .iter()
        .filter(|c| c.attrs.unique.is_some())
        .map(|c| (vec![c.name.clone()], false));
    let lists = table
        .attrs
        .uniques
        .iter()
        .map(|l| (sql_columns(table, l), l.nulls_not_distinct.is_some()));
    single
        .chain(lists)
        .map(|(columns, nulls_not_distinct)| match nulls_not_distinct {
            true => serde_json::json!({ "columns": columns, "nulls_not_distinct": true }),
            false => serde_json::json!({ "columns": columns }),
        })
        .collect()
}

/// The indexes' specs: single-column indexes in field order, then `index(...)` lists.
fn index_specs(table: &Table) -> Vec<serde_json::Value> {
    let plain = |columns: Vec<String>| {
        let keys: Vec<_> = columns
            .into_iter()
            .map(|column| serde_json::json!({ "column": column }))
            .collect();
        serde_json::json!({ "keys": keys, "method": "btree" })
    };
    let single = table
        .columns
        .iter()
        .filter(|c| c.attrs.index.is_some())
        .map(|c| plain(vec![c.name.clone()]));
    let lists = table.attrs.indexes.iter().map(|list| {
        let Some(options) = &list.index else {
            return plain(sql_columns(table, list));
        };
        let keys: Vec<_> = options
            .keys
            .iter()
            .filter_map(|key| match key {
                IndexKeyAttr::Sql(sql) => {
                    Some(serde_json::json!({ "column": sql.value(), "expression": true }))
                }
                IndexKeyAttr::Field {
                    field,
                    op,
                    desc,
                    nulls_first,
                    ..
                } => Some(serde_json::json!({
                    "column": table.column_of_field(field)?.name,
                    "opclass": op.as_ref().map(|o| o.value()),
                    "desc": desc.is_some(),
                    "nulls_first": nulls_first.is_some(),
                })),
            })
            .collect();
        let with: Vec<_> = options
            .with
            .iter()
            .map(|(k, v)| serde_json::json!([k.to_string(), v]))
            .collect();
        serde_json::json!({
            "name": options.name.as_ref().map(|n| n.value()),
            "keys": keys,
            "unique": options.unique.is_some(),
            "method": options.using.as_ref().map_or_else(|| "btree".to_string(), |u| u.value()),
            "where_sql": options.where_sql.as_ref().map(|w| w.value()),
            "with": with,
            "concurrently": options.concurrently.is_some(),
        })
    });
    single.chain(lists).collect()
}

/// After an error: the `Table` impl and the column consts with no body, so that uses of the
/// table elsewhere compile and only the real mistake is reported.
fn fallback_table(input: &DeriveInput, table: Option<&Table>) -> TokenStream {
    let ident = &input.ident;
    let name = table
        .map(Table::qualified_name)
        .unwrap_or_else(|| ident.unraw().to_string());
    let column_refs = match table {
        Some(table) if input.generics.params.is_empty() => {
            inherent_impl(ident, column_refs(table, table.columns.iter()))
        }
        _ => TokenStream::new(),
    };
    if !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    let rust_type = rust_type(ident);
    quote! {
        impl ::schema_model::Table for #ident {
            const NAME: &'static str = #name;
            const DECL: ::std::option::Option<&'static ::schema_model::decl::TableDecl> = {
                const DECL: ::schema_model::decl::TableDecl =
                    ::schema_model::decl::TableDecl::placeholder(#name, #rust_type);
                ::std::option::Option::Some(&DECL)
            };
        }
        #column_refs
    }
}

fn expand_enum(en: &Enum) -> TokenStream {
    let ident = en.ident;
    let name = en.name();
    let inline = en.attrs.inline.is_some();
    let values: Vec<&str> = en.variants.iter().map(|v| v.value.as_str()).collect();
    let variant_idents: Vec<&syn::Ident> = en.variants.iter().map(|v| v.ident).collect();
    let value_strings = values
        .iter()
        .map(|v| quote!(::std::string::String::from(#v)));
    let value_strings = quote!(::std::vec::Vec::from([#(#value_strings),*]));
    let (sql_type, pg_enum) = match &en.attrs.pg_enum {
        None => (quote!(::schema_model::SqlType::Text), TokenStream::new()),
        Some(pg) => {
            // The model's key: `auth.role` in schema `auth`.
            let pg = match &en.attrs.schema {
                Some(schema) => format!("{}.{}", schema.value(), pg.value()),
                None => pg.value(),
            };
            let renames = en.variants.iter().filter_map(|v| {
                let old = v.renamed_from.as_ref()?;
                let new = &v.value;
                Some(quote!((::std::string::String::from(#new), ::std::string::String::from(#old))))
            });
            (
                quote!(::schema_model::SqlType::Enum(::std::string::String::from(#pg))),
                quote! {
                    fn pg_enum() -> ::std::option::Option<::schema_model::PgEnum> {
                        ::std::option::Option::Some(::schema_model::PgEnum {
                            name: ::std::string::String::from(#pg),
                            values: #value_strings,
                            renamed_values: ::std::collections::BTreeMap::from([#(#renames),*]),
                        })
                    }
                },
            )
        }
    };
    quote! {
        impl ::schema_model::TsEnumType for #ident {
            fn ts_enum() -> ::schema_model::TsEnum {
                ::schema_model::TsEnum {
                    name: ::std::string::String::from(#name),
                    variants: #value_strings,
                    inline: #inline,
                }
            }
        }

        impl ::schema_model::ColumnType for #ident {
            fn sql_type() -> ::schema_model::SqlType {
                #sql_type
            }
            fn ts_type() -> ::std::option::Option<::schema_model::TsType> {
                ::std::option::Option::Some(::schema_model::TsType::Enum(
                    <Self as ::schema_model::TsEnumType>::ts_enum(),
                ))
            }
            #pg_enum
        }

        impl ::schema_model::column_type::check::TextDefault for #ident {
            const VARIANTS: &'static [&'static str] = &[#(#values),*];
        }

        impl #ident {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = &[#(Self::#variant_idents),*];

            /// The string the variant is stored as.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#variant_idents => #values,)*
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::schema_model::column_type::ParseEnumError;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                match s {
                    #(#values => ::std::result::Result::Ok(Self::#variant_idents),)*
                    _ => ::std::result::Result::Err(::schema_model::column_type::ParseEnumError {
                        enum_name: #name,
                        value: ::std::string::String::from(s),
                        expected: &[#(#values),*],
                    }),
                }
            }
        }
    }
}

/// After an error: the trait impls with no body, so columns of this type compile.
fn fallback_enum(input: &DeriveInput, en: Option<&Enum>) -> TokenStream {
    let ident = &input.ident;
    if en.is_none() || !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl ::schema_model::TsEnumType for #ident {
            fn ts_enum() -> ::schema_model::TsEnum {
                ::std::unreachable!("`#[derive(TsEnum)]` failed to compile")
            }
        }
        impl ::schema_model::ColumnType for #ident {
            fn sql_type() -> ::schema_model::SqlType {
                ::std::unreachable!("`#[derive(TsEnum)]` failed to compile")
            }
        }
        impl ::schema_model::column_type::check::TextDefault for #ident {}
    }
}

/// The spec of `generated = "…"` / `identity(…)` (`schema_model::decl::GeneratedDecl`).
fn generated_spec(column: &Column) -> Option<serde_json::Value> {
    if let Some(lit) = &column.attrs.generated {
        return Some(serde_json::json!({ "stored": lit.value() }));
    }
    let identity = column.attrs.identity.as_ref()?;
    let mut options = JsonObject::new();
    for key in ["increment", "min_value", "max_value", "start_with", "cache"] {
        if let Some(n) = identity.number(key) {
            options.insert(key.into(), n.into());
        }
    }
    if identity.cycle {
        options.insert("cycle".into(), true.into());
    }
    Some(serde_json::json!({ "identity": {
        "always": identity.always.unwrap_or(true),
        "name": identity.name.as_ref().map(|l| l.value()),
        "options": options,
    }}))
}

/// Bounds on the field's Rust type, as statements: an identity is an integer, `mode` is for
/// timestamps. With `sql_type`, `check` judged the SQL type instead.
fn generated_checks(column: &Column) -> Vec<TokenStream> {
    let ty = column.ty;
    let mut out = Vec::new();
    if column.attrs.sql_type.is_some() {
        return out;
    }
    if let Some(identity) = &column.attrs.identity {
        out.push(quote_spanned! {identity.key.span()=>
            __k::identity_column::<#ty>();
        });
    }
    if let Some(mode) = &column.attrs.mode {
        out.push(quote_spanned! {mode.span()=>
            __k::timestamp_column::<#ty>();
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).expect("the expansion parses as items");
        prettyplease::unparse(&file)
    }

    #[test]
    fn table_expansion() {
        let input = quote! {
            #[table(name = "invitations", section = "INVITATIONS", unique(workspace_id, email), one(acceptance = Acceptance))]
            pub struct Invitation {
                #[column(primary_key, default_fn = nanoid)]
                pub id: String,
                #[column(references = Workspace::id, on_delete = cascade)]
                pub workspace_id: String,
                pub email: String,
                #[column(default = "member")]
                pub role: WorkspaceRole,
                #[column(references = User::id, on_delete = set_null, relation = "inviter")]
                pub invited_by: Option<String>,
                #[column(default_json = "{ \"a\": [1, 2] }", ts_import = "InvitationMeta")]
                pub meta: serde_json::Value,
                #[column(default_now, index)]
                pub created_at: NaiveDateTime,
                #[column(sql_type = "varchar(16)", ts_name = "kind_code")]
                pub r#type: Kind,
                #[column(default = 40000)]
                pub uses: i32,
            }
        };
        insta::assert_snapshot!(pretty(derive_table(input)));
    }

    #[test]
    fn ts_enum_expansion() {
        let input = quote! {
            #[ts_enum(name = "Role", inline)]
            pub enum WorkspaceRole {
                Admin,
                #[ts_enum(rename = "regular")]
                Member,
            }
        };
        insta::assert_snapshot!(pretty(derive_ts_enum(input)));
    }

    /// Tokens in a stream, groups' contents included: what rustc parses, resolves and checks.
    fn token_count(tokens: TokenStream) -> usize {
        tokens
            .into_iter()
            .map(|tree| match tree {
                proc_macro2::TokenTree::Group(group) => 1 + token_count(group.stream()),
                _ => 1,
            })
            .sum()
    }

    /// How many times the keyword `word` (`use`, `impl`, `const`) occurs in an expansion.
    fn keyword_count(tokens: TokenStream, word: &str) -> usize {
        tokens
            .into_iter()
            .map(|tree| match tree {
                proc_macro2::TokenTree::Group(group) => keyword_count(group.stream(), word),
                proc_macro2::TokenTree::Ident(ident) => usize::from(ident == word),
                _ => 0,
            })
            .sum()
    }

    /// The macros called in an expansion (`name!(..)`): rustc's incremental cache identifies a
    /// macro call by its place in the file, so one would tie every table to its position.
    fn macro_calls(tokens: TokenStream) -> Vec<String> {
        use proc_macro2::TokenTree;
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut calls = Vec::new();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(group) => calls.extend(macro_calls(group.stream())),
                TokenTree::Ident(ident) => {
                    let bang =
                        matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                    let group = matches!(trees.get(i + 2), Some(TokenTree::Group(_)));
                    // `if !(..)`, `return !(..)`: an operator, not a call.
                    let keyword = matches!(
                        ident.to_string().as_str(),
                        "if" | "return" | "while" | "match" | "in"
                    );
                    if bang && group && !keyword {
                        calls.push(ident.to_string());
                    }
                }
                _ => {}
            }
        }
        calls
    }

    #[test]
    fn the_expansion_calls_no_macro() {
        // The helper sees calls at any depth and does not take `!` operators for one.
        assert_eq!(
            macro_calls(quote! { const _: () = { if !(X) { assert!(Y) } }; }),
            vec!["assert".to_string()]
        );
        let expansion = every_feature_expansion();
        assert_eq!(macro_calls(expansion), Vec::<String>::new());
    }

    /// The tokens spanned at the call site, with the tokens before each: with `span-locations`,
    /// outside the compiler, the call site is `bytes(0..0)` and a parsed token has its place.
    fn call_site_tokens(tokens: TokenStream) -> Vec<String> {
        fn walk(tokens: TokenStream, seen: &mut Vec<String>, found: &mut Vec<String>) {
            for tree in tokens {
                let at_call_site = format!("{:?}", tree.span()) == "bytes(0..0)";
                let text = match &tree {
                    proc_macro2::TokenTree::Group(g) => format!("{:?}", g.delimiter()),
                    other => other.to_string(),
                };
                if at_call_site {
                    let context = seen[seen.len().saturating_sub(8)..].join(" ");
                    found.push(format!("`{text}` after `{context}`"));
                }
                seen.push(text);
                if let proc_macro2::TokenTree::Group(group) = tree {
                    walk(group.stream(), seen, found);
                }
            }
        }
        let mut found = Vec::new();
        walk(tokens, &mut Vec::new(), &mut found);
        found
    }

    /// The expansion of a table using every attribute the derive knows, parsed from text so that
    /// its tokens have places (quote! gives them the call site's span).
    fn every_feature_expansion() -> TokenStream {
        let input: TokenStream = r#"
            #[table(
                name = "invitations",
                schema = "auth",
                renamed_from = "invites",
                section = "INVITATIONS",
                unique(workspace_id, email, nulls_not_distinct),
                index(name = "by_email", email, unique),
                index(name = "by_role", sql = "lower(email)", role(op = "text_ops"), position(desc, nulls_first), where_sql = "\"position\" > 0", with(fillfactor = 70)),
                check(name = "positive", sql = "\"position\" > 0"),
                many(acceptances = Acceptance),
                one(acceptance = Acceptance)
            )]
            pub struct Invitation {
                #[column(primary_key, default_fn = nanoid)]
                pub id: String,
                #[column(references = Workspace::id, on_delete = set_null, on_update = cascade, relation = "workspace")]
                pub workspace_id: Option<String>,
                #[column(unique, index, renamed_from = "mail", ts_name = "mail")]
                pub email: String,
                #[column(default = "member")]
                pub role: Role,
                #[column(default = 0)]
                pub position: i32,
                #[column(default = 1.5)]
                pub weight: f64,
                #[column(default = true)]
                pub active: bool,
                #[column(default_json = "[1, 2]", ts_import = "Tags")]
                pub tags: serde_json::Value,
                #[column(default_now, mode = "string")]
                pub created_at: NaiveDateTime,
                #[column(default_sql = "now()", ts_type = "number")]
                pub seen_at: NaiveDateTime,
                #[column(identity(always, start_with = 10, cache = 5, cycle))]
                pub number: i64,
                #[column(generated = "number * 2")]
                pub double: Option<i64>,
                #[column(sql_type = "varchar(16)")]
                pub kind: Kind,
            }
"#
        .parse()
        .unwrap();
        let expansion = derive_table(input);
        assert!(
            !expansion.to_string().contains("compile_error"),
            "the test table has a mistake: {expansion}"
        );
        expansion
    }

    /// Every token of a table's expansion is spanned at the struct or at the user's own tokens,
    /// never at the call site (see `own_span`), whatever the table declares.
    #[test]
    fn the_expansion_has_no_call_site_token() {
        let expansion = every_feature_expansion();
        assert_eq!(call_site_tokens(expansion), Vec::<String>::new());
    }

    /// rustc catches a derive's panic and goes on with the next derive on the same thread: the
    /// panicking table's span must not become the next one's.
    #[test]
    fn a_panic_while_expanding_leaves_no_span_behind() {
        let panicked = std::panic::catch_unwind(|| {
            with_own_span(Span::mixed_site(), || panic!("a bug in the derive"))
        });
        assert!(panicked.is_err());
        assert!(OWN_SPAN.with(Cell::get).is_none());
    }

    /// A table is static data: a plain column costs a handful of tokens (a field of the
    /// declaration; a `ColumnRef` const only for a key), not a block of model-building code. At
    /// thousands of tables, every token here is paid again on each edit.
    #[test]
    fn the_expansion_stays_small() {
        let table = |columns: usize| {
            let fields = (0..columns).map(|i| {
                let field = format_ident!("field_{i}");
                quote!(pub #field: Option<String>,)
            });
            token_count(derive_table(quote! {
                #[table(name = "plain")]
                pub struct Plain {
                    #[column(primary_key)]
                    pub id: String,
                    #(#fields)*
                }
            }))
        };
        let (one, eleven) = (table(0), table(10));
        let per_column = (eleven - one) / 10;
        // A plain column is `__column::<T>` in `column_types` and its name and property in the
        // JSON spec (was 113 when every field was written out, 88 with a `ColumnRef` const for
        // every column, 50 as a `ColumnDecl { .. }` literal with full paths, 18 with the type as a
        // qualified path `<T as ColumnType>::column`, 14 as a call `__column::<T>(name, property)`).
        assert!(
            per_column <= 10,
            "a plain column expands to {per_column} tokens"
        );
        // 275 with `#[automatically_derived]` and `allow(dead_code)` for the column consts and
        // full paths; 222 with the imports that shorten them, 218 with the generic `__column`,
        // 177 with the spec in JSON, 172 without the list of referenced tables.
        assert!(one <= 172, "a one-column table expands to {one} tokens");
        // The synthetic benchmark's table: 13 columns, 2 foreign keys, defaults, a unique.
        let synthetic = derive_table(quote! {
            #[table(name = "t00002", unique(owner_id, slug))]
            pub struct T00002 {
                #[column(primary_key, default_fn = nanoid)]
                pub id: String,
                #[column(references = T00001::id, on_delete = cascade, relation = "owner")]
                pub owner_id: String,
                #[column(references = T00001::id, on_delete = set_null, relation = "parent")]
                pub parent_id: Option<String>,
                pub name: String,
                pub slug: String,
                pub description: Option<String>,
                #[column(default = 0)]
                pub position: i32,
                pub score: Option<f64>,
                #[column(default = true)]
                pub active: bool,
                pub metadata: Option<serde_json::Value>,
                #[column(default_json = "[]")]
                pub tags: Vec<String>,
                #[column(default_now)]
                pub created_at: NaiveDateTime,
                pub updated_at: Option<NaiveDateTime>,
            }
        });
        // Items, each kept, hashed and cached by rustc on every edit: one import (a glob: a
        // `use` per imported name was a tenth of an edit's time at 2,000 tables), the `Table`
        // impl and one inherent impl (the key's `ColumnRef` and the default function).
        assert_eq!(keyword_count(synthetic.clone(), "use"), 1);
        assert_eq!(keyword_count(synthetic.clone(), "impl"), 2);
        // `NAME`, `DECL` and the key's `ColumnRef`: no check of this table can fail when
        // evaluated but the foreign keys' name lengths, checked in the declaration itself.
        assert_eq!(keyword_count(synthetic.clone(), "const"), 3);
        let synthetic = token_count(synthetic);
        // 2,054 with a `ColumnRef` const for each of its 13 columns, 1,617 for its key alone,
        // 1,053 with the short paths, 1,002 with one impl block and the checks beside the
        // declaration, 948 with one glob import, 887 with the foreign keys' targets checked in
        // the declaration itself (no const each), 690 with `__column::<T>` and the defaults as
        // its builder calls (`.with_default(..)`), 673 with each referenced table listed once,
        // 623 with the foreign keys' name lengths checked in `__d::foreign_key` and no const
        // for a numeric default that fits every numeric type, 434 with all but the typed parts
        // in one JSON string, 371 with a default's bound and `set_null`'s checked by the
        // column's type function and the foreign key's call rather than a statement each, 355
        // with the referenced tables' Rust names in the spec (their SQL names are the foreign
        // keys' and relations' targets).
        assert!(
            synthetic <= 355,
            "the benchmark's 13-column table expands to {synthetic} tokens"
        );
        eprintln!("tokens: one column {one}, per plain column {per_column}, synthetic {synthetic}");
    }

    /// The errors come with a `Table` impl and the column consts, so nothing else fails.
    #[test]
    fn a_mistake_expands_to_errors_and_a_fallback() {
        let input = quote! {
            #[table(nme = "users")]
            pub struct User {
                #[column(primary_kye)]
                pub id: String,
            }
        };
        insta::assert_snapshot!(pretty(derive_table(input)));
    }
}
