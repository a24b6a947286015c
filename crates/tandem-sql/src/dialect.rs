//! The sqlparser dialect for the relational part of Invantive-style SQL.
//!
//! SQLite does the relational work, so the dialect follows SQLite where it
//! matters for parsing (operators, precedence, `LIMIT a, b`, aliases) and
//! adds what Invantive names need: `@` inside an identifier
//! (`accounts@eol`) and `catalog..table`. Because scripts need no
//! semicolons, a word that starts a statement is never an implicit alias.

use sqlparser::ast::Expr;
use sqlparser::dialect::{Dialect, Precedence, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use crate::keywords::starts_statement;

/// SQLite's lexical rules plus what Invantive names need: `@` inside an
/// identifier (`accounts@eol`) and `catalog..table`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TandemDialect;

/// The one instance the script reader parses with (parsers borrow their
/// dialect; a static lets a parser live as long as the reader).
pub(crate) static DIALECT: TandemDialect = TandemDialect;

const SQLITE: SQLiteDialect = SQLiteDialect {};

/// Whether the word the parser just consumed begins a statement. Alias hooks
/// run right after the candidate word was taken, so it is the current token;
/// this also catches words sqlparser has no keyword for (`synchronize`).
fn current_word_starts_statement(parser: &Parser) -> bool {
    match &parser.get_current_token().token {
        Token::Word(w) => w.quote_style.is_none() && starts_statement(&w.value),
        _ => false,
    }
}

impl Dialect for TandemDialect {
    fn is_identifier_start(&self, ch: char) -> bool {
        ch.is_alphabetic() || ch == '_'
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        ch.is_alphanumeric() || ch == '_' || ch == '$' || ch == '@'
    }

    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        ch == '"' || ch == '`' || ch == '['
    }

    fn supports_object_name_double_dot_notation(&self) -> bool {
        true
    }

    fn is_column_alias(&self, kw: &Keyword, parser: &mut Parser) -> bool {
        SQLITE.is_column_alias(kw, parser)
    }

    fn is_select_item_alias(&self, explicit: bool, kw: &Keyword, parser: &mut Parser) -> bool {
        explicit || (!current_word_starts_statement(parser) && self.is_column_alias(kw, parser))
    }

    fn is_table_alias(&self, kw: &Keyword, parser: &mut Parser) -> bool {
        SQLITE.is_table_alias(kw, parser)
    }

    fn is_table_factor_alias(&self, explicit: bool, kw: &Keyword, parser: &mut Parser) -> bool {
        explicit || (!current_word_starts_statement(parser) && self.is_table_alias(kw, parser))
    }

    // SQLite's operators and precedence, so that expressions mean what SQLite
    // will make of the printed statement.
    fn parse_infix(
        &self,
        parser: &mut Parser,
        expr: &Expr,
        precedence: u8,
    ) -> Option<Result<Expr, ParserError>> {
        SQLITE.parse_infix(parser, expr, precedence)
    }

    fn get_next_precedence(&self, parser: &Parser) -> Option<Result<u8, ParserError>> {
        SQLITE.get_next_precedence(parser)
    }

    fn prec_value(&self, prec: Precedence) -> u8 {
        SQLITE.prec_value(prec)
    }

    fn between_low_bound_precedence(&self) -> u8 {
        SQLITE.between_low_bound_precedence()
    }

    fn supports_filter_during_aggregation(&self) -> bool {
        true
    }

    fn supports_in_empty_list(&self) -> bool {
        true
    }

    fn supports_limit_comma(&self) -> bool {
        true
    }

    fn supports_notnull_operator(&self) -> bool {
        true
    }

    fn supports_is_operator(&self) -> bool {
        true
    }

    fn supports_comma_join_constraint(&self) -> bool {
        true
    }

    fn supports_parens_around_table_factor(&self) -> bool {
        true
    }

    fn supports_bitwise_shift_operators(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(sql: &str) -> String {
        let statements = Parser::parse_sql(&TandemDialect, sql).unwrap();
        assert_eq!(statements.len(), 1);
        statements[0].to_string()
    }

    #[test]
    fn alias_suffix_is_part_of_the_name() {
        assert_eq!(
            round_trip("select code from targetcompanies@inmemorystorage"),
            "SELECT code FROM targetcompanies@inmemorystorage"
        );
    }

    #[test]
    fn catalog_double_dot_table_parses() {
        assert_eq!(
            round_trip("select act.code from exactonlinerest..accounts act"),
            "SELECT act.code FROM exactonlinerest..accounts act"
        );
    }

    #[test]
    fn statement_words_are_not_aliases() {
        let statements =
            Parser::parse_sql(&TandemDialect, "select code from systemdivisions use").unwrap_err();
        assert!(statements.to_string().contains("use"), "{statements}");
        let mut parser = Parser::new(&TandemDialect)
            .try_with_sql("select a synchronize x from y")
            .unwrap();
        assert_eq!(parser.parse_statement().unwrap().to_string(), "SELECT a");
        let mut parser = Parser::new(&TandemDialect)
            .try_with_sql("select a from t sync x to y")
            .unwrap();
        assert_eq!(
            parser.parse_statement().unwrap().to_string(),
            "SELECT a FROM t"
        );
    }

    #[test]
    fn other_words_still_alias() {
        assert_eq!(
            round_trip("select tgt.code\ndivision from t tgt"),
            "SELECT tgt.code AS division FROM t tgt"
        );
    }
}
