//! The shapes of Exact Online's JSON answers: `d` as a collection
//! (`{results, __next, __count}`), as a bare array (recorded for small
//! `$top`), or as one entity; and the error envelope
//! `{"error":{"message":{"value":...}}}`, turned into typed errors.

use crate::error::Error;
use crate::row::Row;
use reqwest::header::HeaderMap;
use serde_json::Value;

/// One page of a collection.
#[derive(Debug, Default)]
pub struct Page {
    /// The rows, without `__metadata` and unexpanded navigation properties.
    pub rows: Vec<Row>,
    /// The absolute URL of the next page (`__next`), absent on the last one.
    pub next: Option<String>,
    /// `__count` when `$inlinecount=allpages` was asked.
    pub count: Option<u64>,
}

fn parse_json(body: &[u8]) -> Result<Value, Error> {
    serde_json::from_slice(body).map_err(|e| {
        Error::Bug(format!(
            "the answer is not JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })
}

fn to_row(v: Value) -> Result<Row, Error> {
    match v {
        Value::Object(map) => Ok(Row::from_wire(map)),
        other => Err(Error::Bug(format!(
            "expected an entity object, got {}",
            type_name(&other)
        ))),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses a collection answer in any of its three shapes.
pub fn parse_page(body: &[u8]) -> Result<Page, Error> {
    let mut v = parse_json(body)?;
    let d = v
        .get_mut("d")
        .map(Value::take)
        .ok_or_else(|| Error::Bug("the answer has no `d`".into()))?;
    match d {
        Value::Array(items) => Ok(Page {
            rows: items.into_iter().map(to_row).collect::<Result<_, _>>()?,
            next: None,
            count: None,
        }),
        Value::Object(mut map) if map.contains_key("results") => {
            let rows = match map.remove("results") {
                Some(Value::Array(items)) => {
                    items.into_iter().map(to_row).collect::<Result<_, _>>()?
                }
                Some(Value::Null) | None => Vec::new(),
                Some(other) => {
                    return Err(Error::Bug(format!(
                        "`d.results` is {}, not an array",
                        type_name(&other)
                    )))
                }
            };
            let next = match map.remove("__next") {
                Some(Value::String(s)) if !s.is_empty() => Some(s),
                _ => None,
            };
            let count = match map.remove("__count") {
                Some(Value::String(s)) => s.trim().parse().ok(),
                Some(Value::Number(n)) => n.as_u64(),
                _ => None,
            };
            Ok(Page { rows, next, count })
        }
        Value::Object(map) => Ok(Page {
            rows: vec![Row::from_wire(map)],
            next: None,
            count: None,
        }),
        other => Err(Error::Bug(format!(
            "`d` is {}, not an object or array",
            type_name(&other)
        ))),
    }
}

/// Parses a single-entity answer (`GET ...(guid'...')`, POST).
pub fn parse_single(body: &[u8]) -> Result<Row, Error> {
    let mut page = parse_page(body)?;
    match page.rows.len() {
        1 => Ok(page.rows.remove(0)),
        n => Err(Error::Bug(format!("expected one entity, got {n}"))),
    }
}

/// The message of an error envelope, if the body is one.
pub fn envelope_message(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let msg = v.get("error")?.get("message")?;
    match msg {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("value").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Turns a failed answer into a typed error. Never quotes the body except
/// the envelope's message (the service's own words).
pub fn classify(status: u16, headers: &HeaderMap, body: &[u8]) -> Error {
    let message = envelope_message(body);
    match status {
        401 => Error::Unauthorized,
        403 => Error::Forbidden {
            reason: header(headers, "Reason").unwrap_or("unknown").to_string(),
            message,
        },
        404 => Error::NotFound { message },
        429 => {
            let daily_tripped = header(headers, "X-RateLimit-Remaining").is_some()
                && header(headers, "X-RateLimit-Minutely-Remaining").is_none();
            if daily_tripped {
                Error::DailyBudgetExhausted {
                    remaining: 0,
                    needed: 1,
                }
            } else {
                Error::RateLimited {
                    reset: header(headers, "X-RateLimit-Minutely-Reset")
                        .and_then(|v| v.parse().ok()),
                }
            }
        }
        400..=499 => Error::Rejected {
            status,
            message: message.unwrap_or_else(|| format!("HTTP {status} without a message")),
        },
        500..=599 => match message {
            // Exact answers validation errors as 500 with an envelope.
            Some(m) => Error::Rejected { status, message: m },
            // A gateway may answer 5xx after the service committed a write.
            None => Error::Transient {
                detail: format!("HTTP {status}"),
                maybe_applied: true,
            },
        },
        _ => Error::Bug(format!("unexpected HTTP status {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_shapes_of_d() {
        let coll = br#"{"d":{"results":[{"__metadata":{"uri":"u","type":"t"},"ID":"a","BankAccounts":{"__deferred":{"uri":"x"}}},{"ID":"b"}],"__next":"http://h/next","__count":"7"}}"#;
        let p = parse_page(coll).unwrap();
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.next.as_deref(), Some("http://h/next"));
        assert_eq!(p.count, Some(7));
        assert!(p.rows[0].get("__metadata").is_none());
        assert!(p.rows[0].get("BankAccounts").is_none());
        let bare = br#"{"d":[{"ID":"a"}]}"#;
        assert_eq!(parse_page(bare).unwrap().rows.len(), 1);
        let one = br#"{"d":{"ID":"a","Name":"x"}}"#;
        assert_eq!(parse_single(one).unwrap().text("Name"), Some("x"));
        let last = br#"{"d":{"results":[]}}"#;
        let p = parse_page(last).unwrap();
        assert!(p.rows.is_empty() && p.next.is_none());
    }

    #[test]
    fn error_envelope_becomes_typed_errors() {
        let env =
            br#"{"error":{"code":"","message":{"lang":"","value":"Gegeven bestaat reeds."}}}"#;
        let mut h = HeaderMap::new();
        assert!(
            matches!(classify(500, &h, env), Error::Rejected { status: 500, message } if message == "Gegeven bestaat reeds.")
        );
        assert!(matches!(
            classify(503, &h, b"<html>down</html>"),
            Error::Transient { .. }
        ));
        assert!(matches!(
            classify(401, &h, b"<html>401</html>"),
            Error::Unauthorized
        ));
        h.insert("Reason", "NoDivisionAccess".parse().unwrap());
        assert!(
            matches!(classify(403, &h, env), Error::Forbidden { reason, .. } if reason == "NoDivisionAccess")
        );
        let mut h = HeaderMap::new();
        h.insert(
            "X-RateLimit-Minutely-Reset",
            "1700000060000".parse().unwrap(),
        );
        h.insert("X-RateLimit-Minutely-Remaining", "0".parse().unwrap());
        assert!(matches!(
            classify(429, &h, env),
            Error::RateLimited {
                reset: Some(1_700_000_060_000)
            }
        ));
        let mut h = HeaderMap::new();
        h.insert("X-RateLimit-Remaining", "0".parse().unwrap());
        assert!(matches!(
            classify(429, &h, env),
            Error::DailyBudgetExhausted { .. }
        ));
        assert!(matches!(
            classify(404, &HeaderMap::new(), b""),
            Error::NotFound { message: None }
        ));
    }
}
