//! The Rust source of a schema: `#[derive(Table)]` structs, `#[derive(TsEnum)]` enums,
//! relations and TypeScript names, from the model (the last snapshot of a history, or a
//! database's catalog). Generated with `quote`, formatted with `prettyplease`.
//!
//! What the derive cannot declare yet is an error naming the table and the object: constraint
//! and index names other than the derive's (`{table}_{cols}_unique`, `…_index`, `…_fk`,
//! `{table}_pkey`, `{table}_{cols}_pk`), unique indexes, `NULLS NOT DISTINCT`, and foreign keys
//! over several columns. Everything else the model holds comes out as written, so the pulled
//! source declares the same model: `gen` on it has nothing to do.

use std::collections::BTreeMap;

use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use schema_model::{
    ColumnDef, FkAction, ForeignKey, PrimaryKey, RelationKind, Schema, SqlDefault, SqlType,
    TableDef, TsEnum, TsType, UniqueConstraint,
};

/// The file of a pull without groups.
pub const SINGLE_FILE: &str = "schema.rs";
/// The module file of a pull with groups.
pub const MOD_FILE: &str = "mod.rs";
/// The module of the tables no group names.
pub const DEFAULT_MODULE: &str = "tables";

/// A module of tables the user chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub module: String,
    pub tables: Vec<String>,
}

/// The Rust files of `schema`: [`SINGLE_FILE`] without groups; with groups, [`MOD_FILE`] and
/// one `<module>.rs` per group. Each declares `pub fn try_schema()` (in the single file or
/// `mod.rs`) building the whole schema. `Err` lists what the derive cannot declare.
pub fn pull(schema: &Schema, groups: &[Group]) -> Result<BTreeMap<String, String>, Vec<String>> {
    let mut problems = Vec::new();
    let structs: BTreeMap<&str, Ident> = schema
        .tables
        .iter()
        .map(|t| (t.name.as_str(), struct_ident(t)))
        .collect();
    let mut enums: BTreeMap<String, &TsEnum> = BTreeMap::new();
    let mut items: BTreeMap<&str, TokenStream> = BTreeMap::new();
    for table in &schema.tables {
        match table_item(table, &structs, &mut enums) {
            Ok(item) => {
                items.insert(table.name.as_str(), item);
            }
            Err(why) => problems.extend(
                why.into_iter()
                    .map(|w| format!("table {}: {w}", table.name)),
            ),
        }
    }
    for group in groups {
        if group.module.to_snake_case() != group.module || group.module.is_empty() {
            problems.push(format!(
                "--group {}: a module name is snake_case",
                group.module
            ));
        }
        for table in &group.tables {
            if schema.table(table).is_none() {
                problems.push(format!(
                    "--group {}: there is no table {table}",
                    group.module
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let enum_items: Vec<TokenStream> = enums.values().map(|e| enum_item(e)).collect();
    let builder_calls: Vec<TokenStream> = schema
        .tables
        .iter()
        .map(|t| {
            let ident = &structs[t.name.as_str()];
            quote!(.table::<#ident>())
        })
        .collect();
    let try_schema = quote! {
        /// The whole schema, checked (`SchemaBuilder::build`).
        pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
            schema_model::SchemaBuilder::new()
                #(#builder_calls)*
                .build()
        }
    };
    let mut files = BTreeMap::new();
    // `default_fn = nanoid` names schema_model's; other functions are the user's to import.
    let nanoid = schema
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .any(|c| c.ts.default_fn.as_deref() == Some("nanoid"))
        .then(|| {
            quote!(
                #[allow(unused_imports)]
                use schema_model::nanoid;
            )
        });
    if groups.is_empty() {
        let tables = schema.tables.iter().map(|t| &items[t.name.as_str()]);
        let file = quote! {
            #![allow(dead_code)]
            #nanoid
            #[allow(unused_imports)]
            use schema_model::{Table, TsEnum};
            #(#enum_items)*
            #(#tables)*
            #try_schema
        };
        files.insert(SINGLE_FILE.to_string(), format(file));
        return Ok(files);
    }
    let mut modules: Vec<(String, Vec<&str>)> = groups
        .iter()
        .map(|g| {
            (
                g.module.clone(),
                g.tables.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let rest: Vec<&str> = schema
        .tables
        .iter()
        .map(|t| t.name.as_str())
        .filter(|t| !groups.iter().any(|g| g.tables.iter().any(|n| n == t)))
        .collect();
    if !rest.is_empty() {
        modules.push((DEFAULT_MODULE.to_string(), rest));
    }
    let mut mod_lines = Vec::new();
    for (module, tables) in &modules {
        let ident = format_ident!("{}", module);
        mod_lines.push(quote!(pub mod #ident; pub use #ident::*;));
        let tables = tables.iter().map(|t| &items[t]);
        let file = quote! {
            #![allow(dead_code)]
            #[allow(unused_imports)]
            use super::*;
            #nanoid
            use schema_model::Table;
            #(#tables)*
        };
        files.insert(format!("{module}.rs"), format(file));
    }
    let file = quote! {
        #![allow(dead_code)]
        #[allow(unused_imports)]
        use schema_model::TsEnum;
        #(#mod_lines)*
        #(#enum_items)*
        #try_schema
    };
    files.insert(MOD_FILE.to_string(), format(file));
    Ok(files)
}

fn format(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("pull generates valid Rust");
    prettyplease::unparse(&file)
}

fn struct_ident(table: &TableDef) -> Ident {
    let name = if table.ts.row_type.is_empty() {
        table.name.to_upper_camel_case()
    } else {
        table.ts.row_type.clone()
    };
    format_ident!("{}", name)
}

/// A field name for a column: the column's name when it is one, else its snake case (the
/// attribute `name` then keeps the SQL name).
fn field_ident(column: &str) -> (Ident, bool) {
    let snake = column.to_snake_case();
    let keyword = syn::parse_str::<Ident>(&snake).is_err();
    let ident = if keyword {
        Ident::new_raw(&snake, Span::call_site())
    } else {
        Ident::new(&snake, Span::call_site())
    };
    (ident, snake != column)
}

fn table_item<'a>(
    table: &'a TableDef,
    structs: &BTreeMap<&str, Ident>,
    enums: &mut BTreeMap<String, &'a TsEnum>,
) -> Result<TokenStream, Vec<String>> {
    let mut problems = Vec::new();
    let name = &table.name;
    let ident = &structs[name.as_str()];
    let field_of = |column: &str| field_ident(column).0;
    let mut table_args: Vec<TokenStream> = vec![quote!(name = #name)];
    if table.ts.export_name != name.to_lower_camel_case() && !table.ts.export_name.is_empty() {
        let export = &table.ts.export_name;
        table_args.push(quote!(export = #export));
    }
    let insert = format!("New{ident}");
    if !table.ts.insert_type.is_empty() && table.ts.insert_type != insert {
        let insert = &table.ts.insert_type;
        table_args.push(quote!(insert_type = #insert));
    }
    if let Some(section) = &table.ts.section {
        table_args.push(quote!(section = #section));
    }
    let mut single_pk = None;
    if let Some(pk) = &table.primary_key {
        if pk.is_composite() {
            expect_name(
                &mut problems,
                "primary key",
                &pk.name,
                &PrimaryKey::new(name, pk.columns.clone()).name,
            );
            let fields = pk.columns.iter().map(|c| field_of(c));
            table_args.push(quote!(primary_key(#(#fields),*)));
        } else {
            expect_name(
                &mut problems,
                "primary key",
                &pk.name,
                &format!("{name}_pkey"),
            );
            single_pk = Some(pk.columns[0].as_str());
        }
    }
    let mut single_uniques = Vec::new();
    for unique in &table.uniques {
        expect_name(
            &mut problems,
            "unique constraint",
            &unique.name,
            &UniqueConstraint::new(name, unique.columns.clone()).name,
        );
        if unique.nulls_not_distinct {
            problems.push(format!(
                "unique constraint {} is NULLS NOT DISTINCT, which the derive cannot declare yet",
                unique.name
            ));
        }
        if unique.columns.len() == 1 {
            single_uniques.push(unique.columns[0].as_str());
        } else {
            let fields = unique.columns.iter().map(|c| field_of(c));
            table_args.push(quote!(unique(#(#fields),*)));
        }
    }
    let mut single_indexes = Vec::new();
    for index in &table.indexes {
        expect_name(
            &mut problems,
            "index",
            &index.name,
            &format!("{name}_{}_index", index.columns.join("_")),
        );
        if index.unique {
            problems.push(format!("index {} is a unique index, which the derive cannot declare yet (a unique constraint can)", index.name));
        }
        if index.columns.len() == 1 {
            single_indexes.push(index.columns[0].as_str());
        } else {
            let fields = index.columns.iter().map(|c| field_of(c));
            table_args.push(quote!(index(#(#fields),*)));
        }
    }
    let mut fks: BTreeMap<&str, &ForeignKey> = BTreeMap::new();
    for fk in &table.foreign_keys {
        if fk.columns.len() != 1 || fk.ref_columns.len() != 1 {
            problems.push(format!(
                "foreign key {} spans several columns, which the derive cannot declare yet",
                fk.name
            ));
            continue;
        }
        expect_name(
            &mut problems,
            "foreign key",
            &fk.name,
            &ForeignKey::new(
                name,
                fk.columns.clone(),
                &fk.ref_table,
                fk.ref_columns.clone(),
                fk.on_delete,
                fk.on_update,
            )
            .name,
        );
        if !structs.contains_key(fk.ref_table.as_str()) {
            problems.push(format!(
                "foreign key {} points at table {}, which is not in the schema",
                fk.name, fk.ref_table
            ));
            continue;
        }
        fks.insert(fk.columns[0].as_str(), fk);
    }
    for relation in &table.ts.relations {
        let Some(target) = structs.get(relation.target.as_str()) else {
            problems.push(format!(
                "relation {} points at table {}, which is not in the schema",
                relation.name, relation.target
            ));
            continue;
        };
        let rel = format_ident!("{}", relation.name);
        match relation.kind {
            RelationKind::Many => table_args.push(quote!(many(#rel = #target))),
            RelationKind::OneInverse => table_args.push(quote!(one(#rel = #target))),
            RelationKind::One { .. } => {}
        }
    }

    let mut fields = Vec::new();
    for column in &table.columns {
        let (field, renamed) = field_ident(&column.name);
        let mut args: Vec<TokenStream> = Vec::new();
        if renamed {
            let sql = &column.name;
            args.push(quote!(name = #sql));
        }
        let property = &column.ts.property;
        if !property.is_empty() && *property != column.name.to_lower_camel_case() {
            args.push(quote!(ts_name = #property));
        }
        let (ty, sql_type) = match rust_type(column, &mut problems, enums) {
            Some(found) => found,
            None => continue,
        };
        if let Some(sql_type) = sql_type {
            args.push(quote!(sql_type = #sql_type));
        }
        if single_pk == Some(column.name.as_str()) {
            args.push(quote!(primary_key));
        }
        if single_uniques.contains(&column.name.as_str()) {
            args.push(quote!(unique));
        }
        if single_indexes.contains(&column.name.as_str()) {
            args.push(quote!(index));
        }
        if let Some(default) = &column.default {
            args.push(default_arg(default, &column.sql_type));
        }
        if let Some(function) = &column.ts.default_fn {
            let function: syn::Path = match syn::parse_str(function) {
                Ok(path) => path,
                Err(_) => {
                    problems.push(format!(
                        "column {}: the default function {function:?} is not a Rust path",
                        column.name
                    ));
                    continue;
                }
            };
            args.push(quote!(default_fn = #function));
        }
        if let Some(fk) = fks.get(column.name.as_str()) {
            let target = &structs[fk.ref_table.as_str()];
            let target_field = field_of(&fk.ref_columns[0]);
            args.push(quote!(references = #target::#target_field));
            if fk.on_delete != FkAction::NoAction {
                let action = action_ident(fk.on_delete);
                args.push(quote!(on_delete = #action));
            }
            if fk.on_update != FkAction::NoAction {
                let action = action_ident(fk.on_update);
                args.push(quote!(on_update = #action));
            }
            let relation = table.ts.relations.iter().find(
                |r| matches!(&r.kind, RelationKind::One { fields, .. } if fields == &fk.columns),
            );
            match relation {
                None => args.push(quote!(no_relation)),
                Some(r) if r.name != target.to_string().to_lower_camel_case() => {
                    let relation = &r.name;
                    args.push(quote!(relation = #relation));
                }
                Some(_) => {}
            }
        }
        match &column.ts.ty {
            Some(TsType::Imported(name)) => args.push(quote!(ts_import = #name)),
            Some(TsType::Expr(expr))
                if !(expr == "string[]" && column.sql_type == SqlType::Jsonb) =>
            {
                args.push(quote!(ts_type = #expr))
            }
            _ => {}
        }
        let attr = if args.is_empty() {
            quote!()
        } else {
            quote!(#[column(#(#args),*)])
        };
        fields.push(quote! { #attr pub #field: #ty, });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(quote! {
        #[derive(Table)]
        #[table(#(#table_args),*)]
        pub struct #ident { #(#fields)* }
    })
}

fn expect_name(problems: &mut Vec<String>, kind: &str, found: &str, derived: &str) {
    if found != derived {
        problems.push(format!(
            "{kind} {found} is not named as the derive names it ({derived}); rename it in the database (ALTER TABLE … RENAME CONSTRAINT / ALTER INDEX … RENAME) first"
        ));
    }
}

fn action_ident(action: FkAction) -> Ident {
    format_ident!(
        "{}",
        match action {
            FkAction::NoAction => "no_action",
            FkAction::Restrict => "restrict",
            FkAction::Cascade => "cascade",
            FkAction::SetNull => "set_null",
            FkAction::SetDefault => "set_default",
        }
    )
}

/// The field's Rust type, and the `sql_type` override when the type alone does not say it.
fn rust_type<'a>(
    column: &'a ColumnDef,
    problems: &mut Vec<String>,
    enums: &mut BTreeMap<String, &'a TsEnum>,
) -> Option<(TokenStream, Option<String>)> {
    let mut override_type = None;
    let base = match (&column.ts.ty, &column.sql_type) {
        (Some(TsType::Enum(e)), sql) => {
            remember(enums, e, problems)?;
            if *sql != SqlType::Text {
                override_type = Some(sql.sql());
            }
            let ident = format_ident!("{}", e.name);
            quote!(#ident)
        }
        (Some(TsType::EnumArray(e)), SqlType::Jsonb) => {
            remember(enums, e, problems)?;
            let ident = format_ident!("{}", e.name);
            quote!(Vec<#ident>)
        }
        (Some(TsType::Expr(expr)), SqlType::Jsonb) if expr == "string[]" => quote!(Vec<String>),
        (_, SqlType::Text) => quote!(String),
        (_, SqlType::SmallInt) => quote!(i16),
        (_, SqlType::Integer) => quote!(i32),
        (_, SqlType::BigInt) => quote!(i64),
        (_, SqlType::Real) => quote!(f32),
        (_, SqlType::DoublePrecision) => quote!(f64),
        (_, SqlType::Boolean) => quote!(bool),
        (_, SqlType::Timestamp) => quote!(chrono::NaiveDateTime),
        (_, SqlType::TimestampTz) => quote!(chrono::DateTime<chrono::Utc>),
        (_, SqlType::Date) => quote!(chrono::NaiveDate),
        (_, SqlType::Jsonb) => quote!(serde_json::Value),
        (_, SqlType::Json) => {
            override_type = Some("json".into());
            quote!(serde_json::Value)
        }
        (_, other) => {
            override_type = Some(other.sql());
            quote!(String)
        }
    };
    Some(if column.not_null {
        (base, override_type)
    } else {
        (quote!(Option<#base>), override_type)
    })
}

fn remember<'a>(
    enums: &mut BTreeMap<String, &'a TsEnum>,
    e: &'a TsEnum,
    problems: &mut Vec<String>,
) -> Option<()> {
    match enums.get(&e.name) {
        Some(known) if *known != e => {
            problems.push(format!("two different unions are named {}", e.name));
            None
        }
        _ => {
            enums.insert(e.name.clone(), e);
            Some(())
        }
    }
}

fn default_arg(default: &SqlDefault, sql_type: &SqlType) -> TokenStream {
    let numeric = matches!(
        sql_type,
        SqlType::SmallInt
            | SqlType::Integer
            | SqlType::BigInt
            | SqlType::Real
            | SqlType::DoublePrecision
    );
    match default {
        SqlDefault::Text(text) => quote!(default = #text),
        SqlDefault::Number(n) if numeric => {
            let (negative, digits) = match n.strip_prefix('-') {
                Some(digits) => (true, digits),
                None => (false, n.as_str()),
            };
            let literal = match digits.parse::<u64>() {
                Ok(int) => Literal::u64_unsuffixed(int),
                Err(_) => Literal::f64_unsuffixed(digits.parse().unwrap_or(0.0)),
            };
            if negative {
                quote!(default = -#literal)
            } else {
                quote!(default = #literal)
            }
        }
        SqlDefault::Number(n) => quote!(default_sql = #n),
        SqlDefault::Boolean(b) => quote!(default = #b),
        SqlDefault::Json(json) => quote!(default_json = #json),
        SqlDefault::Now
            if matches!(
                sql_type,
                SqlType::Timestamp | SqlType::TimestampTz | SqlType::Date
            ) =>
        {
            quote!(default_now)
        }
        SqlDefault::Now => quote!(default_sql = "now()"),
        SqlDefault::Expression(expr) => quote!(default_sql = #expr),
    }
}

fn enum_item(e: &TsEnum) -> TokenStream {
    let ident = format_ident!("{}", e.name);
    let variants = e.variants.iter().map(|value| {
        let variant = format_ident!("{}", value.to_upper_camel_case());
        if variant.to_string().to_snake_case() == *value {
            quote!(#variant)
        } else {
            quote!(#[ts_enum(rename = #value)] #variant)
        }
    });
    let inline = e.inline.then(|| quote!(#[ts_enum(inline)]));
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
        #inline
        pub enum #ident { #(#variants),* }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_comes_out_as_a_derive() {
        let mut users = TableDef::empty("users");
        users.columns.push(ColumnDef {
            name: "id".into(),
            renamed_from: None,
            sql_type: SqlType::Text,
            not_null: true,
            default: None,
            ts: Default::default(),
        });
        users.primary_key = Some(PrimaryKey::new("users", vec!["id".into()]));
        users.ts.row_type = "User".into();
        let files = pull(
            &Schema {
                tables: vec![users],
                ..Default::default()
            },
            &[],
        )
        .unwrap();
        let text = &files[SINGLE_FILE];
        assert!(text.contains("#[table(name = \"users\")]\npub struct User {\n    #[column(primary_key)]\n    pub id: String,\n}"), "{text}");
        assert!(text.contains(".table::<User>()"), "{text}");
    }
}
