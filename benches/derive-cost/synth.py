#!/usr/bin/env python3
"""The synthetic schema of the derive-cost benchmark, written for both tools.

    synth.py N OUT [--registration slice|chain] [--extra TABLE:COLUMN ...] [--split MODULES]

writes OUT/lib.rs (an `orchestrator-schema` crate root: N tables in one module, as a user writes
them, and `try_schema()`) and OUT/schema.ts (the same tables as drizzle TypeScript). Each table has
13 columns, 2 foreign keys (to the table before it and to the one at half its index) and a
composite unique, like the issue's measurements. `--extra t00042:extra_1` adds the nullable text
column `extra_1` to table `t00042` on both sides: the benchmark's edit. `--split M` spreads the
tables over M modules (the split variant reported beside the one-module crate); `--crates M` over M
crates beside it (`schema-parts/p000` …), each table pointing into its own crate or the first.
"""

import argparse
import os


def table_name(i):
    return f"t{i:05d}"


def struct_name(i):
    return f"T{i:05d}"


def targets(i, part=None):
    """The tables table `i`'s two foreign keys point at (owner, parent). In a crate of its own
    (`part` = (first table of the crate, first table of the next)), a table points only into its
    own crate or the first one, as domain crates around a core crate do: each crate then depends
    on the first alone, so an edit rebuilds its own crate and not the ones after it."""
    owner, parent = max(i - 1, 0), i // 2
    if part is not None:
        lo, _ = part
        if lo > 0:
            owner = owner if owner >= lo else 0
            parent = parent if parent >= lo else lo
    return owner, parent


def rust_table(i, extras, part=None):
    owner, parent = targets(i, part)
    lines = [
        "#[derive(Table)]",
        f'#[table(name = "{table_name(i)}", unique(owner_id, slug))]',
        f"pub struct {struct_name(i)} {{",
        "    #[column(primary_key, default_fn = nanoid)]",
        "    pub id: String,",
        f'    #[column(references = {struct_name(owner)}::id, on_delete = cascade, relation = "owner")]',
        "    pub owner_id: String,",
        f'    #[column(references = {struct_name(parent)}::id, on_delete = set_null, relation = "parent")]',
        "    pub parent_id: Option<String>,",
        "    pub name: String,",
        "    pub slug: String,",
        "    pub description: Option<String>,",
        "    #[column(default = 0)]",
        "    pub position: i32,",
        "    pub score: Option<f64>,",
        "    #[column(default = true)]",
        "    pub active: bool,",
        "    pub metadata: Option<serde_json::Value>,",
        '    #[column(default_json = "[]")]',
        "    pub tags: Vec<String>,",
        "    #[column(default_now)]",
        "    pub created_at: NaiveDateTime,",
        "    pub updated_at: Option<NaiveDateTime>,",
    ]
    for column in extras.get(table_name(i), []):
        lines.append(f"    pub {column}: Option<String>,")
    lines.append("}")
    return "\n".join(lines) + "\n"


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def ts_table(i, extras):
    owner, parent = targets(i)
    t = table_name(i)
    columns = [
        'id: text("id").primaryKey()',
        f'ownerId: text("owner_id").notNull().references((): AnyPgColumn => {table_name(owner)}.id, {{ onDelete: "cascade" }})',
        f'parentId: text("parent_id").references((): AnyPgColumn => {table_name(parent)}.id, {{ onDelete: "set null" }})',
        'name: text("name").notNull()',
        'slug: text("slug").notNull()',
        'description: text("description")',
        'position: integer("position").notNull().default(0)',
        'score: doublePrecision("score")',
        'active: boolean("active").notNull().default(true)',
        'metadata: jsonb("metadata")',
        'tags: jsonb("tags").$type<string[]>().notNull().default([])',
        'createdAt: timestamp("created_at").notNull().defaultNow()',
        'updatedAt: timestamp("updated_at")',
    ]
    for column in extras.get(t, []):
        columns.append(f'{camel(column)}: text("{column}")')
    body = "".join(f"  {c},\n" for c in columns)
    return f'export const {t} = pgTable("{t}", {{\n{body}}}, (t) => [unique().on(t.ownerId, t.slug)]);\n'


RUST_HEADER = """//! A synthetic schema of {n} tables (benches/derive-cost/synth.py), in the place of the
//! orchestrator's, so `cargo xtask gen` runs on it unchanged.
"""

RUST_PRELUDE = """use chrono::NaiveDateTime;
use schema_model::{nanoid, Table};
"""


def registration(names, style):
    """`try_schema`'s body registering the tables of Rust paths `names`."""
    if style == "chain":
        calls = "".join(f"        .table::<{name}>()\n" for name in names)
        return f"    SchemaBuilder::new()\n{calls}        .build()\n"
    items = "".join(f"        {name},\n" for name in names)
    return f"    SchemaBuilder::new()\n        .tables(schema_model::tables![\n{items}        ])\n        .build()\n"


PART_MANIFEST = """[package]
name = "{name}"
publish = false
edition.workspace = true
version.workspace = true

[dependencies]
schema-model.workspace = true
serde_json.workspace = true
chrono = {{ version = "0.4", default-features = false, features = ["std"] }}
{core}"""


def write_crates(n, out, extras, crates):
    """Tables spread over `crates` crates beside the schema crate (OUT/../../schema-parts/pNNN),
    the schema crate registering them all; its manifest gets a dependency on each."""
    size = -(-n // crates)
    parts_dir = os.path.join(out, "..", "..", "schema-parts")
    names = []
    for k in range(crates):
        lo, hi = k * size, min(n, (k + 1) * size)
        if lo >= hi:
            break
        name = f"p{k:03d}"
        names.append((name, lo, hi))
        src = os.path.join(parts_dir, name, "src")
        os.makedirs(src, exist_ok=True)
        core = 'p000 = { path = "../p000" }\n' if k > 0 else ""
        write_if_changed(
            os.path.join(parts_dir, name, "Cargo.toml"), PART_MANIFEST.format(name=name, core=core)
        )
        text = RUST_PRELUDE + ("#[allow(unused_imports)]\nuse p000::*;\n" if k > 0 else "")
        for i in range(lo, hi):
            text += "\n" + rust_table(i, extras, (lo, hi))
        write_if_changed(os.path.join(src, "lib.rs"), text)
    manifest = os.path.join(out, "..", "Cargo.toml")
    lines = [l for l in open(manifest).read().splitlines() if not l.startswith("p0")]
    at = lines.index("[dependencies]") + 1
    lines[at:at] = [f'{name} = {{ path = "../schema-parts/{name}" }}' for name, _, _ in names]
    write_if_changed(manifest, "\n".join(lines) + "\n")
    return [f"{name}::{struct_name(i)}" for name, lo, hi in names for i in range(lo, hi)]


def write_if_changed(path, text):
    """Writes `text` unless the file holds it already: cargo rebuilds what has a newer file."""
    if os.path.exists(path) and open(path).read() == text:
        return
    with open(path, "w") as f:
        f.write(text)


def write_rust(n, out, style, extras, split, crates=1):
    if crates > 1:
        paths = write_crates(n, out, extras, crates)
        write_if_changed(
            os.path.join(out, "lib.rs"),
            RUST_HEADER.format(n=n) + LIB_TAIL.replace("{registration}", registration(paths, style)),
        )
        return
    parts = [RUST_HEADER.format(n=n), "pub mod tables;\n"]
    if split <= 1:
        with open(os.path.join(out, "tables.rs"), "w") as f:
            f.write("//! Every table, in one module.\n\n" + RUST_PRELUDE)
            for i in range(n):
                f.write("\n" + rust_table(i, extras))
        path = "tables::"
    else:
        # Module k holds tables k*size .. (k+1)*size; each names the others through `crate::`.
        size = -(-n // split)
        os.makedirs(os.path.join(out, "tables"), exist_ok=True)
        mods = []
        for k in range(split):
            lo, hi = k * size, min(n, (k + 1) * size)
            if lo >= hi:
                break
            mods.append(f"m{k:03d}")
            with open(os.path.join(out, "tables", f"m{k:03d}.rs"), "w") as f:
                f.write(RUST_PRELUDE + "#[allow(unused_imports)]\nuse super::*;\n")
                for i in range(lo, hi):
                    f.write("\n" + rust_table(i, extras))
        with open(os.path.join(out, "tables.rs"), "w") as f:
            f.write("//! The tables, split over modules.\n\n")
            for m in mods:
                f.write(f"pub mod {m};\npub use {m}::*;\n")
        path = "tables::"
    parts.append(LIB_TAIL.replace("{registration}", registration([f"{path}{struct_name(i)}" for i in range(n)], style)))
    with open(os.path.join(out, "lib.rs"), "w") as f:
        f.write("".join(parts))


LIB_TAIL = """
use schema_model::{Schema, SchemaBuilder, SchemaErrors};

/// The tables this schema's first migration had (none: everything is current).
pub const PLAN_01_01_TABLES: [&str; 0] = [];

pub fn try_schema() -> Result<Schema, SchemaErrors> {
{registration}}

pub fn try_baseline() -> Result<Schema, SchemaErrors> {
    try_schema()
}

pub fn schema() -> Schema {
    try_schema().unwrap_or_else(|errors| panic!("{errors}"))
}

pub fn baseline() -> Schema {
    schema()
}
"""


def write_ts(n, out, extras):
    with open(os.path.join(out, "schema.ts"), "w") as f:
        f.write(
            'import { pgTable, text, integer, doublePrecision, boolean, jsonb, timestamp, unique, type AnyPgColumn } from "drizzle-orm/pg-core";\n'
        )
        for i in range(n):
            f.write("\n" + ts_table(i, extras))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--registration", choices=["slice", "chain"], default="slice")
    parser.add_argument("--extra", action="append", default=[])
    parser.add_argument("--split", type=int, default=1)
    parser.add_argument("--crates", type=int, default=1)
    parser.add_argument("--only", choices=["rust", "ts"])
    args = parser.parse_args()
    extras = {}
    for spec in args.extra:
        table, column = spec.split(":")
        extras.setdefault(table, []).append(column)
    os.makedirs(args.out, exist_ok=True)
    if args.only != "ts":
        write_rust(args.n, args.out, args.registration, extras, args.split, args.crates)
    if args.only != "rust":
        write_ts(args.n, args.out, extras)


if __name__ == "__main__":
    main()
