//! Regular expressions: `regexp_replace` and `regexp_like`.
//!
//! Oracle's regular expressions are POSIX extended with Perl's `\d`, `\w`,
//! `\s`; Rust's `regex` reads the same patterns (including `[[:alpha:]]`
//! classes). Oracle's match flags (`i`, `c`, `n`, `m`, `x`) map onto the
//! builder, and back-references in a replacement are Oracle's `\1`..`\9`.
//! A compiled pattern is kept with the call while the pattern stays the
//! same, so a query over many rows compiles it once.

use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use rusqlite::functions::Context;
use rusqlite::types::Value;

use crate::error::{Error, Result};
use crate::value::{int_arg, text_of};

/// A compiled pattern with what it was compiled from.
struct Compiled {
    pattern: String,
    flags: String,
    regex: Regex,
}

/// The pattern in argument `pattern_arg` compiled with `flags`, reused from
/// an earlier row when both are the same.
fn compile(
    ctx: &Context<'_>,
    function: &'static str,
    pattern_arg: usize,
    pattern: &str,
    flags: &str,
) -> Result<Arc<Compiled>> {
    let slot = pattern_arg as i32;
    if let Ok(Some(cached)) = ctx.get_aux::<Compiled>(slot) {
        if cached.pattern == pattern && cached.flags == flags {
            return Ok(cached);
        }
    }
    let mut builder = RegexBuilder::new(pattern);
    for flag in flags.chars() {
        match flag {
            'i' => builder.case_insensitive(true),
            'c' => builder.case_insensitive(false),
            'n' => builder.dot_matches_new_line(true),
            'm' => builder.multi_line(true),
            'x' => builder.ignore_whitespace(true),
            other => {
                return Err(Error::Pattern {
                    function,
                    pattern: pattern.to_owned(),
                    reason: format!("unknown match flag '{other}' (expected i, c, n, m or x)"),
                })
            }
        };
    }
    let regex = builder.build().map_err(|e| Error::Pattern {
        function,
        pattern: pattern.to_owned(),
        reason: e
            .to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_owned(),
    })?;
    let compiled = Compiled {
        pattern: pattern.to_owned(),
        flags: flags.to_owned(),
        regex,
    };
    Ok(ctx.set_aux(slot, compiled)?)
}

/// Oracle's replacement text (`\1` back-references, `$` literal) in the
/// regex crate's syntax (`${1}`, `$$`).
fn replacement(oracle: &str) -> String {
    let mut out = String::with_capacity(oracle.len());
    let mut chars = oracle.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek().copied() {
                Some(d) if d.is_ascii_digit() => {
                    chars.next();
                    out.push_str(&format!("${{{d}}}"));
                }
                Some('\\') => {
                    chars.next();
                    out.push('\\');
                }
                _ => out.push('\\'),
            },
            '$' => out.push_str("$$"),
            other => out.push(other),
        }
    }
    out
}

/// `regexp_replace(text, pattern, replacement [, position [, occurrence
/// [, flags]]])`: replaces every match (occurrence 0, the default) or only
/// the n-th, searching from character `position` (1 = the start). A NULL
/// replacement removes the matches, as in Oracle.
pub(crate) fn regexp_replace(ctx: &Context<'_>) -> Result<Value> {
    const F: &str = "regexp_replace";
    let (Some(text), Some(pattern)) = (text_of(ctx.get_raw(0)), text_of(ctx.get_raw(1))) else {
        return Ok(Value::Null);
    };
    let with = replacement(&text_of(ctx.get_raw(2)).unwrap_or_default());
    let position = match ctx.len() {
        n if n > 3 => match int_arg(F, ctx.get_raw(3))? {
            Some(p) if p >= 1 => p,
            Some(p) => {
                return Err(Error::value(
                    F,
                    &p.to_string(),
                    "is not a valid position (1 or more)",
                ))
            }
            None => return Ok(Value::Null),
        },
        _ => 1,
    };
    let occurrence = match ctx.len() {
        n if n > 4 => match int_arg(F, ctx.get_raw(4))? {
            Some(o) if o >= 0 => o,
            Some(o) => {
                return Err(Error::value(
                    F,
                    &o.to_string(),
                    "is not a valid occurrence (0 for all, or more)",
                ))
            }
            None => return Ok(Value::Null),
        },
        _ => 0,
    };
    let flags = match ctx.len() {
        // A NULL flags argument means the defaults, as in Oracle.
        6 => text_of(ctx.get_raw(5)).unwrap_or_default(),
        _ => String::new(),
    };
    let compiled = compile(ctx, F, 1, &pattern, &flags)?;
    let start = text
        .char_indices()
        .nth((position - 1) as usize)
        .map_or(text.len(), |(i, _)| i);
    let (head, tail) = text.split_at(start);
    let replaced = if occurrence == 0 {
        compiled.regex.replace_all(tail, with.as_str()).into_owned()
    } else {
        match compiled
            .regex
            .captures_iter(tail)
            .nth((occurrence - 1) as usize)
        {
            None => tail.to_owned(),
            Some(caps) => {
                let whole = caps.get(0).expect("group 0 always matches");
                let mut out = tail[..whole.start()].to_owned();
                caps.expand(&with, &mut out);
                out.push_str(&tail[whole.end()..]);
                out
            }
        }
    };
    Ok(Value::Text(format!("{head}{replaced}")))
}

/// `regexp_like(text, pattern [, flags])`: 1 when the pattern matches
/// anywhere in the text, 0 when not.
pub(crate) fn regexp_like(ctx: &Context<'_>) -> Result<Value> {
    let (Some(text), Some(pattern)) = (text_of(ctx.get_raw(0)), text_of(ctx.get_raw(1))) else {
        return Ok(Value::Null);
    };
    let flags = match ctx.len() {
        3 => match text_of(ctx.get_raw(2)) {
            Some(f) => f,
            None => return Ok(Value::Null),
        },
        _ => String::new(),
    };
    let compiled = compile(ctx, "regexp_like", 1, &pattern, &flags)?;
    Ok(Value::Integer(i64::from(compiled.regex.is_match(&text))))
}

#[cfg(test)]
mod tests {
    use super::replacement;
    use crate::testing::*;
    use rusqlite::types::Value;

    #[test]
    fn oracle_replacements() {
        assert_eq!(replacement(r"\2-\1"), "${2}-${1}");
        assert_eq!(replacement(r"$5 \\ \x"), r"$$5 \ \x");
    }

    #[test]
    fn replace_all_or_one() {
        assert_eq!(text("regexp_replace('a1b22c333', '[0-9]+', '#')"), "a#b#c#");
        assert_eq!(
            text("regexp_replace('a1b22c333', '[0-9]+', '#', 1, 2)"),
            "a1b#c333"
        );
        assert_eq!(
            text("regexp_replace('a1b22c333', '[0-9]+', '#', 4)"),
            "a1b#c#"
        );
        assert_eq!(
            text("regexp_replace('a1b22c333', '[0-9]+', '#', 4, 2)"),
            "a1b22c#"
        );
        assert_eq!(
            text("regexp_replace('a1b22c333', '[0-9]+', '#', 1, 9)"),
            "a1b22c333"
        );
        assert_eq!(text("regexp_replace('a1', '[0-9]', '#', 10)"), "a1");
        assert_eq!(
            text("regexp_replace('Jan Smit', '(\\w+) (\\w+)', '\\2, \\1')"),
            "Smit, Jan"
        );
        assert_eq!(
            text("regexp_replace('ABC abc', 'b', 'x', 1, 0, 'i')"),
            "AxC axc"
        );
        assert_eq!(text("regexp_replace('a  b   c', ' {2,}', ' ')"), "a b c");
        assert_eq!(
            text("regexp_replace('price 5', '[[:digit:]]', '$')"),
            "price $"
        );
        assert_eq!(text("regexp_replace('één 1', '\\d', 'x', 2)"), "één x");
    }

    #[test]
    fn replace_nulls() {
        assert_eq!(eval("regexp_replace(null, 'a', 'b')"), Value::Null);
        assert_eq!(eval("regexp_replace('abc', null, 'b')"), Value::Null);
        assert_eq!(text("regexp_replace('abc', 'b', null)"), "ac");
        assert_eq!(eval("regexp_replace('abc', 'b', 'x', null)"), Value::Null);
        assert_eq!(
            eval("regexp_replace('abc', 'b', 'x', 1, null)"),
            Value::Null
        );
        assert_eq!(text("regexp_replace('abc', 'B', 'x', 1, 0, null)"), "abc");
    }

    #[test]
    fn replace_errors() {
        assert_eq!(
            error("regexp_replace('abc', '(', 'x')"),
            "regexp_replace: invalid regular expression '(': error: unclosed group"
        );
        assert_eq!(
            error("regexp_replace('abc', 'b', 'x', 1, 0, 'q')"),
            "regexp_replace: invalid regular expression 'b': unknown match flag 'q' (expected i, c, n, m or x)"
        );
        assert_eq!(
            error("regexp_replace('abc', 'b', 'x', 0)"),
            "regexp_replace: '0' is not a valid position (1 or more)"
        );
        assert_eq!(
            error("regexp_replace('abc', 'b', 'x', 1, -1)"),
            "regexp_replace: '-1' is not a valid occurrence (0 for all, or more)"
        );
    }

    #[test]
    fn like() {
        assert_eq!(
            eval("regexp_like('NL12ABCD', '^NL[0-9]{2}')"),
            Value::Integer(1)
        );
        assert_eq!(eval("regexp_like('nl12', '^NL')"), Value::Integer(0));
        assert_eq!(eval("regexp_like('nl12', '^NL', 'i')"), Value::Integer(1));
        assert_eq!(eval("regexp_like('a\nb', '^b$', 'm')"), Value::Integer(1));
        assert_eq!(eval("regexp_like('a\nb', 'a.b', 'n')"), Value::Integer(1));
        assert_eq!(eval("regexp_like(null, 'a')"), Value::Null);
        assert_eq!(eval("regexp_like('a', null)"), Value::Null);
        assert_eq!(eval("regexp_like('a', 'a', null)"), Value::Null);
    }

    #[test]
    fn compiled_patterns_follow_the_rows() {
        // The pattern differs per row: each row must use its own.
        let conn = conn();
        let hits: Vec<i64> = conn
            .prepare(
                "select regexp_like(t, p) from (select 'abc' t, 'b' p union all \
                 select 'abc', 'x' union all select 'abc', '^a')",
            )
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(hits, vec![1, 0, 1]);
        let flags: Vec<i64> = conn
            .prepare("select regexp_like('ABC', 'b', f) from (select 'i' f union all select 'c')")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(flags, vec![1, 0]);
    }
}
