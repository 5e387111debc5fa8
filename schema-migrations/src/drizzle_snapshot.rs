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

use schema_model::views::{ViewDef, DEFAULT_VIEW_SCHEMA};
use schema_model::{
    CheckConstraint, FkAction, ForeignKey, Index, IndexKey, PgEnum, PrimaryKey, Schema, SqlDefault,
    SqlType, TableDef, UniqueConstraint,
};
use serde_json::{json, Map, Value};

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
pub fn to_json(schema: &Schema, ids: &Ids) -> String {
    let mut tables: Vec<&TableDef> = schema.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let mut tables_json = Map::new();
    for table in tables {
        tables_json.insert(format!("public.{}", table.name), table_json(table));
    }
    let mut enums: Vec<&PgEnum> = schema.enums.iter().collect();
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    let mut enums_json = Map::new();
    for e in enums {
        enums_json.insert(
            format!("public.{}", e.name),
            json!({ "name": e.name, "schema": "public", "values": e.values }),
        );
    }
    let snapshot = json!({
        "id": ids.id,
        "prevId": ids.prev_id,
        "version": VERSION,
        "dialect": "postgresql",
        "tables": tables_json,
        "enums": enums_json,
        "schemas": {},
        "sequences": {},
        "roles": {},
        "policies": {},
        "views": views_json(schema),
        "_meta": { "columns": {}, "schemas": {}, "tables": {} },
    });
    serde_json::to_string_pretty(&snapshot).expect("a snapshot serializes")
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

fn table_json(table: &TableDef) -> Value {
    let single_pk = table
        .primary_key
        .as_ref()
        .filter(|pk| !pk.is_composite() && pk.name == format!("{}_pkey", table.name))
        .map(|pk| pk.columns[0].as_str());
    let mut columns = Map::new();
    for column in &table.columns {
        let mut c = Map::new();
        c.insert("name".into(), json!(column.name));
        match &column.sql_type {
            SqlType::Enum(name) => {
                c.insert("type".into(), json!(name));
                c.insert("typeSchema".into(), json!("public"));
            }
            other => {
                c.insert("type".into(), json!(other.sql()));
            }
        }
        c.insert(
            "primaryKey".into(),
            json!(single_pk == Some(column.name.as_str())),
        );
        c.insert("notNull".into(), json!(column.not_null));
        generated::write(column.generated.as_ref(), &mut c);
        if let Some(default) = &column.default {
            c.insert("default".into(), default_json(default, &column.sql_type));
        }
        columns.insert(column.name.clone(), Value::Object(c));
    }
    let mut indexes = Map::new();
    for index in &table.indexes {
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
        indexes.insert(index.name.clone(), entry);
    }
    let mut foreign_keys = Map::new();
    for fk in &table.foreign_keys {
        foreign_keys.insert(
            fk.name.clone(),
            json!({
                "name": fk.name,
                "tableFrom": table.name,
                "tableTo": fk.ref_table,
                "columnsFrom": fk.columns,
                "columnsTo": fk.ref_columns,
                "onDelete": fk.on_delete.sql(),
                "onUpdate": fk.on_update.sql(),
            }),
        );
    }
    let mut composite = Map::new();
    if let Some(pk) = table.primary_key.as_ref().filter(|_| single_pk.is_none()) {
        composite.insert(
            pk.name.clone(),
            json!({ "name": pk.name, "columns": pk.columns }),
        );
    }
    let mut uniques = Map::new();
    for unique in &table.uniques {
        uniques.insert(
            unique.name.clone(),
            json!({
                "name": unique.name,
                "nullsNotDistinct": unique.nulls_not_distinct,
                "columns": unique.columns,
            }),
        );
    }
    let mut checks = Map::new();
    for check in &table.checks {
        checks.insert(
            check.name.clone(),
            json!({ "name": check.name, "value": check.expression }),
        );
    }
    json!({
        "name": table.name,
        "schema": "",
        "columns": columns,
        "indexes": indexes,
        "foreignKeys": foreign_keys,
        "compositePrimaryKeys": composite,
        "uniqueConstraints": uniques,
        "policies": {},
        "checkConstraints": checks,
        "isRLSEnabled": false,
    })
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
    // Only the two fields: serde skips the tables without building them.
    #[derive(serde::Deserialize)]
    struct IdsOnly {
        id: String,
        #[serde(rename = "prevId")]
        prev_id: String,
    }
    let ids: IdsOnly = serde_json::from_str(text).ok()?;
    Some(Ids {
        id: ids.id,
        prev_id: ids.prev_id,
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
    for key in ["sequences", "policies", "roles"] {
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
        let values: Option<Vec<String>> = e.get("values").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        });
        match values {
            Some(values) if !name.is_empty() && enum_schema == "public" => {
                schema.enums.push(PgEnum {
                    name: name.to_string(),
                    values,
                    renamed_values: Default::default(),
                })
            }
            _ if enum_schema != "public" => problems.push(format!(
                "{path}: enum {key} is in PostgreSQL schema {enum_schema:?}; only enums of \"public\" are supported"
            )),
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
    let name = str_of(table, "name");
    let schema = str_of(table, "schema");
    if !(schema.is_empty() || schema == "public") {
        problems.push(format!(
            "it is in PostgreSQL schema {schema:?}; only tables of \"public\" are supported"
        ));
    }
    let mut def = TableDef::empty(name.clone());
    let mut single_pk = Vec::new();
    for column in entries("columns") {
        let column_name = str_of(column, "name");
        let spelling = str_of(column, "type");
        let generated = generated::read(column, &column_name).unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
        let type_schema = column.get("typeSchema").and_then(Value::as_str);
        if type_schema.is_some_and(|s| s != "public") {
            problems.push(format!(
                "column {column_name:?} has a type of PostgreSQL schema {:?}; only types of \"public\" are supported",
                type_schema.unwrap_or_default()
            ));
        }
        let sql_type = SqlType::parse(&spelling);
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
        if fk
            .get("schemaTo")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty() && s != "public")
        {
            problems.push(format!(
                "foreign key {fk_name:?} points into another PostgreSQL schema"
            ));
        }
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
            ref_table: str_of(fk, "tableTo"),
            ref_columns: strings(fk, "columnsTo"),
            on_delete,
            on_update,
        });
    }
    for index in entries("indexes") {
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
mod tests {
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

    fn sample() -> Schema {
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
