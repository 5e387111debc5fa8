//! Where two schemas differ, said so a person can act on it: the first table, column,
//! constraint or index that the SQL of a migration and its snapshot disagree on.

use schema_model::{ddl, Schema, TableDef};

/// The first table or column where two schemas differ.
pub fn first_difference(replayed: &Schema, snapshot: &Schema) -> String {
    for table in &snapshot.tables {
        match replayed.table(&table.name) {
            None => return format!("table \"{}\" is missing from the SQL", table.name),
            Some(other) if other != table => {
                for column in &table.columns {
                    match other.column(&column.name) {
                        None => {
                            return format!(
                                "column \"{}\".\"{}\" is missing from the SQL",
                                table.name, column.name
                            )
                        }
                        Some(c) if c != column => {
                            return format!(
                                "in table \"{}\" the SQL has `{}` but the snapshot `{}`",
                                table.name,
                                ddl::column_sql(c, false),
                                ddl::column_sql(column, false)
                            )
                        }
                        _ => {}
                    }
                }
                for column in &other.columns {
                    if table.column(&column.name).is_none() {
                        return format!(
                            "column \"{}\".\"{}\" is in the SQL but not in the snapshot",
                            table.name, column.name
                        );
                    }
                }
                return constraint_difference(other, table).unwrap_or_else(|| {
                    format!(
                        "the constraints or indexes of table \"{}\" differ",
                        table.name
                    )
                });
            }
            _ => {}
        }
    }
    for table in &replayed.tables {
        if snapshot.table(&table.name).is_none() {
            return format!(
                "table \"{}\" is in the SQL but not in the snapshot",
                table.name
            );
        }
    }
    "they differ".into()
}

/// The first primary key, unique constraint, foreign key or index of `snapshot` that the SQL
/// lacks, has in addition, or defines otherwise, by name, with both definitions.
fn constraint_difference(sql: &TableDef, snapshot: &TableDef) -> Option<String> {
    let table = &snapshot.name;
    let mut differences = Vec::new();
    differences.extend(named_difference(
        "primary key",
        table,
        sql.primary_key.as_slice(),
        snapshot.primary_key.as_slice(),
        |pk| &pk.name,
        |pk| ddl::add_primary_key(table, pk).sql,
    ));
    differences.extend(named_difference(
        "unique constraint",
        table,
        &sql.uniques,
        &snapshot.uniques,
        |u| &u.name,
        |u| ddl::add_unique(table, u).sql,
    ));
    differences.extend(named_difference(
        "foreign key",
        table,
        &sql.foreign_keys,
        &snapshot.foreign_keys,
        |fk| &fk.name,
        |fk| ddl::add_foreign_key(table, fk).sql,
    ));
    differences.extend(named_difference(
        "index",
        table,
        &sql.indexes,
        &snapshot.indexes,
        |i| &i.name,
        |i| ddl::create_index(table, i).sql,
    ));
    differences.into_iter().next()
}

fn named_difference<T: PartialEq>(
    kind: &str,
    table: &str,
    sql: &[T],
    snapshot: &[T],
    name: impl Fn(&T) -> &str,
    render: impl Fn(&T) -> String,
) -> Option<String> {
    for expected in snapshot {
        match sql.iter().find(|s| name(s) == name(expected)) {
            None => {
                return Some(format!(
                    "{kind} \"{}\" of table \"{table}\" is missing from the SQL (the snapshot has `{}`)",
                    name(expected),
                    render(expected).trim_end()
                ))
            }
            Some(found) if found != expected => {
                return Some(format!(
                    "{kind} \"{}\" of table \"{table}\" differs: the SQL has `{}` but the snapshot `{}`",
                    name(expected),
                    render(found).trim_end(),
                    render(expected).trim_end()
                ))
            }
            Some(_) => {}
        }
    }
    sql.iter()
        .find(|s| !snapshot.iter().any(|e| name(e) == name(s)))
        .map(|extra| {
            format!(
                "{kind} \"{}\" of table \"{table}\" is in the SQL but not in the snapshot: `{}`",
                name(extra),
                render(extra).trim_end()
            )
        })
}
