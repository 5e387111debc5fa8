//! The TypeScript type expressions a column may be typed with (`ts_type = "…"`), as a small
//! syntax tree: parsed by the derive, so a malformed expression is a compile error at the
//! attribute, and by `schema-model`, which imports the user's types the expression names and
//! lays it out as prettier does. One parser serves both (as `diesel_table_macro_syntax` does
//! for diesel's derive and CLI).
//!
//! The grammar is the part of TypeScript's type syntax that describes JSON values: keywords
//! (`string`, `unknown`, …), literals, type references with type arguments (`Record<string,
//! Persona>`, `ns.Type`), arrays (`T[]`), indexed access (`T["key"]`), tuples (`[A, B?,
//! ...C[]]`), object types (`{ a: T; b?: U; readonly c: V; [key: string]: W }`), unions,
//! intersections, parentheses, `keyof` and `readonly`. Function, conditional, mapped,
//! template-literal and `typeof` types are refused with a message that says so.
//!
//! ```
//! let ty = schema_ts_syntax::parse("Record<string, Array<Persona | Draft>>").unwrap();
//! assert_eq!(ty.user_types(), ["Persona", "Draft"]);
//! assert_eq!(ty.to_string(), "Record<string, Array<Persona | Draft>>");
//! assert!(schema_ts_syntax::parse("RecipeStep[").is_err());
//! ```

use std::fmt;

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `string`, `number`, `boolean`, `unknown`, `null`, …
    Keyword(String),
    /// A string literal type, by its value: `"admin"`.
    String(String),
    /// A number literal type as written: `1`, `-1`, `0.5`.
    Number(String),
    /// `true` or `false`.
    Boolean(bool),
    /// `Persona`, `Record<string, Persona>`, `ns.Type`.
    Reference { name: String, args: Vec<Type> },
    /// `T[]`.
    Array(Box<Type>),
    /// `T["key"]`.
    Indexed { object: Box<Type>, index: Box<Type> },
    /// `[A, B?, ...C[]]`.
    Tuple(Vec<TupleElement>),
    /// `{ a: T; b?: U }`.
    Object(Vec<Member>),
    /// `A | B`, two members or more.
    Union(Vec<Type>),
    /// `A & B`, two members or more.
    Intersection(Vec<Type>),
    /// `keyof T`, `readonly T[]`.
    Operator {
        operator: Operator,
        operand: Box<Type>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Keyof,
    Readonly,
}

impl Operator {
    pub fn keyword(self) -> &'static str {
        match self {
            Operator::Keyof => "keyof",
            Operator::Readonly => "readonly",
        }
    }
}

/// One element of a tuple type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TupleElement {
    /// `...T`.
    pub rest: bool,
    /// `name: T` (a labelled element).
    pub label: Option<String>,
    /// `T?` or `name?: T`.
    pub optional: bool,
    pub ty: Type,
}

/// One member of an object type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    /// `readonly name?: T`; `key` is written as in the source (an identifier, a quoted
    /// string or a number).
    Property {
        readonly: bool,
        key: PropertyKey,
        optional: bool,
        ty: Type,
    },
    /// `[key: string]: T`.
    Index {
        readonly: bool,
        parameter: String,
        key: Type,
        ty: Type,
    },
}

/// A property name in an object type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropertyKey {
    Identifier(String),
    String(String),
    Number(String),
}

/// Why a text is not a type expression, and where (a character offset into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for SyntaxError {}

/// TypeScript's keyword types.
pub const KEYWORDS: &[&str] = &[
    "any",
    "bigint",
    "boolean",
    "never",
    "null",
    "number",
    "object",
    "string",
    "symbol",
    "undefined",
    "unknown",
    "void",
];

/// The global types of TypeScript's standard library (`lib.es2022`) a JSON type may use: never
/// imported from the user's module.
pub const GLOBAL_TYPES: &[&str] = &[
    "Array",
    "ArrayLike",
    "Awaited",
    "BigInt",
    "Boolean",
    "Capitalize",
    "Date",
    "Error",
    "Exclude",
    "Extract",
    "Iterable",
    "Lowercase",
    "Map",
    "NoInfer",
    "NonNullable",
    "Number",
    "Object",
    "Omit",
    "Partial",
    "Pick",
    "Promise",
    "PropertyKey",
    "Readonly",
    "ReadonlyArray",
    "ReadonlyMap",
    "ReadonlySet",
    "Record",
    "RegExp",
    "Required",
    "ReturnType",
    "Set",
    "String",
    "Symbol",
    "Uncapitalize",
    "Uppercase",
    "WeakMap",
    "WeakSet",
];

impl Type {
    /// The names the expression takes from the user's module, in order of first appearance:
    /// the first identifier of every type reference that is not a global type.
    pub fn user_types(&self) -> Vec<String> {
        let mut names = Vec::new();
        self.collect_user_types(&mut names);
        names
    }

    fn collect_user_types(&self, names: &mut Vec<String>) {
        match self {
            Type::Keyword(_) | Type::String(_) | Type::Number(_) | Type::Boolean(_) => {}
            Type::Reference { name, args } => {
                let root = name.split('.').next().unwrap_or(name);
                if !GLOBAL_TYPES.contains(&root) && !names.iter().any(|n| n == root) {
                    names.push(root.to_string());
                }
                for arg in args {
                    arg.collect_user_types(names);
                }
            }
            Type::Array(t) | Type::Operator { operand: t, .. } => t.collect_user_types(names),
            Type::Indexed { object, index } => {
                object.collect_user_types(names);
                index.collect_user_types(names);
            }
            Type::Tuple(elements) => {
                for e in elements {
                    e.ty.collect_user_types(names);
                }
            }
            Type::Object(members) => {
                for m in members {
                    match m {
                        Member::Property { ty, .. } => ty.collect_user_types(names),
                        Member::Index { key, ty, .. } => {
                            key.collect_user_types(names);
                            ty.collect_user_types(names);
                        }
                    }
                }
            }
            Type::Union(types) | Type::Intersection(types) => {
                for t in types {
                    t.collect_user_types(names);
                }
            }
        }
    }

    /// Whether the type needs parentheses as the element of an array type or the operand of
    /// an operator (`(A | B)[]`, `(keyof T)[]`).
    pub fn needs_parens_in_postfix(&self) -> bool {
        matches!(
            self,
            Type::Union(_) | Type::Intersection(_) | Type::Operator { .. }
        )
    }
}

/// A string literal as prettier writes it: double quotes unless the text holds more double
/// quotes than single ones.
pub fn string_literal(s: &str) -> String {
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
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

impl fmt::Display for PropertyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PropertyKey::Identifier(name) | PropertyKey::Number(name) => f.write_str(name),
            PropertyKey::String(value) => f.write_str(&string_literal(value)),
        }
    }
}

impl fmt::Display for TupleElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rest {
            f.write_str("...")?;
        }
        match &self.label {
            Some(label) => {
                let optional = if self.optional { "?" } else { "" };
                write!(f, "{label}{optional}: {}", self.ty)
            }
            None if self.optional => write!(f, "{}?", self.ty),
            None => write!(f, "{}", self.ty),
        }
    }
}

impl fmt::Display for Member {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Member::Property {
                readonly,
                key,
                optional,
                ty,
            } => {
                let readonly = if *readonly { "readonly " } else { "" };
                let optional = if *optional { "?" } else { "" };
                write!(f, "{readonly}{key}{optional}: {ty}")
            }
            Member::Index {
                readonly,
                parameter,
                key,
                ty,
            } => {
                let readonly = if *readonly { "readonly " } else { "" };
                write!(f, "{readonly}[{parameter}: {key}]: {ty}")
            }
        }
    }
}

/// The expression on one line, as prettier prints it when it fits.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join =
            |f: &mut fmt::Formatter<'_>, types: &[Type], sep: &str, paren: fn(&Type) -> bool| {
                for (i, t) in types.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    if paren(t) {
                        write!(f, "({t})")?;
                    } else {
                        write!(f, "{t}")?;
                    }
                }
                Ok(())
            };
        match self {
            Type::Keyword(k) => f.write_str(k),
            Type::String(value) => f.write_str(&string_literal(value)),
            Type::Number(n) => f.write_str(n),
            Type::Boolean(b) => write!(f, "{b}"),
            Type::Reference { name, args } => {
                f.write_str(name)?;
                if !args.is_empty() {
                    f.write_str("<")?;
                    join(f, args, ", ", |_| false)?;
                    f.write_str(">")?;
                }
                Ok(())
            }
            Type::Array(t) if t.needs_parens_in_postfix() => write!(f, "({t})[]"),
            Type::Array(t) => write!(f, "{t}[]"),
            Type::Indexed { object, index } if object.needs_parens_in_postfix() => {
                write!(f, "({object})[{index}]")
            }
            Type::Indexed { object, index } => write!(f, "{object}[{index}]"),
            Type::Tuple(elements) => {
                f.write_str("[")?;
                for (i, e) in elements.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str("]")
            }
            Type::Object(members) if members.is_empty() => f.write_str("{}"),
            Type::Object(members) => {
                f.write_str("{ ")?;
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{m}")?;
                }
                f.write_str(" }")
            }
            // Prettier writes an intersection inside a union in parentheses.
            Type::Union(types) => join(f, types, " | ", |t| {
                matches!(t, Type::Union(_) | Type::Intersection(_))
            }),
            Type::Intersection(types) => join(f, types, " & ", |t| matches!(t, Type::Union(_))),
            Type::Operator { operator, operand } => {
                if matches!(**operand, Type::Union(_) | Type::Intersection(_)) {
                    write!(f, "{} ({operand})", operator.keyword())
                } else {
                    write!(f, "{} {operand}", operator.keyword())
                }
            }
        }
    }
}

/// Parses a whole type expression.
pub fn parse(text: &str) -> Result<Type, SyntaxError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        end: text.chars().count(),
    };
    let ty = parser.union()?;
    match parser.peek() {
        None => Ok(ty),
        Some(token) => Err(parser.error_at(
            token.offset,
            format!("unexpected `{}` after a complete type", token.text),
        )),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Identifier,
    String(String),
    Number,
    Punct,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    text: String,
    offset: usize,
}

fn lex(text: &str) -> Result<Vec<Token>, SyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            tokens.push(Token {
                kind: Kind::Identifier,
                text: chars[start..i].iter().collect(),
                offset: start,
            });
            continue;
        }
        if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            let number: String = chars[start..i].iter().collect();
            if number.parse::<f64>().is_err() {
                return Err(SyntaxError {
                    offset: start,
                    message: format!("`{number}` is not a number"),
                });
            }
            tokens.push(Token {
                kind: Kind::Number,
                text: number,
                offset: start,
            });
            continue;
        }
        if c == '"' || c == '\'' {
            let mut value = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(SyntaxError {
                            offset: start,
                            message: "unterminated string literal".into(),
                        })
                    }
                    Some(&q) if q == c => {
                        i += 1;
                        break;
                    }
                    Some('\\') => {
                        let escaped = match chars.get(i + 1) {
                            Some('n') => '\n',
                            Some('t') => '\t',
                            Some('r') => '\r',
                            Some(&other) => other,
                            None => {
                                return Err(SyntaxError {
                                    offset: start,
                                    message: "unterminated string literal".into(),
                                })
                            }
                        };
                        value.push(escaped);
                        i += 2;
                    }
                    Some(&other) => {
                        value.push(other);
                        i += 1;
                    }
                }
            }
            tokens.push(Token {
                kind: Kind::String(value),
                text: chars[start..i].iter().collect(),
                offset: start,
            });
            continue;
        }
        if c == '`' {
            return Err(SyntaxError {
                offset: start,
                message: "template literal types are not supported in a column type".into(),
            });
        }
        let punct = if chars[i..].starts_with(&['.', '.', '.']) {
            "..."
        } else if chars[i..].starts_with(&['=', '>']) {
            return Err(SyntaxError {
                offset: start,
                message:
                    "function types are not supported in a column type (JSON holds no functions)"
                        .into(),
            });
        } else {
            match c {
                '|' | '&' | '<' | '>' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | ':'
                | '?' | '.' | '-' => "",
                _ => {
                    return Err(SyntaxError {
                        offset: start,
                        message: format!("unexpected character `{c}`"),
                    })
                }
            }
        };
        let text = if punct.is_empty() {
            c.to_string()
        } else {
            punct.to_string()
        };
        i += text.chars().count();
        tokens.push(Token {
            kind: Kind::Punct,
            text,
            offset: start,
        });
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// The offset just past the text, for "expected … at the end".
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_is(&self, punct: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.kind == Kind::Punct && t.text == punct)
    }

    fn peek_identifier(&self, word: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.kind == Kind::Identifier && t.text == word)
    }

    fn eat(&mut self, punct: &str) -> bool {
        if self.peek_is(punct) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn error_at(&self, offset: usize, message: String) -> SyntaxError {
        SyntaxError { offset, message }
    }

    fn here(&self) -> usize {
        self.peek().map(|t| t.offset).unwrap_or(self.end)
    }

    fn expected(&self, what: &str) -> SyntaxError {
        match self.peek() {
            Some(token) => self.error_at(
                token.offset,
                format!("expected {what}, found `{}`", token.text),
            ),
            None => self.error_at(self.end, format!("expected {what} at the end")),
        }
    }

    fn expect(&mut self, punct: &str, context: &str) -> Result<(), SyntaxError> {
        if self.eat(punct) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{punct}` {context}")))
        }
    }

    /// `A | B`, with an optional leading `|`.
    fn union(&mut self) -> Result<Type, SyntaxError> {
        self.eat("|");
        let mut types = vec![self.intersection()?];
        while self.eat("|") {
            types.push(self.intersection()?);
        }
        if self.peek_identifier("extends") {
            return Err(self.error_at(
                self.here(),
                "conditional types are not supported in a column type".into(),
            ));
        }
        Ok(if types.len() == 1 {
            types.pop().expect("one type")
        } else {
            Type::Union(types)
        })
    }

    fn intersection(&mut self) -> Result<Type, SyntaxError> {
        self.eat("&");
        let mut types = vec![self.operator()?];
        while self.eat("&") {
            types.push(self.operator()?);
        }
        Ok(if types.len() == 1 {
            types.pop().expect("one type")
        } else {
            Type::Intersection(types)
        })
    }

    fn operator(&mut self) -> Result<Type, SyntaxError> {
        for (word, operator) in [("keyof", Operator::Keyof), ("readonly", Operator::Readonly)] {
            // `keyof` followed by something a type can start with is the operator.
            if self.peek_identifier(word) && self.tokens.get(self.pos + 1).is_some_and(starts_type)
            {
                self.pos += 1;
                let operand = self.operator()?;
                return Ok(Type::Operator {
                    operator,
                    operand: Box::new(operand),
                });
            }
        }
        if self.peek_identifier("typeof") || self.peek_identifier("infer") {
            let word = self.peek().map(|t| t.text.clone()).unwrap_or_default();
            return Err(self.error_at(
                self.here(),
                format!("`{word}` types are not supported in a column type"),
            ));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Type, SyntaxError> {
        let mut ty = self.primary()?;
        while self.peek_is("[") {
            self.pos += 1;
            if self.eat("]") {
                ty = Type::Array(Box::new(ty));
            } else {
                let index = self.union()?;
                self.expect("]", "to close the indexed access")?;
                ty = Type::Indexed {
                    object: Box::new(ty),
                    index: Box::new(index),
                };
            }
        }
        Ok(ty)
    }

    fn primary(&mut self) -> Result<Type, SyntaxError> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.expected("a type"));
        };
        self.pos += 1;
        match (&token.kind, token.text.as_str()) {
            (Kind::String(value), _) => Ok(Type::String(value.clone())),
            (Kind::Number, _) => Ok(Type::Number(token.text.clone())),
            (Kind::Punct, "-") => match self.peek().cloned() {
                Some(Token {
                    kind: Kind::Number,
                    text,
                    ..
                }) => {
                    self.pos += 1;
                    Ok(Type::Number(format!("-{text}")))
                }
                _ => Err(self.expected("a number after `-`")),
            },
            (Kind::Punct, "(") => {
                if self.peek_is(")") {
                    return Err(self.error_at(
                        token.offset,
                        "function types are not supported in a column type (JSON holds no functions)".into(),
                    ));
                }
                let inner = self.union()?;
                self.expect(")", "to close the parenthesis")?;
                Ok(inner)
            }
            (Kind::Punct, "[") => self.tuple(token.offset),
            (Kind::Punct, "{") => self.object(),
            (Kind::Identifier, "true") => Ok(Type::Boolean(true)),
            (Kind::Identifier, "false") => Ok(Type::Boolean(false)),
            (Kind::Identifier, word) if KEYWORDS.contains(&word) => {
                Ok(Type::Keyword(word.to_string()))
            }
            (Kind::Identifier, _) => {
                let mut name = token.text.clone();
                while self.peek_is(".") {
                    self.pos += 1;
                    match self.peek().cloned() {
                        Some(Token {
                            kind: Kind::Identifier,
                            text,
                            ..
                        }) => {
                            self.pos += 1;
                            name.push('.');
                            name.push_str(&text);
                        }
                        _ => return Err(self.expected("a name after `.`")),
                    }
                }
                let mut args = Vec::new();
                if self.eat("<") {
                    loop {
                        args.push(self.union()?);
                        if self.eat(",") {
                            if self.peek_is(">") {
                                break;
                            }
                            continue;
                        }
                        break;
                    }
                    if !self.eat(">") {
                        return Err(self.expected(&format!("`,` or `>` to close `{name}<`")));
                    }
                }
                Ok(Type::Reference { name, args })
            }
            _ => Err(self.error_at(
                token.offset,
                format!("expected a type, found `{}`", token.text),
            )),
        }
    }

    fn tuple(&mut self, _open: usize) -> Result<Type, SyntaxError> {
        let mut elements = Vec::new();
        while !self.peek_is("]") {
            let rest = self.eat("...");
            // `name: T` or `name?: T`.
            let labelled = self.peek().is_some_and(|t| t.kind == Kind::Identifier)
                && self.tokens.get(self.pos + 1).is_some_and(|t| {
                    t.kind == Kind::Punct
                        && (t.text == ":"
                            || t.text == "?"
                                && self
                                    .tokens
                                    .get(self.pos + 2)
                                    .is_some_and(|u| u.kind == Kind::Punct && u.text == ":"))
                });
            let element = if labelled {
                let label = self.peek().map(|t| t.text.clone()).unwrap_or_default();
                self.pos += 1;
                let optional = self.eat("?");
                self.expect(":", "after the element's label")?;
                TupleElement {
                    rest,
                    label: Some(label),
                    optional,
                    ty: self.union()?,
                }
            } else {
                let ty = self.union()?;
                let optional = self.eat("?");
                TupleElement {
                    rest,
                    label: None,
                    optional,
                    ty,
                }
            };
            elements.push(element);
            if !self.eat(",") {
                break;
            }
        }
        self.expect("]", "to close the tuple")?;
        Ok(Type::Tuple(elements))
    }

    fn object(&mut self) -> Result<Type, SyntaxError> {
        let mut members = Vec::new();
        loop {
            if self.eat("}") {
                break;
            }
            let readonly = self.peek_identifier("readonly")
                && self
                    .tokens
                    .get(self.pos + 1)
                    .is_some_and(|t| !(t.kind == Kind::Punct && (t.text == ":" || t.text == "?")));
            if readonly {
                self.pos += 1;
            }
            if self.eat("[") {
                let parameter = match self.peek().cloned() {
                    Some(Token {
                        kind: Kind::Identifier,
                        text,
                        ..
                    }) => {
                        self.pos += 1;
                        text
                    }
                    _ => return Err(self.expected("the index signature's parameter name")),
                };
                if self.peek_identifier("in") {
                    return Err(self.error_at(
                        self.here(),
                        "mapped types are not supported in a column type; use `Record<K, T>`"
                            .into(),
                    ));
                }
                self.expect(":", "after the index signature's parameter")?;
                let key = self.union()?;
                self.expect("]", "to close the index signature")?;
                self.expect(":", "before the index signature's type")?;
                let ty = self.union()?;
                members.push(Member::Index {
                    readonly,
                    parameter,
                    key,
                    ty,
                });
            } else {
                let key = match self.peek().cloned() {
                    Some(Token {
                        kind: Kind::Identifier,
                        text,
                        ..
                    }) => PropertyKey::Identifier(text),
                    Some(Token {
                        kind: Kind::String(value),
                        ..
                    }) => PropertyKey::String(value),
                    Some(Token {
                        kind: Kind::Number,
                        text,
                        ..
                    }) => PropertyKey::Number(text),
                    _ => return Err(self.expected("a property name or `}`")),
                };
                self.pos += 1;
                let optional = self.eat("?");
                if self.peek_is("(") || self.peek_is("<") {
                    return Err(self.error_at(
                        self.here(),
                        "methods are not supported in a column type (JSON holds no functions)"
                            .into(),
                    ));
                }
                self.expect(":", &format!("after the property `{key}`"))?;
                let ty = self.union()?;
                members.push(Member::Property {
                    readonly,
                    key,
                    optional,
                    ty,
                });
            }
            if self.eat(";") || self.eat(",") {
                continue;
            }
            if self.eat("}") {
                break;
            }
            return Err(self.expected("`;` or `}` after an object type's member"));
        }
        Ok(Type::Object(members))
    }
}

fn starts_type(token: &Token) -> bool {
    match token.kind {
        Kind::Identifier | Kind::String(_) | Kind::Number => true,
        Kind::Punct => matches!(token.text.as_str(), "(" | "[" | "{" | "-"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        parse(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .to_string()
    }

    #[test]
    fn prints_each_kind_as_prettier_does_on_one_line() {
        for (input, printed) in [
            ("RecipeStep[]", "RecipeStep[]"),
            ("Record<string,Persona>", "Record<string, Persona>"),
            ("Array<Foo|Bar>", "Array<Foo | Bar>"),
            ("(Foo | Bar)[]", "(Foo | Bar)[]"),
            ("((Foo))", "Foo"),
            ("| 'a' | \"b\"", "\"a\" | \"b\""),
            (
                "{ a: string, b?: number; readonly c: X }",
                "{ a: string; b?: number; readonly c: X }",
            ),
            ("{ [key: string]: unknown }", "{ [key: string]: unknown }"),
            ("{}", "{}"),
            ("[string, number?, ...Foo[]]", "[string, number?, ...Foo[]]"),
            (
                "[first: string, rest?: number]",
                "[first: string, rest?: number]",
            ),
            ("keyof Foo", "keyof Foo"),
            ("readonly string[]", "readonly string[]"),
            ("Foo['a']", "Foo[\"a\"]"),
            ("A & (B | C)", "A & (B | C)"),
            ("A & B | C", "(A & B) | C"),
            ("-1 | 0.5 | true | null", "-1 | 0.5 | true | null"),
            ("ns.Type<1>", "ns.Type<1>"),
            ("Map<string, Set<Id>>", "Map<string, Set<Id>>"),
        ] {
            assert_eq!(round_trip(input), printed, "{input}");
        }
    }

    #[test]
    fn user_types_are_the_referenced_names_that_are_not_global() {
        let names = |text: &str| parse(text).unwrap().user_types();
        assert_eq!(names("RecipeStep[]"), ["RecipeStep"]);
        assert_eq!(names("Record<string, Persona>"), ["Persona"]);
        assert_eq!(names("Array<Foo | Bar>"), ["Foo", "Bar"]);
        assert_eq!(names("Record<string, unknown>"), Vec::<String>::new());
        assert_eq!(
            names("{ a: Foo; b: Partial<Foo>; c: [Bar, ...Baz[]]; [k: string]: Qux }"),
            ["Foo", "Bar", "Baz", "Qux"]
        );
        assert_eq!(names("ns.Inner<Date>"), ["ns"]);
        assert_eq!(names("keyof Foo"), ["Foo"]);
        assert_eq!(names("\"a\" | 1 | null"), Vec::<String>::new());
    }

    #[test]
    fn malformed_and_unsupported_expressions_say_what_and_where() {
        for (input, message, offset) in [
            ("RecipeStep[", "expected a type at the end", 11),
            (
                "Record<string, Persona",
                "expected `,` or `>` to close `Record<` at the end",
                22,
            ),
            ("RecipeStep[]]", "unexpected `]` after a complete type", 12),
            (
                "{ a string }",
                "expected `:` after the property `a`, found `string`",
                4,
            ),
            ("Foo | ", "expected a type at the end", 6),
            (
                "() => void",
                "function types are not supported in a column type (JSON holds no functions)",
                3,
            ),
            (
                "{ [K in Keys]: V }",
                "mapped types are not supported in a column type; use `Record<K, T>`",
                5,
            ),
            (
                "`a${string}`",
                "template literal types are not supported in a column type",
                0,
            ),
            (
                "A extends B ? C : D",
                "conditional types are not supported in a column type",
                2,
            ),
            (
                "typeof x",
                "`typeof` types are not supported in a column type",
                0,
            ),
            ("Foo#", "unexpected character `#`", 3),
            ("\"open", "unterminated string literal", 0),
            ("", "expected a type at the end", 0),
        ] {
            let error = parse(input).expect_err(input);
            assert_eq!(
                (error.message.as_str(), error.offset),
                (message, offset),
                "{input}"
            );
        }
    }
}
