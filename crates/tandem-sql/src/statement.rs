//! The statements a script is made of, and how one is recognised.
//!
//! The first word decides: our own statements (`use`, `set`,
//! `synchronize`, `explain synchronize`) have their own grammar; Invantive
//! features Tandem lacks get a "not supported" error before sqlparser can
//! give a confusing one; the rest is SQL for sqlparser, limited to the kinds
//! of statement the engine runs.
//!
//! Printing: every `Sql` statement prints (`to_string()`) as SQL that SQLite
//! accepts once the engine has resolved names, except for these cases,
//! which the engine rewrites:
//! - `@alias` suffixes and `catalog..table` names (resolution replaces them);
//! - `CREATE OR REPLACE TABLE` (SQLite has no `OR REPLACE` for tables: drop,
//!   then create);
//! - `ILIKE` and `x::type` casts, which sqlparser parses in any dialect and
//!   prints as written (SQLite: `LIKE`, `CAST(x AS type)`);
//! - typed literals such as `DATE '2026-01-01'` and `INTERVAL ...` (SQLite
//!   takes the bare string);
//! - `SUBSTRING(x FROM a FOR b)`, `POSITION(a IN b)`, `EXTRACT(...)` and
//!   `TRIM(BOTH ...)` special forms (SQLite: `substr`, `instr`, `strftime`,
//!   `trim`);
//! - `TOP n` (SQLite: `LIMIT`).
//!
//! (Checked by hand against the sqlite3 shell, 3.40: it rejects `CREATE OR
//! REPLACE TABLE`, `ILIKE`, `1::INT` and `DATE '...'`. `FETCH FIRST n ROWS`
//! does not reach the printer: `fetch` is read as a column alias and
//! `first` is then an error.)
//!
//! `!=` prints as `<>`, and `JOIN` without `ON` prints as written; SQLite
//! takes both (the latter as a cross join, as the seed script needs).

use std::fmt;

use sqlparser::ast::{ObjectType, Statement as SqlStatement};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use crate::error::{Error, Result};
use crate::grammar::{expected, from_parser_error, peek_word, position_of};
use crate::keywords::{is_synchronize, starts_statement};
use crate::local::LocalCommand;
use crate::span::{Position, SourceSpan};
use crate::synchronize::{parse_synchronize, SyncStatement};
use crate::use_stmt::{parse_use, UseStatement};

/// One statement of a script.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// Relational SQL for SQLite (select, with, create table / view / index,
    /// drop, insert, update, delete). Boxed: sqlparser's statement is
    /// several kilobytes, the other variants are small. Names keep their
    /// `@alias` suffix in the last identifier; see [`crate::TableName`].
    Sql(Box<SqlStatement>),
    /// `use ...`: the active partitions.
    Use(UseStatement),
    /// `set NAME VALUE [@alias]`: a session setting.
    Set {
        /// The setting as written (`use-http-disk-cache`).
        name: String,
        /// The value as written (`false`, `'text'`, `3600`).
        value: String,
        /// The data container the setting is for.
        alias: Option<String>,
    },
    /// `synchronize ...`.
    Synchronize(SyncStatement),
    /// `explain synchronize ...`: the plan, nothing written.
    ExplainSynchronize(SyncStatement),
    /// `local ...`.
    Local(LocalCommand),
}

/// A statement (or anything else) with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The statement.
    pub node: T,
    /// Its range in the original script text.
    pub span: SourceSpan,
    /// Its text after `${}` expansion, as parsed.
    pub sql: String,
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Statement::Sql(statement) => write!(f, "{statement}"),
            Statement::Use(statement) => write!(f, "{statement}"),
            Statement::Set { name, value, alias } => {
                write!(f, "SET {name} {value}")?;
                if let Some(alias) = alias {
                    write!(f, "@{alias}")?;
                }
                Ok(())
            }
            Statement::Synchronize(sync) => write!(f, "{sync}"),
            Statement::ExplainSynchronize(sync) => write!(f, "EXPLAIN {sync}"),
            Statement::Local(command) => write!(f, "{command}"),
        }
    }
}

/// How the reader should skip a statement that failed, to find the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recovery {
    /// Up to the next `;` or statement word that starts a line.
    NextStatement,
    /// Past the `end` that closes a PSQL block.
    Block,
}

/// Parses the statement at the parser's position (the reader has handled
/// `local` lines already). `text` is the expanded text the tokens came from,
/// for `set`, whose names and values are written without spaces.
pub(crate) fn parse_one(parser: &mut Parser, text: &str) -> Result<Statement, (Error, Recovery)> {
    let first = parser.peek_token();
    let at = position_of(&first);
    let word = peek_word(parser).map(str::to_ascii_lowercase);
    let next = |e: Error| (e, Recovery::NextStatement);
    match word.as_deref() {
        Some("use") => {
            parser.advance_token();
            parse_use(parser).map(Statement::Use).map_err(next)
        }
        Some("set") => {
            parser.advance_token();
            parse_set(parser, text).map_err(next)
        }
        Some(w) if is_synchronize(w) => {
            parser.advance_token();
            parse_synchronize(parser)
                .map(Statement::Synchronize)
                .map_err(next)
        }
        Some("explain") => {
            parser.advance_token();
            match peek_word(parser) {
                Some(w) if is_synchronize(w) => {
                    parser.advance_token();
                    parse_synchronize(parser)
                        .map(Statement::ExplainSynchronize)
                        .map_err(next)
                }
                _ => Err(next(Error::not_supported(
                    "EXPLAIN other than EXPLAIN SYNCHRONIZE",
                    at,
                ))),
            }
        }
        Some("begin" | "declare") => Err((
            Error::not_supported("A PSQL block (declare/begin ... end)", at),
            Recovery::Block,
        )),
        Some(
            w @ ("alter" | "grant" | "revoke" | "execute" | "exec" | "print" | "commit"
            | "rollback"),
        ) => Err(next(Error::not_supported(
            format!("The {} statement", w.to_uppercase()),
            at,
        ))),
        Some("create") => {
            if let Some(what) = unsupported_create(parser) {
                // Procedures and functions have PSQL bodies: skip the block.
                return Err((
                    Error::not_supported(format!("CREATE {what}"), at),
                    Recovery::Block,
                ));
            }
            parse_sql(parser, at).map_err(next)
        }
        Some(_) | None => parse_sql(parser, at).map_err(next),
    }
}

/// The kind of object after `create [or replace]` when Tandem cannot make
/// it (procedures, functions, ... are Invantive PSQL or administration).
fn unsupported_create(parser: &Parser) -> Option<String> {
    let word = |n: usize| match parser.peek_nth_token_ref(n).token.clone() {
        Token::Word(w) => Some(w.value.to_ascii_lowercase()),
        _ => None,
    };
    let mut n = 1;
    if word(1).as_deref() == Some("or") && word(2).as_deref() == Some("replace") {
        n = 3;
    }
    let kind = word(n)?;
    matches!(
        kind.as_str(),
        "procedure"
            | "function"
            | "package"
            | "trigger"
            | "type"
            | "user"
            | "sequence"
            | "role"
            | "database"
            | "schema"
            | "synonym"
    )
    .then(|| kind.to_uppercase())
}

fn parse_sql(parser: &mut Parser, at: Position) -> Result<Statement> {
    if !matches!(
        parser.peek_token_ref().token,
        Token::Word(_) | Token::LParen
    ) {
        return Err(expected(parser, "a statement"));
    }
    let statement = parser
        .parse_statement()
        .map_err(|e| from_parser_error(e, parser))?;
    let supported = match &statement {
        SqlStatement::Query(_)
        | SqlStatement::Insert(_)
        | SqlStatement::Update(_)
        | SqlStatement::Delete(_)
        | SqlStatement::CreateTable(_)
        | SqlStatement::CreateView(_)
        | SqlStatement::CreateIndex(_) => true,
        SqlStatement::Drop { object_type, .. } => matches!(
            object_type,
            ObjectType::Table | ObjectType::View | ObjectType::Index
        ),
        _ => false,
    };
    if !supported {
        let printed = statement.to_string();
        let words: Vec<&str> = printed.split_whitespace().take(2).collect();
        let what = if words.len() == 2 && !starts_statement(words[1]) {
            words.join(" ")
        } else {
            words.first().copied().unwrap_or("this").to_string()
        };
        return Err(Error::not_supported(format!("The {what} statement"), at));
    }
    Ok(Statement::Sql(Box::new(statement)))
}

/// `set NAME VALUE [@alias]`. Invantive setting names contain dashes
/// (`use-http-disk-cache`), so a name or value is a run of tokens written
/// without spaces between them, taken from the text as written.
fn parse_set(parser: &mut Parser, text: &str) -> Result<Statement> {
    let lines = crate::span::LineIndex::new(text);
    let mut run = |what: &str| -> Result<(String, Option<String>)> {
        let first = parser.peek_token();
        if matches!(first.token, Token::EOF | Token::SemiColon) {
            return Err(expected(parser, what));
        }
        parser.advance_token();
        let mut last = first.clone();
        loop {
            let next = parser.peek_token_ref();
            if next.span.start != last.span.end
                || matches!(next.token, Token::EOF | Token::SemiColon)
            {
                break;
            }
            last = next.clone();
            parser.advance_token();
        }
        let offset = |l: sqlparser::tokenizer::Location| {
            lines.offset(text, l.line as usize, l.column as usize)
        };
        let written = &text[offset(first.span.start)..offset(last.span.end)];
        // `value@alias`: an unquoted run ending in a word after `@`.
        let alias = match (&last.token, written.rsplit_once('@')) {
            (Token::Word(w), Some((value, alias)))
                if w.quote_style.is_none() && !alias.is_empty() && !value.is_empty() =>
            {
                return Ok((value.to_string(), Some(alias.to_string())));
            }
            _ => None,
        };
        Ok((written.to_string(), alias))
    };
    let (name, name_alias) = run("a setting name after SET")?;
    let (value, value_alias) = run("a value for the setting")?;
    let mut alias = value_alias.or(name_alias);
    if parser.consume_token(&Token::AtSign) {
        match parser.next_token().token {
            Token::Word(w) => alias = Some(w.value),
            _ => {
                parser.prev_token();
                return Err(expected(parser, "a data container alias after '@'"));
            }
        }
    }
    Ok(Statement::Set { name, value, alias })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_statement, ErrorKind};

    #[test]
    fn set_reads_dashed_names_and_aliases() {
        let set = |sql: &str| match parse_statement(sql) {
            Ok(Statement::Set { name, value, alias }) => (name, value, alias),
            other => panic!("{sql}: {other:?}"),
        };
        assert_eq!(
            set("set use-http-disk-cache false"),
            ("use-http-disk-cache".into(), "false".into(), None)
        );
        assert_eq!(
            set("set a@eol 1"),
            ("a".into(), "1".into(), Some("eol".into()))
        );
        assert_eq!(
            set("set a 'x y' @eol"),
            ("a".into(), "'x y'".into(), Some("eol".into()))
        );
    }

    #[test]
    fn sql_kinds_outside_the_engine_are_not_supported() {
        let e = parse_statement("pragma foo").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotSupported);
        let e = parse_statement("begin transaction").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotSupported);
        assert!(matches!(
            parse_statement("drop table t"),
            Ok(Statement::Sql(_))
        ));
        assert_eq!(
            parse_statement("drop schema s").unwrap_err().message,
            "The DROP SCHEMA statement is not supported by Tandem yet"
        );
    }

    #[test]
    fn parse_statement_wants_exactly_one() {
        assert!(parse_statement("").is_err());
        let e = parse_statement("select 1\nselect 2").unwrap_err();
        assert_eq!(e.position, Position::new(2, 1));
    }
}
