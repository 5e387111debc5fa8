//! `types.ts`: every table's select and insert row, with no import of drizzle.

use std::collections::BTreeSet;

use crate::model::{Schema, TableDef};

use super::layout::{export_all_types, named_list, property_key, section_comment, type_after};
use super::typedoc::property;
use super::typing::{
    imported_types, insert_excluded, insert_optional, select_expression, select_members,
    table_unions, union_declaration,
};
use super::{TsOptions, GENERATED_HEADER, USER_TYPES_MODULE};

const INTRO: &[&str] = &[
    "// The rows of schema.ts, for code that must not import drizzle-orm. Each type is",
    "// exactly drizzle's `$inferSelect` (`User`) or `$inferInsert` (`NewUser`) of its",
    "// table; types-equal.ts proves it.",
];

pub(super) fn types_ts(schema: &Schema, options: &TsOptions) -> String {
    let mut blocks = vec![format!("{GENERATED_HEADER}\n//\n{}", INTRO.join("\n"))];
    let user_types = imported_types(schema);
    if !user_types.is_empty() {
        let module = options.import_extension.specifier(USER_TYPES_MODULE);
        blocks.push(named_list("import type", &user_types, &module));
        blocks.push(export_all_types(&module));
    }
    let mut declared_unions = BTreeSet::new();
    let mut last_section: Option<&str> = None;
    for table in &schema.tables {
        if let Some(section) = table.ts.section.as_deref() {
            if last_section != Some(section) {
                blocks.push(section_comment(section));
                last_section = Some(section);
            }
        }
        for e in table_unions(table) {
            if declared_unions.insert(e.name.as_str()) {
                blocks.push(union_declaration(e));
            }
        }
        blocks.push(select_row(table));
        blocks.push(insert_row(table));
    }
    // A view is read, never written: a select row only.
    for view in crate::views::drizzle_order(&schema.views) {
        for e in super::typing::column_unions(&view.columns) {
            if declared_unions.insert(e.name.as_str()) {
                blocks.push(union_declaration(e));
            }
        }
        blocks.push(select_row(&super::typing::view_table(view)));
    }
    blocks.join("\n\n") + "\n"
}

fn select_row(table: &TableDef) -> String {
    let mut out = format!("export type {} = {{", table.ts.row_type);
    for column in &table.columns {
        let key = property_key(&column.ts.property);
        out.push('\n');
        match select_expression(table, column) {
            Some(ty) => out.push_str(&property(2, &key, &ty)),
            None => out.push_str(&type_after(
                &format!("  {key}:"),
                2,
                &select_members(table, column),
                ";",
            )),
        }
    }
    out.push_str("\n};");
    out
}

fn insert_row(table: &TableDef) -> String {
    let mut out = format!("export type {} = {{", table.ts.insert_type);
    for column in table.columns.iter().filter(|c| !insert_excluded(c)) {
        let optional = if insert_optional(table, column) {
            "?"
        } else {
            ""
        };
        let key = format!("{}{optional}", property_key(&column.ts.property));
        out.push('\n');
        match select_expression(table, column) {
            Some(ty) => out.push_str(&property(2, &key, &ty)),
            None => out.push_str(&type_after(
                &format!("  {key}:"),
                2,
                &select_members(table, column),
                ";",
            )),
        }
    }
    out.push_str("\n};");
    out
}
