//! drizzle-kit's own snapshot format (PostgreSQL, version 7): `meta/NNNN_snapshot.json`.
//!
//! Written beside every migration, so that a team can drop the Rust side at any time and run
//! `drizzle-kit generate` on the generated `schema.ts`: drizzle-kit diffs `schema.ts` against the
//! last of these and finds nothing to do. Read when importing a drizzle-kit history.
//!
//! The JSON is laid out as drizzle-kit lays it out (`JSON.stringify(snapshot, null, 2)`, keys in
//! its order: tables by name, their columns, keys and indexes in declaration order), so ours differs from the one drizzle-kit would write for the same schema only in
//! `id` and `prevId`. Those are deterministic here: [`id_of`] is a UUIDv5 of the migration's tag,
//! and each snapshot's `prevId` is the `id` of the one before (drizzle-kit refuses a folder where
//! two snapshots share a `prevId`).

use schema_model::sequences::{SequenceDef, SEQUENCE_SCHEMA};
use schema_model::views::{ViewDef, DEFAULT_VIEW_SCHEMA};
use schema_model::{
    bare_name, qualified_name, split_qualified, CheckConstraint, FkAction, ForeignKey, Index,
    IndexKey, PgEnum, PrimaryKey, Schema, Sequence, SqlDefault, SqlType, TableDef,
    UniqueConstraint, DEFAULT_SCHEMA,
};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::borrow::Cow;

mod generated;

/// The snapshot version drizzle-kit 0.31 writes and reads.
pub const VERSION: &str = "7";
/// The `prevId` of the first snapshot, as drizzle-kit writes it.
pub const ORIGIN_ID: &str = "00000000-0000-0000-0000-000000000000";
/// The UUIDv5 namespace of our snapshot ids (a UUIDv5 of "schema-as-code" in the URL namespace).
fn namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        b"https://schema-as-code/drizzle-snapshot",
    )
}

/// The `id` of our drizzle snapshot of migration `tag`: the same on every machine and run.
pub fn id_of(tag: &str) -> String {
    uuid::Uuid::new_v5(&namespace(), tag.as_bytes()).to_string()
}

/// A drizzle snapshot's identity: its `id` and `prevId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids {
    pub id: String,
    pub prev_id: String,
}

/// A drizzle-kit snapshot read into the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrizzleSnapshot {
    pub ids: Ids,
    pub schema: Schema,
}

/// The snapshot file of `schema` (no trailing newline, as drizzle-kit writes it).
///
/// Written straight from the model through typed, borrowing views of it (no `serde_json::Value`
/// tree of the whole document: at 2,000 tables building that tree was a third of `gen`).
pub fn to_json(schema: &Schema, ids: &Ids) -> String {
    let mut tables: Vec<&TableDef> = schema.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let mut enums: Vec<&PgEnum> = schema.enums.iter().collect();
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    let enums: Map<String, Value> = enums
        .into_iter()
        .map(|e| {
            let (enum_schema, bare) = split_qualified(&e.name);
            let entry = json!({
                "name": bare,
                "schema": enum_schema.unwrap_or(DEFAULT_SCHEMA),
                "values": e.values
            });
            (snapshot_key(&e.name), entry)
        })
        .collect();
    // drizzle-kit records each `pgSchema` as `"auth": "auth"`.
    let schemas: Map<String, Value> = schema
        .pg_schemas()
        .into_iter()
        .map(|s| (s.to_string(), json!(s)))
        .collect();
    let snapshot = SnapshotJson {
        id: &ids.id,
        prev_id: &ids.prev_id,
        version: VERSION,
        dialect: "postgresql",
        tables: Entries(
            tables
                .into_iter()
                .map(|table| (snapshot_key(&table.name), TableJson::of(table)))
                .collect(),
        ),
        enums,
        schemas,
        sequences: sequences_json(schema),
        roles: Map::new(),
        policies: Map::new(),
        views: views_json(schema),
        meta: json!({ "columns": {}, "schemas": {}, "tables": {} }),
    };
    crate::snapshot::pretty_json(schema, &snapshot)
}

/// The whole snapshot, its keys in drizzle-kit's order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotJson<'a> {
    id: &'a str,
    prev_id: &'a str,
    version: &'a str,
    dialect: &'a str,
    tables: Entries<String, TableJson<'a>>,
    enums: Map<String, Value>,
    schemas: Map<String, Value>,
    sequences: Value,
    roles: Map<String, Value>,
    policies: Map<String, Value>,
    views: Value,
    #[serde(rename = "_meta")]
    meta: Value,
}

/// A JSON object written from pairs in their order (the model's names are unique where these
/// are used, so no key repeats).
struct Entries<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Entries<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Sequences by `schema.name`, as drizzle-kit records a `pgSequence` (every option resolved, as
/// strings).
fn sequences_json(schema: &Schema) -> Value {
    let mut sequences: Vec<&Sequence> = schema.sequences.iter().map(|s| &s.sequence).collect();
    sequences.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = Map::new();
    for s in sequences {
        let (schema, name) = split_qualified(&s.name);
        let schema = schema.unwrap_or(SEQUENCE_SCHEMA);
        out.insert(
            format!("{schema}.{name}"),
            json!(SequenceJson::of(None, name, schema, s)),
        );
    }
    Value::Object(out)
}

/// A sequence's entry as drizzle-kit records it: a `pgSequence`, or a column's `identity` (which
/// leads with its `type`). Every option is resolved and written as a string.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SequenceJson<'a> {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    name: &'a str,
    schema: &'a str,
    increment: &'a str,
    start_with: &'a str,
    min_value: &'a str,
    max_value: &'a str,
    cache: &'a str,
    cycle: bool,
}

impl<'a> SequenceJson<'a> {
    fn of(kind: Option<&'a str>, name: &'a str, schema: &'a str, sequence: &'a Sequence) -> Self {
        SequenceJson {
            kind,
            name,
            schema,
            increment: &sequence.increment,
            start_with: &sequence.start_with,
            min_value: &sequence.min_value,
            max_value: &sequence.max_value,
            cache: &sequence.cache,
            cycle: sequence.cycle,
        }
    }
}

/// A sequence of a drizzle-kit snapshot, or what is wrong with it: each option a string holding
/// a whole number (drizzle-kit writes them all); one outside `public` keyed `auth.s`.
fn read_sequence(sequence: &Value) -> Result<SequenceDef, Vec<String>> {
    let mut problems = Vec::new();
    let Some(name) = sequence
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
    else {
        return Err(vec!["it has no \"name\"".into()]);
    };
    let schema = match sequence.get("schema").and_then(Value::as_str) {
        None | Some(SEQUENCE_SCHEMA) => None,
        Some(other) => Some(other),
    };
    let mut number = |key: &str| -> String {
        match sequence.get(key) {
            Some(Value::String(v)) if v.parse::<i64>().is_ok() => v.clone(),
            Some(other) => {
                problems.push(format!(
                    "its \"{key}\" is {other}, not a whole number in a string"
                ));
                String::new()
            }
            None => {
                problems.push(format!("it has no \"{key}\""));
                String::new()
            }
        }
    };
    let parsed = Sequence {
        name: qualified_name(schema, name),
        increment: number("increment"),
        min_value: number("minValue"),
        max_value: number("maxValue"),
        start_with: number("startWith"),
        cache: number("cache"),
        cycle: false,
    };
    let cycle = match sequence.get("cycle") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            problems.push(format!("its \"cycle\" is {other}, not true or false"));
            false
        }
    };
    if problems.is_empty() {
        Ok(SequenceDef {
            sequence: Sequence { cycle, ..parsed },
            renamed_from: None,
        })
    } else {
        Err(problems)
    }
}

/// Views by `schema.name`, as drizzle-kit records a `pgView` with explicit columns.
fn views_json(schema: &Schema) -> Value {
    let mut views: Vec<&ViewDef> = schema.views.iter().collect();
    views.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = Map::new();
    for view in views {
        let mut columns = Map::new();
        for column in &view.columns {
            columns.insert(
                column.name.clone(),
                json!({
                    "name": column.name,
                    "type": column.sql_type.sql(),
                    "primaryKey": false,
                    "notNull": column.not_null,
                }),
            );
        }
        out.insert(
            format!("{DEFAULT_VIEW_SCHEMA}.{}", view.name),
            json!({
                "columns": columns,
                "definition": view.definition,
                "name": view.name,
                "schema": DEFAULT_VIEW_SCHEMA,
                "isExisting": false,
                "materialized": view.materialized,
            }),
        );
    }
    Value::Object(out)
}

/// A view of a drizzle-kit snapshot, or what the model cannot hold of it.
fn read_view(view: &Value) -> Result<ViewDef, Vec<String>> {
    let mut problems = Vec::new();
    let str_of = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    let name = str_of(view, "name").unwrap_or_default();
    if str_of(view, "schema").is_some_and(|s| s != DEFAULT_VIEW_SCHEMA) {
        problems.push("it is in another PostgreSQL schema than \"public\"".to_string());
    }
    if view.get("isExisting").and_then(Value::as_bool) == Some(true) {
        problems.push("it is declared `.existing()`, which this tool's model does not hold".into());
    }
    for key in ["with", "withNoData", "tablespace", "using"] {
        if view
            .get(key)
            .is_some_and(|v| !v.is_null() && v != &json!(false) && v != &json!({}))
        {
            problems.push(format!(
                "it has the option {key:?}, which this tool's model does not hold yet"
            ));
        }
    }
    let Some(definition) = str_of(view, "definition") else {
        problems.push("it has no \"definition\"".into());
        return Err(problems);
    };
    let columns = view
        .get("columns")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(key, column)| schema_model::ColumnDef {
            name: str_of(column, "name").unwrap_or_else(|| key.clone()),
            renamed_from: None,
            sql_type: SqlType::parse(&str_of(column, "type").unwrap_or_default()),
            not_null: column.get("notNull").and_then(Value::as_bool) == Some(true),
            default: None,
            generated: None,
            ts: Default::default(),
        })
        .collect();
    if problems.is_empty() {
        Ok(ViewDef {
            name,
            materialized: view.get("materialized").and_then(Value::as_bool) == Some(true),
            definition,
            columns,
            ts: Default::default(),
        })
    } else {
        Err(problems)
    }
}

/// `public.users`, `auth.users`: how drizzle-kit keys a table or enum of the model's `name`.
fn snapshot_key(name: &str) -> String {
    let (schema, bare) = split_qualified(name);
    format!("{}.{bare}", schema.unwrap_or(DEFAULT_SCHEMA))
}

/// A table as drizzle-kit records it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableJson<'a> {
    name: &'a str,
    /// drizzle-kit writes "" for `public`.
    schema: &'a str,
    columns: Entries<&'a str, ColumnJson<'a>>,
    indexes: Entries<&'a str, Value>,
    foreign_keys: Entries<&'a str, ForeignKeyJson<'a>>,
    composite_primary_keys: Entries<&'a str, Value>,
    unique_constraints: Entries<&'a str, UniqueJson<'a>>,
    policies: Map<String, Value>,
    check_constraints: Entries<&'a str, Value>,
    #[serde(rename = "isRLSEnabled")]
    is_rls_enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ColumnJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    sql_type: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    type_schema: Option<&'a str>,
    primary_key: bool,
    not_null: bool,
    /// `generated` or `identity`, when PostgreSQL computes the value.
    #[serde(flatten)]
    generated: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ForeignKeyJson<'a> {
    name: &'a str,
    table_from: &'a str,
    table_to: &'a str,
    columns_from: &'a [String],
    columns_to: &'a [String],
    on_delete: &'a str,
    on_update: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema_to: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UniqueJson<'a> {
    name: &'a str,
    nulls_not_distinct: bool,
    columns: &'a [String],
}

impl<'a> TableJson<'a> {
    fn of(table: &'a TableDef) -> Self {
        let bare = table.bare_name();
        let single_pk = table
            .primary_key
            .as_ref()
            .filter(|pk| {
                !pk.is_composite()
                    && pk.name.len() == bare.len() + "_pkey".len()
                    && pk.name.starts_with(bare)
                    && pk.name.ends_with("_pkey")
            })
            .map(|pk| pk.columns[0].as_str());
        let columns = table
            .columns
            .iter()
            .map(|column| {
                let (sql_type, type_schema) = match &column.sql_type {
                    SqlType::Enum(name) => {
                        let (type_schema, bare) = split_qualified(name);
                        (
                            Cow::Borrowed(bare),
                            Some(type_schema.unwrap_or(DEFAULT_SCHEMA)),
                        )
                    }
                    other => (Cow::Owned(other.sql()), None),
                };
                let entry = ColumnJson {
                    name: &column.name,
                    sql_type,
                    type_schema,
                    primary_key: single_pk == Some(column.name.as_str()),
                    not_null: column.not_null,
                    generated: generated::json(column.generated.as_ref()),
                    default: column
                        .default
                        .as_ref()
                        .map(|default| default_json(default, &column.sql_type)),
                };
                (column.name.as_str(), entry)
            })
            .collect();
        let indexes = table
            .indexes
            .iter()
            .map(|index| (index.name.as_str(), index_json(index)))
            .collect();
        let foreign_keys = table
            .foreign_keys
            .iter()
            .map(|fk| {
                let (schema_to, table_to) = split_qualified(&fk.ref_table);
                let entry = ForeignKeyJson {
                    name: &fk.name,
                    table_from: bare,
                    table_to,
                    columns_from: &fk.columns,
                    columns_to: &fk.ref_columns,
                    on_delete: fk.on_delete.sql(),
                    on_update: fk.on_update.sql(),
                    schema_to,
                };
                (fk.name.as_str(), entry)
            })
            .collect();
        let composite = table
            .primary_key
            .as_ref()
            .filter(|_| single_pk.is_none())
            .map(|pk| {
                let entry = json!({ "name": pk.name, "columns": pk.columns });
                (pk.name.as_str(), entry)
            })
            .into_iter()
            .collect();
        let uniques = table
            .uniques
            .iter()
            .map(|unique| {
                let entry = UniqueJson {
                    name: &unique.name,
                    nulls_not_distinct: unique.nulls_not_distinct,
                    columns: &unique.columns,
                };
                (unique.name.as_str(), entry)
            })
            .collect();
        let checks = table
            .checks
            .iter()
            .map(|check| {
                let entry = json!({ "name": check.name, "value": check.expression });
                (check.name.as_str(), entry)
            })
            .collect();
        TableJson {
            name: bare,
            schema: table.pg_schema().unwrap_or(""),
            columns: Entries(columns),
            indexes: Entries(indexes),
            foreign_keys: Entries(foreign_keys),
            composite_primary_keys: Entries(composite),
            unique_constraints: Entries(uniques),
            policies: Map::new(),
            check_constraints: Entries(checks),
            is_rls_enabled: false,
        }
    }
}

fn index_json(index: &Index) -> Value {
    let columns: Vec<Value> = index
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let key = index.key(i);
            let mut column = json!({
                "expression": c,
                "isExpression": key.expression,
                "asc": !key.desc,
                "nulls": if key.nulls_first { "first" } else { "last" },
            });
            if let Some(opclass) = &key.opclass {
                column["opclass"] = json!(opclass);
            }
            column
        })
        .collect();
    let with: Map<String, Value> = index
        .with
        .iter()
        .map(|(k, v)| {
            // drizzle-kit keeps the value the TypeScript gave: a number stays a number.
            let value = serde_json::from_str::<Value>(v)
                .ok()
                .filter(|v| v.is_number() || v.is_boolean())
                .unwrap_or_else(|| json!(v));
            (k.clone(), value)
        })
        .collect();
    let mut entry = json!({
        "name": index.name,
        "columns": columns,
        "isUnique": index.unique,
        "concurrently": index.concurrently,
        "method": index.method,
        "with": with,
    });
    if let Some(predicate) = &index.where_sql {
        entry["where"] = json!(predicate);
    }
    entry
}

/// A default as drizzle-kit records it: text quoted, JSON cast, numbers and booleans as JSON.
fn default_json(default: &SqlDefault, sql_type: &SqlType) -> Value {
    match default {
        SqlDefault::Text(text) => json!(format!("'{}'", text.replace('\'', "''"))),
        SqlDefault::Number(number) => serde_json::from_str::<serde_json::Number>(number)
            .map_or_else(|_| json!(number), Value::Number),
        SqlDefault::Boolean(b) => json!(b),
        SqlDefault::Json(text) => json!(format!(
            "'{}'::{}",
            text.replace('\'', "''"),
            sql_type.sql()
        )),
        SqlDefault::Now => json!("now()"),
        SqlDefault::Expression(expr) => json!(expr),
    }
}

/// Just the `id` and `prevId` of a drizzle snapshot, when `text` is one.
pub fn ids(text: &str) -> Option<Ids> {
    // drizzle-kit writes them first: the tables after them are not read.
    let fields = crate::leading::leading_fields(text, &["id", "prevId"], &[])?;
    let text_of = |key: &str| fields.get(key)?.as_str().map(str::to_string);
    Some(Ids {
        id: text_of("id")?,
        prev_id: text_of("prevId")?,
    })
}

/// Reads a drizzle-kit snapshot into the model. Every part the model cannot hold is a problem
/// (one line each, naming the table and column); `path` names the file.
pub fn from_json(text: &str, path: &str) -> Result<DrizzleSnapshot, Vec<String>> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| vec![format!("{path} is not JSON: {e}")])?;
    let Some(root) = value.as_object() else {
        return Err(vec![format!(
            "{path} is not a drizzle-kit snapshot (not an object)"
        )]);
    };
    let text_field = |key: &str| root.get(key).and_then(Value::as_str);
    match (text_field("version"), text_field("dialect")) {
        (Some(VERSION), Some("postgresql")) => {}
        (Some(version), Some("postgresql")) => {
            let older = version.parse::<u32>().is_ok_and(|v| v < 7);
            return Err(vec![if older {
                format!("{path} is a drizzle-kit snapshot of version {version}, older than 7; upgrade the folder with drizzle-kit first (`drizzle-kit up --dialect postgresql --out <folder>`), then import it")
            } else {
                format!("{path} is a drizzle-kit snapshot of version {version}; this tool reads version 7 (drizzle-kit 0.31)")
            }]);
        }
        (_, Some(dialect)) => {
            return Err(vec![format!(
                "{path} is a drizzle-kit snapshot for {dialect}; only postgresql is supported"
            )])
        }
        _ => {
            return Err(vec![format!(
                "{path} is not a drizzle-kit snapshot: it has no \"version\" and \"dialect\""
            )])
        }
    }
    let (Some(id), Some(prev_id)) = (text_field("id"), text_field("prevId")) else {
        return Err(vec![format!("{path} has no \"id\" or \"prevId\"")]);
    };
    let mut problems = Vec::new();
    for key in ["policies", "roles"] {
        if root
            .get(key)
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
        {
            problems.push(format!(
                "{path}: the snapshot declares {key}, which this tool's model does not hold yet"
            ));
        }
    }
    let mut schema = Schema::default();
    for (key, e) in root
        .get("enums")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let name = e.get("name").and_then(Value::as_str).unwrap_or_default();
        let enum_schema = e.get("schema").and_then(Value::as_str).unwrap_or("public");
        let name = qualified_name(Some(enum_schema), name);
        let values: Option<Vec<String>> = e.get("values").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        });
        match values {
            Some(values) if !bare_name(&name).is_empty() => schema.enums.push(PgEnum {
                name,
                values,
                renamed_values: Default::default(),
            }),
            _ => problems.push(format!(
                "{path}: enum {key} has no \"name\" or no \"values\" list"
            )),
        }
    }
    for (key, table) in root
        .get("tables")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        match read_table(table) {
            Ok(t) => schema.tables.push(t),
            Err(why) => {
                problems.extend(why.into_iter().map(|w| format!("{path}: table {key}: {w}")))
            }
        }
    }
    for (key, view) in root
        .get("views")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        match read_view(view) {
            Ok(v) => schema.views.push(v),
            Err(why) => {
                problems.extend(why.into_iter().map(|w| format!("{path}: view {key}: {w}")))
            }
        }
    }
    for (key, sequence) in root
        .get("sequences")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        match read_sequence(sequence) {
            Ok(s) => schema.sequences.push(s),
            Err(why) => problems.extend(
                why.into_iter()
                    .map(|w| format!("{path}: sequence {key}: {w}")),
            ),
        }
    }
    schema_model::enums::resolve_enum_columns(&mut schema);
    if problems.is_empty() {
        Ok(DrizzleSnapshot {
            ids: Ids {
                id: id.to_string(),
                prev_id: prev_id.to_string(),
            },
            schema,
        })
    } else {
        Err(problems)
    }
}

fn read_table(table: &Value) -> Result<TableDef, Vec<String>> {
    let mut problems = Vec::new();
    let str_of =
        |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    let strings = |v: &Value, key: &str| -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let entries = |key: &str| -> Vec<&Value> {
        table
            .get(key)
            .and_then(Value::as_object)
            .map(|m| m.values().collect())
            .unwrap_or_default()
    };
    let schema = str_of(table, "schema");
    let name = qualified_name(
        Some(&schema).filter(|s| !s.is_empty()).map(String::as_str),
        &str_of(table, "name"),
    );
    let mut def = TableDef::empty(name.clone());
    let mut single_pk = Vec::new();
    for column in entries("columns") {
        let column_name = str_of(column, "name");
        let spelling = str_of(column, "type");
        let generated = generated::read(column, &column_name).unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
        // An enum of another schema: its model key is `schema.name`.
        let sql_type = match column.get("typeSchema").and_then(Value::as_str) {
            Some(type_schema) if type_schema != DEFAULT_SCHEMA => {
                SqlType::Enum(qualified_name(Some(type_schema), &spelling))
            }
            _ => SqlType::parse(&spelling),
        };
        if column.get("primaryKey").and_then(Value::as_bool) == Some(true) {
            single_pk.push(column_name.clone());
        }
        let default = column
            .get("default")
            .and_then(|d| read_default(d, &sql_type));
        def.columns.push(schema_model::ColumnDef {
            name: column_name,
            renamed_from: None,
            sql_type,
            not_null: column.get("notNull").and_then(Value::as_bool) == Some(true),
            default,
            ts: Default::default(),
            generated,
        });
    }
    let composite = entries("compositePrimaryKeys");
    match (single_pk.len(), composite.len()) {
        (0, 0) => {}
        (1, 0) => def.primary_key = Some(PrimaryKey::new(&name, single_pk)),
        (0, 1) => {
            def.primary_key = Some(PrimaryKey {
                name: str_of(composite[0], "name"),
                columns: strings(composite[0], "columns"),
            })
        }
        _ => problems.push("it has more than one primary key".into()),
    }
    for unique in entries("uniqueConstraints") {
        def.uniques.push(UniqueConstraint {
            name: str_of(unique, "name"),
            columns: strings(unique, "columns"),
            nulls_not_distinct: unique.get("nullsNotDistinct").and_then(Value::as_bool)
                == Some(true),
        });
    }
    for fk in entries("foreignKeys") {
        let fk_name = str_of(fk, "name");
        let schema_to = fk.get("schemaTo").and_then(Value::as_str);
        let action = |key: &str| match fk.get(key).and_then(Value::as_str).unwrap_or("no action") {
            "cascade" => Some(FkAction::Cascade),
            "restrict" => Some(FkAction::Restrict),
            "set null" => Some(FkAction::SetNull),
            "set default" => Some(FkAction::SetDefault),
            "no action" => Some(FkAction::NoAction),
            _ => None,
        };
        let (Some(on_delete), Some(on_update)) = (action("onDelete"), action("onUpdate")) else {
            problems.push(format!("foreign key {fk_name:?} has an unknown action"));
            continue;
        };
        def.foreign_keys.push(ForeignKey {
            name: fk_name,
            columns: strings(fk, "columnsFrom"),
            ref_table: qualified_name(schema_to, &str_of(fk, "tableTo")),
            ref_columns: strings(fk, "columnsTo"),
            on_delete,
            on_update,
        });
    }
    for index in entries("indexes") {
        let shape = index_problems(index);
        if !shape.is_empty() {
            problems.extend(shape);
            continue;
        }
        let index_name = str_of(index, "name");
        let unique = index.get("isUnique").and_then(Value::as_bool) == Some(true);
        let mut def_index = Index::new(index_name, Vec::new(), unique);
        for column in index
            .get("columns")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let expression = column.get("isExpression").and_then(Value::as_bool) == Some(true);
            let text = str_of(column, "expression");
            def_index.columns.push(if expression {
                schema_model::sql_read::normalize_sql(&text)
            } else {
                text
            });
            def_index.keys.push(IndexKey {
                expression,
                opclass: column
                    .get("opclass")
                    .and_then(Value::as_str)
                    .filter(|o| !o.is_empty())
                    .map(str::to_string),
                desc: column.get("asc").and_then(Value::as_bool) == Some(false),
                nulls_first: column.get("nulls").and_then(Value::as_str) == Some("first"),
            });
        }
        if let Some(method) = index.get("method").and_then(Value::as_str) {
            def_index.method = method.to_ascii_lowercase();
        }
        def_index.where_sql = index
            .get("where")
            .and_then(Value::as_str)
            .map(schema_model::sql_read::normalize_sql);
        def_index.concurrently = index.get("concurrently").and_then(Value::as_bool) == Some(true);
        for (k, v) in index
            .get("with")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let value = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            def_index.with.push((k.clone(), value));
        }
        def.indexes.push(def_index.normalized());
    }
    for check in entries("checkConstraints") {
        let (check_name, value) = (str_of(check, "name"), str_of(check, "value"));
        if check_name.is_empty() || value.trim().is_empty() {
            problems.push(format!(
                "check constraint {check_name:?} has no \"name\" or no \"value\""
            ));
            continue;
        }
        def.checks.push(CheckConstraint {
            name: check_name,
            expression: value,
        });
    }
    if !entries("policies").is_empty()
        || table.get("isRLSEnabled").and_then(Value::as_bool) == Some(true)
    {
        problems.push("row-level security is not in this tool's model yet".into());
    }
    if problems.is_empty() {
        Ok(def)
    } else {
        Err(problems)
    }
}

/// What is malformed in an index of a drizzle-kit snapshot, each field named: drizzle-kit writes
/// `name`, `method` and each column's `expression` as strings, `isUnique`, `concurrently`,
/// `isExpression` and `asc` as booleans, `nulls` as `first` or `last`, `with` as an object.
fn index_problems(index: &Value) -> Vec<String> {
    let name = index.get("name").and_then(Value::as_str).unwrap_or("");
    let mut problems = Vec::new();
    let mut expect = |at: &str, value: Option<&Value>, ok: fn(&Value) -> bool, what: &str| {
        if let Some(value) = value.filter(|v| !v.is_null() && !ok(v)) {
            problems.push(format!("index {name:?}: its {at} is {value}, not {what}"));
        }
    };
    let string = |v: &Value| v.is_string();
    let boolean = |v: &Value| v.is_boolean();
    expect("\"name\"", index.get("name"), string, "a string");
    expect("\"method\"", index.get("method"), string, "a string");
    expect("\"where\"", index.get("where"), string, "a string");
    expect(
        "\"isUnique\"",
        index.get("isUnique"),
        boolean,
        "true or false",
    );
    expect(
        "\"concurrently\"",
        index.get("concurrently"),
        boolean,
        "true or false",
    );
    expect("\"with\"", index.get("with"), Value::is_object, "an object");
    match index.get("columns") {
        Some(Value::Array(columns)) if !columns.is_empty() => {
            for (i, column) in columns.iter().enumerate() {
                let at = |key: &str| format!("\"columns\"[{i}].{key}");
                match column.get("expression") {
                    Some(Value::String(_)) => {}
                    other => problems.push(format!(
                        "index {name:?}: its {} is {}, not a string",
                        at("expression"),
                        other.map_or("missing".to_string(), Value::to_string)
                    )),
                }
                let mut expect = |key: &str, ok: fn(&Value) -> bool, what: &str| {
                    if let Some(value) = column.get(key).filter(|v| !v.is_null() && !ok(v)) {
                        problems.push(format!(
                            "index {name:?}: its {} is {value}, not {what}",
                            at(key)
                        ));
                    }
                };
                expect("isExpression", boolean, "true or false");
                expect("asc", boolean, "true or false");
                expect("opclass", string, "a string");
                expect(
                    "nulls",
                    |v| matches!(v.as_str(), Some("first" | "last")),
                    "\"first\" or \"last\"",
                );
            }
        }
        other => problems.push(format!(
            "index {name:?}: its \"columns\" is {}, not a list of columns",
            other.map_or("missing".to_string(), Value::to_string)
        )),
    }
    problems
}

/// A default as drizzle-kit records it, back into the model (the inverse of [`default_json`]).
fn read_default(value: &Value, sql_type: &SqlType) -> Option<SqlDefault> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => SqlDefault::Boolean(*b),
        Value::Number(n) => SqlDefault::Number(n.to_string()),
        Value::String(text) => {
            let text = text.trim();
            if text == "now()" {
                return Some(SqlDefault::Now);
            }
            if let Some((literal, cast)) = quoted(text) {
                match cast {
                    Some("jsonb" | "json") => {
                        return Some(match serde_json::from_str::<Value>(&literal) {
                            Ok(json) => SqlDefault::Json(json.to_string()),
                            Err(_) => SqlDefault::Expression(text.to_string()),
                        })
                    }
                    None if !matches!(sql_type, SqlType::Jsonb | SqlType::Json) => {
                        return Some(SqlDefault::Text(literal))
                    }
                    _ => {}
                }
            }
            if text.parse::<f64>().is_ok() {
                return Some(SqlDefault::Number(text.to_string()));
            }
            SqlDefault::Expression(text.to_string())
        }
        other => SqlDefault::Expression(other.to_string()),
    })
}

/// `'it''s'` → (`it's`, None); `'[]'::jsonb` → (`[]`, Some("jsonb")); anything else → None.
fn quoted(text: &str) -> Option<(String, Option<&str>)> {
    let rest = text.strip_prefix('\'')?;
    let mut literal = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if matches!(chars.peek(), Some((_, '\''))) {
                literal.push('\'');
                chars.next();
                continue;
            }
            let after = &rest[i + 1..];
            return match after {
                "" => Some((literal, None)),
                _ => after.strip_prefix("::").map(|cast| (literal, Some(cast))),
            };
        }
        literal.push(c);
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use schema_model::ColumnDef;

    fn column(
        name: &str,
        sql_type: SqlType,
        not_null: bool,
        default: Option<SqlDefault>,
    ) -> ColumnDef {
        ColumnDef {
            name: name.into(),
            renamed_from: None,
            sql_type,
            not_null,
            default,
            ts: Default::default(),
            generated: None,
        }
    }

    /// A table of every kind of column and default, for the snapshot tests.
    pub(crate) fn sample() -> Schema {
        let mut users = TableDef::empty("users");
        users.columns = vec![
            column("id", SqlType::Text, true, None),
            column(
                "role",
                SqlType::Text,
                true,
                Some(SqlDefault::Text("it's".into())),
            ),
            column(
                "tags",
                SqlType::Jsonb,
                true,
                Some(SqlDefault::Json("[]".into())),
            ),
            column(
                "score",
                SqlType::DoublePrecision,
                false,
                Some(SqlDefault::Number("0.5".into())),
            ),
            column(
                "n",
                SqlType::Integer,
                true,
                Some(SqlDefault::Number("-1".into())),
            ),
            column(
                "ok",
                SqlType::Boolean,
                true,
                Some(SqlDefault::Boolean(false)),
            ),
            column("at", SqlType::TimestampTz, true, Some(SqlDefault::Now)),
            column(
                "uid",
                SqlType::Uuid,
                true,
                Some(SqlDefault::Expression("gen_random_uuid()".into())),
            ),
            column("code", SqlType::Varchar(Some(12)), false, None),
        ];
        users.primary_key = Some(PrimaryKey::new("users", vec!["id".into()]));
        users.uniques = vec![UniqueConstraint::new("users", vec!["code".into()])];
        users.indexes = vec![Index::new(
            "users_n_ok_index",
            vec!["n".into(), "ok".into()],
            false,
        )];
        let mut tokens = TableDef::empty("tokens");
        tokens.columns = vec![
            column("user_id", SqlType::Text, true, None),
            column("token", SqlType::Text, true, None),
        ];
        tokens.primary_key = Some(PrimaryKey::new(
            "tokens",
            vec!["user_id".into(), "token".into()],
        ));
        tokens.foreign_keys = vec![ForeignKey::new(
            "tokens",
            vec!["user_id".into()],
            "users",
            vec!["id".into()],
            FkAction::Cascade,
            FkAction::NoAction,
        )];
        users.columns.push(column(
            "status",
            SqlType::Enum("task_status".into()),
            true,
            Some(SqlDefault::Text("todo".into())),
        ));
        users.checks.push(schema_model::CheckConstraint {
            name: "users_n_positive".into(),
            expression: "\"n\" > 0".into(),
        });
        Schema {
            tables: vec![users, tokens],
            enums: vec![schema_model::PgEnum {
                name: "task_status".into(),
                values: vec!["todo".into(), "done".into()],
                renamed_values: Default::default(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn ids_are_deterministic_uuids() {
        assert_eq!(id_of("0000_baseline"), id_of("0000_baseline"));
        assert_ne!(id_of("0000_baseline"), id_of("0001_baseline"));
        let id = id_of("0000_baseline");
        assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 5);
    }

    #[test]
    fn written_snapshots_read_back_to_the_same_sql_schema() {
        let ids = Ids {
            id: id_of("0000_a"),
            prev_id: ORIGIN_ID.into(),
        };
        let text = to_json(&sample(), &ids);
        let read = from_json(&text, "meta/0000_snapshot.json").unwrap();
        assert_eq!(read.ids, ids);
        assert_eq!(
            schema_model::sql_read::sql_shape(&read.schema),
            schema_model::sql_read::sql_shape(&sample())
        );
        assert!(text.contains(r#""default": "'it''s'""#), "{text}");
        assert!(text.contains(r#""default": "'[]'::jsonb""#), "{text}");
        assert!(text.contains(r#""default": 0.5"#), "{text}");
        assert!(text.contains(r#""default": -1"#), "{text}");
        assert!(text.contains(r#""typeSchema": "public""#), "{text}");
        assert!(text.contains(r#""value": "\"n\" > 0""#), "{text}");
    }

    #[test]
    fn tables_and_enums_of_another_schema_are_recorded_as_drizzle_kit_records_them() {
        let mut schema = sample();
        // `users` and its enum type move into `auth`; `tokens` keeps pointing at it.
        schema.tables[0].name = "auth.users".into();
        schema.enums[0].name = "auth.task_status".into();
        for column in &mut schema.tables[0].columns {
            if column.sql_type == SqlType::Enum("task_status".into()) {
                column.sql_type = SqlType::Enum("auth.task_status".into());
            }
        }
        for fk in &mut schema.tables[1].foreign_keys {
            fk.ref_table = "auth.users".into();
        }
        let ids = Ids {
            id: id_of("0000_a"),
            prev_id: ORIGIN_ID.into(),
        };
        let text = to_json(&schema, &ids);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["schemas"], json!({ "auth": "auth" }));
        assert_eq!(value["tables"]["auth.users"]["name"], "users");
        assert_eq!(value["tables"]["auth.users"]["schema"], "auth");
        assert_eq!(value["tables"]["public.tokens"]["schema"], "");
        assert_eq!(
            value["enums"]["auth.task_status"],
            json!({ "name": "task_status", "schema": "auth", "values": ["todo", "done"] })
        );
        assert!(text.contains(r#""typeSchema": "auth""#), "{text}");
        assert!(text.contains(r#""schemaTo": "auth""#), "{text}");
        let read = from_json(&text, "meta/0000_snapshot.json").unwrap();
        assert_eq!(
            schema_model::sql_read::sql_shape(&read.schema),
            schema_model::sql_read::sql_shape(&schema)
        );
    }

    #[test]
    fn bad_snapshots_are_named() {
        let old = r#"{"id":"a","prevId":"b","version":"5","dialect":"postgresql","tables":{}}"#;
        let error = from_json(old, "out/meta/0000_snapshot.json").unwrap_err();
        assert!(
            error[0].contains(
                "out/meta/0000_snapshot.json is a drizzle-kit snapshot of version 5, older than 7"
            ),
            "{error:?}"
        );
        let mysql = r#"{"id":"a","prevId":"b","version":"5","dialect":"mysql","tables":{}}"#;
        assert!(from_json(mysql, "x").unwrap_err()[0].contains("mysql"));
        let enums = r#"{"id":"a","prevId":"b","version":"7","dialect":"postgresql","tables":{},"enums":{"public.mood":{}}}"#;
        assert!(from_json(enums, "x").unwrap_err()[0].contains("enum public.mood has no"));
        let check = r#"{"id":"a","prevId":"b","version":"7","dialect":"postgresql","tables":{"public.t":{"name":"t","schema":"","columns":{"n":{"name":"n","type":"integer","primaryKey":false,"notNull":true,"identity":{"type":"sometimes","name":"t_n_seq"}}},"checkConstraints":{"c":{"name":"c","value":"n > 0"}}}}}"#;
        let problems = from_json(check, "x").unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("table public.t: column \"n\" has an identity whose \"type\"")),
            "{problems:?}"
        );
        assert!(
            !problems.iter().any(|p| p.contains("check constraint")),
            "{problems:?}"
        );
    }

    #[test]
    fn sequences_are_written_as_drizzle_kit_records_them_and_read_back() {
        let mut schema = sample();
        schema.sequences = vec![
            schema_model::PgSequence::new("order_numbers")
                .start_with(1000)
                .cycle()
                .def(),
            schema_model::PgSequence::new("countdown")
                .increment(-1)
                .def(),
        ];
        let ids = Ids {
            id: id_of("0000_x"),
            prev_id: ORIGIN_ID.into(),
        };
        let text = to_json(&schema, &ids);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value["sequences"]["public.order_numbers"],
            json!({
                "name": "order_numbers",
                "schema": "public",
                "increment": "1",
                "startWith": "1000",
                "minValue": "1",
                "maxValue": "9223372036854775807",
                "cache": "1",
                "cycle": true,
            })
        );
        let read = from_json(&text, "meta/0000_snapshot.json").unwrap();
        let mut expected = schema.sequences.clone();
        expected.sort_by(|a, b| a.name().cmp(b.name()));
        assert_eq!(read.schema.sequences, expected);
    }

    #[test]
    fn a_sequence_in_a_schema_is_keyed_with_it_and_read_back() {
        let schema = Schema {
            sequences: vec![schema_model::PgSequence::new("tickets")
                .schema("auth")
                .start_with(100)
                .def()],
            ..Default::default()
        };
        let ids = Ids {
            id: id_of("0000_x"),
            prev_id: ORIGIN_ID.into(),
        };
        let text = to_json(&schema, &ids);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["sequences"]["auth.tickets"]["name"], "tickets");
        assert_eq!(value["sequences"]["auth.tickets"]["schema"], "auth");
        assert!(value["schemas"].get("auth").is_some(), "{text}");
        let read = from_json(&text, "meta/0000_snapshot.json").unwrap();
        assert_eq!(read.schema.sequences, schema.sequences);
    }

    #[test]
    fn malformed_sequences_are_problems_naming_the_sequence_and_field() {
        let bad = r#"{"id":"a","prevId":"b","version":"7","dialect":"postgresql","tables":{},"sequences":{
            "public.a":{"name":"a","schema":"public","increment":1,"startWith":"1","minValue":"1","maxValue":"x","cache":"1","cycle":"yes"},
            "auth.b":{"name":"b","schema":"auth","increment":"1","startWith":"1","minValue":"1","maxValue":"9","cache":"1","cycle":false},
            "public.c":{"schema":"public"}}}"#;
        let problems = from_json(bad, "m/0000_snapshot.json").unwrap_err();
        assert_eq!(
            problems,
            [
                "m/0000_snapshot.json: sequence public.a: its \"increment\" is 1, not a whole number in a string",
                "m/0000_snapshot.json: sequence public.a: its \"maxValue\" is \"x\", not a whole number in a string",
                "m/0000_snapshot.json: sequence public.a: its \"cycle\" is \"yes\", not true or false",
                "m/0000_snapshot.json: sequence public.c: it has no \"name\"",
            ]
        );
    }

    #[test]
    fn malformed_index_fields_are_problems_naming_the_index_and_field() {
        let bad = r#"{"id":"a","prevId":"b","version":"7","dialect":"postgresql","tables":{"public.t":{"name":"t","schema":"","columns":{},"indexes":{
            "i":{"name":"i","columns":[{"expression":"a","isExpression":"no","asc":true,"nulls":"middle","opclass":7}],"isUnique":"yes","method":5,"with":[],"concurrently":false},
            "j":{"name":"j","columns":[],"isUnique":false,"method":"btree","with":{}},
            "k":{"name":"k","columns":[{"asc":true}],"where":false,"isUnique":false,"method":"btree","with":{}}}}}}"#;
        let problems = from_json(bad, "m/0000_snapshot.json").unwrap_err();
        let prefix = "m/0000_snapshot.json: table public.t: index";
        assert_eq!(
            problems,
            [
                format!("{prefix} \"i\": its \"method\" is 5, not a string"),
                format!("{prefix} \"i\": its \"isUnique\" is \"yes\", not true or false"),
                format!("{prefix} \"i\": its \"with\" is [], not an object"),
                format!("{prefix} \"i\": its \"columns\"[0].isExpression is \"no\", not true or false"),
                format!("{prefix} \"i\": its \"columns\"[0].opclass is 7, not a string"),
                format!("{prefix} \"i\": its \"columns\"[0].nulls is \"middle\", not \"first\" or \"last\""),
                format!("{prefix} \"j\": its \"columns\" is [], not a list of columns"),
                format!("{prefix} \"k\": its \"where\" is false, not a string"),
                format!("{prefix} \"k\": its \"columns\"[0].expression is missing, not a string"),
            ]
        );
    }

    fn a_view(materialized: bool) -> ViewDef {
        ViewDef {
            name: "active_users".into(),
            materialized,
            definition: "select \"id\" from \"users\"".into(),
            columns: vec![column("id", SqlType::Text, true, None)],
            ts: Default::default(),
        }
    }

    #[test]
    fn views_are_written_as_drizzle_kit_records_them_and_read_back() {
        let mut schema = sample();
        schema.views = vec![a_view(true)];
        let ids = Ids {
            id: id_of("0000_x"),
            prev_id: ORIGIN_ID.into(),
        };
        let text = to_json(&schema, &ids);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value["views"]["public.active_users"],
            json!({
                "columns": { "id": { "name": "id", "type": "text", "primaryKey": false, "notNull": true } },
                "definition": "select \"id\" from \"users\"",
                "name": "active_users",
                "schema": "public",
                "isExisting": false,
                "materialized": true,
            })
        );
        let read = from_json(&text, "meta/0000_snapshot.json").unwrap();
        assert_eq!(read.schema.views, schema.views);
    }

    #[test]
    fn view_options_the_model_cannot_hold_are_problems_naming_the_view() {
        let mut schema = sample();
        schema.views = vec![a_view(false)];
        let ids = Ids {
            id: id_of("0000_x"),
            prev_id: ORIGIN_ID.into(),
        };
        let mut value: Value = serde_json::from_str(&to_json(&schema, &ids)).unwrap();
        let view = &mut value["views"]["public.active_users"];
        view["with"] = json!({ "securityBarrier": true });
        view["isExisting"] = json!(true);
        let problems = from_json(&value.to_string(), "meta/0000_snapshot.json").unwrap_err();
        assert_eq!(
            problems,
            [
                "meta/0000_snapshot.json: view public.active_users: it is declared `.existing()`, which this tool's model does not hold",
                "meta/0000_snapshot.json: view public.active_users: it has the option \"with\", which this tool's model does not hold yet",
            ]
        );
    }
}
