//! A user's type expression laid out as prettier lays it out: the documents prettier's
//! TypeScript printers build (unions, type arguments, object types, tuples, intersections), and
//! the layout prettier picks for a column `key: builder("name").$type<T>()`.
//!
//! Object types are written on one line when the whole line fits, else expanded: prettier keeps
//! an object type expanded when its source breaks after `{`, so expanded objects are what it
//! prints back unchanged (one that merely did not fit would be printed differently on a
//! second run).

use schema_ts_syntax::{Member, PropertyKey, TupleElement, Type};

use super::doc::{
    align, broken_group, concat, conditional_group, group, group_with_id, if_break, indent, join,
    line, print, softline, text, Doc,
};
use super::layout::{fits, is_identifier, pad, string_literal, Arg, Call};

/// Where a type stands: prettier prints unions differently in each place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A property's or alias's type annotation.
    Annotation,
    /// A type argument (`Record<string, A | B>`).
    TypeArgument,
    /// A tuple element; `many` when the tuple has more than one.
    TupleElement { many: bool },
    /// Inside parentheses: an array's element type, an operator's operand, an intersection's
    /// member.
    Parenthesized,
}

/// The type as a document; `expanded` writes every object type expanded.
fn type_doc(ty: &Type, place: Place, expanded: bool) -> Doc {
    match ty {
        Type::Keyword(_) | Type::String(_) | Type::Number(_) | Type::Boolean(_) => {
            text(ty.to_string())
        }
        Type::Reference { name, args } if args.is_empty() => text(name.clone()),
        Type::Reference { name, args } => {
            concat(vec![text(name.clone()), type_arguments(args, expanded)])
        }
        Type::Array(element) => concat(vec![postfix_operand(element, expanded), text("[]")]),
        Type::Indexed { object, index } => concat(vec![
            postfix_operand(object, expanded),
            text("["),
            type_doc(index, Place::Annotation, expanded),
            text("]"),
        ]),
        Type::Operator { operator, operand } => concat(vec![
            text(format!("{} ", operator.keyword())),
            postfix_operand(operand, expanded),
        ]),
        Type::Tuple(elements) if elements.is_empty() => text("[]"),
        Type::Tuple(elements) => {
            let many = elements.len() > 1;
            let items: Vec<Doc> = elements
                .iter()
                .map(|e| tuple_element(e, many, expanded))
                .collect();
            group(concat(vec![
                text("["),
                indent(concat(vec![
                    softline(),
                    join(concat(vec![text(","), line()]), items),
                ])),
                if_break(text(","), text("")),
                softline(),
                text("]"),
            ]))
        }
        Type::Object(members) if members.is_empty() => text("{}"),
        Type::Object(members) => {
            let items: Vec<Doc> = members.iter().map(|m| member(m, expanded)).collect();
            let body = concat(vec![
                text("{"),
                indent(concat(vec![
                    line(),
                    join(concat(vec![text(";"), line()]), items),
                ])),
                if_break(text(";"), text("")),
                line(),
                text("}"),
            ]);
            if expanded {
                broken_group(body)
            } else {
                group(body)
            }
        }
        Type::Union(types) => union(types, place, expanded),
        Type::Intersection(types) => intersection(types, expanded),
    }
}

/// An operand of `[]`, `[index]` or an operator, in parentheses when it needs them.
fn postfix_operand(ty: &Type, expanded: bool) -> Doc {
    if ty.needs_parens_in_postfix() {
        concat(vec![
            text("("),
            type_doc(ty, Place::Parenthesized, expanded),
            text(")"),
        ])
    } else {
        type_doc(ty, Place::Annotation, expanded)
    }
}

fn tuple_element(element: &TupleElement, many: bool, expanded: bool) -> Doc {
    let mut parts = Vec::new();
    if element.rest {
        parts.push(text("..."));
    }
    if let Some(label) = &element.label {
        let optional = if element.optional { "?" } else { "" };
        parts.push(text(format!("{label}{optional}: ")));
        parts.push(type_doc(&element.ty, Place::Annotation, expanded));
    } else {
        parts.push(type_doc(
            &element.ty,
            Place::TupleElement { many },
            expanded,
        ));
        if element.optional {
            parts.push(text("?"));
        }
    }
    concat(parts)
}

fn property_key(key: &PropertyKey) -> String {
    match key {
        PropertyKey::Identifier(name) | PropertyKey::Number(name) => name.clone(),
        // Prettier's `quoteProps: "as-needed"`: quotes only where an identifier cannot stand.
        PropertyKey::String(value) if is_identifier(value) => value.clone(),
        PropertyKey::String(value) => string_literal(value),
    }
}

fn member(member: &Member, expanded: bool) -> Doc {
    match member {
        Member::Property {
            readonly,
            key,
            optional,
            ty,
        } => {
            let readonly = if *readonly { "readonly " } else { "" };
            let optional = if *optional { "?" } else { "" };
            concat(vec![
                text(format!("{readonly}{}{optional}: ", property_key(key))),
                type_doc(ty, Place::Annotation, expanded),
            ])
        }
        Member::Index {
            readonly,
            parameter,
            key,
            ty,
        } => {
            let readonly = if *readonly { "readonly " } else { "" };
            concat(vec![
                text(format!("{readonly}[{parameter}: ")),
                type_doc(key, Place::Annotation, expanded),
                text("]: "),
                type_doc(ty, Place::Annotation, expanded),
            ])
        }
    }
}

/// Prettier's `shouldHugType` for a union: one object type or type reference, the rest `null`
/// or `void` (`{ … } | null`), printed inline so the object breaks instead of the union.
fn hugged_union(types: &[Type]) -> bool {
    let mut object_or_reference = types
        .iter()
        .filter(|t| matches!(t, Type::Object(_) | Type::Reference { .. }));
    let one = object_or_reference.next().is_some() && object_or_reference.next().is_none();
    one && types.iter().all(|t| {
        matches!(t, Type::Object(_) | Type::Reference { .. })
            || matches!(t, Type::Keyword(k) if k == "null" || k == "void")
    })
}

fn union(types: &[Type], place: Place, expanded: bool) -> Doc {
    let members: Vec<Doc> = types
        .iter()
        .map(|t| {
            // Prettier writes a union or an intersection inside a union in parentheses.
            if matches!(t, Type::Union(_) | Type::Intersection(_)) {
                concat(vec![
                    text("("),
                    type_doc(t, Place::Parenthesized, expanded),
                    text(")"),
                ])
            } else {
                type_doc(t, Place::Annotation, expanded)
            }
        })
        .collect();
    if hugged_union(types) {
        return join(text(" | "), members);
    }
    let mut parts = Vec::new();
    for (i, m) in members.into_iter().enumerate() {
        if i == 0 {
            parts.push(if_break(text("| "), text("")));
        } else {
            parts.push(line());
            parts.push(text("| "));
        }
        parts.push(align(2, m));
    }
    let code = group(concat(parts));
    match place {
        Place::Parenthesized => group(concat(vec![
            indent(concat(vec![softline(), code])),
            softline(),
        ])),
        Place::TupleElement { many: true } => group(concat(vec![
            indent(concat(vec![
                if_break(concat(vec![text("("), softline()]), text("")),
                code,
            ])),
            softline(),
            if_break(text(")"), text("")),
        ])),
        Place::TypeArgument | Place::TupleElement { many: false } => code,
        Place::Annotation => group(indent(concat(vec![softline(), code]))),
    }
}

fn is_object(ty: &Type) -> bool {
    matches!(ty, Type::Object(_))
}

/// Prettier's intersection: non-objects go to the next line when it breaks, objects stay
/// beside their neighbour.
fn intersection(types: &[Type], expanded: bool) -> Doc {
    let printed: Vec<Doc> = types
        .iter()
        .map(|t| {
            if matches!(t, Type::Union(_)) {
                concat(vec![
                    text("("),
                    type_doc(t, Place::Parenthesized, expanded),
                    text(")"),
                ])
            } else {
                type_doc(t, Place::Annotation, expanded)
            }
        })
        .collect();
    let mut parts = Vec::new();
    let mut was_indented = false;
    for (i, doc) in printed.into_iter().enumerate() {
        if i == 0 {
            parts.push(doc);
        } else if !is_object(&types[i - 1]) && !is_object(&types[i]) {
            parts.push(indent(concat(vec![text(" &"), line(), doc])));
        } else if is_object(&types[i - 1]) && is_object(&types[i]) {
            parts.push(text(" & "));
            parts.push(if was_indented { indent(doc) } else { doc });
        } else {
            if i > 1 {
                was_indented = true;
            }
            parts.push(text(" & "));
            parts.push(if i > 1 { indent(doc) } else { doc });
        }
    }
    group(concat(parts))
}

/// Prettier's `shouldHugType`: a type printed inside `<…>` with no break around it.
fn hugged_type_argument(ty: &Type) -> bool {
    match ty {
        Type::Keyword(_) => true,
        Type::Reference { args, .. } => args.is_empty(),
        Type::Object(_) => true,
        Type::Union(types) => hugged_union(types),
        _ => false,
    }
}

/// `<A, B>`: one argument that hugs stays inline, else a group that breaks one argument a line.
fn type_arguments(args: &[Type], expanded: bool) -> Doc {
    if let [only] = args {
        if hugged_type_argument(only) {
            return concat(vec![
                text("<"),
                type_doc(only, Place::TypeArgument, expanded),
                text(">"),
            ]);
        }
    }
    let printed: Vec<Doc> = args
        .iter()
        .map(|a| type_doc(a, Place::TypeArgument, expanded))
        .collect();
    group(concat(vec![
        text("<"),
        indent(concat(vec![
            softline(),
            join(concat(vec![text(","), line()]), printed),
        ])),
        softline(),
        text(">"),
    ]))
}

/// `  key?: T;` (a row type's property, indented by `indent`), as prettier prints it.
pub(super) fn property(indent: usize, key: &str, ty: &Type) -> String {
    let flat = format!("{}{key}: {ty};", pad(indent));
    let expanded = !fits(&flat);
    let doc = concat(vec![
        text(format!("{key}: ")),
        type_doc(ty, Place::Annotation, expanded),
        text(";"),
    ]);
    format!("{}{}", pad(indent), print(&doc, indent, indent))
}

/// The `.$type<T>()` call as a document (in a chain broken one call a line).
pub(super) fn type_call(name: &str, ty: &Type, expanded: bool) -> Doc {
    concat(vec![
        text(name.to_string()),
        type_arguments(std::slice::from_ref(ty), expanded),
        text("()"),
    ])
}

/// Whether object types in a column entry are written expanded: when the entry's line does
/// not fit.
pub(super) fn expanded_objects(flat_line: &str) -> bool {
    !fits(flat_line)
}

/// An object literal argument: `{ length: 255 }`, with a trailing comma when broken.
fn object_argument(entries: &[(String, String)]) -> Doc {
    if entries.is_empty() {
        return text("{}");
    }
    let items: Vec<Doc> = entries
        .iter()
        .map(|(k, v)| text(format!("{k}: {v}")))
        .collect();
    group(concat(vec![
        text("{"),
        indent(concat(vec![
            line(),
            join(concat(vec![text(","), line()]), items),
        ])),
        if_break(text(","), text("")),
        line(),
        text("}"),
    ]))
}

/// A call's arguments as prettier prints them (`printCallArguments`): one a line when they do
/// not fit, or, when the last is an object literal, that object hugged (`f("a", {` … `})`).
fn call_arguments(args: &[Arg]) -> Doc {
    if args.is_empty() {
        return text("()");
    }
    let printed: Vec<Doc> = args
        .iter()
        .map(|a| match a {
            Arg::Plain(s) | Arg::Function(s) => text(s.clone()),
            Arg::Object(entries) => object_argument(entries),
        })
        .collect();
    let separator = || concat(vec![text(","), line()]);
    let all_broken_out = broken_group(concat(vec![
        text("("),
        indent(concat(vec![
            line(),
            join(separator(), printed.clone()),
            text(","),
        ])),
        line(),
        text(")"),
    ]));
    let hug_last = matches!(args.last(), Some(Arg::Object(entries)) if !entries.is_empty())
        && !matches!(args.iter().rev().nth(1), Some(Arg::Object(_)));
    if hug_last {
        let (last, before) = printed.split_last().expect("at least one argument");
        let Some(Arg::Object(entries)) = args.last() else {
            unreachable!("checked above")
        };
        let hugged = broken_group(concat(vec![
            text("{"),
            indent(concat(vec![
                line(),
                join(
                    separator(),
                    entries
                        .iter()
                        .map(|(k, v)| text(format!("{k}: {v}")))
                        .collect(),
                ),
            ])),
            if_break(text(","), text("")),
            line(),
            text("}"),
        ]));
        let mut flat = before.to_vec();
        flat.push(last.clone());
        let mut hugging = before.to_vec();
        hugging.push(hugged);
        return conditional_group(vec![
            concat(vec![text("("), join(text(", "), flat), text(")")]),
            concat(vec![text("("), join(text(", "), hugging), text(")")]),
            all_broken_out,
        ]);
    }
    group(concat(vec![
        text("("),
        indent(concat(vec![softline(), join(separator(), printed)])),
        if_break(text(","), text("")),
        softline(),
        text(")"),
    ]))
}

/// Prettier's `isLoneShortArgument`: an argument at most a quarter of the print width.
fn short_argument(arg: &Arg) -> bool {
    match arg {
        Arg::Plain(s) => s.chars().count() <= super::layout::PRINT_WIDTH / 4,
        _ => false,
    }
}

/// A column `key: head(…).$type<T>()` whose chain is the head and the one `$type` call, laid
/// out with prettier's assignment rules: a chain that is "poorly breakable" (a head with at most
/// one short argument, and a type argument that is not a union, intersection or object type
/// and holds no forced break) breaks after the key first; a key shorter than five characters
/// never does; anything else breaks inside the chain. `None` when the head takes a function.
pub(super) fn single_type_call_entry(
    indent: usize,
    key: &str,
    head: &Call,
    type_name: &str,
    ty: &Type,
    end: &str,
) -> Option<String> {
    if head.type_arg.is_some() || head.type_expr.is_some() {
        return None;
    }
    if head.args.iter().any(|a| matches!(a, Arg::Function(_))) {
        return None;
    }
    let flat = format!(
        "{}{key}: {}{type_name}<{ty}>(){end}",
        pad(indent),
        head.flat()
    );
    let expanded = expanded_objects(&flat);
    let head_doc = concat(vec![text(head.name.clone()), call_arguments(&head.args)]);
    let type_args = type_arguments(std::slice::from_ref(ty), expanded);
    let complex_type = matches!(ty, Type::Union(_) | Type::Intersection(_) | Type::Object(_))
        || type_args.will_break();
    let poorly_breakable = !complex_type
        && (head.args.is_empty() || head.args.len() == 1 && short_argument(&head.args[0]));
    let rhs = group(concat(vec![
        head_doc,
        text(type_name.to_string()),
        type_args,
        text("()"),
    ]));
    let short_key = key.chars().count() < 5;
    let key_doc = text(key.to_string());
    let entry = if !short_key && poorly_breakable {
        group(concat(vec![
            key_doc,
            text(":"),
            group(super::doc::indent(concat(vec![line(), rhs]))),
        ]))
    } else if short_key {
        group(concat(vec![key_doc, text(": "), rhs]))
    } else {
        const ASSIGNMENT: usize = 1;
        group(concat(vec![
            key_doc,
            text(":"),
            group_with_id(super::doc::indent(line()), ASSIGNMENT),
            Doc::IndentIfBreak {
                contents: Box::new(rhs),
                group: ASSIGNMENT,
            },
        ]))
    };
    let doc = concat(vec![entry, text(end.to_string())]);
    Some(format!("{}{}", pad(indent), print(&doc, indent, indent)))
}
