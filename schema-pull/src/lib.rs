//! The Rust source of a schema: `#[derive(Table)]` structs, `#[derive(TsEnum)]` enums,
//! relations and TypeScript names, from the model (the last snapshot of a history, or a
//! database's catalog). Generated with `quote`, formatted with `prettyplease`.
//!
//! What the derive cannot declare yet is an error naming the table and the object: constraint
//! names other than the derive's (`{table}_{cols}_unique`, `…_fk`, `{table}_pkey`,
//! `{table}_{cols}_pk`), foreign keys over several columns, and views (declared by hand with
//! `#[derive(View)]`). Everything else the model holds comes out as written (PostgreSQL enums,
//! CHECK constraints, every index option, `NULLS NOT DISTINCT`, generated and identity columns,
//! extensions, sequences), so the pulled source declares the same model: `gen` on it has nothing
//! to do. Nothing is left out silently.

use std::collections::BTreeMap;

use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use schema_model::{
    bare_name, split_qualified, ColumnDef, FkAction, ForeignKey, Index, PrimaryKey, RelationKind,
    Schema, SqlDefault, SqlType, TableDef, TsEnum, TsType, UniqueConstraint,
};

/// An enum the pulled source declares: its TypeScript union and, for a PostgreSQL enum, the
/// type's name in the model (`task_status`, `auth.role`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct PulledEnum {
    ts: TsEnum,
    pg: Option<String>,
}

impl PulledEnum {
    /// A union stored as text or JSON, not a PostgreSQL enum type.
    fn union(ts: &TsEnum) -> PulledEnum {
        PulledEnum {
            ts: ts.clone(),
            pg: None,
        }
    }
}

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
    let mut enums: BTreeMap<String, PulledEnum> = BTreeMap::new();
    let mut items: BTreeMap<&str, TokenStream> = BTreeMap::new();
    for view in &schema.views {
        problems.push(format!(
            "view {}: pull does not write views yet; declare it with #[derive(View)] (README: Views and materialized views)",
            view.name
        ));
    }
    for table in &schema.tables {
        match table_item(table, schema, &structs, &mut enums) {
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
    let enum_items: Vec<TokenStream> = enums.values().map(enum_item).collect();
    let builder_calls: Vec<TokenStream> = schema
        .extensions
        .iter()
        // PostgreSQL creates every database with plpgsql; a catalog lists it, nobody declares it.
        .filter(|name| *name != "plpgsql")
        .map(|name| quote!(.extension(#name)))
        .chain(schema.tables.iter().map(|t| {
            let ident = &structs[t.name.as_str()];
            quote!(.table::<#ident>())
        }))
        .chain(schema.sequences.iter().map(sequence_call))
        .collect();
    let try_schema = quote! {
        /// The whole schema, checked (`SchemaBuilder::build`).
        pub fn try_schema() -> Result<schema_model::Schema, schema_model::SchemaErrors> {
            schema_model::SchemaBuilder::new()
                #(#builder_calls)*
                .build()
        }
    };
    // clippy takes an option repeated across `index(...)` lists (`nulls_first` in two of them)
    // for a duplicated attribute; the files allow it (a false positive on the derive's lists).
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
            #![allow(dead_code, clippy::duplicated_attributes)]
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
            #![allow(dead_code, clippy::duplicated_attributes)]
            #[allow(unused_imports)]
            use super::*;
            #nanoid
            use schema_model::Table;
            #(#tables)*
        };
        files.insert(format!("{module}.rs"), format(file));
    }
    let file = quote! {
        #![allow(dead_code, clippy::duplicated_attributes)]
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
        table.bare_name().to_upper_camel_case()
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

fn table_item(
    table: &TableDef,
    schema: &Schema,
    structs: &BTreeMap<&str, Ident>,
    enums: &mut BTreeMap<String, PulledEnum>,
) -> Result<TokenStream, Vec<String>> {
    let mut problems = Vec::new();
    let name = &table.name;
    let ident = &structs[name.as_str()];
    let field_of = |column: &str| field_ident(column).0;
    // A table outside `public` (`auth.users`): `name = "users", schema = "auth"`.
    let bare = table.bare_name();
    let mut table_args: Vec<TokenStream> = vec![quote!(name = #bare)];
    if let Some(pg_schema) = table.pg_schema() {
        table_args.push(quote!(schema = #pg_schema));
    }
    if table.ts.export_name != bare.to_lower_camel_case() && !table.ts.export_name.is_empty() {
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
                &format!("{bare}_pkey"),
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
            let fields = unique.columns.iter().map(|c| field_of(c));
            table_args.push(quote!(unique(#(#fields),*, nulls_not_distinct)));
        } else if unique.columns.len() == 1 {
            single_uniques.push(unique.columns[0].as_str());
        } else {
            let fields = unique.columns.iter().map(|c| field_of(c));
            table_args.push(quote!(unique(#(#fields),*)));
        }
    }
    let mut single_indexes = Vec::new();
    for index in &table.indexes {
        let plain = Index::new(
            Index::default_name(name, &index.columns),
            index.columns.clone(),
            false,
        );
        if *index == plain && index.columns.len() == 1 {
            single_indexes.push(index.columns[0].as_str());
        } else {
            match index_arg(index, name) {
                Ok(arg) => table_args.push(arg),
                Err(why) => problems.push(why),
            }
        }
    }
    for check in &table.checks {
        let (check_name, sql) = (&check.name, &check.expression);
        table_args.push(quote!(check(name = #check_name, sql = #sql)));
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
        let (ty, sql_type) = match rust_type(column, schema, &mut problems, enums) {
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
        match &column.generated {
            Some(schema_model::Generated::Stored { expression }) => {
                args.push(quote!(generated = #expression))
            }
            Some(schema_model::Generated::Identity(identity)) => {
                args.push(identity_arg(identity, table.bare_name(), column))
            }
            None => {}
        }
        if column.ts.string_mode {
            args.push(quote!(mode = "string"));
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
fn rust_type(
    column: &ColumnDef,
    schema: &Schema,
    problems: &mut Vec<String>,
    enums: &mut BTreeMap<String, PulledEnum>,
) -> Option<(TokenStream, Option<String>)> {
    let mut override_type = None;
    let base = match (&column.ts.ty, &column.sql_type) {
        // A PostgreSQL enum: `#[ts_enum(pg_enum = "...")]` on the Rust enum, no `sql_type`.
        (ty, SqlType::Enum(pg_name)) => {
            let ts = match ty {
                Some(TsType::Enum(e)) => e.clone(),
                _ => match schema.pg_enum(pg_name) {
                    Some(pg) => TsEnum {
                        name: bare_name(pg_name).to_upper_camel_case(),
                        variants: pg.values.clone(),
                        inline: false,
                    },
                    None => {
                        problems.push(format!(
                            "column {}: its enum type {pg_name} is not in the schema",
                            column.name
                        ));
                        return None;
                    }
                },
            };
            let ident = format_ident!("{}", ts.name);
            remember(
                enums,
                PulledEnum {
                    ts,
                    pg: Some(pg_name.clone()),
                },
                problems,
            )?;
            quote!(#ident)
        }
        (Some(TsType::Enum(e)), sql) => {
            remember(enums, PulledEnum::union(e), problems)?;
            if *sql != SqlType::Text {
                override_type = Some(sql.sql());
            }
            let ident = format_ident!("{}", e.name);
            quote!(#ident)
        }
        (Some(TsType::EnumArray(e)), SqlType::Jsonb) => {
            remember(enums, PulledEnum::union(e), problems)?;
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

fn remember(
    enums: &mut BTreeMap<String, PulledEnum>,
    e: PulledEnum,
    problems: &mut Vec<String>,
) -> Option<()> {
    match enums.get(&e.ts.name) {
        Some(known) if *known != e => {
            problems.push(format!(
                "two different enums are named {} (give one another TypeScript name first)",
                e.ts.name
            ));
            None
        }
        _ => {
            enums.insert(e.ts.name.clone(), e);
            Some(())
        }
    }
}

/// `index(...)` on the table for every index a bare `#[column(index)]` does not declare: a
/// name other than drizzle-kit's, several or expression keys, orders, operator classes, a
/// method, a predicate, storage parameters, `unique`, `concurrently`.
fn index_arg(index: &Index, table: &str) -> Result<TokenStream, String> {
    let mut parts: Vec<TokenStream> = Vec::new();
    let expression = (0..index.columns.len()).any(|i| index.key(i).expression);
    if expression || index.name != Index::default_name(table, &index.columns) {
        let name = &index.name;
        parts.push(quote!(name = #name));
    }
    for (i, column) in index.columns.iter().enumerate() {
        let key = index.key(i);
        if key.expression {
            parts.push(quote!(sql = #column));
            continue;
        }
        let (field, _) = field_ident(column);
        let mut options = Vec::new();
        if key.desc {
            options.push(quote!(desc));
        }
        if key.nulls_first {
            options.push(quote!(nulls_first));
        }
        if let Some(op) = &key.opclass {
            options.push(quote!(op = #op));
        }
        parts.push(if options.is_empty() {
            quote!(#field)
        } else {
            quote!(#field(#(#options),*))
        });
    }
    if index.method != "btree" {
        let method = &index.method;
        parts.push(quote!(using = #method));
    }
    if let Some(predicate) = &index.where_sql {
        parts.push(quote!(where_sql = #predicate));
    }
    if !index.with.is_empty() {
        let mut params = Vec::new();
        for (param, value) in &index.with {
            let value = storage_value(value).ok_or_else(|| {
                format!(
                    "index {}: the storage parameter {param} = {value} is not a number, boolean or word",
                    index.name
                )
            })?;
            let param = format_ident!("{}", param);
            params.push(quote!(#param = #value));
        }
        parts.push(quote!(with(#(#params),*)));
    }
    if index.unique {
        parts.push(quote!(unique));
    }
    if index.concurrently {
        parts.push(quote!(concurrently));
    }
    Ok(quote!(index(#(#parts),*)))
}

/// A storage parameter's value as the derive reads it: a number, `true`/`false`, or a word.
fn storage_value(value: &str) -> Option<TokenStream> {
    if let Ok(int) = value.parse::<u64>() {
        let literal = Literal::u64_unsuffixed(int);
        return Some(quote!(#literal));
    }
    if value.contains('.') {
        if let Ok(float) = value.parse::<f64>() {
            let literal = Literal::f64_unsuffixed(float);
            return Some(quote!(#literal));
        }
    }
    match value {
        "true" => Some(quote!(true)),
        "false" => Some(quote!(false)),
        _ => syn::parse_str::<Ident>(value)
            .ok()
            .map(|word| quote!(#word)),
    }
}

/// `identity = always`, or `identity(by_default, start_with = 100, …)` with the sequence options
/// that differ from what drizzle-kit resolves for the column's type.
fn identity_arg(identity: &schema_model::Identity, table: &str, column: &ColumnDef) -> TokenStream {
    let kind = format_ident!(
        "{}",
        if identity.always {
            "always"
        } else {
            "by_default"
        }
    );
    let s = &identity.sequence;
    let mut options: Vec<TokenStream> =
        declared_options(s, schema_model::identity_range(&column.sql_type))
            .map(|(option, n)| quote!(#option = #n))
            .collect();
    if s.cycle {
        options.push(quote!(cycle));
    }
    if s.name != format!("{table}_{}_seq", column.name) {
        let name = &s.name;
        options.push(quote!(name = #name));
    }
    if options.is_empty() {
        quote!(identity = #kind)
    } else {
        quote!(identity(#kind, #(#options),*))
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

fn enum_item(pulled: &PulledEnum) -> TokenStream {
    let e = &pulled.ts;
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
    let pg = pulled
        .pg
        .as_deref()
        .map(|name| match split_qualified(name) {
            (Some(pg_schema), bare) => quote!(#[ts_enum(pg_enum = #bare, schema = #pg_schema)]),
            (None, bare) => quote!(#[ts_enum(pg_enum = #bare)]),
        });
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
        #inline
        #pg
        pub enum #ident { #(#variants),* }
    }
}

/// [`schema_model::Sequence::declared_options`] as Rust: each option's name, and its value as an
/// integer literal.
fn declared_options(
    sequence: &schema_model::Sequence,
    range: (i64, i64),
) -> impl Iterator<Item = (Ident, Literal)> + '_ {
    sequence
        .declared_options(range)
        .into_iter()
        .filter_map(|(option, value)| {
            let n = value.parse::<i64>().ok()?;
            Some((format_ident!("{option}"), Literal::i64_unsuffixed(n)))
        })
}

/// `.sequence(schema_model::PgSequence::new("s").start_with(1000))`: the options drizzle-kit
/// (and `PgSequence`) would not resolve by themselves.
fn sequence_call(sequence: &schema_model::SequenceDef) -> TokenStream {
    let s = &sequence.sequence;
    let mut calls: Vec<TokenStream> = declared_options(s, schema_model::sequences::SEQUENCE_RANGE)
        .map(|(method, n)| quote!(.#method(#n)))
        .collect();
    if s.cycle {
        calls.push(quote!(.cycle()));
    }
    if let (Some(pg_schema), _) = split_qualified(&s.name) {
        calls.push(quote!(.schema(#pg_schema)));
    }
    let name = bare_name(&s.name);
    quote!(.sequence(schema_model::PgSequence::new(#name) #(#calls)*))
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
            generated: None,
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

    #[test]
    fn sequences_come_out_as_builder_calls_with_the_options_that_differ() {
        let sequences = [
            schema_model::PgSequence::new("order_numbers")
                .start_with(1000)
                .increment(5)
                .cycle(),
            schema_model::PgSequence::new("countdown").increment(-1),
            schema_model::PgSequence::new("plain"),
            schema_model::PgSequence::new("tickets").schema("auth"),
        ];
        let schema = Schema {
            sequences: sequences.iter().map(|s| s.def()).collect(),
            ..Default::default()
        };
        let text: String = pull(&schema, &[]).unwrap()[SINGLE_FILE]
            .split_whitespace()
            .collect();
        assert!(
            text.contains(
                ".sequence(schema_model::PgSequence::new(\"order_numbers\").start_with(1000).increment(5).cycle(),)"
            ),
            "{text}"
        );
        assert!(
            text.contains(".sequence(schema_model::PgSequence::new(\"countdown\").increment(-1))"),
            "{text}"
        );
        assert!(
            text.contains(".sequence(schema_model::PgSequence::new(\"plain\"))"),
            "{text}"
        );
        assert!(
            text.contains(".sequence(schema_model::PgSequence::new(\"tickets\").schema(\"auth\"))"),
            "{text}"
        );
    }

    #[test]
    fn a_view_is_a_problem_and_plpgsql_is_not_declared() {
        let schema = Schema {
            extensions: vec!["plpgsql".into(), "citext".into()],
            views: vec![schema_model::ViewDef {
                name: "active_users".into(),
                materialized: false,
                definition: "select 1".into(),
                columns: Vec::new(),
                ts: Default::default(),
            }],
            ..Default::default()
        };
        let problems = pull(&schema, &[]).unwrap_err();
        assert_eq!(
            problems,
            ["view active_users: pull does not write views yet; declare it with #[derive(View)] (README: Views and materialized views)"]
        );
        let text = pull(
            &Schema {
                views: Vec::new(),
                ..schema
            },
            &[],
        )
        .unwrap()
        .remove(SINGLE_FILE)
        .unwrap();
        assert!(text.contains(".extension(\"citext\")"), "{text}");
        assert!(!text.contains("plpgsql"), "{text}");
    }

    #[test]
    fn an_index_a_column_attribute_cannot_hold_goes_on_the_table() {
        let mut index = Index::new("t_b_a_index", vec!["b".into(), "a".into()], true);
        index.method = "gin".into();
        index.keys = vec![
            schema_model::IndexKey {
                opclass: Some("gin_trgm_ops".into()),
                ..Default::default()
            },
            schema_model::IndexKey {
                desc: true,
                nulls_first: true,
                ..Default::default()
            },
        ];
        index.where_sql = Some("\"a\" IS NOT NULL".into());
        index.with = vec![("fastupdate".into(), "false".into())];
        index.concurrently = true;
        let arg: String = index_arg(&index, "t")
            .unwrap()
            .to_string()
            .split_whitespace()
            .collect();
        assert_eq!(
            arg,
            "index(b(op=\"gin_trgm_ops\"),a(desc,nulls_first),using=\"gin\",where_sql=\"\\\"a\\\"ISNOTNULL\",with(fastupdate=false),unique,concurrently)"
        );
        index.name = "custom".into();
        index.with = vec![("fillfactor".into(), "70 percent".into())];
        assert_eq!(
            index_arg(&index, "t").unwrap_err(),
            "index custom: the storage parameter fillfactor = 70 percent is not a number, boolean or word"
        );
    }
}
