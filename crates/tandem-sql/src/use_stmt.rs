//! `use`: which companies (partitions) the following statements read.
//!
//! Invantive scripts switch companies with `use 102673`, a list, `use all`,
//! or a query whose first column lists the codes (the seed's `use select
//! code from targetcompanies@inmemorystorage`). Resolving codes and checking
//! access is the engine's job; this is only the grammar.

use std::fmt;

use sqlparser::ast::Query;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use crate::error::{Error, Result};
use crate::grammar::{expected, from_parser_error, peek_word_is};

/// The partitions a `use` statement selects.
#[derive(Debug, Clone, PartialEq)]
pub enum UseStatement {
    /// `use 102673` or `use 1, 2@eol, 3`.
    Partitions(Vec<Partition>),
    /// `use all` (or `use all@eol`): every company the login can access.
    All {
        /// The data container, when named.
        alias: Option<String>,
    },
    /// `use select ...`: the first column holds partition codes, an
    /// optional second column the alias of the data container.
    Query(Box<Query>),
}

/// One partition code with its optional data container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// The code as written (`102673`).
    pub code: String,
    /// `eol` in `102673@eol`.
    pub alias: Option<String>,
}

/// Parses what follows `use`.
pub(crate) fn parse_use(parser: &mut Parser) -> Result<UseStatement> {
    if peek_word_is(parser, "select")
        || peek_word_is(parser, "with")
        || parser.peek_token_ref().token == Token::LParen
    {
        let query = parser
            .parse_query()
            .map_err(|e| from_parser_error(e, parser))?;
        return Ok(UseStatement::Query(query));
    }
    let mut partitions = Vec::new();
    loop {
        let next = parser.peek_token();
        let partition = match &next.token {
            Token::Number(code, _) => Partition {
                code: code.clone(),
                alias: None,
            },
            Token::SingleQuotedString(code) => Partition {
                code: code.clone(),
                alias: None,
            },
            Token::Word(w) if w.quote_style.is_none() && partitions.is_empty() => {
                let (word, alias) = match w.value.split_once('@') {
                    Some((word, alias)) => (word, Some(alias.to_string())),
                    None => (w.value.as_str(), None),
                };
                if !word.eq_ignore_ascii_case("all") {
                    return Err(expected(
                        parser,
                        "partition codes, ALL or a query after USE",
                    ));
                }
                parser.advance_token();
                return Ok(UseStatement::All { alias });
            }
            _ if partitions.is_empty() => {
                return Err(expected(
                    parser,
                    "partition codes, ALL or a query after USE",
                ))
            }
            _ => return Err(expected(parser, "a partition code after ','")),
        };
        parser.advance_token();
        let alias = parse_alias(parser)?;
        partitions.push(Partition { alias, ..partition });
        if !parser.consume_token(&Token::Comma) {
            break;
        }
    }
    Ok(UseStatement::Partitions(partitions))
}

/// `@alias` right after a code (`123@eol` is a number, `@`, a word).
fn parse_alias(parser: &mut Parser) -> Result<Option<String>, Error> {
    if !parser.consume_token(&Token::AtSign) {
        return Ok(None);
    }
    match parser.next_token().token {
        Token::Word(w) => Ok(Some(w.value)),
        _ => {
            parser.prev_token();
            Err(expected(parser, "a data container alias after '@'"))
        }
    }
}

impl fmt::Display for UseStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UseStatement::Partitions(partitions) => {
                f.write_str("USE ")?;
                for (i, p) in partitions.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if !p.code.is_empty() && p.code.bytes().all(|b| b.is_ascii_digit()) {
                        f.write_str(&p.code)?;
                    } else {
                        write!(f, "'{}'", p.code.replace('\'', "''"))?;
                    }
                    if let Some(alias) = &p.alias {
                        write!(f, "@{alias}")?;
                    }
                }
                Ok(())
            }
            UseStatement::All { alias: None } => f.write_str("USE ALL"),
            UseStatement::All { alias: Some(a) } => write!(f, "USE ALL@{a}"),
            UseStatement::Query(query) => write!(f, "USE {query}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_statement, Statement};

    fn use_of(sql: &str) -> UseStatement {
        match parse_statement(sql) {
            Ok(Statement::Use(u)) => u,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn codes_aliases_all_and_queries() {
        assert_eq!(
            use_of("use 1, 2@eol, '3'"),
            UseStatement::Partitions(vec![
                Partition {
                    code: "1".into(),
                    alias: None
                },
                Partition {
                    code: "2".into(),
                    alias: Some("eol".into())
                },
                Partition {
                    code: "3".into(),
                    alias: None
                },
            ])
        );
        assert_eq!(use_of("USE ALL"), UseStatement::All { alias: None });
        assert_eq!(
            use_of("use all@eol"),
            UseStatement::All {
                alias: Some("eol".into())
            }
        );
        assert!(matches!(use_of("use (select 1)"), UseStatement::Query(_)));
        assert_eq!(use_of("use 'a''b'").to_string(), "USE 'a''b'");
    }

    #[test]
    fn use_needs_partitions() {
        for sql in ["use", "use x", "use 1, all", "use 1@"] {
            assert!(parse_statement(sql).is_err(), "{sql}");
        }
    }
}
