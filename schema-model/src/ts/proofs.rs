//! `types-equal.ts`: type-level assertions, checked by `tsc --strict`, that `types.ts` says
//! exactly what drizzle infers from `schema.ts`.

use crate::model::Schema;

use super::layout::{fits, pad};
use super::typing::named_unions;
use super::{TsOptions, GENERATED_HEADER};

const PREAMBLE: &str = r#"// Each row type of types.ts against drizzle's inference from schema.ts, and each union of
// types.ts against the one schema.ts exports: `tsc --strict` fails at the first that differs.

import type * as schema from "{schema}";
import type * as rows from "{types}";

// True only when A and B are the same type (mutual assignability is not enough: it would let
// `any`, optionality and readonly differences through).
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
type Expect<T extends true> = T;"#;

pub(super) fn types_equal_ts(schema: &Schema, options: &TsOptions) -> String {
    let relative = |module: &str| options.import_extension.specifier(module);
    let preamble = PREAMBLE
        .replace("{schema}", &relative("./schema"))
        .replace("{types}", &relative("./types"));
    let mut blocks = vec![GENERATED_HEADER.to_string(), preamble];
    for table in &schema.tables {
        let export = &table.ts.export_name;
        let pairs = [
            (
                format!("rows.{}", table.ts.row_type),
                format!("typeof schema.{export}.$inferSelect"),
            ),
            (
                format!("rows.{}", table.ts.insert_type),
                format!("typeof schema.{export}.$inferInsert"),
            ),
        ];
        blocks.push(tuple(&format!("{}RowTypes", upper_first(export)), &pairs));
    }
    for view in crate::views::drizzle_order(&schema.views) {
        let export = &view.ts.export_name;
        let pairs = [(
            format!("rows.{}", view.ts.row_type),
            format!("typeof schema.{export}.$inferSelect"),
        )];
        blocks.push(tuple(&format!("{}RowType", upper_first(export)), &pairs));
    }
    let unions: Vec<(String, String)> = named_unions(schema)
        .into_iter()
        .map(|e| (format!("rows.{}", e.name), format!("schema.{}", e.name)))
        .collect();
    if !unions.is_empty() {
        blocks.push(tuple("Unions", &unions));
    }
    blocks.join("\n\n") + "\n"
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `export type Name = [Expect<Equal<A, B>>, …];`, one assertion a line, each broken the way
/// prettier breaks type arguments that do not fit.
fn tuple(name: &str, pairs: &[(String, String)]) -> String {
    let flat_items: Vec<String> = pairs
        .iter()
        .map(|(a, b)| format!("Expect<Equal<{a}, {b}>>"))
        .collect();
    let flat = format!("export type {name} = [{}];", flat_items.join(", "));
    if fits(&flat) {
        return flat;
    }
    let mut out = format!("export type {name} = [");
    for (a, b) in pairs {
        out.push('\n');
        out.push_str(&assertion(a, b));
    }
    out.push_str("\n];");
    out
}

fn assertion(a: &str, b: &str) -> String {
    let flat = format!("{}Expect<Equal<{a}, {b}>>,", pad(2));
    if fits(&flat) {
        return flat;
    }
    let equal = format!("{}Equal<{a}, {b}>", pad(4));
    if fits(&equal) {
        return format!("{}Expect<\n{equal}\n{}>,", pad(2), pad(2));
    }
    format!(
        "{p2}Expect<\n{p4}Equal<\n{p6}{a},\n{p6}{b}\n{p4}>\n{p2}>,",
        p2 = pad(2),
        p4 = pad(4),
        p6 = pad(6)
    )
}
