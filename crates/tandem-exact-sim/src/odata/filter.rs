//! `$filter`: a recursive-descent parser with the real service's type rules
//! and error messages.
//!
//! Exact's OData layer is WCF Data Services, so its complaints have that
//! wording ("No property 'X' exists in type ... at position N.", "Operator
//! 'eq' incompatible with operand types ..."), plus its own quirk: a bare
//! boolean function such as `startswith(Name,'A')` is refused with
//! "Expression of type 'System.Boolean' expected at position 0" and must be
//! written `startswith(Name,'A') eq true`.

use super::lexer::{tokenize, Tok, Token};
use crate::dates;
use crate::entities::{EntityDef, FieldType};

/// A refused filter: always a 400 with this message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FilterError {
    pub(crate) message: String,
}

impl FilterError {
    pub(crate) fn syntax(message: String) -> FilterError {
        FilterError { message }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Lit {
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    Text(String),
    Guid(String),
    DateTime(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    And,
    Or,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    Trim,
    ToLower,
    ToUpper,
    Length,
    IndexOf,
    StartsWith,
    EndsWith,
    SubstringOf,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Lit(Lit),
    /// Index into the entity's fields.
    Field(usize),
    Call(Func, Vec<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

/// A parsed filter and the fields it reads.
#[derive(Clone, Debug)]
pub(crate) struct Filter {
    pub(crate) expr: Expr,
    pub(crate) fields: Vec<usize>,
}

/// An expression with what the type rules need to know about it.
struct Typed {
    expr: Expr,
    /// `None` for the `null` literal.
    ty: Option<FieldType>,
    pos: usize,
    is_call: bool,
}

struct Parser<'a> {
    toks: Vec<Token>,
    i: usize,
    src: &'a str,
    def: &'a EntityDef,
    fields: Vec<usize>,
}

/// Parses and type-checks `src` against `def`.
pub(crate) fn parse(src: &str, def: &EntityDef) -> Result<Filter, FilterError> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks,
        i: 0,
        src,
        def,
        fields: Vec::new(),
    };
    let top = p.or()?;
    if let Some(t) = p.toks.get(p.i) {
        return Err(err(format!("Syntax error at position {}.", t.pos)));
    }
    boolean(&top)?;
    Ok(Filter {
        expr: top.expr,
        fields: p.fields,
    })
}

fn err(message: String) -> FilterError {
    FilterError { message }
}

/// Conditions must be comparisons or boolean properties; a bare function
/// call is refused (the real service's quirk).
fn boolean(t: &Typed) -> Result<(), FilterError> {
    if t.is_call || t.ty != Some(FieldType::Boolean) {
        return Err(err(format!(
            "Expression of type 'System.Boolean' expected at position {}.",
            t.pos
        )));
    }
    Ok(())
}

fn numeric(t: FieldType) -> bool {
    matches!(
        t,
        FieldType::Int32 | FieldType::Int64 | FieldType::Double | FieldType::Byte
    )
}

impl Parser<'_> {
    fn peek_word(&self, word: &str) -> Option<usize> {
        match self.toks.get(self.i) {
            Some(Token {
                tok: Tok::Ident(w),
                pos,
            }) if w == word => Some(*pos),
            _ => None,
        }
    }

    fn end_pos(&self) -> usize {
        self.toks
            .get(self.i)
            .map(|t| t.pos)
            .unwrap_or(self.src.chars().count())
    }

    fn or(&mut self) -> Result<Typed, FilterError> {
        let mut left = self.and()?;
        while self.peek_word("or").is_some() {
            self.i += 1;
            let right = self.and()?;
            left = logical(BinOp::Or, left, right)?;
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Typed, FilterError> {
        let mut left = self.comparison()?;
        while self.peek_word("and").is_some() {
            self.i += 1;
            let right = self.comparison()?;
            left = logical(BinOp::And, left, right)?;
        }
        Ok(left)
    }

    fn comparison(&mut self) -> Result<Typed, FilterError> {
        let mut left = self.unary()?;
        loop {
            let ops = [
                ("eq", BinOp::Eq),
                ("ne", BinOp::Ne),
                ("gt", BinOp::Gt),
                ("ge", BinOp::Ge),
                ("lt", BinOp::Lt),
                ("le", BinOp::Le),
            ];
            let Some((name, op, op_pos)) = ops
                .iter()
                .find_map(|(w, op)| self.peek_word(w).map(|p| (*w, *op, p)))
            else {
                return Ok(left);
            };
            self.i += 1;
            let right = self.unary()?;
            if let (Some(a), Some(b)) = (left.ty, right.ty) {
                if a != b && !(numeric(a) && numeric(b)) {
                    return Err(err(format!(
                        "Operator '{name}' incompatible with operand types '{}' and '{}' at position {op_pos}.",
                        a.clr_name(),
                        b.clr_name()
                    )));
                }
            }
            left = Typed {
                pos: left.pos,
                expr: Expr::Bin(op, Box::new(left.expr), Box::new(right.expr)),
                ty: Some(FieldType::Boolean),
                is_call: false,
            };
        }
    }

    fn unary(&mut self) -> Result<Typed, FilterError> {
        if let Some(pos) = self.peek_word("not") {
            self.i += 1;
            let inner = self.unary()?;
            boolean(&inner)?;
            return Ok(Typed {
                expr: Expr::Not(Box::new(inner.expr)),
                ty: Some(FieldType::Boolean),
                pos,
                is_call: false,
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Typed, FilterError> {
        let Some(Token { tok, pos }) = self.toks.get(self.i).cloned() else {
            return Err(err(format!(
                "Expression expected at position {}.",
                self.end_pos()
            )));
        };
        self.i += 1;
        let lit = |l: Lit, ty: Option<FieldType>| Typed {
            expr: Expr::Lit(l),
            ty,
            pos,
            is_call: false,
        };
        match tok {
            Tok::LParen => {
                let inner = self.or()?;
                match self.toks.get(self.i) {
                    Some(Token {
                        tok: Tok::RParen, ..
                    }) => {
                        self.i += 1;
                        Ok(Typed { pos, ..inner })
                    }
                    _ => Err(err(format!(
                        "')' or operator expected at position {}.",
                        self.end_pos()
                    ))),
                }
            }
            Tok::Text(s) => Ok(lit(Lit::Text(s), Some(FieldType::Text))),
            Tok::Typed(prefix, content) => self.typed_literal(&prefix, &content, pos),
            Tok::Number(n) => number(&n, pos),
            Tok::Ident(w) if w == "null" => Ok(lit(Lit::Null, None)),
            Tok::Ident(w) if w == "true" || w == "false" => {
                Ok(lit(Lit::Bool(w == "true"), Some(FieldType::Boolean)))
            }
            Tok::Ident(w) => {
                if matches!(
                    self.toks.get(self.i),
                    Some(Token {
                        tok: Tok::LParen,
                        ..
                    })
                ) {
                    self.i += 1;
                    return self.call(&w, pos);
                }
                let Some(idx) = self.def.field_index(&w) else {
                    return Err(err(format!(
                        "No property '{w}' exists in type '{}' at position {pos}.",
                        self.def.type_name
                    )));
                };
                if !self.fields.contains(&idx) {
                    self.fields.push(idx);
                }
                Ok(Typed {
                    expr: Expr::Field(idx),
                    ty: Some(self.def.fields[idx].ty),
                    pos,
                    is_call: false,
                })
            }
            Tok::RParen | Tok::Comma => Err(err(format!("Expression expected at position {pos}."))),
        }
    }

    fn typed_literal(&self, prefix: &str, content: &str, pos: usize) -> Result<Typed, FilterError> {
        let bad = |edm: &str| {
            err(format!(
                "Unrecognized '{edm}' literal '{prefix}'{content}'' at '{pos}' in '{}'.",
                self.src
            ))
        };
        let (lit, ty) = match prefix {
            "guid" => {
                if !is_guid(content) {
                    return Err(bad("Edm.Guid"));
                }
                (Lit::Guid(content.to_ascii_lowercase()), FieldType::Guid)
            }
            "datetime" | "datetimeoffset" => {
                let ms = dates::parse_iso(content).ok_or_else(|| bad("Edm.DateTime"))?;
                (Lit::DateTime(ms), FieldType::DateTime)
            }
            _ => return Err(err(format!("Syntax error at position {pos}."))),
        };
        Ok(Typed {
            expr: Expr::Lit(lit),
            ty: Some(ty),
            pos,
            is_call: false,
        })
    }

    fn call(&mut self, name: &str, pos: usize) -> Result<Typed, FilterError> {
        let mut args = Vec::new();
        if matches!(
            self.toks.get(self.i),
            Some(Token {
                tok: Tok::RParen,
                ..
            })
        ) {
            self.i += 1;
        } else {
            loop {
                args.push(self.or()?);
                match self.toks.get(self.i).map(|t| &t.tok) {
                    Some(Tok::Comma) => self.i += 1,
                    Some(Tok::RParen) => {
                        self.i += 1;
                        break;
                    }
                    _ => {
                        return Err(err(format!(
                            "')' or ',' expected at position {}.",
                            self.end_pos()
                        )))
                    }
                }
            }
        }
        use FieldType::{Boolean, Int32, Text};
        let (func, arity, result, signature) = match name {
            "trim" => (Func::Trim, 1, Text, "trim(System.String)"),
            "tolower" => (Func::ToLower, 1, Text, "tolower(System.String)"),
            "toupper" => (Func::ToUpper, 1, Text, "toupper(System.String)"),
            "length" => (Func::Length, 1, Int32, "length(System.String)"),
            "indexof" => (
                Func::IndexOf,
                2,
                Int32,
                "indexof(System.String, System.String)",
            ),
            "startswith" => (
                Func::StartsWith,
                2,
                Boolean,
                "startswith(System.String, System.String)",
            ),
            "endswith" => (
                Func::EndsWith,
                2,
                Boolean,
                "endswith(System.String, System.String)",
            ),
            "substringof" => (
                Func::SubstringOf,
                2,
                Boolean,
                "substringof(System.String, System.String)",
            ),
            _ => return Err(err(format!("Unknown function '{name}' at position {pos}."))),
        };
        if args.len() != arity || args.iter().any(|a| a.ty.is_some_and(|t| t != Text)) {
            return Err(err(format!(
                "No applicable function found for '{name}' at position {pos} with the specified arguments. The functions considered are: {signature}."
            )));
        }
        Ok(Typed {
            expr: Expr::Call(func, args.into_iter().map(|a| a.expr).collect()),
            ty: Some(result),
            pos,
            is_call: true,
        })
    }
}

fn logical(op: BinOp, left: Typed, right: Typed) -> Result<Typed, FilterError> {
    boolean(&left)?;
    boolean(&right)?;
    Ok(Typed {
        pos: left.pos,
        expr: Expr::Bin(op, Box::new(left.expr), Box::new(right.expr)),
        ty: Some(FieldType::Boolean),
        is_call: false,
    })
}

fn number(n: &str, pos: usize) -> Result<Typed, FilterError> {
    let bad = || err(format!("Syntax error at position {pos}."));
    let last = n.chars().last().unwrap_or('0');
    let (lit, ty) = if last.eq_ignore_ascii_case(&'l') {
        let v: i64 = n[..n.len() - 1].parse().map_err(|_| bad())?;
        (Lit::Int(v), FieldType::Int64)
    } else if n.contains('.') || last.is_ascii_alphabetic() {
        let digits = n.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let v: f64 = digits.parse().map_err(|_| bad())?;
        (Lit::Double(v), FieldType::Double)
    } else {
        let v: i64 = n.parse().map_err(|_| bad())?;
        let ty = if i32::try_from(v).is_ok() {
            FieldType::Int32
        } else {
            FieldType::Int64
        };
        (Lit::Int(v), ty)
    };
    Ok(Typed {
        expr: Expr::Lit(lit),
        ty: Some(ty),
        pos,
        is_call: false,
    })
}

pub(crate) fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::stored;

    fn msg(src: &str) -> String {
        parse(src, stored("Accounts").unwrap()).unwrap_err().message
    }

    #[test]
    fn errors_have_the_real_wording() {
        assert_eq!(
            msg("startswith(Name,'A')"),
            "Expression of type 'System.Boolean' expected at position 0."
        );
        assert_eq!(
            msg("Nope eq 1"),
            "No property 'Nope' exists in type 'Exact.Web.Api.Models.Account' at position 0."
        );
        assert_eq!(
            msg("ID eq 'x'"),
            "Operator 'eq' incompatible with operand types 'System.Guid' and 'System.String' at position 3."
        );
        assert_eq!(msg("Name eq 'x' Name"), "Syntax error at position 12.");
        assert_eq!(
            msg("(Name eq 'x'"),
            "')' or operator expected at position 12."
        );
        assert!(msg("Name eq 'x").starts_with("There is an unterminated string literal"));
    }

    #[test]
    fn accepts_the_documented_forms() {
        let def = stored("Accounts").unwrap();
        for f in [
            "Name eq 'O''Brien' and not (Blocked eq true) or Code eq '                 1'",
            "ID eq guid'00000000-0000-0000-0000-000000000000'",
            "Created ge datetime'2015-01-01' and Modified lt datetime'2023-01-01T00:00:00Z'",
            "Timestamp gt 123L and IsAccountant eq 0",
            "trim(Code) eq '1' and indexof(Name,'bouw') ge 0",
            "startswith(Name,'Aanneming') eq true and substringof('x',Name) eq false",
            "Email eq null and Blocked",
        ] {
            parse(f, def).unwrap_or_else(|e| panic!("{f}: {}", e.message));
        }
    }
}
