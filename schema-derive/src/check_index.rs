//! Checks of `index(...)` lists: what drizzle-kit 0.31 cannot write, or writes other than
//! declared, is a compile error here.

use crate::ast::Table;
use crate::attr::{IndexKeyAttr, IndexOptions};
use crate::ctxt::Ctxt;

pub fn check_indexes(cx: &Ctxt, table: &Table) {
    for list in &table.attrs.indexes {
        let Some(options) = &list.index else { continue };
        check_index(cx, &list.key, options);
    }
}

fn check_index(cx: &Ctxt, key: &syn::Ident, options: &IndexOptions) {
    let mut has_sql = false;
    for index_key in &options.keys {
        match index_key {
            IndexKeyAttr::Sql(sql) => {
                has_sql = true;
                if sql.value().trim().is_empty() {
                    cx.error_spanned_by(sql, "`sql = \"...\"` needs an SQL expression, e.g. `sql = \"lower(\\\"email\\\")\"`");
                } else if let Some(problem) = crate::check::breaks_a_migration(&sql.value()) {
                    cx.error_spanned_by(sql, format!("this expression {problem}"));
                }
            }
            IndexKeyAttr::Field {
                field,
                op,
                asc,
                desc,
                nulls_first,
                nulls_last,
            } => {
                if let (Some(_), Some(desc)) = (asc, desc) {
                    cx.error_spanned_by(
                        desc,
                        format!("`{field}` is declared both `asc` and `desc`: keep one"),
                    );
                }
                if let (Some(_), Some(last)) = (nulls_first, nulls_last) {
                    cx.error_spanned_by(
                        last,
                        format!(
                            "`{field}` is declared both `nulls_first` and `nulls_last`: keep one"
                        ),
                    );
                }
                if let Some(op) = op {
                    if !is_sql_word(&op.value()) {
                        cx.error_spanned_by(op, "an operator class is a name such as `gin_trgm_ops` or `vector_cosine_ops`");
                    }
                    let order = desc
                        .as_ref()
                        .or(nulls_first.as_ref())
                        .or(nulls_last.as_ref())
                        .or(asc.as_ref());
                    if let Some(order) = order {
                        cx.error_spanned_by(
                            order,
                            format!("`{order}` with an operator class: drizzle-kit 0.31 writes no order after `{}` and would build the index without it; drop `{order}` or the operator class", op.value()),
                        );
                    }
                }
            }
        }
    }
    if let Some(using) = &options.using {
        if !is_sql_word(&using.value()) {
            cx.error_spanned_by(using, "an index method is a name: `btree`, `hash`, `gin`, `gist`, `brin`, `spgist`, or an extension's (`bloom`, `hnsw`, `ivfflat`)");
        }
    }
    if let Some(predicate) = &options.where_sql {
        if predicate.value().trim().is_empty() {
            cx.error_spanned_by(
                predicate,
                "`where_sql` needs a predicate, e.g. `where_sql = \"\\\"deleted_at\\\" is null\"`",
            );
        } else if let Some(problem) = crate::check::breaks_a_migration(&predicate.value()) {
            cx.error_spanned_by(predicate, format!("this predicate {problem}"));
        }
    }
    if has_sql && options.name.is_none() {
        cx.error_spanned_by(
            key,
            "an index with an `sql = \"...\"` key needs `name = \"...\"`: drizzle-kit names indexes after their columns only",
        );
    }
    for (param, value) in &options.with {
        if !is_sql_word(&param.to_string())
            || value.is_empty()
            || !value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        {
            cx.error_spanned_by(param, "a storage parameter is `name = value` with a number, boolean or word, e.g. `fillfactor = 70`");
        }
    }
}

/// Lower-case letters, digits and `_`, starting with a letter: what PostgreSQL folds an unquoted
/// name to, and the only spelling written unquoted safely.
fn is_sql_word(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
