//! `#[derive(View)]`: a view's query and the typed columns it yields. Parse (`View::from_ast`),
//! check (`check_view`), expand (`expand_view`), as for tables; a field is a column typed by
//! the same `ColumnType` machinery, with the `#[column(...)]` keys that name and type it.

use heck::{ToLowerCamelCase, ToSnakeCase};
use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Ident};

use crate::ast::Column;
use crate::attr::{self, ViewAttrs, VIEW_COLUMN_KEYS};
use crate::check::{breaks_a_migration, check_column_attrs, check_identifier, check_not_generic};
use crate::ctxt::Ctxt;
use crate::expand::{decl_imports, own, Columns};

pub struct View<'a> {
    pub ident: &'a Ident,
    pub attrs: ViewAttrs,
    pub columns: Vec<Column<'a>>,
    /// The SQL view name.
    pub name: String,
    pub name_span: Span,
}

impl<'a> View<'a> {
    /// `None` (with an error in `cx`) when the input is not a struct with named fields.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<View<'a>> {
        let attrs = attr::parse_view_attrs(cx, &input.attrs);
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => &fields.named,
                _ => {
                    cx.error_spanned_by(
                        &input.ident,
                        "`#[derive(View)]` needs a struct with named fields: one field per column the query yields",
                    );
                    return None;
                }
            },
            _ => {
                cx.error_spanned_by(
                    &input.ident,
                    "`#[derive(View)]` needs a struct with named fields: one field per column the query yields",
                );
                return None;
            }
        };
        let (name, name_span) = match &attrs.name {
            Some(lit) => (lit.value(), lit.span()),
            None => (
                input.ident.unraw().to_string().to_snake_case(),
                input.ident.span(),
            ),
        };
        let columns = fields
            .iter()
            .map(|field| Column::from_field(cx, field))
            .collect();
        Some(View {
            ident: &input.ident,
            attrs,
            columns,
            name,
            name_span,
        })
    }

    fn export_name(&self) -> String {
        match &self.attrs.export {
            Some(lit) => lit.value(),
            None => self.name.to_lower_camel_case(),
        }
    }

    fn row_type(&self) -> String {
        match &self.attrs.row_type {
            Some(lit) => lit.value(),
            None => self.ident.unraw().to_string(),
        }
    }
}

pub fn check_view(cx: &Ctxt, input: &DeriveInput, view: &View) {
    check_not_generic(cx, input, "View");
    check_identifier(cx, &view.name, "view name", view.name_span);
    match &view.attrs.sql {
        None => cx.error_spanned_by(
            view.ident,
            "a view needs its query: add `#[view(sql = \"select ...\")]`",
        ),
        Some(lit) if lit.value().trim().is_empty() => cx.error_spanned_by(
            lit,
            "the view's query is empty: write the `select ...` it runs",
        ),
        Some(lit) => {
            if let Some(problem) = breaks_a_migration(&lit.value()) {
                cx.error_spanned_by(lit, format!("the view's query {problem}"));
            }
        }
    }
    if view.columns.is_empty() {
        cx.error_spanned_by(
            view.ident,
            "a view needs at least one field: one per column its query yields, typed",
        );
    }
    let mut seen: Vec<&Column> = Vec::new();
    for column in &view.columns {
        check_identifier(cx, &column.name, "column name", column.name_span);
        check_column_attrs(cx, column);
        for (key, tokens) in table_only_keys(column) {
            cx.error_spanned_by(
                tokens,
                format!(
                    "`{key}` does not apply to a view's column: a view has no keys, defaults or foreign keys; its columns take only {}",
                    VIEW_COLUMN_KEYS
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        if let Some(first) = seen.iter().find(|c| c.name == column.name) {
            cx.error_at(
                column.name_span,
                format!(
                    "fields `{}` and `{}` are both column `{}`; rename one with `#[column(name = \"...\")]`",
                    first.ident, column.ident, column.name
                ),
            );
        } else {
            seen.push(column);
        }
    }
}

/// The `#[column(...)]` keys a field of a view has set that only a table's column can have.
fn table_only_keys(column: &Column) -> Vec<(&'static str, TokenStream)> {
    let a = &column.attrs;
    let mut out: Vec<(&'static str, TokenStream)> = Vec::new();
    let mut push = |key: &'static str, tokens: Option<TokenStream>| {
        if let Some(tokens) = tokens {
            out.push((key, tokens));
        }
    };
    push(
        "primary_key",
        a.primary_key.as_ref().map(|i| i.to_token_stream()),
    );
    push("unique", a.unique.as_ref().map(|i| i.to_token_stream()));
    push("index", a.index.as_ref().map(|i| i.to_token_stream()));
    push(
        "default",
        a.default.as_ref().map(|d| d.key.to_token_stream()),
    );
    push(
        "references",
        a.references.as_ref().map(|p| p.to_token_stream()),
    );
    push(
        "on_delete",
        a.on_delete.as_ref().map(|(i, _)| i.to_token_stream()),
    );
    push(
        "on_update",
        a.on_update.as_ref().map(|(i, _)| i.to_token_stream()),
    );
    push("relation", a.relation.as_ref().map(|l| l.to_token_stream()));
    push(
        "no_relation",
        a.no_relation.as_ref().map(|i| i.to_token_stream()),
    );
    push(
        "renamed_from",
        a.renamed_from.as_ref().map(|l| l.to_token_stream()),
    );
    out
}

pub fn derive_view(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let cx = Ctxt::new();
    let view = View::from_ast(&cx, &input);
    if let Some(view) = &view {
        check_view(&cx, &input, view);
    }
    match (cx.check(), view) {
        (Ok(()), Some(view)) => expand_view(&view),
        (Err(errors), view) => {
            let mut out = errors.to_compile_error();
            out.extend(fallback_view(&input, view.as_ref()));
            out
        }
        (Ok(()), None) => unreachable!("an input that is not a view is an error"),
    }
}

fn expand_view(view: &View) -> TokenStream {
    let ident = view.ident;
    let name = &view.name;
    let sql = view
        .attrs
        .sql
        .as_ref()
        .map(|l| l.value())
        .unwrap_or_default();
    let materialized = view.attrs.materialized.is_some();
    let export = view.export_name();
    let row_type = view.row_type();
    let columns = Columns::of(view.columns.iter());
    let spec = own(serde_json::Value::from(columns.specs).to_string());
    let (column_types, ts_probes) = (columns.types, columns.probes);
    let imports = decl_imports();
    quote! {
        impl ::schema_model::View for #ident {
            const NAME: &'static str = #name;
            fn view_def() -> ::schema_model::ViewDef {
                #imports
                const COLUMN_TYPES: &[fn() -> __d::ColumnInfo] = &[#(#column_types),*];
                const TS_PROBES: &[fn() -> ::std::option::Option<::schema_model::TsType>] =
                    &[#(#ts_probes),*];
                ::schema_model::ViewDef {
                    name: #name.to_string(),
                    materialized: #materialized,
                    definition: #sql.to_string(),
                    columns: __d::view_columns(#name, #spec, COLUMN_TYPES, TS_PROBES),
                    ts: ::schema_model::ViewTs {
                        export_name: #export.to_string(),
                        row_type: #row_type.to_string(),
                    },
                }
            }
        }
    }
}

/// After an error: the `View` impl with no columns, so uses elsewhere compile and only the real
/// mistake is reported.
fn fallback_view(input: &DeriveInput, view: Option<&View>) -> TokenStream {
    if !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    let ident = &input.ident;
    let name = view
        .map(|v| v.name.clone())
        .unwrap_or_else(|| ident.unraw().to_string());
    quote! {
        impl ::schema_model::View for #ident {
            const NAME: &'static str = #name;
            fn view_def() -> ::schema_model::ViewDef {
                ::schema_model::ViewDef {
                    name: #name.to_string(),
                    materialized: false,
                    definition: ::std::string::String::new(),
                    columns: ::std::vec::Vec::new(),
                    ts: ::std::default::Default::default(),
                }
            }
        }
    }
}
