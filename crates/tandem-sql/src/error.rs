//! The crate's one error type.
//!
//! Every failure a user can cause — a syntax error, an undefined `${NAME}`,
//! an Invantive feature Tandem lacks — is an `Error` with a kind (so the
//! engine and GUI can act on it without matching strings), a message, and a
//! position in the original script, already mapped back through `${}`
//! expansion. `render` shows it the way compilers do: message, line, caret.

use crate::span::{LineIndex, Position};

/// What went wrong, for callers that act on the kind of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text is not valid in the dialect.
    Syntax,
    /// A `${NAME}` has no value; the GUI may ask the user for one.
    UndefinedParameter,
    /// `${NAME}` values refer to each other in a cycle, or expand too far.
    ParameterCycle,
    /// Valid Invantive SQL that Tandem does not support yet.
    NotSupported,
}

/// A failure with its position in the original script text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {}, column {}: {message}", position.line, position.column)]
pub struct Error {
    /// The kind of failure.
    pub kind: ErrorKind,
    /// What went wrong, for the user.
    pub message: String,
    /// Where, in the original script (a position inside an expanded `${}`
    /// value points at that `${`).
    pub position: Position,
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind` at `position` (the engine's checks before a run
    /// use it, so their errors are placed in the script like the parser's).
    pub fn new(kind: ErrorKind, message: impl Into<String>, position: Position) -> Self {
        Error {
            kind,
            message: message.into(),
            position,
        }
    }

    pub(crate) fn syntax(message: impl Into<String>, position: Position) -> Self {
        Error::new(ErrorKind::Syntax, message, position)
    }

    pub(crate) fn not_supported(what: impl std::fmt::Display, position: Position) -> Self {
        Error::new(
            ErrorKind::NotSupported,
            format!("{what} is not supported by Tandem yet"),
            position,
        )
    }

    /// The error as a user reads it: `line N, column M: message`, then the
    /// source line and a caret under the column. Tabs before the column are
    /// kept so the caret lines up in a terminal.
    pub fn render(&self, source: &str) -> String {
        let index = LineIndex::new(source);
        let line = index.line_text(source, self.position.line);
        let pad: String = line
            .chars()
            .take(self.position.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!("{self}\n{line}\n{pad}^")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_puts_a_caret_under_the_column() {
        let error = Error::syntax("Unexpected x", Position::new(2, 5));
        assert_eq!(
            error.render("select 1\n\tab x\n"),
            "line 2, column 5: Unexpected x\n\tab x\n\t   ^"
        );
    }
}
