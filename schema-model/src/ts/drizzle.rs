//! `schema.ts`: the drizzle schema, written the way the orchestrator's hand-written one is.

mod generated;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::ToLowerCamelCase;

use crate::model::{
    ColumnDef, FkAction, ForeignKey, Index, PrimaryKey, Relation, RelationKind, Schema, SqlDefault,
    SqlType, TableDef, UniqueConstraint,
};
use crate::views::ViewDef;

use super::layout::{
    chain, export_all_types, member, named_list, object_entry, object_flat, pad, property_key,
    section_comment, string_literal, Arg, Call,
};
use super::typedoc::single_type_call_entry;
use super::typing::{
    imported_types, in_primary_key, narrowed_type, property_of, table_unions, type_expression,
    union_declaration,
};
use super::{TsOptions, GENERATED_HEADER, USER_DEFAULT_FNS_MODULE, USER_TYPES_MODULE};

/// The names `drizzle-orm/pg-core` exports that the schema may use, in import order (the
/// seed's order, with the builders it does not use slotted in beside their kin).
const PG_CORE_ORDER: &[&str] = &[
    "pgSchema",
    "pgTable",
    "pgEnum",
    "pgView",
    "pgMaterializedView",
    "pgSequence",
    "text",
    "varchar",
    "smallint",
    "integer",
    "bigint",
    "real",
    "doublePrecision",
    "numeric",
    "timestamp",
    "date",
    "boolean",
    "uuid",
    "json",
    "jsonb",
    "char",
    "time",
    "interval",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "serial",
    "smallserial",
    "bigserial",
    "customType",
    "unique",
    "primaryKey",
    "foreignKey",
    "index",
    "uniqueIndex",
    "check",
];

/// Application-side default functions with a package of their own.
const PACKAGED_DEFAULT_FNS: &[(&str, &str)] = &[("nanoid", "nanoid")];

/// The parameter name of the table's extra-config callback, as the seed writes it.
const TABLE_PARAM: &str = "table";

/// What the file must import, collected while the body is written.
#[derive(Default)]
struct Imports {
    pg_core: BTreeSet<&'static str>,
    any_pg_column: bool,
    relations: bool,
    sql: bool,
    default_fns: BTreeSet<String>,
}

impl Imports {
    fn pg(&mut self, name: &'static str) {
        debug_assert!(
            PG_CORE_ORDER.contains(&name),
            "{name} missing from PG_CORE_ORDER"
        );
        self.pg_core.insert(name);
    }

    fn statements(&self, schema: &IndexedSchema, options: &TsOptions) -> Vec<String> {
        let relative = |module: &str| options.import_extension.specifier(module);
        let mut out = Vec::new();
        let mut pg: Vec<String> = PG_CORE_ORDER
            .iter()
            .filter(|n| self.pg_core.contains(*n))
            .map(|n| n.to_string())
            .collect();
        if self.any_pg_column {
            pg.push("type AnyPgColumn".to_string());
        }
        out.push(named_list("import", &pg, "drizzle-orm/pg-core"));
        let orm: Vec<String> = [("relations", self.relations), ("sql", self.sql)]
            .iter()
            .filter(|(_, used)| *used)
            .map(|(n, _)| n.to_string())
            .collect();
        if !orm.is_empty() {
            out.push(named_list("import", &orm, "drizzle-orm"));
        }
        for (function, package) in PACKAGED_DEFAULT_FNS {
            if self.default_fns.contains(*function) {
                out.push(named_list("import", &[function.to_string()], package));
            }
        }
        let user_fns: Vec<String> = self
            .default_fns
            .iter()
            .filter(|f| !PACKAGED_DEFAULT_FNS.iter().any(|(p, _)| p == f))
            .cloned()
            .collect();
        if !user_fns.is_empty() {
            out.push(named_list(
                "import",
                &user_fns,
                &relative(USER_DEFAULT_FNS_MODULE),
            ));
        }
        let user_types = imported_types(schema);
        if !user_types.is_empty() {
            out.push(named_list(
                "import type",
                &user_types,
                &relative(USER_TYPES_MODULE),
            ));
        }
        out
    }
}

/// The schema with its tables by name: the emitter looks a table up for each foreign key and
/// relation, so a linear `Schema::table` made 10,000 tables quadratic.
struct IndexedSchema<'s> {
    schema: &'s Schema,
    by_name: HashMap<&'s str, &'s TableDef>,
}

impl<'s> IndexedSchema<'s> {
    fn new(schema: &'s Schema) -> Self {
        let mut by_name = HashMap::with_capacity(schema.tables.len());
        for table in &schema.tables {
            by_name.entry(table.name.as_str()).or_insert(table);
        }
        IndexedSchema { schema, by_name }
    }

    /// `Schema::table`, in constant time.
    fn table(&self, name: &str) -> Option<&'s TableDef> {
        self.by_name.get(name).copied()
    }
}

impl std::ops::Deref for IndexedSchema<'_> {
    type Target = Schema;

    fn deref(&self) -> &Schema {
        self.schema
    }
}

pub(super) fn schema_ts(schema: &Schema, options: &TsOptions) -> String {
    let schema = &IndexedSchema::new(schema);
    let mut imports = Imports::default();
    // A table outside `public` is built by its schema's `auth.table(...)`.
    if schema.tables.is_empty() || schema.tables.iter().any(|t| t.pg_schema().is_none()) {
        imports.pg("pgTable");
    }
    let custom_types = custom_types(schema);
    if !custom_types.is_empty() {
        imports.pg("customType");
    }

    let mut body: Vec<String> = custom_types
        .iter()
        .map(|(ident, spelling)| custom_type_declaration(ident, spelling))
        .collect();
    let pg_schemas = schema.pg_schemas();
    if !pg_schemas.is_empty() {
        imports.pg("pgSchema");
        body.extend(pg_schemas.iter().map(|name| {
            format!(
                "export const {} = pgSchema({});",
                pg_schema_ident(schema, name),
                string_literal(name)
            )
        }));
    }
    if !schema.enums.is_empty() {
        if schema.enums.iter().any(|e| !e.name.contains('.')) {
            imports.pg("pgEnum");
        }
        body.extend(schema.enums.iter().map(|e| pg_enum_declaration(schema, e)));
    }
    if !schema.sequences.is_empty() {
        if schema.sequences.iter().any(|s| s.pg_schema().is_none()) {
            imports.pg("pgSequence");
        }
        body.extend(schema.sequences.iter().map(|s| {
            let builder = builder_in(schema, s.name(), "pgSequence", "sequence");
            sequence_declaration(&sequence_ident(schema, s), &builder, &s.sequence)
        }));
    }
    let mut declared_unions = BTreeSet::new();
    let mut last_section: Option<&str> = None;
    for table in &schema.tables {
        if let Some(section) = table.ts.section.as_deref() {
            if last_section != Some(section) {
                body.push(section_comment(section));
                last_section = Some(section);
            }
        }
        for e in table_unions(table) {
            if declared_unions.insert(e.name.as_str()) {
                body.push(union_declaration(e));
            }
        }
        body.push(table_statement(schema, table, &custom_types, &mut imports));
    }
    for view in crate::views::drizzle_order(&schema.views) {
        for e in super::typing::column_unions(&view.columns) {
            if declared_unions.insert(e.name.as_str()) {
                body.push(union_declaration(e));
            }
        }
        body.push(view_statement(schema, view, &custom_types, &mut imports));
    }
    let names = relation_names(schema);
    let relation_blocks: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| !t.ts.relations.is_empty())
        .map(|t| relations_statement(schema, t, &names))
        .collect();
    if !relation_blocks.is_empty() {
        imports.relations = true;
        body.push(section_comment("RELATIONS"));
        body.extend(relation_blocks);
    }

    let mut blocks = vec![GENERATED_HEADER.to_string()];
    blocks.push(imports.statements(schema, options).join("\n"));
    // Every type of the user's module, not only those the columns use: the app imports its
    // JSON shapes from the schema module. Only when the schema imports from it, so a schema
    // with no JSON shapes needs no such module.
    if !imported_types(schema).is_empty() {
        let module = options.import_extension.specifier(USER_TYPES_MODULE);
        blocks.push(export_all_types(&module));
    }
    blocks.extend(body);
    blocks.join("\n\n") + "\n"
}

/// The user-spelled SQL types (`SqlType::Other`), in order of first use, with the identifier
/// of the `customType` that writes each.
fn custom_types(schema: &IndexedSchema) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let view_columns = schema.views.iter().flat_map(|v| &v.columns);
    for column in schema
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .chain(view_columns)
    {
        if let SqlType::Other(spelling) = &column.sql_type {
            if crate::pg_type::builder(&column.sql_type).is_some() {
                continue;
            }
            if !out.iter().any(|(_, s)| s == spelling) {
                let words: String = spelling
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
                    .collect();
                let mut ident = words.to_lower_camel_case();
                if !ident.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    ident = format!("sql{ident}");
                }
                ident.push_str("Type");
                out.push((ident, spelling.clone()));
            }
        }
    }
    out
}

/// The constant a `pgEnum` is exported as: its SQL name in camelCase (`taskStatus`), with `Enum`
/// after it when a table is exported under that name.
fn pg_enum_ident(schema: &IndexedSchema, name: &str) -> String {
    let ident = crate::model::bare_name(name).to_lower_camel_case();
    if schema.tables.iter().any(|t| t.ts.export_name == ident) {
        format!("{ident}Enum")
    } else {
        ident
    }
}

/// The constant a `pgSchema` is exported as: its name in camelCase (`auth`), with `Schema` after
/// it when a table or enum type is exported under that name.
fn pg_schema_ident(schema: &IndexedSchema, name: &str) -> String {
    let ident = name.to_lower_camel_case();
    let taken = schema.tables.iter().any(|t| t.ts.export_name == ident)
        || schema
            .enums
            .iter()
            .any(|e| pg_enum_ident(schema, &e.name) == ident);
    if taken {
        format!("{ident}Schema")
    } else {
        ident
    }
}

/// The builder of a table, enum type or sequence of model key `name`: `pgTable`/`pgEnum`/
/// `pgSequence` in `public`, `auth.table`/`auth.enum`/`auth.sequence` in schema `auth`.
fn builder_in(schema: &IndexedSchema, name: &str, public: &str, method: &str) -> String {
    match crate::model::split_qualified(name).0 {
        Some(pg_schema) => format!("{}.{method}", pg_schema_ident(schema, pg_schema)),
        None => public.to_string(),
    }
}

/// `export const taskStatus = pgEnum("task_status", ["todo", "done"]);` (`auth.enum("role", …)`
/// in a schema), the array hugged one value a line when the line is too long, as prettier
/// writes it.
fn pg_enum_declaration(schema: &IndexedSchema, e: &crate::model::PgEnum) -> String {
    let ident = pg_enum_ident(schema, &e.name);
    let builder = builder_in(schema, &e.name, "pgEnum", "enum");
    let values: Vec<String> = e.values.iter().map(|v| string_literal(v)).collect();
    let head = format!(
        "export const {ident} = {builder}({}, [",
        string_literal(crate::model::bare_name(&e.name))
    );
    let flat = format!("{head}{}]);", values.join(", "));
    if super::layout::fits(&flat) {
        return flat;
    }
    let mut out = head;
    for value in values {
        out.push_str(&format!("\n  {value},"));
    }
    out.push_str("\n]);");
    out
}

/// The constant a `pgSequence` is exported as: its SQL name in camelCase (`orderNumbers`), with
/// `Sequence` after it when a table, view or enum is exported under that name.
fn sequence_ident(schema: &IndexedSchema, sequence: &crate::sequences::SequenceDef) -> String {
    let ident = sequence.export_name();
    let taken = schema.tables.iter().any(|t| t.ts.export_name == ident)
        || schema.views.iter().any(|v| v.ts.export_name == ident)
        || schema
            .enums
            .iter()
            .any(|e| pg_enum_ident(schema, &e.name) == ident);
    if taken {
        format!("{ident}Sequence")
    } else {
        ident
    }
}

/// `export const orderNumbers = pgSequence("order_numbers", { startWith: 1000 });` (`builder` is
/// `auth.sequence` in schema `auth`): the options that differ from what drizzle-kit resolves by
/// itself, one a line when the line is too long.
fn sequence_declaration(ident: &str, builder: &str, sequence: &crate::model::Sequence) -> String {
    let mut options: Vec<String> = sequence
        .declared_options(crate::sequences::SEQUENCE_RANGE)
        .into_iter()
        .map(|(option, value)| {
            format!(
                "{}: {}",
                option.to_lower_camel_case(),
                generated::number(value)
            )
        })
        .collect();
    if sequence.cycle {
        options.push("cycle: true".to_string());
    }
    let head = format!(
        "export const {ident} = {builder}({}",
        string_literal(crate::model::bare_name(&sequence.name))
    );
    if options.is_empty() {
        return format!("{head});");
    }
    let flat = format!("{head}, {{ {} }});", options.join(", "));
    if super::layout::fits(&flat) {
        return flat;
    }
    let mut out = format!("{head}, {{");
    for option in options {
        out.push_str(&format!("\n  {option},"));
    }
    out.push_str("\n});");
    out
}

fn custom_type_declaration(ident: &str, spelling: &str) -> String {
    format!(
        "const {ident} = customType<{{ data: string }}>({{\n  dataType() {{\n    return {};\n  }},\n}});",
        string_literal(spelling)
    )
}

fn table_statement(
    schema: &IndexedSchema,
    table: &TableDef,
    custom_types: &[(String, String)],
    imports: &mut Imports,
) -> String {
    let export = &table.ts.export_name;
    let name = string_literal(table.bare_name());
    let builder = builder_in(schema, &table.name, "pgTable", "table");
    let extras = extra_config(schema, table, imports);
    let opening = format!("export const {export} = {builder}({name}, {{");
    // `pgTable("users", {` when the call fits on its line with no third argument; otherwise
    // prettier breaks every argument onto its own line and the columns go one level deeper.
    let one_line = extras.is_empty() && super::layout::fits(&opening);
    let (mut out, indent) = if one_line {
        (opening, 2)
    } else {
        (
            format!("export const {export} = {builder}(\n  {name},\n  {{"),
            4,
        )
    };
    for column in &table.columns {
        out.push('\n');
        out.push_str(&column_line(
            schema,
            table,
            column,
            indent,
            custom_types,
            imports,
        ));
    }
    if one_line {
        out.push_str("\n});");
        return out;
    }
    out.push_str("\n  },");
    if !extras.is_empty() {
        out.push('\n');
        out.push_str(&extras_callback(&extras));
    }
    out.push_str("\n);");
    out
}

/// ``export const activeUsers = pgView("active_users", { ... }).as(sql`...`);``: a view with
/// explicit columns, so drizzle-kit and the row types know them without running the query.
fn view_statement(
    schema: &IndexedSchema,
    view: &ViewDef,
    custom_types: &[(String, String)],
    imports: &mut Imports,
) -> String {
    let builder = if view.materialized {
        "pgMaterializedView"
    } else {
        "pgView"
    };
    imports.pg(builder);
    imports.sql = true;
    let columns_only = super::typing::view_table(view);
    let mut out = format!(
        "export const {} = {builder}({}, {{",
        view.ts.export_name,
        string_literal(&view.name)
    );
    for column in &view.columns {
        out.push('\n');
        out.push_str(&column_line(
            schema,
            &columns_only,
            column,
            2,
            custom_types,
            imports,
        ));
    }
    let escaped = view
        .definition
        .replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${");
    out.push_str(&format!("\n}}).as(sql`{escaped}`);"));
    out
}

/// `(table) => [a, b],` on one line when it fits, else one entry a line.
fn extras_callback(extras: &[(Call, Vec<Call>)]) -> String {
    let flat_entries: Vec<String> = extras
        .iter()
        .map(|(head, calls)| head.flat() + &calls.iter().map(Call::flat).collect::<String>())
        .collect();
    let flat = format!("  ({TABLE_PARAM}) => [{}],", flat_entries.join(", "));
    if super::layout::fits(&flat) {
        return flat;
    }
    let mut out = format!("  ({TABLE_PARAM}) => [");
    for (head, calls) in extras {
        out.push('\n');
        out.push_str(&chain(&pad(4), 4, head, calls, ","));
    }
    out.push_str("\n  ],");
    out
}

/// The single-column primary key written inline (`.primaryKey()`): drizzle cannot name it,
/// so only with PostgreSQL's own name.
fn inline_primary_key(table: &TableDef, column: &ColumnDef) -> bool {
    table.primary_key.as_ref().is_some_and(|pk| {
        is_only(&pk.columns, &column.name)
            && pk.name == PrimaryKey::default_name(&table.name, &pk.columns)
    })
}

/// A unique constraint written inline (`.unique()`): one column, drizzle-kit's name.
fn is_inline_unique(table: &TableDef, unique: &UniqueConstraint) -> bool {
    unique.columns.len() == 1
        && !unique.nulls_not_distinct
        && unique.name == UniqueConstraint::default_name(&table.name, &unique.columns)
}

/// A foreign key written inline (`.references(…)`): one column, drizzle-kit's name.
fn is_inline_foreign_key(table: &TableDef, fk: &ForeignKey) -> bool {
    fk.columns.len() == 1
        && fk.name
            == ForeignKey::default_name(&table.name, &fk.columns, &fk.ref_table, &fk.ref_columns)
}

fn column_line(
    schema: &IndexedSchema,
    table: &TableDef,
    column: &ColumnDef,
    indent: usize,
    custom_types: &[(String, String)],
    imports: &mut Imports,
) -> String {
    let head = column_builder(schema, column, custom_types, imports);
    let dims = crate::pg_type::array_element(&column.sql_type)
        .filter(|_| crate::pg_type::builder(&column.sql_type).is_some())
        .map_or(0, |(_, dims)| dims);
    let mut calls: Vec<Call> = (0..dims).map(|_| Call::new(".array", vec![])).collect();
    if let Some(ty) = &column.ts.ty {
        let type_expr = type_expression(column);
        calls.push(Call {
            name: ".$type".into(),
            type_arg: type_expr.is_none().then(|| narrowed_type(ty)),
            type_expr,
            args: vec![],
        });
    }
    if inline_primary_key(table, column) {
        calls.push(Call::new(".primaryKey", vec![]));
    } else if column.not_null || in_primary_key(table, column) {
        calls.push(Call::new(".notNull", vec![]));
    }
    match &column.default {
        None => {}
        Some(SqlDefault::Now) => calls.push(Call::new(".defaultNow", vec![])),
        Some(SqlDefault::Expression(e))
            if column.sql_type == SqlType::Uuid && e == "gen_random_uuid()" =>
        {
            calls.push(Call::new(".defaultRandom", vec![]))
        }
        Some(default) => calls.push(Call::new(
            ".default",
            vec![Arg::Plain(default_value(column, default, imports))],
        )),
    }
    generated::calls(table, column, &mut calls, imports);
    if let Some(function) = &column.ts.default_fn {
        imports.default_fns.insert(function.clone());
        calls.push(Call::new(
            ".$defaultFn",
            vec![Arg::Function(format!("() => {function}()"))],
        ));
    }
    if table
        .uniques
        .iter()
        .any(|u| is_only(&u.columns, &column.name) && is_inline_unique(table, u))
    {
        calls.push(Call::new(".unique", vec![]));
    }
    if let Some(fk) = table
        .foreign_keys
        .iter()
        .find(|fk| is_only(&fk.columns, &column.name) && is_inline_foreign_key(table, fk))
    {
        let target = target_column(schema, &fk.ref_table, &fk.ref_columns[0]);
        let function = if fk.ref_table == table.name {
            // A self-reference needs the annotation, or TypeScript calls the table's type
            // circular.
            imports.any_pg_column = true;
            format!("(): AnyPgColumn => {target}")
        } else {
            format!("() => {target}")
        };
        let mut args = vec![Arg::Function(function)];
        let actions = fk_actions(fk);
        if !actions.is_empty() {
            args.push(Arg::Object(actions));
        }
        calls.push(Call::new(".references", args));
    }
    let key = property_key(&column.ts.property);
    if let [Call {
        name,
        type_expr: Some(ty),
        ..
    }] = calls.as_slice()
    {
        if let Some(entry) = single_type_call_entry(indent, &key, &head, name, ty, ",") {
            return entry;
        }
    }
    let prefix = format!("{}{key}: ", pad(indent));
    chain(&prefix, indent, &head, &calls, ",")
}

/// Whether `columns` is `column` alone.
fn is_only(columns: &[String], column: &str) -> bool {
    matches!(columns, [only] if only == column)
}

/// `text("id")`, `varchar("code", { length: 8 })`, `timestamp("at", { withTimezone: true })`.
fn column_builder(
    schema: &IndexedSchema,
    column: &ColumnDef,
    custom_types: &[(String, String)],
    imports: &mut Imports,
) -> Call {
    let name = Arg::Plain(string_literal(&column.name));
    let option = |key: &str, value: &str| Arg::Object(vec![(key.to_string(), value.to_string())]);
    if let Some(builder) = crate::pg_type::builder(&column.sql_type) {
        let mut args = vec![name];
        if !builder.options.is_empty() {
            args.push(Arg::Object(builder.options));
        }
        imports.pg(builder.function);
        return Call::new(builder.function, args);
    }
    let string_mode = column.ts.string_mode;
    let (builder, args): (&'static str, Vec<Arg>) = match &column.sql_type {
        SqlType::Text => ("text", vec![name]),
        SqlType::Varchar(None) => ("varchar", vec![name]),
        SqlType::Varchar(Some(n)) => ("varchar", vec![name, option("length", &n.to_string())]),
        SqlType::SmallInt => ("smallint", vec![name]),
        SqlType::Integer => ("integer", vec![name]),
        // `number` mode, as `types.ts` says: exact up to 2^53.
        SqlType::BigInt => ("bigint", vec![name, option("mode", "\"number\"")]),
        SqlType::Real => ("real", vec![name]),
        SqlType::DoublePrecision => ("doublePrecision", vec![name]),
        SqlType::Numeric => ("numeric", vec![name]),
        SqlType::Boolean => ("boolean", vec![name]),
        SqlType::Timestamp if string_mode => {
            ("timestamp", vec![name, option("mode", "\"string\"")])
        }
        SqlType::Timestamp => ("timestamp", vec![name]),
        SqlType::TimestampTz if string_mode => (
            "timestamp",
            vec![
                name,
                Arg::Object(vec![
                    ("withTimezone".into(), "true".into()),
                    ("mode".into(), "\"string\"".into()),
                ]),
            ],
        ),
        SqlType::TimestampTz => ("timestamp", vec![name, option("withTimezone", "true")]),
        SqlType::Date => ("date", vec![name]),
        SqlType::Uuid => ("uuid", vec![name]),
        SqlType::Json => ("json", vec![name]),
        SqlType::Jsonb => ("jsonb", vec![name]),
        SqlType::Enum(enum_name) => return Call::new(pg_enum_ident(schema, enum_name), vec![name]),
        SqlType::Other(spelling) => {
            let ident = custom_types
                .iter()
                .find(|(_, s)| s == spelling)
                .map(|(ident, _)| ident.clone())
                .expect("custom_types holds every SqlType::Other of the schema");
            return Call::new(ident, vec![name]);
        }
    };
    imports.pg(builder);
    Call::new(builder, args)
}

/// A SQL default as the JavaScript value drizzle turns back into it.
fn default_value(column: &ColumnDef, default: &SqlDefault, imports: &mut Imports) -> String {
    match default {
        SqlDefault::Text(s) => string_literal(s),
        SqlDefault::Number(n) => match column.sql_type {
            // drizzle maps these to strings in TypeScript.
            SqlType::Numeric | SqlType::Text | SqlType::Varchar(_) | SqlType::Other(_) => {
                string_literal(n)
            }
            _ => n.clone(),
        },
        SqlDefault::Boolean(b) => b.to_string(),
        SqlDefault::Json(text) => match serde_json::from_str(text) {
            Ok(value) => json_literal(&value),
            Err(_) => text.clone(),
        },
        SqlDefault::Now => {
            imports.sql = true;
            "sql`now()`".to_string()
        }
        SqlDefault::Expression(expr) => {
            imports.sql = true;
            sql_template(expr)
        }
    }
}

/// ``sql`expr` ``: SQL text verbatim in drizzle's template tag.
fn sql_template(expr: &str) -> String {
    let escaped = expr
        .replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${");
    format!("sql`{escaped}`")
}

/// A JSON value as a JavaScript literal, as prettier writes it.
fn json_literal(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_literal(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<(String, String)> = map
                .iter()
                .map(|(k, v)| (property_key(k).into_owned(), json_literal(v)))
                .collect();
            object_flat(&entries)
        }
    }
}

/// `{ onDelete: "cascade" }` entries; no-action is drizzle's default and left out.
fn fk_actions(fk: &ForeignKey) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if fk.on_delete != FkAction::NoAction {
        out.push(("onDelete".into(), string_literal(fk.on_delete.sql())));
    }
    if fk.on_update != FkAction::NoAction {
        out.push(("onUpdate".into(), string_literal(fk.on_update.sql())));
    }
    out
}

/// `users.id`: a column of another table, by SQL names.
fn target_column(schema: &IndexedSchema, table: &str, column: &str) -> String {
    match schema.table(table) {
        Some(target) => member(&target.ts.export_name, property_of(target, column)),
        None => member(&table.to_lower_camel_case(), &column.to_lower_camel_case()),
    }
}

fn export_of(schema: &IndexedSchema, table: &str) -> String {
    schema
        .table(table)
        .map(|t| t.ts.export_name.clone())
        .unwrap_or_else(|| table.to_lower_camel_case())
}

/// `[table.a, table.b]` from SQL column names.
fn table_columns(table: &TableDef, columns: &[String]) -> String {
    let cols: Vec<String> = columns
        .iter()
        .map(|c| member(TABLE_PARAM, property_of(table, c)))
        .collect();
    cols.join(", ")
}

/// `table.a`, `table.b` as separate arguments (`.on(table.a, table.b)`), so a call too long
/// for its line breaks one argument a line as prettier does.
fn column_args(table: &TableDef, columns: &[String]) -> Vec<Arg> {
    columns
        .iter()
        .map(|c| Arg::Plain(member(TABLE_PARAM, property_of(table, c))))
        .collect()
}

/// The third argument of `pgTable`: what cannot be written on a column.
fn extra_config(
    schema: &IndexedSchema,
    table: &TableDef,
    imports: &mut Imports,
) -> Vec<(Call, Vec<Call>)> {
    let mut out = Vec::new();
    if let Some(pk) = &table.primary_key {
        let inline = pk.columns.len() == 1
            && table
                .column(&pk.columns[0])
                .is_some_and(|c| inline_primary_key(table, c));
        if !inline {
            imports.pg("primaryKey");
            let mut entries = vec![(
                "columns".to_string(),
                format!("[{}]", table_columns(table, &pk.columns)),
            )];
            if pk.name != PrimaryKey::new(&table.name, pk.columns.clone()).name {
                entries.push(("name".into(), string_literal(&pk.name)));
            }
            out.push((Call::new("primaryKey", vec![Arg::Object(entries)]), vec![]));
        }
    }
    for unique in &table.uniques {
        if is_inline_unique(table, unique) {
            continue;
        }
        imports.pg("unique");
        let default_name = UniqueConstraint::new(&table.name, unique.columns.clone()).name;
        let name_args = if unique.name == default_name {
            vec![]
        } else {
            vec![Arg::Plain(string_literal(&unique.name))]
        };
        let mut calls = vec![Call::new(".on", column_args(table, &unique.columns))];
        if unique.nulls_not_distinct {
            calls.push(Call::new(".nullsNotDistinct", vec![]));
        }
        out.push((Call::new("unique", name_args), calls));
    }
    for fk in &table.foreign_keys {
        if is_inline_foreign_key(table, fk) {
            continue;
        }
        imports.pg("foreignKey");
        let target_export = export_of(schema, &fk.ref_table);
        let foreign: Vec<String> = match schema.table(&fk.ref_table) {
            Some(target) => fk
                .ref_columns
                .iter()
                .map(|c| member(&target_export, property_of(target, c)))
                .collect(),
            None => fk
                .ref_columns
                .iter()
                .map(|c| member(&target_export, &c.to_lower_camel_case()))
                .collect(),
        };
        let entries = vec![
            (
                "columns".to_string(),
                format!("[{}]", table_columns(table, &fk.columns)),
            ),
            (
                "foreignColumns".to_string(),
                format!("[{}]", foreign.join(", ")),
            ),
            ("name".to_string(), string_literal(&fk.name)),
        ];
        let mut calls = Vec::new();
        if fk.on_delete != FkAction::NoAction {
            calls.push(Call::new(
                ".onDelete",
                vec![Arg::Plain(string_literal(fk.on_delete.sql()))],
            ));
        }
        if fk.on_update != FkAction::NoAction {
            calls.push(Call::new(
                ".onUpdate",
                vec![Arg::Plain(string_literal(fk.on_update.sql()))],
            ));
        }
        out.push((Call::new("foreignKey", vec![Arg::Object(entries)]), calls));
    }
    for check in &table.checks {
        imports.pg("check");
        imports.sql = true;
        out.push((
            Call::new(
                "check",
                vec![
                    Arg::Plain(string_literal(&check.name)),
                    Arg::Plain(sql_template(&check.expression)),
                ],
            ),
            vec![],
        ));
    }
    for index in &table.indexes {
        out.push(index_call(table, index, imports));
    }
    out
}

/// `index("n").on(table.a, table.b.desc())`, `uniqueIndex("n").using("gin", table.t.op("gin_trgm_ops"))`,
/// then `.where(sql`...`)`, `.with({ ... })`, `.concurrently()`.
fn index_call(table: &TableDef, index: &Index, imports: &mut Imports) -> (Call, Vec<Call>) {
    let builder = if index.unique { "uniqueIndex" } else { "index" };
    imports.pg(builder);
    let mut keys: Vec<Arg> = Vec::new();
    for (i, column) in index.columns.iter().enumerate() {
        let key = index.key(i);
        if key.expression {
            imports.sql = true;
            keys.push(Arg::Plain(sql_template(column)));
            continue;
        }
        let mut text = member(TABLE_PARAM, property_of(table, column));
        if let Some(opclass) = &key.opclass {
            text.push_str(&format!(".op({})", string_literal(opclass)));
        }
        if key.desc {
            text.push_str(".desc()");
        }
        if key.nulls_first {
            text.push_str(".nullsFirst()");
        }
        keys.push(Arg::Plain(text));
    }
    let on = if index.method == "btree" {
        Call::new(".on", keys)
    } else {
        let mut args = vec![Arg::Plain(string_literal(&index.method))];
        args.extend(keys);
        Call::new(".using", args)
    };
    let mut calls = vec![on];
    if let Some(predicate) = &index.where_sql {
        imports.sql = true;
        calls.push(Call::new(
            ".where",
            vec![Arg::Plain(sql_template(predicate))],
        ));
    }
    if !index.with.is_empty() {
        let entries = index
            .with
            .iter()
            .map(|(k, v)| {
                let value = if v.parse::<f64>().is_ok() || v == "true" || v == "false" {
                    v.clone()
                } else {
                    string_literal(v)
                };
                (property_key(k).into_owned(), value)
            })
            .collect();
        calls.push(Call::new(".with", vec![Arg::Object(entries)]));
    }
    if index.concurrently {
        calls.push(Call::new(".concurrently", vec![]));
    }
    (
        Call::new(builder, vec![Arg::Plain(string_literal(&index.name))]),
        calls,
    )
}

fn relations_statement(schema: &IndexedSchema, table: &TableDef, names: &RelationNames) -> String {
    let export = &table.ts.export_name;
    let uses_one = table
        .ts
        .relations
        .iter()
        .any(|r| !matches!(r.kind, RelationKind::Many));
    let uses_many = table
        .ts
        .relations
        .iter()
        .any(|r| matches!(r.kind, RelationKind::Many));
    let helpers: Vec<&str> = [("one", uses_one), ("many", uses_many)]
        .iter()
        .filter(|(_, used)| *used)
        .map(|(h, _)| *h)
        .collect();
    let callback = format!("({{ {} }}) => ({{", helpers.join(", "));
    let opening = format!("export const {export}Relations = relations({export}, {callback}");
    if super::layout::fits(&opening) {
        let mut out = opening;
        for relation in &table.ts.relations {
            out.push('\n');
            let name = names.get(&(table.name.as_str(), relation.name.as_str()));
            out.push_str(&relation_entry(schema, table, relation, name, 2));
        }
        out.push_str("\n}));");
        return out;
    }
    let mut out = format!("export const {export}Relations = relations(\n  {export},\n  {callback}");
    for relation in &table.ts.relations {
        out.push('\n');
        let name = names.get(&(table.name.as_str(), relation.name.as_str()));
        out.push_str(&relation_entry(schema, table, relation, name, 4));
    }
    out.push_str("\n  }),\n);");
    out
}

/// A relation's `relationName` by (table, relation property).
type RelationNames<'s> = BTreeMap<(&'s str, &'s str), String>;

/// `relationName`s for the pairs drizzle cannot match on its own: a `many` whose target holds
/// more than one relation back (a self-reference always does), paired with the one `one` there
/// that owns a foreign key. Keyed by (table, relation property). Qualified by the table of the
/// `one`, so two pairs never share a name.
fn relation_names<'s>(schema: &'s IndexedSchema) -> RelationNames<'s> {
    let mut names = BTreeMap::new();
    for table in &schema.tables {
        for relation in &table.ts.relations {
            if !matches!(relation.kind, RelationKind::Many) {
                continue;
            }
            let Some(target) = schema.table(&relation.target) else {
                continue;
            };
            // What drizzle's normalizeRelation looks at: every relation of the target that
            // points back at this table (this one too, for a self-reference).
            let back: Vec<&Relation> = target
                .ts
                .relations
                .iter()
                .filter(|r| r.target == table.name)
                .collect();
            if back.len() <= 1 {
                continue;
            }
            let owners: Vec<&&Relation> = back
                .iter()
                .filter(|r| matches!(r.kind, RelationKind::One { .. }))
                .collect();
            if let [owner] = owners.as_slice() {
                let name = format!("{}.{}", target.name, owner.name);
                names.insert((table.name.as_str(), relation.name.as_str()), name.clone());
                names.insert((target.name.as_str(), owner.name.as_str()), name);
            }
        }
    }
    names
}

fn relation_entry(
    schema: &IndexedSchema,
    table: &TableDef,
    relation: &Relation,
    relation_name: Option<&String>,
    indent: usize,
) -> String {
    let key = format!("{}{}", pad(indent), property_key(&relation.name));
    let target = export_of(schema, &relation.target);
    let relation_name = relation_name.map(|n| string_literal(n));
    match &relation.kind {
        RelationKind::Many => {
            let mut args = vec![Arg::Plain(target)];
            if let Some(name) = relation_name {
                args.push(Arg::Object(vec![("relationName".into(), name)]));
            }
            chain(
                &format!("{key}: "),
                indent,
                &Call::new("many", args),
                &[],
                ",",
            )
        }
        RelationKind::OneInverse => format!("{key}: one({target}),"),
        RelationKind::One { fields, references } => {
            let fields: Vec<String> = fields
                .iter()
                .map(|c| member(&table.ts.export_name, property_of(table, c)))
                .collect();
            let references: Vec<String> = references
                .iter()
                .map(|c| target_column(schema, &relation.target, c))
                .collect();
            let relation_name = relation_name
                .map(|n| format!("\n{}", object_entry(indent + 2, "relationName", &n, ",")))
                .unwrap_or_default();
            format!(
                "{key}: one({target}, {{\n{}\n{}{relation_name}\n{}}}),",
                object_entry(
                    indent + 2,
                    "fields",
                    &format!("[{}]", fields.join(", ")),
                    ","
                ),
                object_entry(
                    indent + 2,
                    "references",
                    &format!("[{}]", references.join(", ")),
                    ","
                ),
                pad(indent)
            )
        }
    }
}
