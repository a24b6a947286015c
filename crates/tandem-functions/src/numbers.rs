//! Number functions: `to_char(number)`, `to_number`, `trunc(number)`.
//!
//! Rounding and truncation work on the decimal digits a user sees, not on
//! binary fractions: `trunc(1.15, 2)` is 1.15 and `to_char(2.675, '0.00')`
//! rounds half away from zero to 2.68, as Oracle's decimal numbers do.

use rusqlite::functions::Context;
use rusqlite::types::{Value, ValueRef};

use crate::error::{Error, Result};
use crate::format::{parse_number, IntPosition, NumberFormat};
use crate::value::{parse_num, text_of, Num};

/// A real as plain decimal text: whole numbers without `.0`, never an
/// exponent.
pub(crate) fn plain(r: f64) -> String {
    let text = r.to_string();
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

/// A number as its decimal digits.
#[derive(Clone, Debug, PartialEq)]
struct Decimal {
    negative: bool,
    /// Without leading zeros; empty for zero.
    int: String,
    frac: String,
}

impl Decimal {
    fn of(num: Num) -> Decimal {
        let text = match num {
            Num::Int(i) => i.to_string(),
            // Display gives the shortest digits that read back as `r`.
            Num::Real(r) => r.to_string(),
        };
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut decimal = Decimal {
            negative,
            int: int.trim_start_matches('0').to_owned(),
            frac: frac.to_owned(),
        };
        decimal.normalise();
        decimal
    }

    fn normalise(&mut self) {
        self.int = self.int.trim_start_matches('0').to_owned();
        if self.int.is_empty() && self.frac.bytes().all(|b| b == b'0') {
            self.negative = false;
        }
    }

    /// Rounded half away from zero to `places` decimals.
    fn round(&self, places: usize) -> Decimal {
        if self.frac.len() <= places {
            return self.clone();
        }
        let up = self.frac.as_bytes()[places] >= b'5';
        let mut digits: Vec<u8> = format!("{}{}", self.int, &self.frac[..places]).into_bytes();
        if up {
            let mut i = digits.len();
            loop {
                if i == 0 {
                    digits.insert(0, b'1');
                    break;
                }
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
        let split = digits.len() - places;
        let text = String::from_utf8(digits).expect("ASCII digits");
        let mut rounded = Decimal {
            negative: self.negative,
            int: text[..split].to_owned(),
            frac: text[split..].to_owned(),
        };
        rounded.normalise();
        rounded
    }

    /// Cut toward zero after `places` decimals; a negative `places` zeroes
    /// that many integer digits.
    fn truncate(&self, places: i64) -> Decimal {
        let mut cut = self.clone();
        if places >= 0 {
            cut.frac
                .truncate(usize::try_from(places).unwrap_or(usize::MAX));
        } else {
            cut.frac.clear();
            let zeros = usize::try_from(places.unsigned_abs()).unwrap_or(usize::MAX);
            let keep = cut.int.len().saturating_sub(zeros);
            cut.int = format!("{}{}", &cut.int[..keep], "0".repeat(cut.int.len() - keep));
        }
        cut.normalise();
        cut
    }

    fn to_num(&self) -> Num {
        let sign = if self.negative { "-" } else { "" };
        let frac = self.frac.trim_end_matches('0');
        if frac.is_empty() {
            let int = if self.int.is_empty() { "0" } else { &self.int };
            if let Ok(i) = format!("{sign}{int}").parse() {
                return Num::Int(i);
            }
        }
        Num::Real(format!("{sign}{}.{frac}0", self.int).parse().unwrap_or(0.0))
    }
}

/// `to_char(number [, fmt])`.
pub(crate) fn to_char(num: Num, format: Option<&str>) -> Result<Value> {
    let Some(format) = format else {
        return Ok(Value::Text(match num {
            Num::Int(i) => i.to_string(),
            Num::Real(r) => plain(r),
        }));
    };
    if let Num::Real(r) = num {
        if !r.is_finite() {
            return Err(Error::value(
                "to_char",
                &r.to_string(),
                "is not a finite number",
            ));
        }
    }
    let model = parse_number(format).map_err(|reason| Error::format("to_char", format, reason))?;
    Ok(Value::Text(render(&Decimal::of(num), &model)))
}

fn render(value: &Decimal, model: &NumberFormat) -> String {
    let d = value.round(model.frac.len());
    let mut digits: Vec<char> = d.int.chars().collect();
    if digits.len() > model.int_digits() {
        // Oracle's overflow: the whole width (plus the sign) in '#'.
        return "#".repeat(model.width + 1);
    }
    if digits.is_empty() && model.frac.is_empty() {
        digits.push('0');
    }
    // Leading zeros print from the leftmost `0` position rightwards.
    let first_zero = model.int.iter().position(|p| *p == IntPosition::Zero);
    let forced = |i: usize| first_zero.is_some_and(|z| i >= z);
    let mut int_rev = String::new();
    let mut left = digits.len();
    for (i, position) in model.int.iter().enumerate().rev() {
        match position {
            IntPosition::Nine | IntPosition::Zero => {
                if left > 0 {
                    left -= 1;
                    int_rev.push(digits[left]);
                } else {
                    int_rev.push(if forced(i) { '0' } else { ' ' });
                }
            }
            IntPosition::Group(c) => {
                let digit_left = left > 0 || first_zero.is_some_and(|z| z < i);
                int_rev.push(if digit_left { *c } else { ' ' });
            }
        }
    }
    let int: String = int_rev.chars().rev().collect();
    let body = int.trim_start_matches(' ');
    let blanks = int.len() - body.len();
    let mut out = match (model.fill, d.negative) {
        (true, true) => format!("-{body}"),
        (true, false) => body.to_owned(),
        // Without FM a position is kept for the sign, blank when positive.
        (false, negative) => {
            let sign = if negative { '-' } else { ' ' };
            format!("{}{sign}{body}", " ".repeat(blanks))
        }
    };
    if let Some(point) = model.decimal {
        out.push(point);
        let mut frac: Vec<char> = d.frac.chars().collect();
        frac.resize(model.frac.len(), '0');
        if model.fill {
            while frac.last() == Some(&'0') && !model.frac[frac.len() - 1] {
                frac.pop();
            }
        }
        out.extend(frac);
    }
    out
}

/// `to_number(text [, fmt])`: an integer when the text has no fraction, a
/// real otherwise. With a format, group separators are allowed where the
/// model has them and the digits must fit its positions.
pub(crate) fn to_number(ctx: &Context<'_>) -> Result<Value> {
    let text = match ctx.get_raw(0) {
        ValueRef::Null => return Ok(Value::Null),
        ValueRef::Integer(i) if ctx.len() == 1 => return Ok(Value::Integer(i)),
        ValueRef::Real(r) if ctx.len() == 1 => return Ok(Value::Real(r)),
        other => text_of(other).unwrap_or_default(),
    };
    let model = match ctx.len() {
        2 => match text_of(ctx.get_raw(1)) {
            Some(format) => Some((
                parse_number(&format)
                    .map_err(|reason| Error::format("to_number", &format, reason))?,
                format,
            )),
            None => return Ok(Value::Null),
        },
        _ => None,
    };
    let Some((model, format)) = model else {
        return parse_num(&text)
            .map(Num::to_sql)
            .ok_or_else(|| Error::value("to_number", &text, "is not a number"));
    };
    let mismatch = || {
        Error::value(
            "to_number",
            &text,
            format!("does not match format '{format}'"),
        )
    };
    let has_groups = model.int.iter().any(|p| matches!(p, IntPosition::Group(_)));
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !(has_groups && *c == ','))
        .collect();
    let num = parse_num(&cleaned)
        .filter(|_| !cleaned.contains(['e', 'E']))
        .ok_or_else(mismatch)?;
    let unsigned = cleaned.trim_start_matches(['+', '-']);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if int.trim_start_matches('0').len() > model.int_digits() || frac.len() > model.frac.len() {
        return Err(mismatch());
    }
    Ok(num.to_sql())
}

/// `trunc(number, digits)`: cut toward zero; whole results are integers.
pub(crate) fn trunc(num: Num, digits: i64) -> Num {
    match num {
        Num::Int(_) if digits >= 0 => num,
        Num::Real(r) if !r.is_finite() => num,
        _ => Decimal::of(num).truncate(digits).to_num(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn decimals_round_half_away_from_zero() {
        let r = |x: f64, p| Decimal::of(Num::Real(x)).round(p).to_num();
        assert_eq!(r(2.675, 2), Num::Real(2.68));
        assert_eq!(r(-2.5, 0), Num::Int(-3));
        assert_eq!(r(9.99, 1), Num::Int(10));
        assert_eq!(r(-0.001, 2), Num::Int(0));
    }

    #[test]
    fn to_char_numbers() {
        for (n, format, expected) in [
            ("1234.5", "9,999.99", " 1,234.50"),
            ("1234.5", "9G999D99", " 1,234.50"),
            ("1234.5", "FM9G999D99", "1,234.5"),
            ("5", "9,999", "     5"),
            ("-5", "990.00", "  -5.00"),
            ("0.5", "999.99", "    .50"),
            ("0.5", "990.99", "   0.50"),
            ("0", "999", "   0"),
            ("7", "000", " 007"),
            ("-7", "FM000", "-007"),
            ("2.675", "0.00", " 2.68"),
            ("1.5", "FM9.99", "1.5"),
            ("1.5", "FM9.00", "1.50"),
            ("12345", "999", "####"),
            ("999.5", "999", "####"),
            ("42", "FM99999", "42"),
            ("-1234567.891", "FM9G999G999D00", "-1,234,567.89"),
            ("0.126", ".99", " .13"),
        ] {
            assert_eq!(
                text(&format!("to_char({n}, '{format}')")),
                expected,
                "{n} / {format}"
            );
        }
    }

    #[test]
    fn to_char_numbers_without_format() {
        assert_eq!(text("to_char(42)"), "42");
        assert_eq!(text("to_char(1.50)"), "1.5");
        assert_eq!(text("to_char(2.0)"), "2");
        assert_eq!(text("to_char(-0.25)"), "-0.25");
        assert_eq!(text("to_char(1e20)"), "100000000000000000000");
    }

    #[test]
    fn to_char_bad_number_formats() {
        assert_eq!(
            error("to_char(5, '99x')"),
            "to_char: unknown format element at 'x' in format '99x'"
        );
        assert_eq!(
            error("to_char(5, '9.9,9')"),
            "to_char: ',' after the decimal point at ',9' in format '9.9,9'"
        );
    }

    #[test]
    fn to_number_reads_numbers() {
        assert_eq!(eval("to_number('42')"), Value::Integer(42));
        assert_eq!(eval("to_number(' -1.5 ')"), Value::Real(-1.5));
        assert_eq!(eval("to_number(7)"), Value::Integer(7));
        assert_eq!(
            eval("to_number('1,234.50', '9G999D99')"),
            Value::Real(1234.5)
        );
        assert_eq!(eval("to_number('0042', '0000')"), Value::Integer(42));
        assert_eq!(eval("to_number(null)"), Value::Null);
        assert_eq!(eval("to_number('1', null)"), Value::Null);
    }

    #[test]
    fn to_number_errors() {
        assert_eq!(
            error("to_number('abc')"),
            "to_number: 'abc' is not a number"
        );
        assert_eq!(
            error("to_number('1,5')"),
            "to_number: '1,5' is not a number"
        );
        assert_eq!(
            error("to_number('12345', '999')"),
            "to_number: '12345' does not match format '999'"
        );
        assert_eq!(
            error("to_number('1.234', '9.99')"),
            "to_number: '1.234' does not match format '9.99'"
        );
        assert_eq!(
            error("to_number('1', 'ABC')"),
            "to_number: unknown format element at 'ABC' in format 'ABC'"
        );
    }

    #[test]
    fn trunc_numbers() {
        assert_eq!(eval("trunc(1.9)"), Value::Integer(1));
        assert_eq!(eval("trunc(-1.9)"), Value::Integer(-1));
        assert_eq!(eval("trunc(1.15, 2)"), Value::Real(1.15));
        assert_eq!(eval("trunc(1.159, 2)"), Value::Real(1.15));
        assert_eq!(eval("trunc(1234, -2)"), Value::Integer(1200));
        assert_eq!(eval("trunc(-1234.5, -2)"), Value::Integer(-1200));
        assert_eq!(eval("trunc(99, -5)"), Value::Integer(0));
        assert_eq!(eval("trunc(7)"), Value::Integer(7));
        assert_eq!(eval("trunc('2.5')"), Value::Integer(2));
        assert_eq!(eval("trunc(2.5, 1.7)"), Value::Real(2.5));
        assert_eq!(error("trunc(2.5, 'x')"), "trunc: 'x' is not a number");
    }
}
