//! Prettier's document printer, for the parts of the output whose layout depends on a user's
//! type expression (`$type<…>()`, a row type's property): documents built the way prettier's
//! own printers build them, laid out by the same algorithm (Wadler's, with prettier's `fits`
//! that looks past the end of a group to the next possible line break).

use std::collections::BTreeMap;

use super::layout::PRINT_WIDTH;

/// A document: text and the places it may break.
#[derive(Debug, Clone)]
pub(super) enum Doc {
    Text(String),
    Concat(Vec<Doc>),
    /// Printed flat when it fits, else broken; `broken` when it holds a group broken whatever
    /// its width.
    Group {
        contents: Box<Doc>,
        broken: bool,
        id: Option<usize>,
    },
    Indent(Box<Doc>),
    /// Indentation by a number of spaces (prettier's `align(n, …)`).
    Align(usize, Box<Doc>),
    /// A space when flat (`soft`: nothing), a newline when broken.
    Line {
        soft: bool,
    },
    /// `broken` in a broken group (or the group `group` names), else `flat`.
    IfBreak {
        broken: Box<Doc>,
        flat: Box<Doc>,
        group: Option<usize>,
    },
    /// Indented when the group `group` broke.
    IndentIfBreak {
        contents: Box<Doc>,
        group: usize,
    },
    /// Prettier's `conditionalGroup`: the first state that fits (flat, then each other state
    /// up to its first line break), else the last state broken.
    ConditionalGroup {
        states: Vec<Doc>,
        broken: bool,
    },
}

pub(super) fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}

pub(super) fn concat(docs: Vec<Doc>) -> Doc {
    Doc::Concat(docs)
}

pub(super) fn group(doc: Doc) -> Doc {
    let broken = doc.will_break();
    Doc::Group {
        contents: Box::new(doc),
        broken,
        id: None,
    }
}

pub(super) fn group_with_id(doc: Doc, id: usize) -> Doc {
    let broken = doc.will_break();
    Doc::Group {
        contents: Box::new(doc),
        broken,
        id: Some(id),
    }
}

/// A group broken whatever its width (prettier keeps an object type expanded when its source
/// has a line break after `{`).
pub(super) fn broken_group(doc: Doc) -> Doc {
    Doc::Group {
        contents: Box::new(doc),
        broken: true,
        id: None,
    }
}

/// Unlike a group, a conditional group is not broken by a broken group in one of its states
/// (prettier's `propagateBreaks` stops at it); only its first state counts for `will_break`.
pub(super) fn conditional_group(states: Vec<Doc>) -> Doc {
    Doc::ConditionalGroup {
        states,
        broken: false,
    }
}

pub(super) fn indent(doc: Doc) -> Doc {
    Doc::Indent(Box::new(doc))
}

pub(super) fn align(n: usize, doc: Doc) -> Doc {
    Doc::Align(n, Box::new(doc))
}

pub(super) fn line() -> Doc {
    Doc::Line { soft: false }
}

pub(super) fn softline() -> Doc {
    Doc::Line { soft: true }
}

pub(super) fn if_break(broken: Doc, flat: Doc) -> Doc {
    Doc::IfBreak {
        broken: Box::new(broken),
        flat: Box::new(flat),
        group: None,
    }
}

pub(super) fn join(separator: Doc, docs: Vec<Doc>) -> Doc {
    let mut out = Vec::new();
    for (i, doc) in docs.into_iter().enumerate() {
        if i > 0 {
            out.push(separator.clone());
        }
        out.push(doc);
    }
    Doc::Concat(out)
}

impl Doc {
    /// Whether the document holds a group broken whatever its width (prettier's `willBreak`).
    pub(super) fn will_break(&self) -> bool {
        match self {
            Doc::Group { broken, .. } => *broken,
            Doc::ConditionalGroup { states, broken } => {
                *broken || states.first().is_some_and(Doc::will_break)
            }
            Doc::Text(_) | Doc::Line { .. } => false,
            Doc::Concat(docs) => docs.iter().any(Doc::will_break),
            Doc::Indent(d) | Doc::Align(_, d) => d.will_break(),
            Doc::IfBreak { broken, flat, .. } => broken.will_break() || flat.will_break(),
            Doc::IndentIfBreak { contents, .. } => contents.will_break(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Break,
    Flat,
}

#[derive(Clone)]
struct Command<'a> {
    indent: usize,
    mode: Mode,
    doc: &'a Doc,
}

/// Prints `doc` starting at `column` on a line whose indentation is `indent`, as prettier's
/// `printDocToString` does with the default print width.
pub(super) fn print(doc: &Doc, indent: usize, column: usize) -> String {
    let mut out = String::new();
    let mut position = column;
    let mut group_modes: BTreeMap<usize, Mode> = BTreeMap::new();
    let mut commands = vec![Command {
        indent,
        mode: Mode::Break,
        doc,
    }];
    let mut remeasure = false;
    while let Some(Command { indent, mode, doc }) = commands.pop() {
        match doc {
            Doc::Text(s) => {
                out.push_str(s);
                position += s.chars().count();
            }
            Doc::Concat(docs) => {
                for d in docs.iter().rev() {
                    commands.push(Command {
                        indent,
                        mode,
                        doc: d,
                    });
                }
            }
            Doc::Indent(d) => commands.push(Command {
                indent: indent + 2,
                mode,
                doc: d,
            }),
            Doc::Align(n, d) => commands.push(Command {
                indent: indent + n,
                mode,
                doc: d,
            }),
            Doc::Group {
                contents,
                broken,
                id,
            } => {
                let chosen = match mode {
                    Mode::Flat if !remeasure => {
                        if *broken {
                            Mode::Break
                        } else {
                            Mode::Flat
                        }
                    }
                    _ => {
                        remeasure = false;
                        let next = Command {
                            indent,
                            mode: Mode::Flat,
                            doc: contents,
                        };
                        if !*broken
                            && fits(
                                next,
                                &commands,
                                PRINT_WIDTH.saturating_sub(position),
                                &group_modes,
                                false,
                            )
                        {
                            Mode::Flat
                        } else {
                            Mode::Break
                        }
                    }
                };
                if let Some(id) = id {
                    group_modes.insert(*id, chosen);
                }
                commands.push(Command {
                    indent,
                    mode: chosen,
                    doc: contents,
                });
            }
            Doc::ConditionalGroup { states, broken } => {
                let most_expanded = states.last().expect("a conditional group has states");
                let chosen = match mode {
                    Mode::Flat if !remeasure => Command {
                        indent,
                        mode: if *broken { Mode::Break } else { Mode::Flat },
                        doc: &states[0],
                    },
                    _ => {
                        remeasure = false;
                        let width = PRINT_WIDTH.saturating_sub(position);
                        let first = Command {
                            indent,
                            mode: Mode::Flat,
                            doc: &states[0],
                        };
                        if !*broken && fits(first.clone(), &commands, width, &group_modes, false) {
                            first
                        } else if *broken {
                            Command {
                                indent,
                                mode: Mode::Break,
                                doc: most_expanded,
                            }
                        } else {
                            states[1..]
                                .iter()
                                .map(|state| Command {
                                    indent,
                                    mode: Mode::Flat,
                                    doc: state,
                                })
                                .find(|c| fits(c.clone(), &commands, width, &group_modes, false))
                                .unwrap_or(Command {
                                    indent,
                                    mode: Mode::Break,
                                    doc: most_expanded,
                                })
                        }
                    }
                };
                commands.push(chosen);
            }
            Doc::IfBreak {
                broken,
                flat,
                group,
            } => {
                let group_mode = match group {
                    Some(g) => group_modes.get(g).copied().unwrap_or(Mode::Flat),
                    None => mode,
                };
                let d = if group_mode == Mode::Break {
                    broken
                } else {
                    flat
                };
                commands.push(Command {
                    indent,
                    mode,
                    doc: d,
                });
            }
            Doc::IndentIfBreak { contents, group } => {
                let broke = group_modes.get(group).copied() == Some(Mode::Break);
                commands.push(Command {
                    indent: if broke { indent + 2 } else { indent },
                    mode,
                    doc: contents,
                });
            }
            Doc::Line { soft } => match mode {
                Mode::Flat => {
                    if !soft {
                        out.push(' ');
                        position += 1;
                    }
                }
                Mode::Break => {
                    trim_end(&mut out);
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                    position = indent;
                }
            },
        }
    }
    out
}

fn trim_end(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
}

/// Prettier's `fits`: whether `next`, then the commands after it up to their first line break
/// in break mode, fit in `width` columns.
fn fits(
    next: Command<'_>,
    rest: &[Command<'_>],
    width: usize,
    group_modes: &BTreeMap<usize, Mode>,
    must_be_flat: bool,
) -> bool {
    let mut width = width as isize;
    let mut rest_index = rest.len();
    let mut stack: Vec<(Mode, &Doc)> = vec![(next.mode, next.doc)];
    loop {
        let Some((mode, doc)) = stack.pop() else {
            if rest_index == 0 {
                return true;
            }
            rest_index -= 1;
            let command = &rest[rest_index];
            let mode = if must_be_flat {
                Mode::Flat
            } else {
                command.mode
            };
            stack.push((mode, command.doc));
            continue;
        };
        match doc {
            Doc::Text(s) => {
                width -= s.chars().count() as isize;
            }
            Doc::Concat(docs) => {
                for d in docs.iter().rev() {
                    stack.push((mode, d));
                }
            }
            Doc::Indent(d) | Doc::Align(_, d) => stack.push((mode, d)),
            Doc::IndentIfBreak { contents, .. } => stack.push((mode, contents)),
            Doc::Group {
                contents, broken, ..
            } => {
                if must_be_flat && *broken {
                    return false;
                }
                let group_mode = if *broken { Mode::Break } else { mode };
                stack.push((group_mode, contents));
            }
            Doc::ConditionalGroup { states, broken } => {
                if must_be_flat && *broken {
                    return false;
                }
                let group_mode = if *broken { Mode::Break } else { mode };
                let state = if group_mode == Mode::Break {
                    states.last().expect("a conditional group has states")
                } else {
                    &states[0]
                };
                stack.push((group_mode, state));
            }
            Doc::IfBreak {
                broken,
                flat,
                group,
            } => {
                let group_mode = match group {
                    Some(g) => group_modes.get(g).copied().unwrap_or(Mode::Flat),
                    None => mode,
                };
                stack.push((
                    mode,
                    if group_mode == Mode::Break {
                        broken
                    } else {
                        flat
                    },
                ));
            }
            Doc::Line { soft } => {
                if mode == Mode::Break {
                    return true;
                }
                if !soft {
                    width -= 1;
                }
            }
        }
        if width < 0 {
            return false;
        }
    }
}
