//! The column types drizzle's pg-core has a builder for beyond the model's named ones
//! (`char`, `numeric(p, s)`, `time`, `interval`, `inet`, `cidr`, `macaddr`, `macaddr8`, the
//! `serial` family, and arrays of any type), kept in the model as [`SqlType::Other`] in
//! drizzle-kit's spelling.
//!
//! [`normalize`] turns any spelling PostgreSQL accepts into drizzle-kit's (`numeric(10,2)` →
//! `numeric(10, 2)`, `character(3)` → `char(3)`, `int4[]` → `integer[]`), so a type written in
//! Rust, read back from migration SQL or from the catalog is one value; [`builder`] says which
//! drizzle builder writes a spelling and what TypeScript type it yields.

use crate::model::SqlType;

/// A spelling's drizzle builder: `numeric("price", { precision: 10, scale: 2 })`, then
/// `.array()` once per dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builder {
    /// The pg-core function: `numeric`.
    pub function: &'static str,
    /// Its options object, in drizzle's key order: `[("precision", "10"), ("scale", "2")]`.
    pub options: Vec<(String, String)>,
    /// How many `.array()` calls follow.
    pub array_dims: usize,
    /// The TypeScript type of one element, as drizzle infers it: `string`.
    pub element_type: &'static str,
    /// A `serial`: PostgreSQL fills it from its sequence, so inserts may leave it out.
    pub serial: bool,
}

impl Builder {
    /// The TypeScript type of the column's values: the element type with `[]` per dimension.
    pub fn value_type(&self) -> String {
        format!("{}{}", self.element_type, "[]".repeat(self.array_dims))
    }
}

/// An array type's element type and dimensions: `integer[][]` → (`integer`, 2).
pub fn array_element(sql_type: &SqlType) -> Option<(SqlType, usize)> {
    let SqlType::Other(spelling) = sql_type else {
        return None;
    };
    let mut base = spelling.as_str();
    let mut dims = 0;
    while let Some(rest) = base.strip_suffix("[]") {
        base = rest.trim_end();
        dims += 1;
    }
    (dims > 0).then(|| (SqlType::parse(base), dims))
}

/// drizzle-kit's spelling of a type the model has no variant for; `s` is lower-cased with single
/// spaces. Unknown types come back unchanged.
pub(crate) fn normalize(s: &str) -> String {
    if s.ends_with("[]") {
        let mut base = s;
        let mut dims = 0;
        while let Some(rest) = base.strip_suffix("[]") {
            base = rest.trim_end();
            dims += 1;
        }
        return format!("{}{}", SqlType::parse(base).sql(), "[]".repeat(dims));
    }
    let (name, args) = match s.split_once('(') {
        Some((name, rest)) => match rest.split_once(')') {
            Some((args, tail)) => (
                format!("{}{}", name.trim(), tail.trim_end()),
                Some(
                    args.split(',')
                        .map(|a| a.trim().to_string())
                        .collect::<Vec<_>>(),
                ),
            ),
            None => return s.to_string(),
        },
        None => (s.to_string(), None),
    };
    let joined = |args: &Option<Vec<String>>| args.as_ref().map(|a| a.join(", "));
    match (name.as_str(), &args) {
        ("character" | "char" | "bpchar", None) => "char".into(),
        ("character" | "char" | "bpchar", Some(a)) if a.len() == 1 => format!("char({})", a[0]),
        ("numeric" | "decimal", Some(_)) => format!("numeric({})", joined(&args).unwrap()),
        ("time" | "time without time zone", None) => "time".into(),
        ("time" | "time without time zone", Some(a)) => format!("time({})", a.join(", ")),
        ("timetz" | "time with time zone", None) => "time with time zone".into(),
        ("timetz" | "time with time zone", Some(a)) => {
            format!("time({}) with time zone", a.join(", "))
        }
        ("serial4", None) => "serial".into(),
        ("serial8", None) => "bigserial".into(),
        ("serial2", None) => "smallserial".into(),
        _ => s.to_string(),
    }
}

/// The drizzle builder that writes `sql_type`, for the types the model keeps as `Other`; `None`
/// for a type drizzle has no builder for (written with `customType`).
pub fn builder(sql_type: &SqlType) -> Option<Builder> {
    if let Some((element, dims)) = array_element(sql_type) {
        let mut inner = named_builder(&element).or_else(|| builder(&element))?;
        if inner.serial {
            return None;
        }
        inner.array_dims += dims;
        return Some(inner);
    }
    let SqlType::Other(spelling) = sql_type else {
        return None;
    };
    let plain = |function, element_type| Builder {
        function,
        options: Vec::new(),
        array_dims: 0,
        element_type,
        serial: false,
    };
    let with = |function, options: Vec<(&str, &str)>, element_type| Builder {
        options: options
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..plain(function, element_type)
    };
    let args = |prefix: &str, suffix: &str| -> Option<Vec<String>> {
        let inner = spelling.strip_prefix(prefix)?.strip_suffix(suffix)?;
        Some(inner.split(',').map(|a| a.trim().to_string()).collect())
    };
    let serial = |function| Builder {
        serial: true,
        ..plain(function, "number")
    };
    Some(match spelling.as_str() {
        "char" => plain("char", "string"),
        "time" => plain("time", "string"),
        "time with time zone" => with("time", vec![("withTimezone", "true")], "string"),
        "interval" => plain("interval", "string"),
        "inet" => plain("inet", "string"),
        "cidr" => plain("cidr", "string"),
        "macaddr" => plain("macaddr", "string"),
        "macaddr8" => plain("macaddr8", "string"),
        "serial" => serial("serial"),
        "smallserial" => serial("smallserial"),
        "bigserial" => Builder {
            options: vec![("mode".into(), "\"number\"".into())],
            ..serial("bigserial")
        },
        _ => {
            if let Some(a) = args("char(", ")").filter(|a| a.len() == 1) {
                with("char", vec![("length", &a[0])], "string")
            } else if let Some(a) = args("numeric(", ")") {
                match a.as_slice() {
                    [p] => with("numeric", vec![("precision", p)], "string"),
                    [p, s] => with("numeric", vec![("precision", p), ("scale", s)], "string"),
                    _ => return None,
                }
            } else if let Some(a) = args("time(", ")").filter(|a| a.len() == 1) {
                with("time", vec![("precision", &a[0])], "string")
            } else {
                return None;
            }
        }
    })
}

/// Whether every value of `from` fits `to` unchanged, for the types kept here: a `numeric` with
/// at least as many digits on both sides of the point (or unbounded), a longer `char`, the
/// same array of a widened element.
pub fn widens(from: &SqlType, to: &SqlType) -> bool {
    if let (Some((a, da)), Some((b, db))) = (array_element(from), array_element(to)) {
        return da == db && crate::diff::is_widening(&a, &b);
    }
    let numeric = |t: &SqlType| -> Option<(u32, u32)> {
        let SqlType::Other(s) = t else { return None };
        let inner = s.strip_prefix("numeric(")?.strip_suffix(')')?;
        let mut parts = inner.split(',').map(|p| p.trim().parse::<u32>());
        let precision = parts.next()?.ok()?;
        let scale = parts.next().map_or(Some(0), |s| s.ok())?;
        Some((precision, scale))
    };
    let char_len = |t: &SqlType| -> Option<u32> {
        let SqlType::Other(s) = t else { return None };
        match s.as_str() {
            "char" => Some(1),
            _ => s
                .strip_prefix("char(")?
                .strip_suffix(')')?
                .trim()
                .parse()
                .ok(),
        }
    };
    match (from, to) {
        (_, SqlType::Numeric) => numeric(from).is_some(),
        _ => match (numeric(from), numeric(to), char_len(from), char_len(to)) {
            (Some((p1, s1)), Some((p2, s2)), _, _) => s2 >= s1 && p2 - s2 >= p1 - s1,
            (_, _, Some(a), Some(b)) => b >= a,
            _ => false,
        },
    }
}

/// The type names drizzle-kit writes bare in DDL; any other type (`bytea`, `inet`, `citext`) it
/// writes as a quoted identifier (`"inet"`, `"inet"[]`). drizzle-kit tests a prefix, so the list
/// is matched the same way.
const DRIZZLE_NATIVE_TYPES: &[&str] = &[
    "uuid",
    "smallint",
    "integer",
    "bigint",
    "boolean",
    "text",
    "varchar",
    "serial",
    "bigserial",
    "decimal",
    "numeric",
    "real",
    "json",
    "jsonb",
    "time",
    "timestamp",
    "date",
    "interval",
    "double precision",
    "char",
    "vector",
    "geometry",
    "halfvec",
    "sparsevec",
    "bit",
];

/// A column type as drizzle-kit writes it in `CREATE TABLE`, `ADD COLUMN` and `SET DATA TYPE`.
pub fn ddl_spelling(sql_type: &SqlType) -> String {
    let spelled = sql_type.sql();
    // The model's own types (an enum's name is quoted already) are written as they are.
    let SqlType::Other(_) = sql_type else {
        return spelled;
    };
    if DRIZZLE_NATIVE_TYPES.iter().any(|t| spelled.starts_with(t)) {
        return spelled;
    }
    let base = spelled.trim_end_matches("[]");
    let dims = &spelled[base.len()..];
    format!("\"{base}\"{dims}")
}

/// The builders of the model's own variants, for array elements (`text[]` → `text`).
fn named_builder(sql_type: &SqlType) -> Option<Builder> {
    let plain = |function, element_type| Builder {
        function,
        options: Vec::new(),
        array_dims: 0,
        element_type,
        serial: false,
    };
    let option = |function, key: &str, value: String, element_type| Builder {
        options: vec![(key.to_string(), value)],
        ..plain(function, element_type)
    };
    Some(match sql_type {
        SqlType::Text => plain("text", "string"),
        SqlType::Varchar(None) => plain("varchar", "string"),
        SqlType::Varchar(Some(n)) => option("varchar", "length", n.to_string(), "string"),
        SqlType::SmallInt => plain("smallint", "number"),
        SqlType::Integer => plain("integer", "number"),
        SqlType::BigInt => option("bigint", "mode", "\"number\"".into(), "number"),
        SqlType::Real => plain("real", "number"),
        SqlType::DoublePrecision => plain("doublePrecision", "number"),
        SqlType::Numeric => plain("numeric", "string"),
        SqlType::Boolean => plain("boolean", "boolean"),
        SqlType::Timestamp => plain("timestamp", "Date"),
        SqlType::TimestampTz => option("timestamp", "withTimezone", "true".into(), "Date"),
        SqlType::Date => plain("date", "string"),
        SqlType::Uuid => plain("uuid", "string"),
        SqlType::Json => plain("json", "unknown"),
        SqlType::Jsonb => plain("jsonb", "unknown"),
        SqlType::Other(_) | SqlType::Enum(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(s: &str) -> String {
        SqlType::parse(s).sql()
    }

    #[test]
    fn spellings_become_drizzle_kits() {
        assert_eq!(spelled("numeric(10,2)"), "numeric(10, 2)");
        assert_eq!(spelled("DECIMAL(10, 2)"), "numeric(10, 2)");
        assert_eq!(spelled("character(3)"), "char(3)");
        assert_eq!(spelled("bpchar"), "char");
        assert_eq!(spelled("time without time zone"), "time");
        assert_eq!(spelled("int4[]"), "integer[]");
        assert_eq!(spelled("character varying(20)[]"), "varchar(20)[]");
        assert_eq!(spelled("integer[][]"), "integer[][]");
        assert_eq!(
            spelled("timestamp with time zone[]"),
            "timestamp with time zone[]"
        );
        assert_eq!(spelled("serial8"), "bigserial");
        assert_eq!(spelled("inet"), "inet");
        assert_eq!(spelled("tsvector"), "tsvector");
    }

    #[test]
    fn builders_know_drizzles_types() {
        let b = builder(&SqlType::parse("numeric(12, 4)")).unwrap();
        assert_eq!(b.function, "numeric");
        assert_eq!(b.options.len(), 2);
        let b = builder(&SqlType::parse("integer[][]")).unwrap();
        assert_eq!((b.function, b.array_dims), ("integer", 2));
        assert_eq!(b.value_type(), "number[][]");
        let b = builder(&SqlType::parse("varchar(20)[]")).unwrap();
        assert_eq!(b.options, vec![("length".to_string(), "20".to_string())]);
        assert!(builder(&SqlType::parse("serial")).unwrap().serial);
        assert!(builder(&SqlType::parse("tsvector")).is_none());
        assert!(builder(&SqlType::parse("tsvector[]")).is_none());
        assert_eq!(
            array_element(&SqlType::parse("text[]")),
            Some((SqlType::Text, 1))
        );
    }
}
