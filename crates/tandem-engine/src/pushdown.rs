//! Pushdown: the part of a WHERE a provider can apply before rows travel.
//!
//! Only conjuncts (`a and b and ...`) that test one cloud table reference
//! against literals are taken: `division = X` / `division in (...)` choose
//! the companies to read; `col = literal`, `col in (literals)` and
//! `col like 'prefix%'` become the provider's predicate. Everything pushed is
//! implied by the WHERE, so the rows read are a superset of the answer, and
//! SQLite re-applies the whole WHERE: results never depend on what was
//! pushed. `like` goes only to providers that match text ignoring case, as
//! SQLite's LIKE does.

use rusqlite::types::Value;
use sqlparser::ast::{BinaryOperator, Expr, InTarget, UnaryOperator, Value as Lit};
use tandem_sql::sqlparser;

use crate::provider::{Capabilities, Predicate, TableDef};

/// What one table reference's read is narrowed to.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Pushdown {
    /// Read only these companies (intersected with the active ones).
    pub(crate) partitions: Option<Vec<i64>>,
    /// The provider's predicate.
    pub(crate) predicate: Option<Predicate>,
}

/// The conjuncts of a WHERE.
fn conjuncts<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            conjuncts(left, out);
            conjuncts(right, out);
        }
        Expr::Nested(inner) => conjuncts(inner, out),
        other => out.push(other),
    }
}

fn literal(e: &Expr) -> Option<Value> {
    match e {
        Expr::Value(v) => match &v.value {
            Lit::Number(n, _) => n
                .parse::<i64>()
                .map(Value::Integer)
                .ok()
                .or_else(|| n.parse::<f64>().ok().map(Value::Real)),
            Lit::SingleQuotedString(s) => Some(Value::Text(s.clone())),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match literal(expr)? {
            Value::Integer(i) => Some(Value::Integer(-i)),
            Value::Real(f) => Some(Value::Real(-f)),
            _ => None,
        },
        Expr::Nested(inner) => literal(inner),
        _ => None,
    }
}

fn partition_code(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        Value::Text(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A LIKE pattern's fixed prefix, when the pattern is `prefix%...`.
fn like_prefix(pattern: &str) -> Option<String> {
    let end = pattern.find(['%', '_']).unwrap_or(pattern.len());
    (end > 0).then(|| pattern[..end].to_string())
}

pub(crate) struct Reference<'a> {
    /// The name the query uses for the reference (alias or table name).
    pub(crate) name: &'a str,
    /// Unqualified column names belong to this reference (it is the only
    /// table of its SELECT).
    pub(crate) sole: bool,
    pub(crate) table: &'a TableDef,
    pub(crate) capabilities: Capabilities,
}

impl Reference<'_> {
    /// The column an expression names, if it belongs to this reference:
    /// `division` or the table's spelling of the column.
    fn column(&self, e: &Expr) -> Option<String> {
        let name = match e {
            Expr::Identifier(i) if self.sole => &i.value,
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                if !parts[parts.len() - 2].value.eq_ignore_ascii_case(self.name) {
                    return None;
                }
                &parts[parts.len() - 1].value
            }
            Expr::Nested(inner) => return self.column(inner),
            _ => return None,
        };
        if self.table.partitioned && name.eq_ignore_ascii_case("division") {
            return Some("division".into());
        }
        self.table
            .column(name)
            .filter(|c| c.filterable)
            .map(|c| c.name.clone())
    }
}

/// The pushdown of `selection` for one reference.
pub(crate) fn extract(selection: &Expr, r: &Reference<'_>) -> Pushdown {
    let mut parts = Vec::new();
    conjuncts(selection, &mut parts);
    let mut out = Pushdown::default();
    let mut predicates = Vec::new();
    let restrict = |out: &mut Pushdown, codes: Vec<i64>| {
        out.partitions = Some(match out.partitions.take() {
            None => codes,
            Some(prev) => prev.into_iter().filter(|c| codes.contains(c)).collect(),
        });
    };
    for c in parts {
        match c {
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } => {
                let (col, value) = match (r.column(left), literal(right)) {
                    (Some(col), Some(v)) => (col, v),
                    _ => match (r.column(right), literal(left)) {
                        (Some(col), Some(v)) => (col, v),
                        _ => continue,
                    },
                };
                if col == "division" {
                    if let Some(code) = partition_code(&value) {
                        restrict(&mut out, vec![code]);
                    }
                } else {
                    predicates.push(Predicate::Eq(col, value));
                }
            }
            Expr::In {
                expr,
                target: InTarget::List(list),
                negated: false,
                ..
            } => {
                let Some(col) = r.column(expr) else { continue };
                let Some(values) = list.iter().map(literal).collect::<Option<Vec<_>>>() else {
                    continue;
                };
                if col == "division" {
                    if let Some(codes) = values.iter().map(partition_code).collect() {
                        restrict(&mut out, codes);
                    }
                } else {
                    predicates.push(Predicate::In(col, values));
                }
            }
            Expr::Like {
                negated: false,
                any: false,
                expr,
                pattern,
                escape_char: None,
            } if r.capabilities.case_insensitive_text_matching => {
                let Some(col) = r.column(expr) else { continue };
                if col == "division" {
                    continue;
                }
                if let Some(Value::Text(p)) = literal(pattern) {
                    if let Some(prefix) = like_prefix(&p) {
                        predicates.push(Predicate::StartsWith(col, prefix));
                    }
                }
            }
            _ => {}
        }
    }
    if !predicates.is_empty() {
        out.predicate = Some(Predicate::And(predicates));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::ColumnDef;
    use crate::SqlType;
    use tandem_sql::{parse_statement, Statement};

    fn accounts() -> TableDef {
        let col = |n: &str| ColumnDef {
            name: n.into(),
            sql_type: SqlType::Text,
            filterable: n != "Remarks",
            writable: true,
            required: false,
        };
        TableDef {
            catalog: "ExactOnlineREST".into(),
            schema: "CRM".into(),
            name: "Accounts".into(),
            description: String::new(),
            columns: vec![col("Code"), col("Name"), col("Remarks")],
            partitioned: true,
            writable: true,
            key: None,
        }
    }

    fn where_of(sql: &str) -> Expr {
        match parse_statement(sql).unwrap() {
            Statement::Sql(s) => match *s {
                sqlparser::ast::Statement::Query(q) => match *q.body {
                    sqlparser::ast::SetExpr::Select(s) => s.selection.unwrap(),
                    _ => panic!(),
                },
                _ => panic!(),
            },
            _ => panic!(),
        }
    }

    #[test]
    fn takes_literal_conjuncts_of_the_reference_only() {
        let t = accounts();
        let r = Reference {
            name: "act",
            sole: false,
            table: &t,
            capabilities: Capabilities {
                case_insensitive_text_matching: true,
            },
        };
        let p = extract(
            &where_of(
                "select 1 from x act, y where act.division = 102673 and act.name like 'Aanneming%' \
                 and (act.code = '1') and y.code = '2' and act.remarks = 'x' or 1 = 1",
            ),
            &r,
        );
        assert_eq!(p, Pushdown::default(), "an OR on top pushes nothing");
        let p = extract(
            &where_of(
                "select 1 from x act, y where act.division in (1, 2) and act.division = 2 \
                 and act.NAME like 'Aanneming%' and (act.code = '1') and y.code = '2' \
                 and act.remarks = 'x' and code = '3' and act.name not like 'b%'",
            ),
            &r,
        );
        assert_eq!(p.partitions, Some(vec![2]));
        assert_eq!(
            p.predicate,
            Some(Predicate::And(vec![
                Predicate::StartsWith("Name".into(), "Aanneming".into()),
                Predicate::Eq("Code".into(), Value::Text("1".into())),
            ]))
        );
        let r = Reference {
            capabilities: Capabilities {
                case_insensitive_text_matching: false,
            },
            sole: true,
            ..r
        };
        let p = extract(
            &where_of("select 1 from x where name like 'A%' and code = 1"),
            &r,
        );
        assert_eq!(
            p.predicate,
            Some(Predicate::And(vec![Predicate::Eq(
                "Code".into(),
                Value::Integer(1)
            )]))
        );
    }
}
