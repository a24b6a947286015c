//! Tokens of a `$filter` expression, with their positions.
//!
//! Positions are kept because the real service's errors name them ("Syntax
//! error at position 12."), and clients log those messages verbatim.

use super::filter::FilterError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Text(String),
    /// `guid'..'`, `datetime'..'`, ... : the prefix and the quoted content.
    Typed(String, String),
    /// A number as written, suffix included (`123L`, `1.5`, `-2`).
    Number(String),
    LParen,
    RParen,
    Comma,
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) pos: usize,
}

pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, FilterError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '(' => {
                i += 1;
                Tok::LParen
            }
            ')' => {
                i += 1;
                Tok::RParen
            }
            ',' => {
                i += 1;
                Tok::Comma
            }
            '\'' => {
                let (text, next) = quoted(&chars, i, src)?;
                i = next;
                Tok::Text(text)
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                if i < chars.len()
                    && matches!(chars[i], 'L' | 'l' | 'M' | 'm' | 'D' | 'd' | 'F' | 'f')
                {
                    i += 1;
                }
                Tok::Number(chars[start..i].iter().collect())
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '/' | '.'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if i < chars.len() && chars[i] == '\'' {
                    let (text, next) = quoted(&chars, i, src)?;
                    i = next;
                    Tok::Typed(word, text)
                } else {
                    Tok::Ident(word)
                }
            }
            other => {
                return Err(FilterError::syntax(format!(
                    "Syntax error: character '{other}' is not valid at position {pos} in '{src}'."
                )))
            }
        };
        out.push(Token { tok, pos });
    }
    Ok(out)
}

/// A quoted literal starting at `start` (the quote); `''` is one quote.
fn quoted(chars: &[char], start: usize, src: &str) -> Result<(String, usize), FilterError> {
    let mut text = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => {
                return Err(FilterError::syntax(format!(
                    "There is an unterminated string literal at position {} in '{src}'.",
                    chars.len()
                )))
            }
            Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                text.push('\'');
                i += 2;
            }
            Some('\'') => return Ok((text, i + 1)),
            Some(c) => {
                text.push(*c);
                i += 1;
            }
        }
    }
}
