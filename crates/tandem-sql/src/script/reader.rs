//! The script reader: one statement at a time, in order, lazily.
//!
//! The engine runs statement N before statement N+1 is even expanded,
//! because a `local define` in between changes what follows; so the reader
//! never parses ahead of the statement it yields. It works in *windows*: the
//! text from the current position up to the next `local` line is expanded
//! with the current defines and tokenized once, and statements are parsed
//! from those tokens one by one. A statement ends where sqlparser (or our
//! own grammar) is done, provided a `;`, the end, or a statement word
//! follows. `local` lines end a window; the reader applies `define` /
//! `undefine` and opens the next window with the new values.
//!
//! The reader keeps tokens rather than a sqlparser `Parser` (which borrows a
//! `dyn Dialect` and is not `Send`), so that an async engine can hold it
//! across `.await`. Each statement is parsed from a bounded chunk of the
//! remaining tokens, grown when the statement reaches the chunk's end, so a
//! long script costs linear time.

use std::ops::ControlFlow;

use sqlparser::ast::visit_relations;
use sqlparser::dialect::{Dialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use crate::defines::Defines;
use crate::dialect::DIALECT;
use crate::error::{Error, Result};
use crate::grammar::describe;
use crate::keywords::starts_statement;
use crate::local::{is_definition, parse_local, LocalCommand};
use crate::names::TableName;
use crate::script::expand::{expand, Expansion, Problem};
use crate::script::lexer::{end_of_line, next_local_command, skip_trivia, word_at};
use crate::span::{LineIndex, Position};
use crate::statement::{parse_one, Located, Recovery, Statement};

static SQLITE_DIALECT: SQLiteDialect = SQLiteDialect {};

/// Tokens handed to the parser at first for one statement; doubled (up to
/// the whole window) when the statement may reach further.
const FIRST_CHUNK: usize = 1024;
/// How far past a statement's end sqlparser may look ahead; a statement
/// that ends closer than this to the chunk's end is parsed again with more.
const LOOKAHEAD_MARGIN: usize = 64;

/// Reads statements from a script, in order, applying `local define` and
/// `local undefine` to the caller's [`Defines`] as it passes them.
///
/// ```
/// use tandem_sql::{Defines, ScriptReader, Statement};
/// let mut defines = Defines::new();
/// let mut reader = ScriptReader::new("local define C \"1\"\nuse ${C}\nselect 1");
/// let mut printed = Vec::new();
/// while let Some(statement) = reader.next_statement(&mut defines) {
///     printed.push(statement.unwrap().node.to_string());
/// }
/// assert_eq!(printed, ["LOCAL DEFINE C \"1\"", "USE 1", "SELECT 1"]);
/// ```
#[derive(Debug)]
pub struct ScriptReader<'s> {
    origin: Origin<'s>,
    pos: usize,
    window: Option<Window>,
    done: bool,
}

/// The original script, for positions.
#[derive(Debug)]
struct Origin<'s> {
    source: &'s str,
    lines: LineIndex,
}

impl Origin<'_> {
    fn position(&self, offset: usize) -> Position {
        self.lines.position(self.source, offset)
    }

    fn problem_error(&self, problem: &Problem) -> Error {
        Error::new(
            problem.kind,
            problem.message.clone(),
            self.position(problem.original),
        )
    }
}

/// Expanded and tokenized text from `ScriptReader::pos` to the next `local`
/// line (`end`, an original offset).
#[derive(Debug)]
struct Window {
    tokens: Vec<TokenWithSpan>,
    next: usize,
    expansion: Expansion,
    lines: LineIndex,
    end: usize,
    /// A tokenizer error in this window: the tokens stop where it happened,
    /// and it is raised when the reader gets there.
    tokenize_error: Option<Error>,
    /// Whether the tokenizer error may have cut a statement short (an
    /// unterminated string may); an unterminated comment cannot, so the
    /// statement before it is complete.
    cut_short: bool,
    /// The values the window was expanded with: when the caller's differ
    /// at the next statement, the rest is expanded again.
    defines: Defines,
}

impl Window {
    fn offset(&self, location: Location) -> usize {
        self.lines.offset(
            &self.expansion.text,
            location.line as usize,
            location.column as usize,
        )
    }

    fn offset_of(&self, position: Position) -> usize {
        self.lines
            .offset(&self.expansion.text, position.line, position.column)
    }

    /// Index of the first non-whitespace token at or after `i`.
    fn skip_whitespace(&self, mut i: usize) -> usize {
        while matches!(self.tokens.get(i), Some(t) if matches!(t.token, Token::Whitespace(_))) {
            i += 1;
        }
        i
    }

    fn token(&self, i: usize) -> Token {
        self.tokens.get(i).map_or(Token::EOF, |t| t.token.clone())
    }
}

impl<'s> ScriptReader<'s> {
    /// A reader at the start of `source`.
    pub fn new(source: &'s str) -> Self {
        ScriptReader {
            origin: Origin {
                source,
                lines: LineIndex::new(source),
            },
            pos: 0,
            window: None,
            done: false,
        }
    }

    /// The script being read.
    pub fn source(&self) -> &'s str {
        self.origin.source
    }

    /// The next statement, `None` at the end of the script. `defines` holds
    /// the parameter values in force; `local define` / `local undefine`
    /// change it before they are returned. After an error the reader moves on
    /// to the next statement it can find (the next `;`, or a statement word
    /// that starts a line, or past the `end` of a PSQL block), so a caller
    /// that continues on error (`local on error continue`) can keep reading.
    pub fn next_statement(&mut self, defines: &mut Defines) -> Option<Result<Located<Statement>>> {
        loop {
            if self.done {
                return None;
            }
            let Some(window) = &mut self.window else {
                match skip_trivia(self.origin.source, self.pos) {
                    Ok(at) => self.pos = at,
                    Err(at) => {
                        self.done = true;
                        return Some(Err(Error::syntax(
                            "Unterminated /* comment",
                            self.origin.position(at),
                        )));
                    }
                }
                if self.pos >= self.origin.source.len() {
                    self.done = true;
                    return None;
                }
                if word_at(self.origin.source, self.pos, "local") {
                    return Some(self.read_local(defines));
                }
                self.open_window(defines);
                continue;
            };
            if window.defines != *defines {
                let i = window.skip_whitespace(window.next);
                self.pos = match window.tokens.get(i) {
                    Some(t) => window.expansion.original_start(window.offset(t.span.start)),
                    None => window.end,
                };
                if window.tokenize_error.is_none() || i < window.tokens.len() {
                    self.window = None;
                    continue;
                }
            }
            // Empty statements between semicolons are nothing.
            let mut i = window.skip_whitespace(window.next);
            while window.token(i) == Token::SemiColon {
                i = window.skip_whitespace(i + 1);
            }
            window.next = i;
            if i >= window.tokens.len() {
                let Some(window) = self.window.take() else {
                    continue;
                };
                if let Some(error) = window.tokenize_error {
                    self.done = true;
                    return Some(Err(error));
                }
                self.pos = window.end;
                continue;
            }
            let first = window.tokens[i].clone();
            if matches!(&first.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("local"))
            {
                // A `local` command the window did not end at: after a
                // comment on its line, or produced by a `${}` value.
                let at = window.offset(first.span.start);
                if window.expansion.is_from_value(at) {
                    let error = Error::syntax(
                        "A ${} value cannot hold a local command",
                        self.origin.position(window.expansion.original_start(at)),
                    );
                    self.resume(Recovery::NextStatement, i + 1, None);
                    return Some(Err(error));
                }
                self.pos = window.expansion.original_start(at);
                self.window = None;
                return Some(self.read_local(defines));
            }
            return Some(self.parse_statement_in_window());
        }
    }

    fn open_window(&mut self, defines: &Defines) {
        let end = next_local_command(self.origin.source, self.pos);
        let expansion = expand(&self.origin.source[self.pos..end], self.pos, defines);
        let lines = LineIndex::new(&expansion.text);
        let mut tokens = Vec::new();
        let error = Tokenizer::new(&DIALECT, &expansion.text)
            .tokenize_with_location_into_buf(&mut tokens)
            .err();
        let mut window = Window {
            tokens,
            next: 0,
            expansion,
            lines,
            end,
            tokenize_error: None,
            cut_short: true,
            defines: defines.clone(),
        };
        window.tokenize_error = error.map(|e| {
            let mut at = window.offset(e.location);
            let mut message = e.message;
            if message.contains("multi-line comment") {
                // Point at the comment's start, not at the end of the text.
                let after_last = window
                    .tokens
                    .last()
                    .map_or(0, |t| window.offset(t.span.end));
                if let Some(i) = window.expansion.text[after_last..].find("/*") {
                    at = after_last + i;
                }
                message = "Unterminated /* comment".to_string();
                window.cut_short = false;
            }
            Error::syntax(
                message,
                self.origin.position(window.expansion.original_start(at)),
            )
        });
        self.window = Some(window);
    }

    /// Parses the statement at the window's next token.
    fn parse_statement_in_window(&mut self) -> Result<Located<Statement>> {
        let Some(window) = &self.window else {
            return Err(Error::syntax(
                "Internal: no statement text",
                self.origin.position(self.pos),
            ));
        };
        let start = window.next;
        let start_offset = window.offset(window.tokens[start].span.start);
        let (mut result, mut consumed) = parse_chunked(window, &DIALECT);
        if result.is_err() && is_create_table(window, start) {
            // sqlparser accepts columns without a type (`create table t (a,
            // b)`, common in SQLite's own scripts) only for its SQLite
            // dialect; the tokens are ours, so `@alias` names still work.
            let (retry, retry_consumed) = parse_chunked(window, &SQLITE_DIALECT);
            if matches!(&retry, Ok(Statement::Sql(s)) if matches!(**s, sqlparser::ast::Statement::CreateTable(_)))
            {
                (result, consumed) = (retry, retry_consumed);
            }
        }

        let statement = match result {
            Ok(statement) => statement,
            Err((error, recovery)) => {
                // With a tokenizer error the statement may just be cut short.
                if let Some(tokenize_error) =
                    window.tokenize_error.as_ref().filter(|_| window.cut_short)
                {
                    if error.position.line == 0 || start + consumed >= window.tokens.len() {
                        let tokenize_error = tokenize_error.clone();
                        self.done = true;
                        return Err(tokenize_error);
                    }
                }
                let (error, at) = self.window_error(error, start_offset);
                let at = Location::new(at.line as u64, at.column as u64);
                self.resume(recovery, start + 1, Some(at));
                return Err(error);
            }
        };
        let Some(window) = self.window.as_mut() else {
            return Err(Error::syntax(
                "Internal: no statement text",
                self.origin.position(self.pos),
            ));
        };
        let end_index = start + consumed;
        window.next = end_index;
        let mut last = end_index.saturating_sub(1);
        while last > start && matches!(window.tokens[last].token, Token::Whitespace(_)) {
            last -= 1;
        }
        let end_offset = window.offset(window.tokens[last].span.end);
        let follow = window.skip_whitespace(end_index);
        let follow_token = window.token(follow);

        // What follows must end the statement.
        let ends = match &follow_token {
            Token::SemiColon | Token::EOF => true,
            Token::Word(w) => w.quote_style.is_none() && starts_statement(&w.value),
            _ => false,
        };
        if follow_token == Token::EOF && window.cut_short {
            if let Some(error) = window.tokenize_error.clone() {
                self.done = true;
                return Err(error);
            }
        }
        if !ends {
            let at = window.tokens[follow].span.start;
            let follow_offset = window.offset(at);
            let error = match window.expansion.problem_in(start_offset, follow_offset + 1) {
                Some(problem) => self.origin.problem_error(problem),
                None => {
                    let original = window.expansion.original_start(follow_offset);
                    Error::syntax(
                        format!(
                            "Expected end of statement, found: {}",
                            describe(&follow_token)
                        ),
                        self.origin.position(original),
                    )
                }
            };
            self.resume(Recovery::NextStatement, follow, None);
            return Err(error);
        }
        if let Some(problem) = window.expansion.problem_in(start_offset, end_offset) {
            return Err(self.origin.problem_error(problem));
        }
        let window = self.window.as_ref().expect("window is open");
        if let Statement::Sql(sql) = &statement {
            check_names(sql).map_err(|location| {
                let at = window.offset(location);
                Error::syntax(
                    "Invalid table name: expected [catalog.][schema.]table[@alias]",
                    self.origin.position(window.expansion.original_start(at)),
                )
            })?;
        }
        let original_start = window.expansion.original_start(start_offset);
        let original_end = window.expansion.original_end(end_offset);
        Ok(Located {
            node: statement,
            span: self
                .origin
                .lines
                .span(self.origin.source, original_start, original_end),
            sql: window.expansion.text[start_offset..end_offset].to_string(),
        })
    }

    /// Maps a parse error from window coordinates to the original script,
    /// preferring an undefined parameter between the statement's start and
    /// the error (the real cause). Also returns the window position.
    fn window_error(&self, error: Error, start_offset: usize) -> (Error, Position) {
        let Some(window) = &self.window else {
            return (error, Position::new(0, 0));
        };
        let mut error = error;
        let at_end = error.position.line == 0;
        let offset = if at_end {
            // No location: the parser ran out of text. Point just after the
            // last token, or at the `local` line that cut the window.
            if window.end < self.origin.source.len() {
                error.message = error
                    .message
                    .replace("found: end of script", "found: local");
                window.expansion.text.len()
            } else {
                let last = window
                    .tokens
                    .iter()
                    .rev()
                    .find(|t| !matches!(t.token, Token::Whitespace(_)));
                last.map_or(0, |t| window.offset(t.span.end))
            }
        } else {
            window.offset_of(error.position)
        };
        let window_position = window.lines.position(&window.expansion.text, offset);
        if let Some(problem) = window.expansion.problem_in(start_offset, offset + 1) {
            return (self.origin.problem_error(problem), window_position);
        }
        let original = if at_end && window.end < self.origin.source.len() {
            window.end
        } else {
            window.expansion.original_start(offset)
        };
        error.position = self.origin.position(original);
        (error, window_position)
    }

    /// Moves past a failed statement: see [`Recovery`]. `from` is the token
    /// index to search from; `after` skips tokens before a location.
    fn resume(&mut self, recovery: Recovery, from: usize, after: Option<Location>) {
        let Some(window) = self.window.take() else {
            return;
        };
        let mut i = from;
        if let Some(after) = after {
            while window.tokens.get(i).is_some_and(|t| {
                (t.span.start.line, t.span.start.column) < (after.line, after.column)
            }) {
                i += 1;
            }
        }
        let resume_at = match recovery {
            Recovery::NextStatement => next_statement_token(&window, i),
            Recovery::Block => block_end_token(&window, from.saturating_sub(1)),
        };
        self.pos = match resume_at {
            Some(offset) => window.expansion.original_start(offset),
            None => window.end,
        };
        if window.tokenize_error.is_some() && resume_at.is_none() {
            self.done = true;
        }
    }

    /// Reads the `local` command at `self.pos`, which runs to end of line.
    fn read_local(&mut self, defines: &mut Defines) -> Result<Located<Statement>> {
        let start = self.pos;
        let end = end_of_line(self.origin.source, start);
        self.pos = end;
        let line = self.origin.source[start..end].trim_end();
        let (command, sql) = if is_definition(line) {
            let command = parse_local(line).map_err(|(kind, message, at)| {
                Error::new(kind, message, self.origin.position(start + at))
            })?;
            (command, line.to_string())
        } else {
            let expansion = expand(line, start, defines);
            if let Some(problem) = expansion.problems.first() {
                return Err(self.origin.problem_error(problem));
            }
            let command = parse_local(&expansion.text).map_err(|(kind, message, at)| {
                Error::new(
                    kind,
                    message,
                    self.origin.position(expansion.original_start(at)),
                )
            })?;
            (command, expansion.text)
        };
        match &command {
            LocalCommand::Define { name, value } => defines.define_local(name, value),
            LocalCommand::Undefine { name } => defines.undefine_local(name),
            _ => {}
        }
        Ok(Located {
            node: Statement::Local(command),
            span: self
                .origin
                .lines
                .span(self.origin.source, start, start + line.len()),
            sql,
        })
    }
}

/// Parses one statement from the window's next token, handing sqlparser a
/// chunk of tokens that is grown until the statement clearly ends inside it.
/// Returns the result and the number of tokens consumed.
fn parse_chunked(
    window: &Window,
    dialect: &'static dyn Dialect,
) -> (std::result::Result<Statement, (Error, Recovery)>, usize) {
    let start = window.next;
    let mut chunk = FIRST_CHUNK;
    loop {
        let end = start.saturating_add(chunk).min(window.tokens.len());
        let complete = end == window.tokens.len();
        let mut parser =
            Parser::new(dialect).with_tokens_with_locations(window.tokens[start..end].to_vec());
        let result = parse_one(&mut parser, &window.expansion.text);
        let consumed = parser.index().min(end - start);
        let near_end = consumed + LOOKAHEAD_MARGIN >= end - start;
        if complete || (result.is_ok() && !near_end) {
            return (result, consumed);
        }
        // An error, or an end near the chunk's end, may be the chunk's doing.
        chunk = chunk.saturating_mul(4);
    }
}

/// Whether the statement at token `start` is `create [temp] table`.
fn is_create_table(window: &Window, start: usize) -> bool {
    let mut words = window.tokens[start..]
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .take(3)
        .map(|t| match &t.token {
            Token::Word(w) => w.value.to_ascii_lowercase(),
            _ => String::new(),
        });
    words.next().as_deref() == Some("create") && words.any(|w| w == "table")
}

/// Offset of the token a failed statement's successor starts at: after the
/// next `;`, or the next statement word that is first on its line.
fn next_statement_token(window: &Window, from: usize) -> Option<usize> {
    let mut previous_line = None;
    for i in from.saturating_sub(1)..window.tokens.len() {
        let token = &window.tokens[i];
        match &token.token {
            Token::Whitespace(_) => continue,
            Token::SemiColon if i >= from => return Some(window.offset(token.span.end)),
            Token::Word(w)
                if i >= from
                    && w.quote_style.is_none()
                    && starts_statement(&w.value)
                    && previous_line.is_none_or(|line| line < token.span.start.line) =>
            {
                return Some(window.offset(token.span.start));
            }
            _ => {}
        }
        previous_line = Some(token.span.end.line);
    }
    None
}

/// Offset just after the `end` (and `;`) closing the PSQL block that starts
/// at token `from`. `begin` and `case` open, `end` closes; `end if` and
/// `end loop` close constructs that were not counted.
fn block_end_token(window: &Window, from: usize) -> Option<usize> {
    let word = |i: usize| match window.tokens.get(i).map(|t| &t.token) {
        Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.to_ascii_lowercase()),
        _ => None,
    };
    let mut depth = 0usize;
    let mut seen_begin = false;
    let mut previous_line = None;
    let mut i = window.skip_whitespace(from);
    while i < window.tokens.len() {
        let line = window.tokens[i].span.start.line;
        // Without a `begin` (`create function f return number`), the next
        // statement word that starts a line ends the failed statement.
        if !seen_begin && i > from && previous_line.is_some_and(|p| p < line) {
            if let Some(w) = word(i) {
                if starts_statement(&w) && !matches!(w.as_str(), "begin" | "declare") {
                    return Some(window.offset(window.tokens[i].span.start));
                }
            }
        }
        previous_line = Some(window.tokens[i].span.end.line);
        match word(i).as_deref() {
            Some("begin") => {
                seen_begin = true;
                depth += 1;
            }
            Some("case") => depth += 1,
            Some("end") => {
                let after = window.skip_whitespace(i + 1);
                match word(after).as_deref() {
                    Some("if" | "loop") => {
                        i = after;
                    }
                    Some("case") => {
                        depth = depth.saturating_sub(1);
                        i = after;
                    }
                    _ => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            let mut last = i;
                            if window.token(after) == Token::SemiColon {
                                last = after;
                            }
                            return Some(window.offset(window.tokens[last].span.end));
                        }
                    }
                }
            }
            _ => {}
        }
        i = window.skip_whitespace(i + 1);
    }
    None
}

/// Every table name in the statement must split into its parts; the
/// location of the first that does not.
fn check_names(statement: &sqlparser::ast::Statement) -> std::result::Result<(), Location> {
    let flow = visit_relations(statement, |name| {
        if TableName::from_object_name(name).is_some() {
            return ControlFlow::Continue(());
        }
        let location = name
            .0
            .iter()
            .find_map(|part| part.as_ident().map(|i| i.span.start))
            .unwrap_or(Location::new(1, 1));
        ControlFlow::Break(location)
    });
    match flow {
        ControlFlow::Break(location) => Err(location),
        ControlFlow::Continue(()) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(script: &str, defines: &mut Defines) -> Vec<String> {
        let mut reader = ScriptReader::new(script);
        let mut out = Vec::new();
        while let Some(result) = reader.next_statement(defines) {
            out.push(match result {
                Ok(s) => s.node.to_string(),
                Err(e) => format!("error {} {}", e.position, e.message),
            });
        }
        out
    }

    #[test]
    fn the_reader_can_cross_threads() {
        fn send<T: Send>() {}
        send::<ScriptReader<'static>>();
        send::<Located<Statement>>();
    }

    #[test]
    fn statements_are_yielded_before_later_text_is_read() {
        // The engine may change defines between statements, as a GUI prompt
        // would: the next statement sees the new value.
        let script = "select 1\nuse ${C}\nuse ${C}";
        let mut reader = ScriptReader::new(script);
        let mut defines = Defines::new();
        assert_eq!(
            reader
                .next_statement(&mut defines)
                .unwrap()
                .unwrap()
                .node
                .to_string(),
            "SELECT 1"
        );
        defines.set("c", "5");
        assert_eq!(
            reader
                .next_statement(&mut defines)
                .unwrap()
                .unwrap()
                .node
                .to_string(),
            "USE 5"
        );
        assert!(reader.next_statement(&mut defines).unwrap().is_ok());
        assert!(reader.next_statement(&mut defines).is_none());
    }

    #[test]
    fn a_local_define_changes_what_follows() {
        let mut defines = Defines::new();
        let out = read(
            "local define X \"1\"\nuse ${X}\nlocal define X \"2\"\nuse ${X}",
            &mut defines,
        );
        assert_eq!(
            out,
            [
                "LOCAL DEFINE X \"1\"",
                "USE 1",
                "LOCAL DEFINE X \"2\"",
                "USE 2"
            ]
        );
        assert_eq!(defines.get("x"), Some("2"));
    }

    #[test]
    fn splitting_follows_the_parser() {
        let mut defines = Defines::new();
        assert_eq!(
            read(
                "select a from t\nuse 1 select 2; set x 1 sync a to b with insert identified by k",
                &mut defines
            ),
            [
                "SELECT a FROM t",
                "USE 1",
                "SELECT 2",
                "SET x 1",
                "SYNCHRONIZE b FROM a WITH INSERT IDENTIFIED BY k"
            ]
        );
    }

    #[test]
    fn recovery_continues_at_the_next_statement() {
        let mut defines = Defines::new();
        assert_eq!(
            read(
                "select from where\n  and more\nselect 2; select (; select 3",
                &mut defines
            ),
            [
                // sqlparser names the token before the one it points at.
                "error 1:13 Expected an expression, found: from",
                "SELECT 2",
                "error 3:19 Expected: an expression, found: ;",
                "SELECT 3"
            ]
        );
    }

    #[test]
    fn long_statements_grow_the_chunk() {
        let columns: Vec<String> = (0..3000).map(|i| format!("c{i}")).collect();
        let script = format!("select {}\nfrom t\nuse 1", columns.join(", "));
        let mut defines = Defines::new();
        let out = read(&script, &mut defines);
        assert_eq!(out.len(), 2, "{:?}", &out[..1]);
        assert!(out[0].ends_with("c2999 FROM t"));
        assert_eq!(out[1], "USE 1");
    }
}
