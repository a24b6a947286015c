//! Comparing values the way a user means them, not the way they are encoded.
//!
//! Exact Online sends the same fact in several spellings: account codes
//! right-aligned in 18 spaces, countries padded to 3, dates as
//! `/Date(ms)/`, flags as JSON booleans or as 0/1, numbers as text. SQL shows
//! the user `'1'`, `2026-11-26` and `1`. Synchronize costs one API call per
//! written row and the daily budget is 5,000 calls per company, so a row that
//! is only spelled differently must compare equal: this module is where that
//! is decided, and the planner compares nothing any other way.
//!
//! The rules (conservative: when in doubt, values differ and the row is
//! written, which is safe, instead of equal and skipped, which loses data):
//! - Text is compared with spaces (U+0020 only) trimmed at both ends, for
//!   every column: Exact pads `Code` and `Country`, and no one means a
//!   leading or trailing space in a name. What is sent is the source's value
//!   as given.
//! - Empty (or all-space) text equals NULL: Exact stores empty text as null,
//!   so `''` → NULL is not a change. What is sent keeps the distinction.
//! - `/Date(ms)/` is the date-time whose wall clock is `ms` read as UTC (no
//!   time-zone shift: Exact encodes local time as if it were UTC); it equals
//!   the ISO text `YYYY-MM-DD HH:MM:SS[.fff]`, or `YYYY-MM-DD` when it is
//!   midnight. ISO text with `T` or a space, with or without seconds,
//!   fractions or a trailing `Z`, is compared the same way. Any offset
//!   (`+0100`) in `/Date()/` is ignored for the same reason.
//! - In a number column, `12`, `12.0`, `"12"` and `" 12.00 "` are equal
//!   (exact decimal comparison, never through floating point); `true`/`false`
//!   are 1/0. Text that is not a plain decimal number stays text.
//! - In a flag column, `true`/`1`/`"1"`/`"true"` are equal, likewise false.
//! - In a text column, numbers and flags compare as their SQL text (`12`,
//!   `1`/`0`); two texts are never compared as numbers (`"001"` ≠ `"1"`:
//!   they can be two different codes).
//! - Case matters unless the column is declared case-insensitive.

use std::borrow::Cow;

use crate::value::{ColumnKind, Value};

/// A value reduced to the form in which equal facts are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Norm<'a> {
    /// NULL, empty text.
    Null,
    /// A flag.
    Bool(bool),
    /// A canonical decimal (`-12.5`, `0.001`, `12`).
    Num(Cow<'a, str>),
    /// Trimmed text, with dates in canonical ISO form.
    Text(Cow<'a, str>),
}

/// A normalised value that owns its text, for hashing keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum KeyPart {
    Null,
    Bool(bool),
    Num(String),
    Text(String),
}

impl Norm<'_> {
    /// The owned form; text lower-cased when the column ignores case.
    pub(crate) fn into_key(self, case_insensitive: bool) -> KeyPart {
        match self {
            Norm::Null => KeyPart::Null,
            Norm::Bool(b) => KeyPart::Bool(b),
            Norm::Num(n) => KeyPart::Num(n.into_owned()),
            Norm::Text(t) if case_insensitive => KeyPart::Text(t.to_lowercase()),
            Norm::Text(t) => KeyPart::Text(t.into_owned()),
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Norm::Null)
    }
}

/// Whether two normalised values are the same fact.
pub(crate) fn norm_eq(a: &Norm, b: &Norm, case_insensitive: bool) -> bool {
    match (a, b) {
        (Norm::Text(x), Norm::Text(y)) if case_insensitive => text_eq_ci(x, y),
        _ => a == b,
    }
}

fn text_eq_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || (!(a.is_ascii() && b.is_ascii()) && a.to_lowercase() == b.to_lowercase())
}

/// Whether `a` and `b` are the same fact in a column of `kind` (`Auto` infers
/// the kind from these two values alone).
pub fn values_equal(a: &Value, b: &Value, kind: ColumnKind, case_insensitive: bool) -> bool {
    let kind = match kind {
        ColumnKind::Auto => infer_kind([a, b]),
        k => k,
    };
    norm_eq(&normalize(a, kind), &normalize(b, kind), case_insensitive)
}

/// The kind of a column from its values on both sides: any boolean makes it
/// a flag column, else any number a number column, else text.
pub(crate) fn infer_kind<'a>(values: impl IntoIterator<Item = &'a Value>) -> ColumnKind {
    let mut kind = ColumnKind::Text;
    for v in values {
        match v {
            Value::Bool(_) => return ColumnKind::Boolean,
            Value::Int(_) | Value::Float(_) => kind = ColumnKind::Number,
            Value::Null | Value::Text(_) => {}
        }
    }
    kind
}

/// Normalises `v` for a column of `kind` (`Auto` is taken as text: resolve
/// it with [`infer_kind`] first).
pub(crate) fn normalize(v: &Value, kind: ColumnKind) -> Norm<'_> {
    match v {
        Value::Null => Norm::Null,
        Value::Bool(b) => match kind {
            ColumnKind::Boolean => Norm::Bool(*b),
            ColumnKind::Number => Norm::Num(Cow::Borrowed(if *b { "1" } else { "0" })),
            ColumnKind::Text | ColumnKind::Auto => {
                Norm::Text(Cow::Borrowed(if *b { "1" } else { "0" }))
            }
        },
        Value::Int(i) => match (kind, *i) {
            (ColumnKind::Boolean, 0 | 1) => Norm::Bool(*i == 1),
            (ColumnKind::Text | ColumnKind::Auto, _) => Norm::Text(Cow::Owned(i.to_string())),
            _ => Norm::Num(Cow::Owned(i.to_string())),
        },
        Value::Float(f) => {
            let text = float_text(*f);
            match kind {
                ColumnKind::Boolean if *f == 0.0 || *f == 1.0 => Norm::Bool(*f == 1.0),
                ColumnKind::Text | ColumnKind::Auto => Norm::Text(Cow::Owned(text)),
                _ => match canonical_decimal(&text) {
                    Some(n) => Norm::Num(Cow::Owned(n)),
                    None => Norm::Text(Cow::Owned(text)),
                },
            }
        }
        Value::Text(s) => normalize_text(s, kind),
    }
}

fn float_text(f: f64) -> String {
    // Display never uses an exponent and gives the shortest text that reads
    // back as the same f64: 0.1 is "0.1", not 0.1000000000000000055.
    format!("{f}")
}

fn normalize_text(s: &str, kind: ColumnKind) -> Norm<'_> {
    let t = s.trim_matches(' ');
    if t.is_empty() {
        return Norm::Null;
    }
    match kind {
        ColumnKind::Number => match canonical_decimal(t) {
            Some(n) if n == t => Norm::Num(Cow::Borrowed(t)),
            Some(n) => Norm::Num(Cow::Owned(n)),
            None => Norm::Text(Cow::Borrowed(t)),
        },
        ColumnKind::Boolean => match parse_flag(t) {
            Some(b) => Norm::Bool(b),
            None => Norm::Text(Cow::Borrowed(t)),
        },
        ColumnKind::Text | ColumnKind::Auto => match canonical_date(t) {
            Some(d) if d == t => Norm::Text(Cow::Borrowed(t)),
            Some(d) => Norm::Text(Cow::Owned(d)),
            None => Norm::Text(Cow::Borrowed(t)),
        },
    }
}

fn parse_flag(t: &str) -> Option<bool> {
    if t == "1" || t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t == "0" || t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The value as a user sees it in SQL: `/Date(ms)/` becomes ISO text;
/// everything else is kept as given. Used for old values and before-images,
/// which come from the target.
pub fn user_form(v: &Value) -> Value {
    match v {
        Value::Text(s) => match exact_date_to_iso(s.trim_matches(' ')) {
            Some(iso) => Value::Text(iso),
            None => v.clone(),
        },
        _ => v.clone(),
    }
}

/// The canonical decimal form of `s` (`"+012.50"` → `"12.5"`, `"1e3"` →
/// `"1000"`, `"-0.0"` → `"0"`), or `None` when `s` is not a plain decimal
/// number (thousands separators, commas, hex, `inf` are not).
pub fn canonical_decimal(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = &s[int_start..i];
    let mut frac_digits = "";
    if i < b.len() && b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = &s[start..i];
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    let mut exponent: i64 = 0;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let e: i64 = s[i + 1..].parse().ok()?;
        // Beyond this the text would be absurdly long; no business value is.
        if e.abs() > 400 {
            return None;
        }
        exponent = e;
        i = b.len();
    }
    if i != b.len() {
        return None;
    }
    let mut digits: Vec<u8> = int_digits.bytes().chain(frac_digits.bytes()).collect();
    let mut point = int_digits.len() as i64 + exponent;
    let leading = digits.iter().take_while(|&&d| d == b'0').count();
    digits.drain(..leading);
    point -= leading as i64;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() {
        return Some("0".to_owned());
    }
    let mut out = String::with_capacity(digits.len() + 4);
    if negative {
        out.push('-');
    }
    let len = digits.len() as i64;
    let digits = String::from_utf8(digits).ok()?;
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else if point >= len {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (point - len) as usize));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    Some(out)
}

const MS_PER_DAY: i64 = 86_400_000;

/// `/Date(1382667872203)/` as ISO text: `2013-10-25 02:24:32.203`, or a
/// date alone (`2013-10-25`) when the milliseconds are a whole number of
/// days. No time-zone shift; an offset suffix (`/Date(0+0100)/`) is ignored.
pub fn exact_date_to_iso(s: &str) -> Option<String> {
    let inner = s.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let end = inner
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '+' || c == '-')
        .map_or(inner.len(), |(i, _)| i);
    let ms: i64 = inner[..end].parse().ok()?;
    if end != inner.len() {
        let offset = &inner[end + 1..];
        if offset.len() != 4 || !offset.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    Some(iso_from_ms(ms))
}

/// ISO text of a wall-clock instant `ms` after 1970-01-01 00:00:00.
pub fn iso_from_ms(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let rest = ms.rem_euclid(MS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    if rest == 0 {
        return format!("{y:04}-{m:02}-{d:02}");
    }
    let (h, min, sec, milli) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    );
    let mut out = format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{sec:02}");
    if milli != 0 {
        let frac = format!("{milli:03}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// Howard Hinnant's days-to-civil: the proleptic Gregorian date `days` after
/// 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The canonical text of a date or date-time (`/Date()/` or ISO), or `None`
/// when `t` is neither.
fn canonical_date(t: &str) -> Option<String> {
    if t.starts_with("/Date(") {
        return exact_date_to_iso(t);
    }
    canonical_iso(t)
}

fn canonical_iso(t: &str) -> Option<String> {
    let b = t.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = t.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (month, day) = (num(5..7)?, num(8..10)?);
    num(0..4)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let date = &t[..10];
    if b.len() == 10 {
        return Some(date.to_owned());
    }
    if b[10] != b'T' && b[10] != b' ' {
        return None;
    }
    let time = t[11..].strip_suffix('Z').unwrap_or(&t[11..]);
    let tb = time.as_bytes();
    if tb.len() < 5 || tb[2] != b':' {
        return None;
    }
    let (h, min) = (num(11..13)?, num(14..16)?);
    let (mut sec, mut frac) = (0, "");
    if tb.len() > 5 {
        if tb[5] != b':' || tb.len() < 8 {
            return None;
        }
        sec = num(17..19)?;
        if tb.len() > 8 {
            let f = time[8..].strip_prefix('.')?;
            if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            frac = f.trim_end_matches('0');
        }
    }
    if h > 23 || min > 59 || sec > 59 {
        return None;
    }
    if h == 0 && min == 0 && sec == 0 && frac.is_empty() {
        return Some(date.to_owned());
    }
    let mut out = format!("{date} {h:02}:{min:02}:{sec:02}");
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(a: impl Into<Value>, b: impl Into<Value>) -> bool {
        values_equal(&a.into(), &b.into(), ColumnKind::Auto, false)
    }

    fn eq_as(kind: ColumnKind, a: impl Into<Value>, b: impl Into<Value>) -> bool {
        values_equal(&a.into(), &b.into(), kind, false)
    }

    #[test]
    fn padded_codes_and_countries_equal_their_trimmed_form() {
        assert!(eq("1", "                 1"));
        assert!(eq("NL", "NL "));
        assert!(eq("Foo", " Foo  "));
        assert!(!eq("Foo", "Foo."));
    }

    #[test]
    fn only_spaces_are_trimmed() {
        assert!(!eq("a", "a\t"));
        assert!(!eq("a", "a\n"));
    }

    #[test]
    fn empty_text_equals_null_but_not_zero() {
        assert!(eq("", Value::Null));
        assert!(eq("   ", Value::Null));
        assert!(eq(Value::Null, Value::Null));
        assert!(!eq("0", Value::Null));
        assert!(!eq(0, Value::Null));
        assert!(!eq(false, Value::Null));
    }

    #[test]
    fn exact_dates_equal_iso_dates_without_time_zone_shift() {
        // 2013-10-25 00:00:00 as Exact encodes a date-only field.
        assert!(eq("/Date(1382659200000)/", "2013-10-25"));
        assert!(eq("/Date(1382659200000)/", "2013-10-25 00:00:00"));
        assert!(eq("/Date(1382659200000)/", "2013-10-25T00:00:00Z"));
        assert!(eq("/Date(1382667872203)/", "2013-10-25 02:24:32.203"));
        assert!(eq("/Date(1382667872000)/", "2013-10-25T02:24:32"));
        assert!(!eq("/Date(1382667872203)/", "2013-10-25 02:24:32"));
        assert!(!eq("/Date(1382659200000)/", "2013-10-24"));
    }

    #[test]
    fn exact_date_decoding() {
        assert_eq!(exact_date_to_iso("/Date(0)/").unwrap(), "1970-01-01");
        assert_eq!(
            exact_date_to_iso("/Date(1382667872203)/").unwrap(),
            "2013-10-25 02:24:32.203"
        );
        assert_eq!(
            exact_date_to_iso("/Date(1382667872200)/").unwrap(),
            "2013-10-25 02:24:32.2"
        );
        assert_eq!(
            exact_date_to_iso("/Date(-86400000)/").unwrap(),
            "1969-12-31"
        );
        assert_eq!(
            exact_date_to_iso("/Date(-1)/").unwrap(),
            "1969-12-31 23:59:59.999"
        );
        assert_eq!(exact_date_to_iso("/Date(0+0100)/").unwrap(), "1970-01-01");
        // Leap day and end of century.
        assert_eq!(iso_from_ms(951_782_400_000), "2000-02-29");
        assert_eq!(iso_from_ms(4_102_444_800_000), "2100-01-01");
        assert!(exact_date_to_iso("/Date(abc)/").is_none());
        assert!(exact_date_to_iso("/Date(1+01)/").is_none());
        assert!(exact_date_to_iso("Date(1)").is_none());
    }

    #[test]
    fn iso_spellings_are_canonical() {
        assert_eq!(canonical_iso("2026-11-26").unwrap(), "2026-11-26");
        assert_eq!(
            canonical_iso("2026-11-26T14:30").unwrap(),
            "2026-11-26 14:30:00"
        );
        assert_eq!(
            canonical_iso("2026-11-26T14:30:00.500Z").unwrap(),
            "2026-11-26 14:30:00.5"
        );
        assert_eq!(
            canonical_iso("2026-11-26 00:00:00.000").unwrap(),
            "2026-11-26"
        );
        assert!(canonical_iso("2026-13-01").is_none());
        assert!(canonical_iso("2026-11-26X").is_none());
        assert!(canonical_iso("2026-11-26T25:00").is_none());
        assert!(canonical_iso("2026-11-26T10:00+01:00").is_none());
        assert!(canonical_iso("abcd-ef-gh").is_none());
    }

    #[test]
    fn numbers_given_as_text_equal_numbers() {
        assert!(eq("12", 12));
        assert!(eq(" 12 ", 12));
        assert!(eq("12.0", 12));
        assert!(eq("1.50", 1.5));
        assert!(eq(12, 12.0));
        assert!(!eq("12", 13));
        assert!(!eq("12a", 12));
        // Two texts are never compared as numbers in an undeclared column.
        assert!(!eq("001", "1"));
        assert!(eq_as(ColumnKind::Number, "1.50", "1.5"));
        assert!(eq_as(ColumnKind::Number, "001", "1"));
    }

    #[test]
    fn decimals_compare_exactly() {
        assert!(eq(0.1, "0.1"));
        assert!(eq_as(ColumnKind::Number, "0.30000000000000004", 0.1 + 0.2));
        assert!(!eq_as(ColumnKind::Number, "0.3", 0.1 + 0.2));
        assert!(!eq_as(
            ColumnKind::Number,
            "9007199254740993",
            "9007199254740992"
        ));
    }

    #[test]
    fn canonical_decimal_forms() {
        let c = |s| canonical_decimal(s);
        assert_eq!(c("12").as_deref(), Some("12"));
        assert_eq!(c("+012.50").as_deref(), Some("12.5"));
        assert_eq!(c("-0.0").as_deref(), Some("0"));
        assert_eq!(c(".5").as_deref(), Some("0.5"));
        assert_eq!(c("5.").as_deref(), Some("5"));
        assert_eq!(c("1e3").as_deref(), Some("1000"));
        assert_eq!(c("1.5E-3").as_deref(), Some("0.0015"));
        assert_eq!(c("-120").as_deref(), Some("-120"));
        assert_eq!(c("0.000"), Some("0".to_owned()));
        for bad in [
            "", "-", ".", "1,5", "1.2.3", "0x10", "inf", "NaN", "1e", "1e999", "1 000",
        ] {
            assert_eq!(c(bad), None, "{bad}");
        }
    }

    #[test]
    fn flags_true_false_equal_one_zero() {
        assert!(eq(true, 1));
        assert!(eq(false, 0));
        assert!(eq(true, "1"));
        assert!(eq(true, "true"));
        assert!(eq(false, "False"));
        assert!(!eq(true, 0));
        assert!(!eq(true, Value::Null));
        assert!(eq_as(ColumnKind::Boolean, "1", "true"));
        assert!(eq_as(ColumnKind::Boolean, 1.0, true));
        assert!(!eq_as(ColumnKind::Boolean, 2, true));
    }

    #[test]
    fn text_columns_compare_numbers_as_their_text() {
        assert!(eq_as(ColumnKind::Text, 12, "12"));
        assert!(eq_as(ColumnKind::Text, true, "1"));
        assert!(!eq_as(ColumnKind::Text, 12, "12.0"));
    }

    #[test]
    fn case_matters_unless_declared() {
        let (a, b) = (Value::from("Foo"), Value::from("FOO "));
        assert!(!values_equal(&a, &b, ColumnKind::Auto, false));
        assert!(values_equal(&a, &b, ColumnKind::Auto, true));
        let (a, b) = (Value::from("Ärger"), Value::from("ärger"));
        assert!(values_equal(&a, &b, ColumnKind::Text, true));
        assert!(!values_equal(
            &a,
            &Value::from("arger"),
            ColumnKind::Text,
            true
        ));
    }

    #[test]
    fn keys_hash_case_insensitively_when_declared() {
        let k = |s: &str, ci| normalize(&Value::from(s), ColumnKind::Text).into_key(ci);
        assert_eq!(k("ABC ", true), k("abc", true));
        assert_ne!(k("ABC", false), k("abc", false));
        assert_eq!(k("", false), KeyPart::Null);
    }

    #[test]
    fn kind_inference() {
        let (t, i, b, n) = (
            Value::from("x"),
            Value::Int(1),
            Value::Bool(true),
            Value::Null,
        );
        assert_eq!(infer_kind([&t, &n]), ColumnKind::Text);
        assert_eq!(infer_kind([&t, &i]), ColumnKind::Number);
        assert_eq!(infer_kind([&i, &b]), ColumnKind::Boolean);
        assert_eq!(infer_kind([&n]), ColumnKind::Text);
    }

    #[test]
    fn user_form_decodes_dates_and_keeps_the_rest() {
        assert_eq!(
            user_form(&Value::from("/Date(1382659200000)/")),
            Value::from("2013-10-25")
        );
        assert_eq!(
            user_form(&Value::from("                 1")),
            Value::from("                 1")
        );
        assert_eq!(user_form(&Value::from("")), Value::from(""));
        assert_eq!(user_form(&Value::Int(3)), Value::Int(3));
    }
}
