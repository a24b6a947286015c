//! Text functions in Oracle's form: `instr` with a position and occurrence,
//! `lpad`, `rpad`, `initcap`.
//!
//! Lengths and positions count characters, not bytes. Where Oracle returns
//! NULL only because it treats `''` as NULL, we return `''`: SQLite keeps the
//! two apart and so do users' comparisons.

use rusqlite::functions::Context;
use rusqlite::types::Value;

use crate::error::{Error, Result};
use crate::value::{int_arg, text_of};

/// `instr(text, sub, position [, occurrence])`: the 1-based position of the
/// occurrence-th `sub`, searching from `position`, backwards when it is
/// negative; 0 when there is none. Occurrences may overlap, as in Oracle.
pub(crate) fn instr(ctx: &Context<'_>) -> Result<Value> {
    let (Some(haystack), Some(needle)) = (text_of(ctx.get_raw(0)), text_of(ctx.get_raw(1))) else {
        return Ok(Value::Null);
    };
    let Some(position) = int_arg("instr", ctx.get_raw(2))? else {
        return Ok(Value::Null);
    };
    let occurrence = match ctx.len() {
        4 => match int_arg("instr", ctx.get_raw(3))? {
            Some(n) if n >= 1 => n,
            Some(n) => {
                return Err(Error::value(
                    "instr",
                    &n.to_string(),
                    "is not a valid occurrence (1 or more)",
                ))
            }
            None => return Ok(Value::Null),
        },
        _ => 1,
    };
    let hay: Vec<char> = haystack.chars().collect();
    let sub: Vec<char> = needle.chars().collect();
    let len = hay.len() as i64;
    let last_start = len - sub.len() as i64;
    let matches_at = |i: i64| hay[i as usize..].starts_with(&sub);
    let starts: Box<dyn Iterator<Item = i64>> = if position > 0 {
        Box::new((position - 1)..=last_start)
    } else if position < 0 {
        let from = (len + position).min(last_start);
        Box::new((0..=from).rev())
    } else {
        return Ok(Value::Integer(0));
    };
    let found = starts
        .filter(|&i| i >= 0 && matches_at(i))
        .nth((occurrence - 1) as usize);
    Ok(Value::Integer(found.map_or(0, |i| i + 1)))
}

/// SQLite's default limit on the length of a text value, in bytes.
const MAX_LENGTH: usize = 1_000_000_000;

/// `lpad(text, n [, pad])`.
pub(crate) fn lpad(ctx: &Context<'_>) -> Result<Value> {
    pad(ctx, "lpad", true)
}

/// `rpad(text, n [, pad])`.
pub(crate) fn rpad(ctx: &Context<'_>) -> Result<Value> {
    pad(ctx, "rpad", false)
}

/// Pads `text` to `n` characters with repetitions of `pad` (a blank by
/// default), or cuts it to its first `n` characters when it is longer.
fn pad(ctx: &Context<'_>, function: &'static str, left: bool) -> Result<Value> {
    let Some(text) = text_of(ctx.get_raw(0)) else {
        return Ok(Value::Null);
    };
    let Some(width) = int_arg(function, ctx.get_raw(1))? else {
        return Ok(Value::Null);
    };
    let filler = match ctx.len() {
        3 => match text_of(ctx.get_raw(2)) {
            Some(f) => f,
            None => return Ok(Value::Null),
        },
        _ => " ".to_owned(),
    };
    let width = usize::try_from(width).unwrap_or(0);
    let have = text.chars().count();
    if have >= width {
        return Ok(Value::Text(text.chars().take(width).collect()));
    }
    if filler.is_empty() {
        // Nothing to pad with: Oracle's answer (NULL) is the honest one.
        return Ok(Value::Null);
    }
    // Refuse before allocating what SQLite would refuse anyway (its default
    // length limit), rather than exhaust memory on a typo'd width.
    let widest = filler.chars().map(char::len_utf8).max().unwrap_or(1);
    if text
        .len()
        .saturating_add((width - have).saturating_mul(widest))
        > MAX_LENGTH
    {
        return Err(Error::value(
            function,
            &width.to_string(),
            "is too long a width (the result would exceed 1,000,000,000 bytes)",
        ));
    }
    let padding: String = filler.chars().cycle().take(width - have).collect();
    Ok(Value::Text(if left {
        padding + &text
    } else {
        text + &padding
    }))
}

/// `initcap(text)`: each word's first letter upper case, the rest lower
/// case; words are runs of letters and digits.
pub(crate) fn initcap(ctx: &Context<'_>) -> Result<Value> {
    let Some(text) = text_of(ctx.get_raw(0)) else {
        return Ok(Value::Null);
    };
    let mut out = String::with_capacity(text.len());
    let mut in_word = false;
    for c in text.chars() {
        if in_word {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        in_word = c.is_alphanumeric();
    }
    Ok(Value::Text(out))
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use rusqlite::types::Value;

    #[test]
    fn instr_forwards_and_backwards() {
        assert_eq!(eval("instr('abcabc', 'b', 1)"), Value::Integer(2));
        assert_eq!(eval("instr('abcabc', 'b', 3)"), Value::Integer(5));
        assert_eq!(eval("instr('abcabc', 'b', 1, 2)"), Value::Integer(5));
        assert_eq!(eval("instr('abcabc', 'b', 1, 3)"), Value::Integer(0));
        assert_eq!(eval("instr('abcabc', 'b', -1)"), Value::Integer(5));
        assert_eq!(eval("instr('abcabc', 'b', -1, 2)"), Value::Integer(2));
        assert_eq!(eval("instr('abcabc', 'c', -1)"), Value::Integer(6));
        assert_eq!(eval("instr('abcabc', 'bc', -1)"), Value::Integer(5));
        assert_eq!(eval("instr('abcabc', 'b', -5)"), Value::Integer(2));
        assert_eq!(eval("instr('abcabc', 'b', -6)"), Value::Integer(0));
        assert_eq!(eval("instr('aaa', 'aa', 1, 2)"), Value::Integer(2));
        assert_eq!(eval("instr('abc', 'b', 0)"), Value::Integer(0));
        assert_eq!(eval("instr('abc', 'b', 10)"), Value::Integer(0));
        assert_eq!(eval("instr('abc', 'x', -10)"), Value::Integer(0));
        assert_eq!(eval("instr('één twee', 'twee', 1)"), Value::Integer(5));
    }

    #[test]
    fn instr_nulls_and_bad_occurrence() {
        assert_eq!(eval("instr(null, 'b', 1)"), Value::Null);
        assert_eq!(eval("instr('abc', null, 1)"), Value::Null);
        assert_eq!(eval("instr('abc', 'b', null)"), Value::Null);
        assert_eq!(eval("instr('abc', 'b', 1, null)"), Value::Null);
        assert_eq!(
            error("instr('abc', 'b', 1, 0)"),
            "instr: '0' is not a valid occurrence (1 or more)"
        );
        assert_eq!(
            error("instr('abc', 'b', 'x')"),
            "instr: 'x' is not a number"
        );
    }

    #[test]
    fn two_argument_instr_is_sqlites_own() {
        for (args, expected) in [
            ("'abcabc', 'c'", Value::Integer(3)),
            ("'abc', ''", Value::Integer(1)),
            ("12345, 3", Value::Integer(3)),
            ("x'010203', x'03'", Value::Integer(3)),
            ("'één', 'n'", Value::Integer(3)),
            ("null, 'a'", Value::Null),
        ] {
            assert_eq!(eval(&format!("instr({args})")), expected, "{args}");
        }
        // The 3- and 4-argument forms agree with it at position 1.
        for args in [
            "'abcabc', 'c'",
            "'abc', ''",
            "12345, 3",
            "'één', 'n'",
            "'abc', 'x'",
        ] {
            assert_eq!(
                eval(&format!("instr({args})")),
                eval(&format!("instr({args}, 1, 1)")),
                "{args}"
            );
        }
    }

    #[test]
    fn padding() {
        assert_eq!(text("lpad('7', 3, '0')"), "007");
        assert_eq!(text("lpad('7', 3)"), "  7");
        assert_eq!(text("lpad('abc', 8, 'xy')"), "xyxyxabc");
        assert_eq!(text("lpad('abcdef', 3)"), "abc");
        assert_eq!(text("rpad('abc', 5, '.')"), "abc..");
        assert_eq!(text("rpad('abcdef', 2)"), "ab");
        assert_eq!(text("lpad('é', 2, 'ü')"), "üé");
        assert_eq!(text("lpad(42, 4, 0)"), "0042");
        assert_eq!(text("lpad('abc', 0)"), "");
        assert_eq!(text("lpad('abc', -1)"), "");
        assert_eq!(eval("lpad('abc', 5, '')"), Value::Null);
        assert_eq!(eval("lpad(null, 3)"), Value::Null);
        assert_eq!(eval("lpad('a', null)"), Value::Null);
        assert_eq!(eval("rpad('a', 3, null)"), Value::Null);
        assert_eq!(error("rpad('a', 'wide')"), "rpad: 'wide' is not a number");
        assert_eq!(
            error("lpad('a', 9999999999)"),
            "lpad: '9999999999' is too long a width (the result would exceed 1,000,000,000 bytes)"
        );
    }

    #[test]
    fn initcap_words() {
        assert_eq!(text("initcap('hello WORLD')"), "Hello World");
        assert_eq!(text("initcap('o''neil-smith jr.')"), "O'Neil-Smith Jr.");
        assert_eq!(text("initcap('2nd place')"), "2nd Place");
        assert_eq!(text("initcap('ÉLAN vital')"), "Élan Vital");
        assert_eq!(eval("initcap(null)"), Value::Null);
    }
}
