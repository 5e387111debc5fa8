//! The prettier rules (default options: 80 columns, 2 spaces, double quotes, trailing commas)
//! that the generated files meet, so their text is already what `prettier --check` accepts.
//!
//! Prettier keeps an object literal expanded when its source has a line break after `{`; the
//! emitters always write objects that way, so only calls, chains, unions and lists need rules.

/// Prettier's default `printWidth`.
pub(super) const PRINT_WIDTH: usize = 80;

pub(super) fn fits(line: &str) -> bool {
    // Bytes are never fewer than characters: only a long line needs counting.
    line.len() <= PRINT_WIDTH || line.chars().count() <= PRINT_WIDTH
}

pub(super) fn pad(indent: usize) -> String {
    " ".repeat(indent)
}

/// `import { a, b } from "m";` on one line when it fits, else one name a line.
/// `keyword` is `import`, `import type` or `export type`.
pub(super) fn named_list(keyword: &str, names: &[String], module: &str) -> String {
    let flat = format!(
        "{keyword} {{ {} }} from {};",
        names.join(", "),
        string_literal(module)
    );
    if fits(&flat) {
        return flat;
    }
    let mut out = format!("{keyword} {{\n");
    for name in names {
        out.push_str(&format!("  {name},\n"));
    }
    out.push_str(&format!("}} from {};", string_literal(module)));
    out
}

/// `export type * from "m";`: every type `m` exports (TypeScript 5.0).
pub(super) fn export_all_types(module: &str) -> String {
    format!("export type * from {};", string_literal(module))
}

/// A type after `prefix` (`export type X =`, `  name?:`): on the prefix's line when it fits,
/// else on the next line, else one union member a line with a leading `|`.
pub(super) fn type_after(prefix: &str, indent: usize, members: &[String], end: &str) -> String {
    // On one line, written once: most types fit and this is what is returned.
    let mut flat = String::with_capacity(PRINT_WIDTH + 16);
    flat.push_str(prefix);
    flat.push(' ');
    let union_start = flat.len();
    push_separated(&mut flat, members, " | ", |out, member| {
        out.push_str(member)
    });
    let union_end = flat.len();
    flat.push_str(end);
    if fits(&flat) || members.len() == 1 {
        return flat;
    }
    let union = &flat[union_start..union_end];
    let inner = pad(indent + 2);
    let next_line = format!("{inner}{union}{end}");
    if fits(&next_line) {
        return format!("{prefix}\n{next_line}");
    }
    let mut out = prefix.to_string();
    for member in members {
        out.push_str(&format!("\n{inner}| {member}"));
    }
    out.push_str(end);
    out
}

/// One argument of a call.
#[derive(Debug, Clone)]
pub(super) enum Arg {
    /// Any expression that prettier counts as simple (literal, identifier, member access).
    Plain(String),
    /// An arrow function: never simple, so a chain holding one always breaks.
    Function(String),
    /// An object literal: `{ key: value, … }`, hugged when the call does not fit.
    Object(Vec<(String, String)>),
}

impl Arg {
    fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Arg::Plain(s) | Arg::Function(s) => out.push_str(s),
            Arg::Object(entries) => write_object_flat(entries, out),
        }
    }
}

pub(super) fn object_flat(entries: &[(String, String)]) -> String {
    let mut out = String::new();
    write_object_flat(entries, &mut out);
    out
}

fn write_object_flat(entries: &[(String, String)], out: &mut String) {
    if entries.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{ ");
    push_separated(out, entries, ", ", |out, (key, value)| {
        out.push_str(key);
        out.push_str(": ");
        out.push_str(value);
    });
    out.push_str(" }");
}

/// `items` written into `out` by `write`, `separator` between each two.
fn push_separated<T>(
    out: &mut String,
    items: &[T],
    separator: &str,
    mut write: impl FnMut(&mut String, &T),
) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        write(out, item);
    }
}

/// A call: `name<type_arg>(args)`; in a chain `name` starts with `.`.
#[derive(Debug, Clone)]
pub(super) struct Call {
    pub name: String,
    pub type_arg: Option<String>,
    /// A user's type expression as the type argument (instead of `type_arg`): laid out by
    /// [`super::typedoc`] as prettier lays it out.
    pub type_expr: Option<schema_ts_syntax::Type>,
    pub args: Vec<Arg>,
}

impl Call {
    pub fn new(name: impl Into<String>, args: Vec<Arg>) -> Call {
        Call {
            name: name.into(),
            type_arg: None,
            type_expr: None,
            args,
        }
    }

    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    /// [`Call::flat`] appended to `out`: the emitters lay out every column this way first (most
    /// fit on their line), so it builds no intermediate strings.
    fn write_flat(&self, out: &mut String) {
        self.write_callee(out);
        out.push('(');
        push_separated(out, &self.args, ", ", |out, arg| arg.write_flat(out));
        out.push(')');
    }

    fn callee(&self) -> String {
        let mut out = String::new();
        self.write_callee(&mut out);
        out
    }

    fn write_callee(&self, out: &mut String) {
        use std::fmt::Write;
        out.push_str(&self.name);
        match (&self.type_arg, &self.type_expr) {
            (Some(t), _) => {
                out.push('<');
                out.push_str(t);
                out.push('>');
            }
            (None, Some(t)) => {
                let _ = write!(out, "<{t}>");
            }
            (None, None) => {}
        }
    }

    fn has_function_arg(&self) -> bool {
        self.args.iter().any(|a| matches!(a, Arg::Function(_)))
    }

    /// The text up to where prettier may first break inside this call: after `<` or `(`, or
    /// the whole call when it takes nothing.
    fn up_to_first_break(&self) -> Option<String> {
        match (
            self.type_arg.is_some() || self.type_expr.is_some(),
            self.args.is_empty(),
        ) {
            (true, _) => Some(format!("{}<", self.name)),
            (false, false) => Some(format!("{}(", self.callee())),
            (false, true) => None,
        }
    }

    /// The call, after `first_prefix` on a line indented by `indent`, broken as prettier
    /// breaks a call that does not fit: its last object argument hugged (`name(a, {` + one
    /// entry a line + `})`) when that first line fits, else its type argument alone on a
    /// line, else one argument a line.
    fn broken(&self, first_prefix: &str, indent: usize, end: &str) -> String {
        let inner = pad(indent + 2);
        if let Some((Arg::Object(entries), before)) = self.args.split_last() {
            let mut opening: Vec<String> = before.iter().map(Arg::flat).collect();
            opening.push("{".to_string());
            let first = format!("{first_prefix}{}({}", self.callee(), opening.join(", "));
            if fits(&first) {
                let mut out = first;
                for (k, v) in entries {
                    out.push('\n');
                    out.push_str(&object_entry(indent + 2, k, v, ","));
                }
                out.push_str(&format!("\n{}}}){end}", pad(indent)));
                return out;
            }
        }
        if let (Some(ty), true) = (&self.type_expr, self.args.is_empty()) {
            let doc = super::doc::concat(vec![
                super::doc::text(first_prefix),
                super::typedoc::type_call(&self.name, ty, true),
                super::doc::text(end),
            ]);
            return super::doc::print(&doc, indent, 0);
        }
        if let (Some(type_arg), true) = (&self.type_arg, self.args.is_empty()) {
            return format!(
                "{first_prefix}{}<\n{inner}{type_arg}\n{}>(){end}",
                self.name,
                pad(indent)
            );
        }
        if self.args.is_empty() {
            return format!("{first_prefix}{}{end}", self.flat());
        }
        let mut out = format!("{first_prefix}{}(", self.callee());
        for arg in &self.args {
            out.push_str(&format!("\n{inner}{},", arg.flat()));
        }
        out.push_str(&format!("\n{}){end}", pad(indent)));
        out
    }
}

/// A member chain `head.call().call()` after `prefix` on a line indented by `indent`, ended by
/// `end`. Prettier's rule: a head with one call stays on one line (its last object argument
/// is hugged when too long); with two calls or more, the chain stays on one line only when it
/// fits and no call takes a function, else each call goes on its own line.
pub(super) fn chain(prefix: &str, indent: usize, head: &Call, calls: &[Call], end: &str) -> String {
    // The whole chain on one line, written once: most chains fit and this is what is returned.
    let mut flat = String::with_capacity(PRINT_WIDTH + 16);
    flat.push_str(prefix);
    head.write_flat(&mut flat);
    let calls_start = flat.len();
    for call in calls {
        call.write_flat(&mut flat);
    }
    let calls_end = flat.len();
    flat.push_str(end);
    let flat_calls = &flat[calls_start..calls_end];
    if calls.len() <= 1 {
        if fits(&flat) {
            return flat;
        }
        // Prettier breaks the first call, left to right, whose text up to its own first
        // break point does not fit.
        let Some(call) = calls.first() else {
            return head.broken(prefix, indent, end);
        };
        let head_fits = match call.up_to_first_break() {
            Some(text) => fits(&format!("{prefix}{}{text}", head.flat())),
            None => fits(&flat),
        };
        if head_fits {
            return call.broken(&format!("{prefix}{}", head.flat()), indent, end);
        }
        return head.broken(prefix, indent, &format!("{flat_calls}{end}"));
    }
    if fits(&flat) && !calls.iter().any(Call::has_function_arg) {
        return flat;
    }
    let head_line = format!("{prefix}{}", head.flat());
    let mut out = if fits(&head_line) {
        head_line
    } else {
        head.broken(prefix, indent, "")
    };
    let inner = pad(indent + 2);
    let expanded_objects = super::typedoc::expanded_objects(&flat);
    for (i, call) in calls.iter().enumerate() {
        let call_end = if i + 1 == calls.len() { end } else { "" };
        out.push('\n');
        if let Some(ty) = &call.type_expr {
            let doc = super::doc::concat(vec![
                super::doc::text(inner.clone()),
                super::typedoc::type_call(&call.name, ty, expanded_objects),
                super::doc::text(call_end),
            ]);
            out.push_str(&super::doc::print(&doc, indent + 2, 0));
            continue;
        }
        let line = format!("{inner}{}{call_end}", call.flat());
        if fits(&line) {
            out.push_str(&line);
        } else {
            out.push_str(&call.broken(&inner, indent + 2, call_end));
        }
    }
    out
}

/// `key: value` on a line indented by `indent`; an array value that does not fit goes one
/// element a line.
pub(super) fn object_entry(indent: usize, key: &str, value: &str, end: &str) -> String {
    let line = format!("{}{key}: {value}{end}", pad(indent));
    let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) else {
        return line;
    };
    if fits(&line) || inner.is_empty() {
        return line;
    }
    let mut out = format!("{}{key}: [", pad(indent));
    for item in split_top_level(inner) {
        out.push_str(&format!("\n{}{item},", pad(indent + 2)));
    }
    out.push_str(&format!("\n{}]{end}", pad(indent)));
    out
}

/// `a, f(b, c), "d, e"` → `a`, `f(b, c)`, `"d, e"`: splits at the commas outside brackets and
/// strings.
fn split_top_level(list: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut current = String::new();
    for c in list.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' | '{' | '<' => depth += 1,
                ')' | ']' | '}' | '>' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(current.trim().to_string());
                    current.clear();
                    continue;
                }
                _ => {}
            },
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        items.push(current.trim().to_string());
    }
    items
}

/// A JavaScript string literal as prettier writes it: double quotes unless the text holds
/// more double quotes than single ones.
pub(super) fn string_literal(s: &str) -> String {
    // Most names need no escape: copied whole (a generated file writes thousands of them).
    if s.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return out;
    }
    let doubles = s.matches('"').count();
    let singles = s.matches('\'').count();
    let quote = if doubles > singles { '\'' } else { '"' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Whether `name` can be written unquoted as a property name.
pub(super) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A property name as written in an object or type literal.
pub(super) fn property_key(name: &str) -> std::borrow::Cow<'_, str> {
    if is_identifier(name) {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(string_literal(name))
    }
}

/// `object.property`, or `object["property"]` when the property is not an identifier.
pub(super) fn member(object: &str, property: &str) -> String {
    if is_identifier(property) {
        format!("{object}.{property}")
    } else {
        format!("{object}[{}]", string_literal(property))
    }
}

/// A section comment as the seed writes them.
pub(super) fn section_comment(title: &str) -> String {
    let rule = format!("// {}", "=".repeat(44));
    format!("{rule}\n// {title}\n{rule}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_prefer_double_quotes() {
        assert_eq!(string_literal("member"), "\"member\"");
        assert_eq!(string_literal("it's"), "\"it's\"");
        assert_eq!(string_literal("say \"hi\""), "'say \"hi\"'");
        assert_eq!(string_literal("a\\b"), "\"a\\\\b\"");
        assert_eq!(string_literal("tab\there"), "\"tab\\there\"");
        assert_eq!(string_literal("café"), "\"café\"");
        assert_eq!(string_literal(""), "\"\"");
    }

    #[test]
    fn unions_break_onto_the_next_line_then_one_member_a_line() {
        let short = ["\"a\"".to_string(), "\"b\"".to_string()];
        assert_eq!(
            type_after("export type X =", 0, &short, ";"),
            "export type X = \"a\" | \"b\";"
        );
        let members: Vec<String> = (0..12).map(|i| format!("\"variant_{i}\"")).collect();
        let broken = type_after("export type X =", 0, &members, ";");
        assert!(
            broken.starts_with("export type X =\n  | \"variant_0\"\n"),
            "{broken}"
        );
        assert!(broken.ends_with("\n  | \"variant_11\";"), "{broken}");
        let medium: Vec<String> = (0..5).map(|i| format!("\"variant_{i}\"")).collect();
        let next = type_after("export type LongerNameForTheUnion =", 0, &medium, ";");
        assert_eq!(next.lines().count(), 2, "{next}");
    }

    #[test]
    fn chains_with_a_function_argument_break_one_call_a_line() {
        let head = Call::new("text", vec![Arg::Plain("\"id\"".into())]);
        let calls = [
            Call::new(".primaryKey", vec![]),
            Call::new(".$defaultFn", vec![Arg::Function("() => nanoid()".into())]),
        ];
        assert_eq!(
            chain("  id: ", 2, &head, &calls, ","),
            "  id: text(\"id\")\n    .primaryKey()\n    .$defaultFn(() => nanoid()),"
        );
        let simple = [Call::new(".notNull", vec![]), Call::new(".unique", vec![])];
        assert_eq!(
            chain("  email: ", 2, &head, &simple, ","),
            "  email: text(\"id\").notNull().unique(),"
        );
    }

    #[test]
    fn a_single_call_hugs_its_last_object_argument_when_too_long() {
        let head = Call::new("text", vec![Arg::Plain("\"project_id\"".into())]);
        let calls = [Call::new(
            ".references",
            vec![
                Arg::Function("() => projects.id".into()),
                Arg::Object(vec![("onDelete".into(), "\"set null\"".into())]),
            ],
        )];
        assert_eq!(
            chain("  projectId: ", 2, &head, &calls, ","),
            "  projectId: text(\"project_id\").references(() => projects.id, {\n    onDelete: \"set null\",\n  }),"
        );
    }

    #[test]
    fn a_head_too_long_for_its_chain_breaks_its_arguments() {
        let head = Call::new(
            "text",
            vec![Arg::Plain(
                "\"lifecycle_state_of_this_particular_node\"".into(),
            )],
        );
        let calls = [Call::new(".notNull", vec![]), Call::new(".unique", vec![])];
        assert_eq!(
            chain("    lifecycleStateOfThisParticularNode: ", 4, &head, &calls, ","),
            "    lifecycleStateOfThisParticularNode: text(\n      \"lifecycle_state_of_this_particular_node\",\n    )\n      .notNull()\n      .unique(),"
        );
    }

    #[test]
    fn a_lone_type_argument_that_does_not_fit_goes_on_its_own_line() {
        let head = Call::new("text", vec![Arg::Plain("\"status\"".into())]);
        let calls = [Call {
            name: ".$type".into(),
            type_arg: Some("\"building\" | \"ready\" | \"failed\"".into()),
            type_expr: None,
            args: vec![],
        }];
        assert_eq!(
            chain("  statuslongggggggggggggggggggggggggg: ", 2, &head, &calls, ","),
            "  statuslongggggggggggggggggggggggggg: text(\"status\").$type<\n    \"building\" | \"ready\" | \"failed\"\n  >(),"
        );
    }

    #[test]
    fn arrays_in_objects_go_one_element_a_line_when_too_long() {
        let items =
            "[someRatherLongTableExportName.firstColumn, someRatherLongTableExportName.second]";
        assert_eq!(
            object_entry(6, "foreignColumns", items, ","),
            "      foreignColumns: [\n        someRatherLongTableExportName.firstColumn,\n        someRatherLongTableExportName.second,\n      ],"
        );
        assert_eq!(
            object_entry(2, "columns", "[table.a]", ","),
            "  columns: [table.a],"
        );
        assert_eq!(
            split_top_level("a, f(b, c), \"d, e\""),
            ["a", "f(b, c)", "\"d, e\""]
        );
    }
}
