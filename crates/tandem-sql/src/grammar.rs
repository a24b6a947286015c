//! Token-level helpers for our own statements (`use`, `set`,
//! `synchronize`), which are parsed from the same sqlparser token stream as
//! the relational part so that both share one notion of words, numbers,
//! names and positions.
//!
//! Errors made here carry positions in the *expanded* text the parser reads;
//! the script reader maps them back to the original script.

use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan};

use crate::error::Error;
use crate::span::Position;

/// Where a token starts. EOF has no location: `(0, 0)`, which the reader
/// turns into "just after the statement's last token".
pub(crate) fn position_of(token: &TokenWithSpan) -> Position {
    Position::new(
        token.span.start.line as usize,
        token.span.start.column as usize,
    )
}

/// How a token reads in a message.
pub(crate) fn describe(token: &Token) -> String {
    match token {
        Token::EOF => "end of script".to_string(),
        other => other.to_string(),
    }
}

/// The next token's unquoted word, if it is one.
pub(crate) fn peek_word<'p>(parser: &'p Parser) -> Option<&'p str> {
    match &parser.peek_token_ref().token {
        Token::Word(w) if w.quote_style.is_none() => Some(&w.value),
        _ => None,
    }
}

/// Whether the next token is the word `word` (any case).
pub(crate) fn peek_word_is(parser: &Parser, word: &str) -> bool {
    peek_word(parser).is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// Consumes the word `word` if it is next.
pub(crate) fn parse_word(parser: &mut Parser, word: &str) -> bool {
    let found = peek_word_is(parser, word);
    if found {
        parser.advance_token();
    }
    found
}

/// A syntax error at the next token: "Expected {what}, found: ...".
pub(crate) fn expected(parser: &Parser, what: &str) -> Error {
    let next = parser.peek_token_ref();
    Error::syntax(
        format!("Expected {what}, found: {}", describe(&next.token)),
        position_of(next),
    )
}

/// Consumes the words `words` in order, or fails at the first one missing.
pub(crate) fn expect_words(
    parser: &mut Parser,
    words: &[&str],
    context: &str,
) -> Result<(), Error> {
    for word in words {
        if !parse_word(parser, word) {
            return Err(expected(
                parser,
                &format!("{} {context}", word.to_uppercase()),
            ));
        }
    }
    Ok(())
}

/// A sqlparser error as ours: its trailing " at Line: L, Column: C" becomes
/// the position (the next token's when it has none).
pub(crate) fn from_parser_error(error: ParserError, parser: &Parser) -> Error {
    let message = match error {
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => m,
        ParserError::RecursionLimitExceeded => {
            return Error::syntax(
                "The statement nests too deeply",
                position_of(parser.peek_token_ref()),
            )
        }
    };
    let (message, position) = match message.rfind(" at Line: ") {
        Some(at) => (message[..at].to_string(), parse_location(&message[at..])),
        None => (message, None),
    };
    let position = position.unwrap_or_else(|| position_of(parser.peek_token_ref()));
    Error::syntax(
        message.replace("found: EOF", "found: end of script"),
        position,
    )
}

fn parse_location(text: &str) -> Option<Position> {
    let rest = text.strip_prefix(" at Line: ")?;
    let (line, column) = rest.split_once(", Column: ")?;
    Some(Position::new(
        line.trim().parse().ok()?,
        column.trim().parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_come_out_of_parser_messages() {
        let error = ParserError::ParserError("Expected: x, found: y at Line: 3, Column: 14".into());
        let parser = Parser::new(&crate::dialect::TandemDialect);
        let error = from_parser_error(error, &parser);
        assert_eq!(error.message, "Expected: x, found: y");
        assert_eq!(error.position, Position::new(3, 14));
    }
}
