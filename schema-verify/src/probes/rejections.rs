//! Probes of what a column's type or a CHECK constraint refuses:
//!
//! - every column of an enum type: insert a label the type does not have: SQLSTATE 22P02;
//! - every CHECK constraint that is a simple comparison of one column with a literal
//!   (`"price" > 0`, `"qty" <= 100`, `"status" <> 'x'`, and `AND`s of them): insert a row whose
//!   column breaks the first comparison (`price = 0`): SQLSTATE 23514 from that constraint.
//!   Any other expression is not probed (the probe says so); the catalog comparison still
//!   checks it. Generated rows satisfy the simple comparisons of their table, so the other
//!   probes are not refused by a check.

use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use schema_model::{CheckConstraint, SqlType, TableDef};

use super::{outcome, text_literal, Judge, Planned, Row, RowMaker, Script};

/// The value a probe writes into an enum column: a label no declared enum has.
const INVALID_LABEL: &str = "schema-verify: not a label";

/// One simple comparison `column op literal`.
#[derive(Debug, Clone, PartialEq)]
struct Comparison {
    column: String,
    op: BinaryOperator,
    literal: Literal,
}

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Number(f64),
    Text(String),
}

impl Literal {
    fn sql(&self) -> String {
        match self {
            Literal::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Literal::Number(n) => n.to_string(),
            Literal::Text(s) => text_literal(s),
        }
    }
}

/// The simple comparisons a check is the conjunction of; `None` when it is anything else.
fn comparisons(check: &CheckConstraint) -> Option<Vec<Comparison>> {
    let expr = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(&check.expression)
        .ok()?
        .parse_expr()
        .ok()?;
    let mut out = Vec::new();
    conjuncts(&expr, &mut out)?;
    Some(out)
}

fn conjuncts(expr: &Expr, out: &mut Vec<Comparison>) -> Option<()> {
    match expr {
        Expr::Nested(inner) => conjuncts(inner, out),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            conjuncts(left, out)?;
            conjuncts(right, out)
        }
        Expr::BinaryOp { left, op, right } => {
            let column = match left.as_ref() {
                Expr::Identifier(ident) => ident.value.clone(),
                _ => return None,
            };
            let literal = literal(right)?;
            matches!(
                op,
                BinaryOperator::Gt
                    | BinaryOperator::GtEq
                    | BinaryOperator::Lt
                    | BinaryOperator::LtEq
                    | BinaryOperator::Eq
                    | BinaryOperator::NotEq
            )
            .then(|| {
                out.push(Comparison {
                    column,
                    op: op.clone(),
                    literal,
                })
            })
        }
        _ => None,
    }
}

fn literal(expr: &Expr) -> Option<Literal> {
    match expr {
        Expr::Nested(inner) => literal(inner),
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok().map(Literal::Number),
            Value::SingleQuotedString(s) => Some(Literal::Text(s.clone())),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match literal(expr)? {
            Literal::Number(n) => Some(Literal::Number(-n)),
            Literal::Text(_) => None,
        },
        _ => None,
    }
}

/// A value of the column that passes the comparison; `None`: any generated value passes
/// (`<>`) or none can be made up.
fn satisfying(c: &Comparison) -> Option<String> {
    use BinaryOperator::*;
    match (&c.op, &c.literal) {
        (Gt, Literal::Number(n)) => Some(Literal::Number(n + 1.0).sql()),
        (Lt, Literal::Number(n)) => Some(Literal::Number(n - 1.0).sql()),
        (GtEq | LtEq | Eq, literal) => Some(literal.sql()),
        _ => None,
    }
}

/// A value of the column that fails the comparison.
fn violating(c: &Comparison) -> Option<String> {
    use BinaryOperator::*;
    match (&c.op, &c.literal) {
        (Gt | Lt | NotEq, literal) => Some(literal.sql()),
        (GtEq, Literal::Number(n)) => Some(Literal::Number(n - 1.0).sql()),
        (LtEq, Literal::Number(n)) => Some(Literal::Number(n + 1.0).sql()),
        (Eq, Literal::Number(n)) => Some(Literal::Number(n + 1.0).sql()),
        (Eq, Literal::Text(s)) => Some(text_literal(&format!("{s} (not it)"))),
        _ => None,
    }
}

/// Values that satisfy the simple checks of `table`: generated rows use them.
pub(super) fn satisfying_values(table: &TableDef) -> Vec<(String, String)> {
    table
        .checks
        .iter()
        .filter_map(comparisons)
        .flatten()
        .filter_map(|c| Some((c.column.clone(), satisfying(&c)?)))
        .collect()
}

impl RowMaker<'_> {
    /// Insert a label the enum type of `column` does not have.
    pub(super) fn plan_invalid_label(&mut self, table: &TableDef, column: &str) -> Planned {
        let script = (|| -> Result<Script, String> {
            let mut setup = Vec::new();
            let mut overrides = Row::new();
            overrides.insert(column.to_string(), Some(text_literal(INVALID_LABEL)));
            self.plan_insert(&mut setup, table, &overrides, 0)?;
            Ok(Script {
                setup,
                ..Script::default()
            })
        })();
        let enum_name = match table.column(column).map(|c| &c.sql_type) {
            Some(SqlType::Enum(name)) => name.clone(),
            _ => String::new(),
        };
        Planned {
            outcome: outcome(
                table,
                column,
                format!("insert '{INVALID_LABEL}', not a value of enum type {enum_name}"),
                "refused with SQLSTATE 22P02".into(),
            ),
            script,
            judge: Judge::Rejected {
                sqlstate: "22P02",
                constraint: None,
            },
        }
    }

    /// Insert a row that breaks `check`, when it is a simple comparison.
    pub(super) fn plan_check_violation(
        &mut self,
        table: &TableDef,
        check: &CheckConstraint,
    ) -> Planned {
        let broken = comparisons(check)
            .and_then(|cs| cs.into_iter().find_map(|c| Some((violating(&c)?, c))));
        let action = match &broken {
            Some((value, c)) => format!("insert a row with {} = {value}", c.column),
            None => "insert a row that breaks it".into(),
        };
        let script = match broken {
            None => Err(
                "not probed: only comparisons of a column with a literal (and ANDs of them) are; the catalog comparison checks the expression"
                    .to_string(),
            ),
            Some((value, c)) => (|| -> Result<Script, String> {
                let mut setup = Vec::new();
                let mut overrides = Row::new();
                overrides.insert(c.column.clone(), Some(value));
                self.plan_insert(&mut setup, table, &overrides, 0)?;
                Ok(Script {
                    setup,
                    ..Script::default()
                })
            })(),
        };
        Planned {
            outcome: outcome(
                table,
                &check.name,
                action,
                "refused with SQLSTATE 23514".into(),
            ),
            script,
            judge: Judge::Rejected {
                sqlstate: "23514",
                constraint: Some(check.name.clone()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(expression: &str) -> CheckConstraint {
        CheckConstraint {
            name: "c".into(),
            expression: expression.into(),
        }
    }

    #[test]
    fn simple_comparisons_get_a_violating_and_a_satisfying_value() {
        let cs = comparisons(&check("\"price\" > 0 AND \"qty\" <= 100")).unwrap();
        assert_eq!(cs.len(), 2);
        assert_eq!(violating(&cs[0]).as_deref(), Some("0"));
        assert_eq!(satisfying(&cs[0]).as_deref(), Some("1"));
        assert_eq!(violating(&cs[1]).as_deref(), Some("101"));
        let cs = comparisons(&check("(\"status\" <> 'archived')")).unwrap();
        assert_eq!(violating(&cs[0]).as_deref(), Some("'archived'"));
        assert_eq!(satisfying(&cs[0]), None);
        assert!(comparisons(&check("char_length(\"title\") > 0")).is_none());
        assert!(comparisons(&check("\"a\" > 0 OR \"b\" > 0")).is_none());
    }
}
