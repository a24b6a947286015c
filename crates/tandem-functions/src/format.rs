//! Oracle-style format models, read once and shared by `to_char`,
//! `to_date` and `to_number`.
//!
//! A date model is a sequence of elements (`YYYY`, `MON`, `HH24`, ...),
//! separators (`-/.,:;` and blank) and quoted literals (`"week "`). A number
//! model is `FM` followed by digit positions (`9` blank when not needed, `0`
//! always printed), one decimal point (`.` or `D`) and group separators
//! (`,` or `G`). Anything else is refused, naming the spot, rather than
//! printed as is: a typo in a format should not pass silently.

/// How a name element (`MON`, `MONTH`, `DY`, `DAY`, `AM`) is capitalised,
/// taken from how the element itself is written: `MON` → `NOV`,
/// `Mon` → `Nov`, `mon` → `nov`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Case {
    Upper,
    Capital,
    Lower,
}

impl Case {
    fn of(element: &str) -> Case {
        let mut chars = element.chars();
        match (chars.next(), chars.next()) {
            (Some(a), _) if a.is_lowercase() => Case::Lower,
            (Some(_), Some(b)) if b.is_lowercase() => Case::Capital,
            _ => Case::Upper,
        }
    }

    /// `name` (written capitalised, `November`) in this case.
    pub fn apply(self, name: &str) -> String {
        match self {
            Case::Upper => name.to_uppercase(),
            Case::Capital => name.to_owned(),
            Case::Lower => name.to_lowercase(),
        }
    }
}

/// One element of a date format model.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DateElement {
    /// `YYYY`
    Year4,
    /// `YY`
    Year2,
    /// `MM`
    Month,
    /// `MON`
    MonthAbbr(Case),
    /// `MONTH`
    MonthName(Case),
    /// `DD`
    Day,
    /// `D`: day of the week, Monday is 1.
    Weekday,
    /// `DY`
    WeekdayAbbr(Case),
    /// `DAY`
    WeekdayName(Case),
    /// `HH` or `HH12`
    Hour12,
    /// `HH24`
    Hour24,
    /// `MI`
    Minute,
    /// `SS`
    Second,
    /// `AM` or `PM`: either one prints the actual meridian.
    Meridian(Case),
    /// `FM`: toggles fill mode (no padding of numbers and names).
    FillMode,
    /// A separator or a quoted literal, printed and matched as is.
    Literal(String),
}

impl DateElement {
    /// Whether the element reads or prints a time of day.
    pub fn is_time(&self) -> bool {
        matches!(
            self,
            DateElement::Hour12
                | DateElement::Hour24
                | DateElement::Minute
                | DateElement::Second
                | DateElement::Meridian(_)
        )
    }
}

const SEPARATORS: &str = "-/.,:; ";

/// Reads a date format model; the error is the reason, for the caller to
/// wrap with its function's name.
pub(crate) fn parse_date(format: &str) -> Result<Vec<DateElement>, String> {
    // Longest first, so that `MONTH` is not read as `MON` + `TH`.
    const KEYWORDS: &[&str] = &[
        "MONTH", "YYYY", "HH24", "HH12", "DAY", "MON", "FM", "YY", "MM", "MI", "DD", "DY", "HH",
        "SS", "AM", "PM", "D",
    ];
    let mut elements = Vec::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let Some(end) = rest[1..].find('"') else {
                return Err(format!("unterminated quoted text at '{rest}'"));
            };
            elements.push(DateElement::Literal(rest[1..1 + end].to_owned()));
            rest = &rest[end + 2..];
            continue;
        }
        if SEPARATORS.contains(c) {
            elements.push(DateElement::Literal(c.to_string()));
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(keyword) = KEYWORDS.iter().find(|k| {
            rest.get(..k.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(k))
        }) else {
            return Err(format!("unknown format element at '{rest}'"));
        };
        let written = &rest[..keyword.len()];
        let case = Case::of(written);
        elements.push(match *keyword {
            "YYYY" => DateElement::Year4,
            "YY" => DateElement::Year2,
            "MM" => DateElement::Month,
            "MON" => DateElement::MonthAbbr(case),
            "MONTH" => DateElement::MonthName(case),
            "DD" => DateElement::Day,
            "D" => DateElement::Weekday,
            "DY" => DateElement::WeekdayAbbr(case),
            "DAY" => DateElement::WeekdayName(case),
            "HH" | "HH12" => DateElement::Hour12,
            "HH24" => DateElement::Hour24,
            "MI" => DateElement::Minute,
            "SS" => DateElement::Second,
            "AM" | "PM" => DateElement::Meridian(case),
            _ => DateElement::FillMode,
        });
        rest = &rest[keyword.len()..];
    }
    Ok(elements)
}

/// One position left of the decimal point in a number format model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum IntPosition {
    /// `9`: a digit, blank when it would be a leading zero.
    Nine,
    /// `0`: a digit, printed even when it is a leading zero.
    Zero,
    /// `,` or `G`: printed when a digit stands left of it.
    Group(char),
}

/// A number format model.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NumberFormat {
    /// `FM`: no leading blanks, no trailing zeros in `9` positions.
    pub fill: bool,
    /// Positions before the decimal point, left to right.
    pub int: Vec<IntPosition>,
    /// The decimal character, if the model has one.
    pub decimal: Option<char>,
    /// After the decimal point, left to right: `true` for `0`, `false` for
    /// `9` (which `FM` may drop when it would be a trailing zero).
    pub frac: Vec<bool>,
    /// The model's printed width, without `FM`.
    pub width: usize,
}

impl NumberFormat {
    /// Digit positions before the decimal point.
    pub fn int_digits(&self) -> usize {
        self.int
            .iter()
            .filter(|p| !matches!(p, IntPosition::Group(_)))
            .count()
    }
}

/// Reads a number format model; the error is the reason.
pub(crate) fn parse_number(format: &str) -> Result<NumberFormat, String> {
    let (fill, body) = match format.get(..2) {
        Some(head) if head.eq_ignore_ascii_case("FM") => (true, &format[2..]),
        _ => (false, format),
    };
    let mut parsed = NumberFormat {
        fill,
        int: Vec::new(),
        decimal: None,
        frac: Vec::new(),
        width: body.chars().count(),
    };
    for (i, c) in body.char_indices() {
        let after_point = parsed.decimal.is_some();
        match c.to_ascii_uppercase() {
            '9' | '0' if after_point => parsed.frac.push(c == '0'),
            '9' => parsed.int.push(IntPosition::Nine),
            '0' => parsed.int.push(IntPosition::Zero),
            '.' | 'D' if !after_point => parsed.decimal = Some('.'),
            ',' | 'G' if !after_point => parsed.int.push(IntPosition::Group(',')),
            '.' | 'D' | ',' | 'G' => {
                return Err(format!("'{c}' after the decimal point at '{}'", &body[i..]))
            }
            _ => return Err(format!("unknown format element at '{}'", &body[i..])),
        }
    }
    if parsed.int_digits() == 0 && parsed.frac.is_empty() {
        return Err("no digit positions (9 or 0)".to_owned());
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_models() {
        use DateElement::*;
        assert_eq!(
            parse_date("DD-MM-YYYY HH24:MI:SS").unwrap(),
            vec![
                Day,
                Literal("-".into()),
                Month,
                Literal("-".into()),
                Year4,
                Literal(" ".into()),
                Hour24,
                Literal(":".into()),
                Minute,
                Literal(":".into()),
                Second
            ]
        );
        assert_eq!(
            parse_date("fmMonth\"!\"yy").unwrap(),
            vec![
                FillMode,
                MonthName(Case::Capital),
                Literal("!".into()),
                Year2
            ]
        );
        assert_eq!(
            parse_date("MONDY").unwrap(),
            vec![MonthAbbr(Case::Upper), WeekdayAbbr(Case::Upper)]
        );
    }

    #[test]
    fn bad_date_models_name_the_spot() {
        assert_eq!(
            parse_date("YYYY-QQ").unwrap_err(),
            "unknown format element at 'QQ'"
        );
        assert_eq!(
            parse_date("YYYY\"open").unwrap_err(),
            "unterminated quoted text at '\"open'"
        );
        assert_eq!(
            parse_date("YYYY_MM").unwrap_err(),
            "unknown format element at '_MM'"
        );
    }

    #[test]
    fn number_models() {
        let f = parse_number("FM9G990D00").unwrap();
        assert!(f.fill);
        assert_eq!(f.int_digits(), 4);
        assert_eq!(f.frac, vec![true, true]);
        assert_eq!(f.width, 8);
        assert_eq!(parse_number("9.99").unwrap().frac, vec![false, false]);
        assert_eq!(
            parse_number("99x").unwrap_err(),
            "unknown format element at 'x'"
        );
        assert_eq!(
            parse_number("9.9.9").unwrap_err(),
            "'.' after the decimal point at '.9'"
        );
        assert_eq!(
            parse_number("FM").unwrap_err(),
            "no digit positions (9 or 0)"
        );
    }
}
