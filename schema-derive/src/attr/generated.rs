//! `identity = always`, `identity = by_default`, or
//! `identity(always, start_with = 1, increment = 1, min_value = 1, max_value = 1000, cache = 1,
//! cycle, name = "orders_id_seq")`.

use super::ParseAnyIdent as _;
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Ident, LitInt, LitStr, Token};

/// The keys inside `identity(...)`.
pub const IDENTITY_KEYS: &[&str] = &[
    "always",
    "by_default",
    "name",
    "start_with",
    "increment",
    "min_value",
    "max_value",
    "cache",
    "cycle",
];

/// An identity as declared.
pub struct IdentityAttr {
    /// The `identity` key itself, for spans.
    pub key: Ident,
    /// `always` (drizzle's `generatedAlwaysAsIdentity`) or `by_default`; `None` when the list
    /// names neither.
    pub always: Option<bool>,
    pub name: Option<LitStr>,
    /// (key, value, span) of each number option.
    pub numbers: Vec<(&'static str, i64, Span)>,
    pub cycle: bool,
}

impl IdentityAttr {
    pub fn number(&self, key: &str) -> Option<i64> {
        self.numbers
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, v, _)| *v)
    }
}

pub fn identity(key: &Ident, meta: &ParseNestedMeta) -> syn::Result<IdentityAttr> {
    let mut out = IdentityAttr {
        key: key.clone(),
        always: None,
        name: None,
        numbers: Vec::new(),
        cycle: false,
    };
    if meta.input.peek(Token![=]) {
        let kind: Ident = meta.value()?.call(Ident::parse_any_ident)?;
        out.always = Some(kind_of(&kind)?);
        return Ok(out);
    }
    meta.parse_nested_meta(|inner| {
        let Some(ident) = inner.path.get_ident().cloned() else {
            return Err(inner.error(expected_keys()));
        };
        let name = ident.to_string();
        match name.as_str() {
            "always" | "by_default" => {
                if out.always.is_some() {
                    return Err(syn::Error::new_spanned(
                        &ident,
                        "an identity is either `always` or `by_default`, once",
                    ));
                }
                out.always = Some(name == "always");
            }
            "cycle" => out.cycle = true,
            "name" => out.name = Some(inner.value()?.parse()?),
            _ => match IDENTITY_KEYS.iter().find(|k| **k == name) {
                Some(key) => {
                    let input = inner.value()?;
                    let negative = input.parse::<Option<Token![-]>>()?.is_some();
                    let lit: LitInt = input.parse()?;
                    let value = lit.base10_parse::<i64>().map_err(|_| {
                        syn::Error::new_spanned(&lit, format!("`{key}` is out of the bigint range"))
                    })?;
                    let value = if negative { -value } else { value };
                    if out.numbers.iter().any(|(k, _, _)| k == key) {
                        return Err(syn::Error::new_spanned(
                            &ident,
                            format!("duplicate identity option `{key}`"),
                        ));
                    }
                    out.numbers.push((key, value, lit.span()));
                }
                None => return Err(syn::Error::new_spanned(&ident, expected_keys())),
            },
        }
        Ok(())
    })?;
    Ok(out)
}

fn kind_of(kind: &Ident) -> syn::Result<bool> {
    match kind.to_string().as_str() {
        "always" => Ok(true),
        "by_default" => Ok(false),
        _ => Err(syn::Error::new_spanned(
            kind,
            "expected `identity = always` or `identity = by_default`",
        )),
    }
}

fn expected_keys() -> String {
    format!(
        "unknown identity option; expected one of: {}\nhelp: the correct format looks like `identity(always, start_with = 1, increment = 1)`",
        IDENTITY_KEYS
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
