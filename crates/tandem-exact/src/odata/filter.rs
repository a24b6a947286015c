//! A typed `$filter` tree, rendered to OData v2 text with every literal
//! escaped, so no value — however hostile — can change the filter's shape.
//!
//! Text literals double their single quotes (`'O''Brien'`); GUIDs, numbers
//! and date-times are rendered from typed values, never from caller text;
//! field names must be plain identifiers.

use crate::error::{Error, Result};
use crate::http::values::{format_date, pad_code};
use chrono::NaiveDateTime;

/// A literal value in a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `'text'`, quotes doubled.
    Text(String),
    /// `guid'…'`; the value must be a GUID.
    Guid(String),
    /// `datetime'YYYY-MM-DDTHH:MM:SS'` (the company's wall clock).
    DateTime(NaiveDateTime),
    /// Int32 and smaller: `123`.
    Int(i64),
    /// Int64: `123L` (Timestamp on sync endpoints).
    Int64(i64),
    /// A decimal or double: `1.5`.
    Decimal(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Literal {
    /// A code padded to `width` (Account `Code`: 18), as filters on padded
    /// fields must be written.
    pub fn padded_code(code: &str, width: usize) -> Literal {
        Literal::Text(pad_code(code, width))
    }

    /// The literal as OData text (`guid'…'`, `'O''Brien'`, `12L`, ...).
    pub fn to_odata(&self) -> Result<String> {
        let mut out = String::new();
        self.render(&mut out)?;
        Ok(out)
    }

    fn render(&self, out: &mut String) -> Result<()> {
        match self {
            Literal::Text(s) => {
                out.push('\'');
                out.push_str(&s.replace('\'', "''"));
                out.push('\'');
            }
            Literal::Guid(g) => {
                let ok = g.len() == 36
                    && g.chars().enumerate().all(|(i, c)| match i {
                        8 | 13 | 18 | 23 => c == '-',
                        _ => c.is_ascii_hexdigit(),
                    });
                if !ok {
                    return Err(Error::Bug("a guid literal is not a GUID".into()));
                }
                out.push_str("guid'");
                out.push_str(&g.to_ascii_lowercase());
                out.push('\'');
            }
            Literal::DateTime(d) => {
                out.push_str("datetime'");
                out.push_str(&format_date(*d));
                out.push('\'');
            }
            Literal::Int(i) => out.push_str(&i.to_string()),
            Literal::Int64(i) => {
                out.push_str(&i.to_string());
                out.push('L');
            }
            Literal::Decimal(f) => {
                if !f.is_finite() {
                    return Err(Error::Bug("a decimal literal is not finite".into()));
                }
                out.push_str(&f.to_string());
            }
            Literal::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Literal::Null => out.push_str("null"),
        }
        Ok(())
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `eq`
    Eq,
    /// `ne`
    Ne,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `lt`
    Lt,
    /// `le`
    Le,
}

impl Cmp {
    fn word(self) -> &'static str {
        match self {
            Cmp::Eq => "eq",
            Cmp::Ne => "ne",
            Cmp::Gt => "gt",
            Cmp::Ge => "ge",
            Cmp::Lt => "lt",
            Cmp::Le => "le",
        }
    }
}

/// A filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `Field op literal`.
    Compare {
        /// Property name.
        field: String,
        /// Operator.
        op: Cmp,
        /// Value.
        value: Literal,
    },
    /// Both.
    And(Box<Filter>, Box<Filter>),
    /// Either.
    Or(Box<Filter>, Box<Filter>),
    /// Negation.
    Not(Box<Filter>),
    /// `startswith(Field,'prefix') eq true`.
    StartsWith {
        /// Property name.
        field: String,
        /// Prefix.
        prefix: String,
    },
    /// `substringof('needle',Field) eq true`.
    SubstringOf {
        /// Property name.
        field: String,
        /// Needle.
        needle: String,
    },
}

impl Filter {
    /// `field op value`.
    pub fn cmp(field: impl Into<String>, op: Cmp, value: Literal) -> Filter {
        Filter::Compare {
            field: field.into(),
            op,
            value,
        }
    }

    /// `field eq value`.
    pub fn eq(field: impl Into<String>, value: Literal) -> Filter {
        Filter::cmp(field, Cmp::Eq, value)
    }

    /// `self and other`.
    pub fn and(self, other: Filter) -> Filter {
        Filter::And(Box::new(self), Box::new(other))
    }

    /// `self or other`.
    pub fn or(self, other: Filter) -> Filter {
        Filter::Or(Box::new(self), Box::new(other))
    }

    /// `not self`. (A method named like the operator, not `std::ops::Not`.)
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Filter {
        Filter::Not(Box::new(self))
    }

    /// `startswith(field,'prefix') eq true`.
    pub fn starts_with(field: impl Into<String>, prefix: impl Into<String>) -> Filter {
        Filter::StartsWith {
            field: field.into(),
            prefix: prefix.into(),
        }
    }

    /// `substringof('needle',field) eq true`.
    pub fn substring_of(field: impl Into<String>, needle: impl Into<String>) -> Filter {
        Filter::SubstringOf {
            field: field.into(),
            needle: needle.into(),
        }
    }

    /// The properties the filter reads.
    pub fn fields(&self) -> Vec<&str> {
        let mut v = Vec::new();
        self.collect_fields(&mut v);
        v
    }

    fn collect_fields<'a>(&'a self, v: &mut Vec<&'a str>) {
        match self {
            Filter::Compare { field, .. }
            | Filter::StartsWith { field, .. }
            | Filter::SubstringOf { field, .. } => v.push(field),
            Filter::And(a, b) | Filter::Or(a, b) => {
                a.collect_fields(v);
                b.collect_fields(v);
            }
            Filter::Not(a) => a.collect_fields(v),
        }
    }

    /// The `$filter` text.
    pub fn render(&self) -> Result<String> {
        let mut out = String::new();
        self.render_into(&mut out)?;
        Ok(out)
    }

    fn render_into(&self, out: &mut String) -> Result<()> {
        match self {
            Filter::Compare { field, op, value } => {
                out.push_str(check_field(field)?);
                out.push(' ');
                out.push_str(op.word());
                out.push(' ');
                value.render(out)?;
            }
            Filter::And(a, b) | Filter::Or(a, b) => {
                let word = if matches!(self, Filter::And(..)) {
                    " and "
                } else {
                    " or "
                };
                out.push('(');
                a.render_into(out)?;
                out.push_str(word);
                b.render_into(out)?;
                out.push(')');
            }
            Filter::Not(a) => {
                out.push_str("not (");
                a.render_into(out)?;
                out.push(')');
            }
            Filter::StartsWith { field, prefix } => {
                out.push_str("startswith(");
                out.push_str(check_field(field)?);
                out.push(',');
                Literal::Text(prefix.clone()).render(out)?;
                out.push_str(") eq true");
            }
            Filter::SubstringOf { field, needle } => {
                out.push_str("substringof(");
                Literal::Text(needle.clone()).render(out)?;
                out.push(',');
                out.push_str(check_field(field)?);
                out.push_str(") eq true");
            }
        }
        Ok(())
    }
}

/// A property name: a plain identifier, so it cannot smuggle syntax.
pub(crate) fn check_field(name: &str) -> Result<&str> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(name)
    } else {
        Err(Error::Bug(format!(
            "`{}` is not a property name",
            name.escape_debug()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn text(s: &str) -> Literal {
        Literal::Text(s.into())
    }

    #[test]
    fn hostile_text_stays_one_literal() {
        let f = Filter::eq("Name", text("x' or 1 eq 1 or Name eq 'y"));
        assert_eq!(
            f.render().unwrap(),
            "Name eq 'x'' or 1 eq 1 or Name eq ''y'"
        );
        let f = Filter::eq("Name", text("' or 1 eq 1"));
        assert_eq!(f.render().unwrap(), "Name eq ''' or 1 eq 1'");
        let f = Filter::eq("Name", text("O'Brien & Zn. ''"));
        assert_eq!(f.render().unwrap(), "Name eq 'O''Brien & Zn. '''''");
        let f = Filter::starts_with("Name", "Ü'ber 😀 ß");
        assert_eq!(
            f.render().unwrap(),
            "startswith(Name,'Ü''ber 😀 ß') eq true"
        );
        let f = Filter::substring_of("City", "')) or true or (('");
        assert_eq!(
            f.render().unwrap(),
            "substringof(''')) or true or ((''',City) eq true"
        );
    }

    #[test]
    fn a_quoted_literal_has_balanced_quotes() {
        for v in ["'", "''", "a'b'c", "\\'", "%27", "'; drop"] {
            let r = Filter::eq("Name", text(v)).render().unwrap();
            let lit = r.strip_prefix("Name eq ").unwrap();
            assert!(lit.starts_with('\'') && lit.ends_with('\''));
            let inner = &lit[1..lit.len() - 1];
            assert_eq!(
                inner.replace("''", ""),
                inner.replace("''", "").replace('\'', "")
            );
        }
    }

    #[test]
    fn typed_literals_and_logic() {
        let d = NaiveDate::from_ymd_opt(2023, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let f = Filter::cmp("Timestamp", Cmp::Gt, Literal::Int64(123))
            .and(Filter::cmp("Modified", Cmp::Ge, Literal::DateTime(d)))
            .or(Filter::eq("Blocked", Literal::Bool(true)).not())
            .and(Filter::cmp("Email", Cmp::Ne, Literal::Null));
        assert_eq!(
            f.render().unwrap(),
            "(((Timestamp gt 123L and Modified ge datetime'2023-01-01T00:00:00') or not (Blocked eq true)) and Email ne null)"
        );
        let g = Filter::eq(
            "ID",
            Literal::Guid("0F2B4F64-3F0E-4C2A-9F45-1234567890AB".into()),
        );
        assert_eq!(
            g.render().unwrap(),
            "ID eq guid'0f2b4f64-3f0e-4c2a-9f45-1234567890ab'"
        );
        assert_eq!(
            Filter::eq("Code", Literal::padded_code("1", 18))
                .render()
                .unwrap(),
            "Code eq '                 1'"
        );
        assert_eq!(
            Filter::cmp("Division", Cmp::Le, Literal::Int(7))
                .render()
                .unwrap(),
            "Division le 7"
        );
        assert_eq!(
            f.fields(),
            vec!["Timestamp", "Modified", "Blocked", "Email"]
        );
    }

    #[test]
    fn hostile_guids_and_fields_are_refused() {
        assert!(
            Filter::eq("ID", Literal::Guid("x' or 1 eq 1 or ID eq guid'".into()))
                .render()
                .is_err()
        );
        assert!(Filter::eq("Name or 1 eq 1", text("a")).render().is_err());
        assert!(Filter::eq("", text("a")).render().is_err());
        assert!(Filter::cmp("X", Cmp::Eq, Literal::Decimal(f64::NAN))
            .render()
            .is_err());
    }
}
