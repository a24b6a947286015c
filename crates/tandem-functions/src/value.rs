//! How values look in SQL, and reading function arguments as such.
//!
//! The engine stores dates as ISO-8601 text (`2026-11-26`, or
//! `2026-11-26 14:30:00` with a time), so our date functions read and write
//! that text; a result keeps the shape of its input (a date stays a date
//! without a time). Numbers arrive as SQLite integers or reals, or as text a
//! user typed; all three are accepted.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::types::{Value, ValueRef};

use crate::error::{Error, Result};

/// A date read from ISO text, remembering whether it had a time part.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct IsoDate {
    pub at: NaiveDateTime,
    pub has_time: bool,
}

impl IsoDate {
    /// The date as the engine stores it.
    pub fn to_sql(self) -> Value {
        let text = if self.has_time {
            self.at.format("%Y-%m-%d %H:%M:%S").to_string()
        } else {
            self.at.format("%Y-%m-%d").to_string()
        };
        Value::Text(text)
    }
}

/// Reads `YYYY-MM-DD`, optionally followed by ` ` or `T` and
/// `HH:MM[:SS[.fraction]]` and a `Z`.
pub(crate) fn parse_iso(text: &str) -> Option<IsoDate> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        digits(&text[0..4])?,
        digits(&text[5..7])?,
        digits(&text[8..10])?,
    )?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(IsoDate {
            at: date.and_time(NaiveTime::MIN),
            has_time: false,
        });
    }
    let rest = rest.strip_prefix([' ', 'T'])?;
    let rest = rest.strip_suffix('Z').unwrap_or(rest);
    let (hms, fraction) = match rest.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (rest, None),
    };
    let mut parts = hms.split(':');
    let hour = digits(parts.next()?)?;
    let minute = digits(parts.next()?)?;
    let second = parts.next().map_or(Some(0), digits)?;
    if parts.next().is_some() {
        return None;
    }
    let nanos = match fraction {
        Some(f) if !f.is_empty() && f.len() <= 9 => {
            digits::<u32>(f)? * 10u32.pow(9 - f.len() as u32)
        }
        Some(_) => return None,
        None => 0,
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some(IsoDate {
        at: date.and_time(time),
        has_time: true,
    })
}

fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A SQL number: SQLite keeps integers and reals apart, and so do we, so that
/// `trunc(7)` stays the integer 7.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Num {
    Int(i64),
    Real(f64),
}

impl Num {
    pub fn to_sql(self) -> Value {
        match self {
            Num::Int(i) => Value::Integer(i),
            Num::Real(r) => Value::Real(r),
        }
    }
}

/// Reads a decimal number as a user would type it (`42`, `-1.5`, `1e3`),
/// ignoring surrounding blanks. Words SQLite would never produce (`inf`,
/// `NaN`) are not numbers.
pub(crate) fn parse_num(text: &str) -> Option<Num> {
    let text = text.trim();
    if !text.bytes().any(|b| b.is_ascii_digit())
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    if let Ok(i) = text.parse::<i64>() {
        return Some(Num::Int(i));
    }
    text.parse::<f64>()
        .ok()
        .filter(|r| r.is_finite())
        .map(Num::Real)
}

/// A value as text, the way SQLite would cast it; `None` for NULL.
pub(crate) fn text_of(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(r) => Some(crate::numbers::plain(r)),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

/// An argument passed through unchanged.
pub(crate) fn owned(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// A numeric argument; `None` for NULL, an error naming the value otherwise.
pub(crate) fn num_arg(function: &'static str, value: ValueRef<'_>) -> Result<Option<Num>> {
    match value {
        ValueRef::Null => Ok(None),
        ValueRef::Integer(i) => Ok(Some(Num::Int(i))),
        ValueRef::Real(r) => Ok(Some(Num::Real(r))),
        other => {
            let text = text_of(other).unwrap_or_default();
            parse_num(&text)
                .map(Some)
                .ok_or_else(|| Error::value(function, &text, "is not a number"))
        }
    }
}

/// An integer argument (a count, a position); fractions are cut off as
/// Oracle does.
pub(crate) fn int_arg(function: &'static str, value: ValueRef<'_>) -> Result<Option<i64>> {
    Ok(num_arg(function, value)?.map(|n| match n {
        Num::Int(i) => i,
        // `as` saturates, which is what an absurd count deserves.
        Num::Real(r) => r.trunc() as i64,
    }))
}

/// A date argument; `None` for NULL.
pub(crate) fn date_arg(function: &'static str, value: ValueRef<'_>) -> Result<Option<IsoDate>> {
    let Some(text) = text_of(value) else {
        return Ok(None);
    };
    parse_iso(&text).map(Some).ok_or_else(|| {
        Error::value(
            function,
            &text,
            "is not a date (expected YYYY-MM-DD [HH:MI:SS])",
        )
    })
}

/// What a polymorphic argument (of `to_char`, `trunc`) turned out to be.
pub(crate) enum Operand {
    Date(IsoDate),
    Number(Num),
    Text(String),
}

/// Sorts a non-NULL value into date, number or other text; `None` for NULL.
pub(crate) fn classify(value: ValueRef<'_>) -> Option<Operand> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(Operand::Number(Num::Int(i))),
        ValueRef::Real(r) => Some(Operand::Number(Num::Real(r))),
        other => {
            let text = text_of(other)?;
            if let Some(date) = parse_iso(&text) {
                Some(Operand::Date(date))
            } else if let Some(num) = parse_num(&text) {
                Some(Operand::Number(num))
            } else {
                Some(Operand::Text(text))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_keep_their_shape() {
        let d = parse_iso("2026-11-26").unwrap();
        assert!(!d.has_time);
        assert_eq!(d.to_sql(), Value::Text("2026-11-26".into()));
        let t = parse_iso("2026-11-26T14:30:05.25Z").unwrap();
        assert!(t.has_time);
        assert_eq!(t.to_sql(), Value::Text("2026-11-26 14:30:05".into()));
        assert_eq!(
            parse_iso("2026-11-26 14:30").unwrap().to_sql(),
            Value::Text("2026-11-26 14:30:00".into())
        );
    }

    #[test]
    fn not_iso_dates() {
        for text in [
            "",
            "2026-02-30",
            "26-11-2026",
            "2026-11-26x",
            "2026-11-26 25:00",
            "2026/11/26",
        ] {
            assert_eq!(parse_iso(text), None, "{text}");
        }
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_num(" 42 "), Some(Num::Int(42)));
        assert_eq!(parse_num("-1.5"), Some(Num::Real(-1.5)));
        assert_eq!(parse_num("1e3"), Some(Num::Real(1000.0)));
        for text in ["", "abc", "inf", "NaN", "1,5", "--"] {
            assert_eq!(parse_num(text), None, "{text}");
        }
    }
}
