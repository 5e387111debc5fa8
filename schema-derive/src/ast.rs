//! The derive's input as a typed model: each table and column with its parsed attributes, its
//! resolved names, and the tokens the user wrote (for error spans).

use heck::{ToLowerCamelCase, ToSnakeCase};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

use crate::attr::{self, ColumnAttrs, EnumAttrs, TableAttrs};
use crate::ctxt::Ctxt;

pub struct Table<'a> {
    pub ident: &'a Ident,
    pub attrs: TableAttrs,
    pub columns: Vec<Column<'a>>,
    /// The SQL table name.
    pub name: String,
    /// Where the table name is written: the `name = "..."` literal, else the struct's name.
    pub name_span: Span,
}

pub struct Column<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: ColumnAttrs,
    /// The SQL column name.
    pub name: String,
    /// Where the column name is written: the `name = "..."` literal, else the field's name.
    pub name_span: Span,
    /// The TypeScript property name.
    pub ts_name: String,
}

impl<'a> Column<'a> {
    /// A named field as a column: its attributes and its SQL and TypeScript names. A table's
    /// and a view's fields are read alike.
    pub fn from_field(cx: &Ctxt, field: &'a syn::Field) -> Column<'a> {
        let ident = field.ident.as_ref().expect("named fields have names");
        let attrs = attr::parse_column_attrs(cx, &field.attrs);
        let (name, name_span) = match &attrs.name {
            Some(lit) => (lit.value(), lit.span()),
            None => (ident.unraw().to_string().to_snake_case(), ident.span()),
        };
        let ts_name = match &attrs.ts_name {
            Some(lit) => lit.value(),
            None => name.to_lower_camel_case(),
        };
        Column {
            ident,
            ty: &field.ty,
            attrs,
            name,
            name_span,
            ts_name,
        }
    }
}

impl<'a> Table<'a> {
    /// `None` (with an error in `cx`) when the input is not a struct with named fields.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Table<'a>> {
        let attrs = attr::parse_table_attrs(cx, &input.attrs);
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => &fields.named,
                Fields::Unnamed(_) | Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "`#[derive(Table)]` needs a struct with named fields: one field per column",
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "`#[derive(Table)]` needs a struct with named fields; for a string-literal union use `#[derive(TsEnum)]`",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "`#[derive(Table)]` needs a struct with named fields",
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
        Some(Table {
            ident: &input.ident,
            attrs,
            columns,
            name,
            name_span,
        })
    }

    /// The column declared by the field named `ident` (raw or not).
    pub fn column_of_field(&self, ident: &Ident) -> Option<&Column<'a>> {
        let wanted = ident.unraw();
        self.columns.iter().find(|c| c.ident.unraw() == wanted)
    }

    /// The PostgreSQL schema the table is declared in, `None` for `public`.
    pub fn schema(&self) -> Option<String> {
        self.attrs.schema.as_ref().map(LitStr::value)
    }

    /// The table's key in the model: `users`, or `auth.users` in schema `auth`.
    pub fn qualified_name(&self) -> String {
        match self.schema() {
            Some(schema) => format!("{schema}.{}", self.name),
            None => self.name.clone(),
        }
    }

    pub fn export_name(&self) -> String {
        match &self.attrs.export {
            Some(lit) => lit.value(),
            None => self.name.to_lower_camel_case(),
        }
    }

    pub fn row_type(&self) -> String {
        match &self.attrs.row_type {
            Some(lit) => lit.value(),
            None => self.ident.unraw().to_string(),
        }
    }

    pub fn insert_type(&self) -> String {
        match &self.attrs.insert_type {
            Some(lit) => lit.value(),
            None => format!("New{}", self.row_type()),
        }
    }
}

impl Column<'_> {
    /// The Rust path of the referenced table: `User` in `references = User::id`.
    pub fn referenced_table(&self) -> Option<syn::Path> {
        let path = self.attrs.references.as_ref()?;
        let mut table = path.clone();
        table.segments.pop();
        table.segments.pop_punct();
        Some(table)
    }

    /// The owning side's relation name: `relation = "..."`, else the target struct's name in
    /// lowerCamelCase (`User::id` → `user`).
    pub fn relation_name(&self) -> Option<(String, Span)> {
        let path = self.attrs.references.as_ref()?;
        if self.attrs.no_relation.is_some() {
            return None;
        }
        Some(match &self.attrs.relation {
            Some(lit) => (lit.value(), lit.span()),
            None => {
                let table = &path.segments[path.segments.len() - 2].ident;
                (
                    table.unraw().to_string().to_lower_camel_case(),
                    table.span(),
                )
            }
        })
    }
}

/// A fieldless enum declared with `#[derive(TsEnum)]`.
pub struct Enum<'a> {
    pub ident: &'a Ident,
    pub attrs: EnumAttrs,
    pub variants: Vec<Variant<'a>>,
}

pub struct Variant<'a> {
    pub ident: &'a Ident,
    /// The string the variant stands for.
    pub value: String,
    pub value_span: Span,
    /// `#[ts_enum(renamed_from = "...")]`: the value's previous label in the PostgreSQL enum.
    pub renamed_from: Option<syn::LitStr>,
}

impl<'a> Enum<'a> {
    /// `None` (with an error in `cx`) when the input is not an enum; a variant with fields is an
    /// error but the variant is kept, so the fallback impl still names every variant.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Enum<'a>> {
        let attrs = attr::parse_enum_attrs(cx, &input.attrs);
        let data = match &input.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                cx.error_spanned_by(
                    data.struct_token,
                    "`#[derive(TsEnum)]` needs an enum whose variants have no fields",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "`#[derive(TsEnum)]` needs an enum whose variants have no fields",
                );
                return None;
            }
        };
        let variants = data
            .variants
            .iter()
            .map(|variant| {
                if !matches!(variant.fields, Fields::Unit) {
                    cx.error_spanned_by(
                        &variant.fields,
                        format!(
                            "`#[derive(TsEnum)]` needs fieldless variants: `{}` has fields; a column stores only the variant's name",
                            variant.ident
                        ),
                    );
                }
                let attrs = attr::parse_variant_attrs(cx, &variant.attrs);
                let (value, value_span) = match &attrs.rename {
                    Some(lit) => (lit.value(), lit.span()),
                    None => (
                        variant.ident.unraw().to_string().to_snake_case(),
                        variant.ident.span(),
                    ),
                };
                Variant {
                    ident: &variant.ident,
                    value,
                    value_span,
                    renamed_from: attrs.renamed_from,
                }
            })
            .collect();
        Some(Enum {
            ident: &input.ident,
            attrs,
            variants,
        })
    }

    pub fn name(&self) -> String {
        match &self.attrs.name {
            Some(lit) => lit.value(),
            None => self.ident.unraw().to_string(),
        }
    }
}
