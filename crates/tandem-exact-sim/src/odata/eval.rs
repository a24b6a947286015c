//! Evaluating a parsed `$filter` against a stored row.
//!
//! Text comparisons ignore case because the real service runs on SQL Server
//! with a case-insensitive collation (an assumption the API notes record);
//! comparisons with null are false except `eq null`, as in SQL.

use super::filter::{BinOp, Expr, Func, Lit};
use crate::dates;
use crate::entities::{EntityDef, FieldType};
use crate::store::Row;
use serde_json::Value;
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Num(f64),
    /// Text and GUIDs, already lower-cased for comparison.
    Text(String),
    Date(i64),
}

/// Whether `row` passes the filter.
pub(crate) fn matches(expr: &Expr, def: &EntityDef, row: &Row) -> bool {
    eval(expr, def, row) == V::Bool(true)
}

fn eval(expr: &Expr, def: &EntityDef, row: &Row) -> V {
    match expr {
        Expr::Lit(l) => match l {
            Lit::Null => V::Null,
            Lit::Bool(b) => V::Bool(*b),
            Lit::Int(i) => V::Num(*i as f64),
            Lit::Double(d) => V::Num(*d),
            Lit::Text(s) | Lit::Guid(s) => V::Text(s.to_lowercase()),
            Lit::DateTime(ms) => V::Date(*ms),
        },
        Expr::Field(i) => field(def.fields[*i].ty, &row[*i]),
        Expr::Not(e) => match eval(e, def, row) {
            V::Bool(b) => V::Bool(!b),
            _ => V::Bool(false),
        },
        Expr::Bin(BinOp::And, a, b) => V::Bool(matches(a, def, row) && matches(b, def, row)),
        Expr::Bin(BinOp::Or, a, b) => V::Bool(matches(a, def, row) || matches(b, def, row)),
        Expr::Bin(op, a, b) => V::Bool(compare(*op, &eval(a, def, row), &eval(b, def, row))),
        Expr::Call(f, args) => {
            let vals: Vec<V> = args.iter().map(|a| eval(a, def, row)).collect();
            call(*f, &vals)
        }
    }
}

fn field(ty: FieldType, v: &Value) -> V {
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Bool(*b),
        Value::Number(n) => V::Num(n.as_f64().unwrap_or(0.0)),
        Value::String(s) if ty == FieldType::DateTime => {
            dates::parse_wire(s).map(V::Date).unwrap_or(V::Null)
        }
        Value::String(s) => V::Text(s.to_lowercase()),
        _ => V::Null,
    }
}

fn compare(op: BinOp, a: &V, b: &V) -> bool {
    let ord = match (a, b) {
        (V::Null, V::Null) => return matches!(op, BinOp::Eq | BinOp::Le | BinOp::Ge),
        (V::Null, _) | (_, V::Null) => return op == BinOp::Ne,
        (V::Num(x), V::Num(y)) => x.partial_cmp(y),
        (V::Text(x), V::Text(y)) => Some(x.cmp(y)),
        (V::Date(x), V::Date(y)) => Some(x.cmp(y)),
        (V::Bool(x), V::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    };
    let Some(ord) = ord else {
        return false;
    };
    match op {
        BinOp::Eq => ord == Ordering::Equal,
        BinOp::Ne => ord != Ordering::Equal,
        BinOp::Gt => ord == Ordering::Greater,
        BinOp::Ge => ord != Ordering::Less,
        BinOp::Lt => ord == Ordering::Less,
        BinOp::Le => ord != Ordering::Greater,
        BinOp::And | BinOp::Or => false,
    }
}

fn call(f: Func, args: &[V]) -> V {
    let text = |i: usize| match args.get(i) {
        Some(V::Text(s)) => Some(s.as_str()),
        _ => None,
    };
    match f {
        Func::Trim => text(0).map_or(V::Null, |s| V::Text(s.trim().to_string())),
        // Comparisons ignore case anyway; the lower-cased value is kept.
        Func::ToLower | Func::ToUpper => text(0).map_or(V::Null, |s| V::Text(s.to_string())),
        Func::Length => text(0).map_or(V::Null, |s| V::Num(s.chars().count() as f64)),
        Func::IndexOf => match (text(0), text(1)) {
            (Some(h), Some(n)) => V::Num(
                h.find(n)
                    .map(|byte| h[..byte].chars().count() as f64)
                    .unwrap_or(-1.0),
            ),
            _ => V::Null,
        },
        Func::StartsWith => match (text(0), text(1)) {
            (Some(h), Some(n)) => V::Bool(h.starts_with(n)),
            _ => V::Null,
        },
        Func::EndsWith => match (text(0), text(1)) {
            (Some(h), Some(n)) => V::Bool(h.ends_with(n)),
            _ => V::Null,
        },
        // substringof(needle, haystack): the argument order of OData v2.
        Func::SubstringOf => match (text(0), text(1)) {
            (Some(n), Some(h)) => V::Bool(h.contains(n)),
            _ => V::Null,
        },
    }
}
