//! `synchronize`: make a target table match a source table.
//!
//! This is the statement the seed article is about. Its grammar is
//! Invantive's, and users split it over lines at will (`with insert` / `or`
//! / `update` / `identified` / `by division`), so it is parsed from tokens,
//! never from lines. Both directions (`TARGET from SOURCE`, `SOURCE to
//! TARGET`) produce the same `SyncStatement`; its `Display` is the canonical
//! form the run log and `explain` show.

use std::fmt;

use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use crate::error::{Error, Result};
use crate::grammar::{expect_words, expected, from_parser_error, parse_word, position_of};
use crate::names::TableName;

/// A parsed `synchronize` (or `sync`) statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatement {
    /// The table that is changed.
    pub target: TableName,
    /// The table that holds the intended rows.
    pub source: TableName,
    /// The operations allowed, at most one of each kind, in the order
    /// insert, update, delete.
    pub operations: Vec<SyncOperation>,
    /// Columns whose differences never cause an update.
    pub ignore_changes_to: Vec<String>,
    /// How NULLs in the source are treated, when stated.
    pub ignore_nulls: Option<IgnoreNulls>,
    /// The columns that pair source and target rows (never empty).
    pub identified_by: Vec<String>,
    /// `continue on first N errors`: row failures tolerated before stopping.
    pub continue_on_first_errors: Option<u64>,
}

/// One allowed operation and its optional limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncOperation {
    /// Insert, update or delete.
    pub kind: SyncOperationKind,
    /// `exit|error after N rows`.
    pub limit: Option<RowLimit>,
}

/// The kinds of change synchronize can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SyncOperationKind {
    /// Add source rows missing from the target.
    Insert,
    /// Change target rows that differ from their source row.
    Update,
    /// Remove target rows that have no source row.
    Delete,
}

/// A cap on the number of operations of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowLimit {
    /// What happens at the cap.
    pub action: LimitAction,
    /// The cap.
    pub rows: u64,
}

/// What a row limit does when reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitAction {
    /// `exit after N rows`: stop quietly after N operations.
    Exit,
    /// `error after N rows`: fail before the N+1st operation.
    Error,
}

/// The `ignore nulls` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoreNulls {
    /// `ignore nulls` without `on`: Invantive's default scope; the engine
    /// decides what it means.
    Unqualified,
    /// `on identified by`: skip source rows whose keys are all NULL.
    OnIdentifiedBy,
    /// `on values`: a NULL in the source never overwrites a value.
    OnValues,
    /// `on all`: both.
    OnAll,
}

impl SyncStatement {
    /// The operation of `kind`, if allowed.
    pub fn operation(&self, kind: SyncOperationKind) -> Option<&SyncOperation> {
        self.operations.iter().find(|op| op.kind == kind)
    }
}

/// Parses what follows `synchronize` / `sync`.
pub(crate) fn parse_synchronize(parser: &mut Parser) -> Result<SyncStatement> {
    let first = parse_table(parser)?;
    let (target, source) = if parse_word(parser, "from") {
        (first, parse_table(parser)?)
    } else if parse_word(parser, "to") {
        (parse_table(parser)?, first)
    } else {
        return Err(expected(
            parser,
            "FROM or TO after the first table of SYNCHRONIZE",
        ));
    };
    expect_words(parser, &["with"], "after the tables of SYNCHRONIZE")?;
    let operations = parse_operations(parser)?;

    let mut sync = SyncStatement {
        target,
        source,
        operations,
        ignore_changes_to: Vec::new(),
        ignore_nulls: None,
        identified_by: Vec::new(),
        continue_on_first_errors: None,
    };
    // The optional clauses are accepted in any order, each once.
    loop {
        let at = position_of(parser.peek_token_ref());
        let duplicate = |clause: &str| Error::syntax(format!("{clause} is given twice"), at);
        if parse_word(parser, "ignore") {
            if parse_word(parser, "changes") {
                expect_words(parser, &["to"], "after IGNORE CHANGES")?;
                if !sync.ignore_changes_to.is_empty() {
                    return Err(duplicate("IGNORE CHANGES TO"));
                }
                sync.ignore_changes_to = parse_columns(parser)?;
            } else if parse_word(parser, "nulls") {
                if sync.ignore_nulls.is_some() {
                    return Err(duplicate("IGNORE NULLS"));
                }
                sync.ignore_nulls = Some(parse_ignore_nulls(parser)?);
            } else {
                return Err(expected(parser, "CHANGES or NULLS after IGNORE"));
            }
        } else if parse_word(parser, "identified") {
            expect_words(parser, &["by"], "after IDENTIFIED")?;
            if !sync.identified_by.is_empty() {
                return Err(duplicate("IDENTIFIED BY"));
            }
            sync.identified_by = parse_columns(parser)?;
        } else if parse_word(parser, "continue") {
            expect_words(parser, &["on", "first"], "after CONTINUE")?;
            if sync.continue_on_first_errors.is_some() {
                return Err(duplicate("CONTINUE ON FIRST N ERRORS"));
            }
            let n = parse_count(parser)?;
            if !parse_word(parser, "errors") && !parse_word(parser, "error") {
                return Err(expected(parser, "ERRORS after CONTINUE ON FIRST N"));
            }
            sync.continue_on_first_errors = Some(n);
        } else {
            break;
        }
    }
    if sync.identified_by.is_empty() {
        return Err(expected(
            parser,
            "IDENTIFIED BY (SYNCHRONIZE needs the columns that pair rows)",
        ));
    }
    Ok(sync)
}

fn parse_table(parser: &mut Parser) -> Result<TableName> {
    let at = position_of(parser.peek_token_ref());
    if !matches!(parser.peek_token_ref().token, Token::Word(_)) {
        return Err(expected(parser, "a table name"));
    }
    let name = parser
        .parse_object_name(false)
        .map_err(|e| from_parser_error(e, parser))?;
    TableName::from_object_name(&name)
        .ok_or_else(|| Error::syntax(format!("Invalid table name {name}"), at))
}

fn parse_operations(parser: &mut Parser) -> Result<Vec<SyncOperation>> {
    let mut operations: Vec<SyncOperation> = Vec::new();
    loop {
        let at = position_of(parser.peek_token_ref());
        let kind = if parse_word(parser, "insert") {
            SyncOperationKind::Insert
        } else if parse_word(parser, "update") {
            SyncOperationKind::Update
        } else if parse_word(parser, "delete") {
            SyncOperationKind::Delete
        } else if operations.is_empty() {
            return Err(expected(parser, "INSERT, UPDATE or DELETE after WITH"));
        } else {
            return Err(expected(parser, "INSERT, UPDATE or DELETE after OR"));
        };
        if operations.iter().any(|op| op.kind == kind) {
            return Err(Error::syntax(
                format!("{} is given twice", kind_word(kind)),
                at,
            ));
        }
        let limit = parse_limit(parser)?;
        operations.push(SyncOperation { kind, limit });
        if !parse_word(parser, "or") {
            break;
        }
    }
    operations.sort_by_key(|op| op.kind);
    Ok(operations)
}

fn parse_limit(parser: &mut Parser) -> Result<Option<RowLimit>> {
    let action = if parse_word(parser, "exit") {
        LimitAction::Exit
    } else if parse_word(parser, "error") {
        LimitAction::Error
    } else {
        return Ok(None);
    };
    expect_words(parser, &["after"], "in a row limit")?;
    let rows = parse_count(parser)?;
    if !parse_word(parser, "rows") && !parse_word(parser, "row") {
        return Err(expected(parser, "ROWS after the row limit"));
    }
    Ok(Some(RowLimit { action, rows }))
}

fn parse_ignore_nulls(parser: &mut Parser) -> Result<IgnoreNulls> {
    if !parse_word(parser, "on") {
        return Ok(IgnoreNulls::Unqualified);
    }
    if parse_word(parser, "identified") {
        expect_words(parser, &["by"], "after IGNORE NULLS ON IDENTIFIED")?;
        Ok(IgnoreNulls::OnIdentifiedBy)
    } else if parse_word(parser, "values") {
        Ok(IgnoreNulls::OnValues)
    } else if parse_word(parser, "all") {
        Ok(IgnoreNulls::OnAll)
    } else {
        Err(expected(
            parser,
            "IDENTIFIED BY, VALUES or ALL after IGNORE NULLS ON",
        ))
    }
}

fn parse_columns(parser: &mut Parser) -> Result<Vec<String>> {
    let mut columns = Vec::new();
    loop {
        match &parser.peek_token_ref().token {
            Token::Word(w) => {
                columns.push(w.value.clone());
                parser.advance_token();
            }
            _ => return Err(expected(parser, "a column name")),
        }
        if !parser.consume_token(&Token::Comma) {
            return Ok(columns);
        }
    }
}

fn parse_count(parser: &mut Parser) -> Result<u64> {
    if let Token::Number(n, _) = &parser.peek_token_ref().token {
        if let Ok(n) = n.parse() {
            parser.advance_token();
            return Ok(n);
        }
    }
    Err(expected(parser, "a whole number"))
}

fn kind_word(kind: SyncOperationKind) -> &'static str {
    match kind {
        SyncOperationKind::Insert => "INSERT",
        SyncOperationKind::Update => "UPDATE",
        SyncOperationKind::Delete => "DELETE",
    }
}

impl fmt::Display for SyncStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SYNCHRONIZE {} FROM {} WITH ", self.target, self.source)?;
        for (i, op) in self.operations.iter().enumerate() {
            if i > 0 {
                f.write_str(" OR ")?;
            }
            f.write_str(kind_word(op.kind))?;
            if let Some(limit) = op.limit {
                let action = match limit.action {
                    LimitAction::Exit => "EXIT",
                    LimitAction::Error => "ERROR",
                };
                write!(f, " {action} AFTER {} ROWS", limit.rows)?;
            }
        }
        if !self.ignore_changes_to.is_empty() {
            write!(
                f,
                " IGNORE CHANGES TO {}",
                self.ignore_changes_to.join(", ")
            )?;
        }
        match self.ignore_nulls {
            None => {}
            Some(IgnoreNulls::Unqualified) => f.write_str(" IGNORE NULLS")?,
            Some(IgnoreNulls::OnIdentifiedBy) => f.write_str(" IGNORE NULLS ON IDENTIFIED BY")?,
            Some(IgnoreNulls::OnValues) => f.write_str(" IGNORE NULLS ON VALUES")?,
            Some(IgnoreNulls::OnAll) => f.write_str(" IGNORE NULLS ON ALL")?,
        }
        write!(f, " IDENTIFIED BY {}", self.identified_by.join(", "))?;
        if let Some(n) = self.continue_on_first_errors {
            write!(f, " CONTINUE ON FIRST {n} ERRORS")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_statement, ErrorKind, Statement};

    fn sync(sql: &str) -> SyncStatement {
        match parse_statement(sql) {
            Ok(Statement::Synchronize(sync)) => sync,
            other => panic!("{sql}: {other:?}"),
        }
    }

    fn error(sql: &str) -> String {
        let e = parse_statement(sql).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        format!("{} {}", e.position, e.message)
    }

    #[test]
    fn directions_give_the_same_statement() {
        let from = sync("synchronize t from s with insert identified by k");
        let to = sync("sync s to t with insert identified by k");
        assert_eq!(from, to);
        assert_eq!(from.target.table, "t");
        assert_eq!(from.source.table, "s");
    }

    #[test]
    fn operations_are_sorted_and_limited() {
        let s =
            sync("synchronize t from s with delete error after 3 rows or insert identified by k");
        assert_eq!(
            s.operations,
            [
                SyncOperation {
                    kind: SyncOperationKind::Insert,
                    limit: None
                },
                SyncOperation {
                    kind: SyncOperationKind::Delete,
                    limit: Some(RowLimit {
                        action: LimitAction::Error,
                        rows: 3
                    })
                },
            ]
        );
        assert!(s.operation(SyncOperationKind::Update).is_none());
        let s = sync("synchronize t from s with update exit after 1 row identified by k");
        assert_eq!(
            s.operation(SyncOperationKind::Update)
                .and_then(|op| op.limit),
            Some(RowLimit {
                action: LimitAction::Exit,
                rows: 1
            })
        );
    }

    #[test]
    fn every_clause_in_any_order() {
        let s = sync(
            "synchronize t from s with insert or update continue on first 7 errors \
             identified by a, b ignore nulls on all ignore changes to c, d",
        );
        assert_eq!(s.identified_by, ["a", "b"]);
        assert_eq!(s.ignore_changes_to, ["c", "d"]);
        assert_eq!(s.ignore_nulls, Some(IgnoreNulls::OnAll));
        assert_eq!(s.continue_on_first_errors, Some(7));
        assert_eq!(
            s.to_string(),
            "SYNCHRONIZE t FROM s WITH INSERT OR UPDATE IGNORE CHANGES TO c, d IGNORE NULLS ON ALL \
             IDENTIFIED BY a, b CONTINUE ON FIRST 7 ERRORS"
        );
        for (clause, mode) in [
            ("ignore nulls", IgnoreNulls::Unqualified),
            ("ignore nulls on identified by", IgnoreNulls::OnIdentifiedBy),
            ("ignore nulls on values", IgnoreNulls::OnValues),
        ] {
            let s = sync(&format!(
                "synchronize t from s with insert {clause} identified by k"
            ));
            assert_eq!(s.ignore_nulls, Some(mode), "{clause}");
        }
    }

    #[test]
    fn explain_wraps_the_same_statement() {
        match parse_statement("explain sync t from s with delete identified by k") {
            Ok(Statement::ExplainSynchronize(s)) => assert_eq!(s.operations.len(), 1),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_name_what_is_missing() {
        assert_eq!(
            error("synchronize t from s with insert"),
            "1:33 Expected IDENTIFIED BY (SYNCHRONIZE needs the columns that pair rows), found: end of script"
        );
        assert_eq!(
            error("synchronize"),
            "1:12 Expected a table name, found: end of script"
        );
        assert_eq!(
            error("synchronize t from s with insert identified k"),
            "1:45 Expected BY after IDENTIFIED, found: k"
        );
        assert_eq!(
            error("synchronize t from s with insert identified by"),
            "1:47 Expected a column name, found: end of script"
        );
        assert_eq!(
            error("synchronize t from s with insert ignore nulls on nothing identified by k"),
            "1:50 Expected IDENTIFIED BY, VALUES or ALL after IGNORE NULLS ON, found: nothing"
        );
        assert_eq!(
            error("synchronize t from s with update error after 2 identified by k"),
            "1:48 Expected ROWS after the row limit, found: identified"
        );
    }
}
