//! Paging: 60 rows on standard endpoints, 1,000 on bulk and sync, `$top` as a
//! cap on the total, and an absolute `__next` link exactly when more rows
//! follow.
//!
//! Standard and bulk sets page in ID order with `$skiptoken=guid'<last ID>'`;
//! sync sets in Timestamp order with `$skiptoken=<last Timestamp>L`. With
//! `$orderby` the link carries `$skip` instead, since an ID token would not
//! mark a place in another order.

use crate::entities::{EntityDef, Variant};
use crate::store::Row;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;
use std::cmp::Ordering;

use super::query::Query;

/// One page of rows and the link to the next.
pub(crate) struct Page<'a> {
    pub(crate) rows: Vec<&'a Row>,
    pub(crate) next: Option<String>,
    pub(crate) total: usize,
}

/// Where the rows should continue from, from `$skiptoken`.
fn after_token<'a>(
    rows: Vec<&'a Row>,
    def: &EntityDef,
    variant: Variant,
    token: &str,
) -> Result<Vec<&'a Row>, String> {
    let invalid = || format!("The skip token value '{token}' is not valid.");
    if variant == Variant::Sync {
        let ts: i64 = token
            .strip_suffix(['L', 'l'])
            .unwrap_or(token)
            .parse()
            .map_err(|_| invalid())?;
        let i = def.field_index("Timestamp").ok_or_else(invalid)?;
        return Ok(rows
            .into_iter()
            .filter(|r| r[i].as_i64().is_some_and(|t| t > ts))
            .collect());
    }
    let key = def.key_index();
    let last = match token
        .strip_prefix("guid'")
        .and_then(|t| t.strip_suffix('\''))
    {
        Some(g) if super::filter::is_guid(g) => Value::String(g.to_ascii_lowercase()),
        _ => match token.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => return Err(invalid()),
        },
    };
    Ok(rows
        .into_iter()
        .filter(|r| cmp_values(&r[key], &last) == Ordering::Greater)
        .collect())
}

fn cmp_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// Cuts one page out of `rows` (already filtered, in key order).
/// `link_base` is the absolute URL of the set without a query.
pub(crate) fn page<'a>(
    mut rows: Vec<&'a Row>,
    def: &EntityDef,
    variant: Variant,
    q: &Query,
    link_base: &str,
) -> Result<Page<'a>, String> {
    let total = rows.len();
    if variant == Variant::Sync {
        if let Some(i) = def.field_index("Timestamp") {
            rows.sort_by_key(|r| r[i].as_i64().unwrap_or(0));
        }
    }
    if let Some((field, desc)) = &q.orderby {
        let i = def
            .field_index(field)
            .filter(|i| variant == Variant::Sync || !def.fields[*i].sync_only)
            .ok_or_else(|| {
                format!(
                    "No property '{field}' exists in type '{}' at position 0.",
                    def.type_name
                )
            })?;
        rows.sort_by(|a, b| {
            let o = cmp_values(&a[i], &b[i]);
            if *desc {
                o.reverse()
            } else {
                o
            }
        });
    }
    if let Some(token) = &q.skiptoken {
        rows = after_token(rows, def, variant, token)?;
    }
    let skip = q.skip.unwrap_or(0);
    let available = rows.len().saturating_sub(skip);
    let wanted = q.top.map_or(available, |t| t.min(available));
    let size = wanted.min(variant.page_size());
    let page: Vec<&Row> = rows.into_iter().skip(skip).take(size).collect();
    let more = wanted > size;
    let next = match (more, page.last()) {
        (true, Some(last)) => Some(next_link(
            def,
            variant,
            q,
            link_base,
            last,
            skip + size,
            wanted - size,
        )),
        _ => None,
    };
    Ok(Page {
        rows: page,
        next,
        total,
    })
}

fn next_link(
    def: &EntityDef,
    variant: Variant,
    q: &Query,
    link_base: &str,
    last: &Row,
    skip_next: usize,
    top_left: usize,
) -> String {
    let mut pairs: Vec<(String, String)> = q
        .pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "$skiptoken" | "$skip" | "$top"))
        .cloned()
        .collect();
    if q.top.is_some() {
        pairs.push(("$top".into(), top_left.to_string()));
    }
    if q.orderby.is_some() {
        pairs.push(("$skip".into(), skip_next.to_string()));
    } else if variant == Variant::Sync {
        let ts = def
            .field_index("Timestamp")
            .and_then(|i| last[i].as_i64())
            .unwrap_or(0);
        pairs.push(("$skiptoken".into(), format!("{ts}L")));
    } else {
        pairs.push(("$skiptoken".into(), super::shape::key_literal(def, last)));
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", k, encode(v)))
        .collect();
    format!("{link_base}?{}", query.join("&"))
}

/// What `__next` links percent-encode: everything but unreserved characters
/// and `$ ' ( ) , : *`, which the real service's links leave readable.
const LINK_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'*');

fn encode(v: &str) -> String {
    utf8_percent_encode(v, LINK_VALUE).to_string()
}
