//! One row of `sql/indexes.sql` as the model's [`Index`], and the extensions query.

use schema_model::{Index, IndexKey};

/// The installed extensions, by name.
pub const EXTENSIONS: &str = "SELECT extname::text FROM pg_catalog.pg_extension ORDER BY extname";

/// `indoption` bits (PostgreSQL's `INDOPTION_DESC`, `INDOPTION_NULLS_FIRST`).
const DESC: i32 = 1;
const NULLS_FIRST: i32 = 2;

pub fn index_of(row: &postgres::Row) -> Index {
    let columns: Vec<Option<String>> = row.get("columns");
    let key_texts: Vec<String> = row.get("key_texts");
    let opclasses: Vec<Option<String>> = row.get("opclasses");
    let options: Vec<i32> = row.get("options");
    let mut index = Index::new(
        row.get::<_, String>("index_name"),
        Vec::new(),
        row.get("is_unique"),
    );
    for (i, text) in key_texts.into_iter().enumerate() {
        let column = columns.get(i).cloned().flatten();
        let option = options.get(i).copied().unwrap_or(0);
        index.keys.push(IndexKey {
            expression: column.is_none(),
            opclass: opclasses.get(i).cloned().flatten(),
            desc: option & DESC != 0,
            nulls_first: option & NULLS_FIRST != 0,
        });
        index.columns.push(column.unwrap_or(text));
    }
    index.method = row.get("method");
    index.where_sql = row.get("predicate");
    let with: Vec<String> = row.get("with_options");
    index.with = with
        .iter()
        .map(|option| match option.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (option.clone(), String::new()),
        })
        .collect();
    index.normalized()
}

/// An SQL expression or predicate in a form both spellings share: PostgreSQL's
/// (`lower((email)::text)`, `(deleted_at IS NULL)`) and the declaration's (`lower("email")`,
/// `"deleted_at" is null`) — no quotes, parentheses, whitespace or `::text` casts, lower case.
pub fn canonical_sql(sql: &str) -> String {
    let lower = sql.to_ascii_lowercase();
    let without_casts = lower
        .replace("::text", "")
        .replace("::character varying", "");
    without_casts
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '(' | ')'))
        .collect()
}
