//! The engine's one error type.
//!
//! Every failure says what went wrong and where: a position in the original
//! script when the failure belongs to a statement, the company when one of
//! many failed, the table when a name did not resolve. The kind lets the CLI
//! pick an exit code and the GUI decide whether to offer a retry, without
//! matching on message text. Messages never carry row contents or secrets.

use tandem_sql::Position;

/// What went wrong, for callers that act on the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The script text is not valid (syntax, undefined `${NAME}`, ...).
    Syntax,
    /// Valid Invantive SQL that Tandem does not support yet.
    NotSupported,
    /// A table or container name that does not resolve (or resolves twice).
    Name,
    /// SQLite refused the statement (unknown column, type error, ...).
    Sql,
    /// A `use` named companies that cannot be used.
    Partition,
    /// A provider (Exact Online) call failed.
    Provider,
    /// The user cancelled.
    Cancelled,
    /// Reading or writing a file failed.
    Io,
    /// Logging in or connecting failed.
    Connection,
    /// A broken invariant in the engine.
    Bug,
}

/// Why a login did not complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoginProblem {
    /// The user refused Tandem access on the consent page.
    Denied,
    /// The browser did not come back in time.
    TimedOut,
    /// The saved login is gone or expired: log in again.
    Required,
    /// Anything else (no browser, a refused code, no registration).
    Failed,
}

/// A failure, with where it happened when it belongs to a statement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The script reader refused the text (syntax, undefined parameter, not
    /// supported); carries its own position.
    #[error("{0}")]
    Script(tandem_sql::Error),
    /// A table name that no data container has.
    #[error("{}Unknown table {name}{}", at(position), hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    UnknownTable {
        /// The name as written.
        name: String,
        /// Where it is written.
        position: Option<Position>,
        /// A nudge (e.g. which containers exist).
        hint: Option<String>,
    },
    /// A bare name that more than one data container has.
    #[error("{}Table name {name} is ambiguous; use one of: {}", at(position), candidates.join(", "))]
    AmbiguousTable {
        /// The name as written.
        name: String,
        /// The full names it could mean.
        candidates: Vec<String>,
        /// Where it is written.
        position: Option<Position>,
    },
    /// SQLite refused or failed the statement.
    #[error("{}{message}", at(position))]
    Sql {
        /// SQLite's message (e.g. `no such column: act.nme`).
        message: String,
        /// The statement's position.
        position: Option<Position>,
    },
    /// A `use` that cannot be honoured.
    #[error("{}{message}", at(position))]
    Partition {
        /// What is wrong, naming the companies.
        message: String,
        /// The statement's position.
        position: Option<Position>,
    },
    /// A provider call failed.
    #[error("{}{}{message}", at(position), partition.map(|p| format!("company {p}: ")).unwrap_or_default())]
    Provider {
        /// The provider's message.
        message: String,
        /// The company whose call failed, when there is one.
        partition: Option<i64>,
        /// The statement's position.
        position: Option<Position>,
    },
    /// A feature the engine does not have yet.
    #[error("{}{what} is not supported by Tandem yet", at(position))]
    NotSupported {
        /// The feature.
        what: String,
        /// Where it is used.
        position: Option<Position>,
    },
    /// The run was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
    /// Logging in or connecting failed.
    #[error("{0}")]
    Connection(String),
    /// A login did not complete, for a reason the window acts on (offer the
    /// login again, say the consent was refused, ...).
    #[error("{message}")]
    Login {
        /// What happened, in words for the user.
        message: String,
        /// Why.
        problem: LoginProblem,
    },
    /// The script holds no statement (it is empty, or only comments).
    #[error("there is nothing to run: the script is empty or holds only comments")]
    NothingToRun,
    /// A broken invariant.
    #[error("internal error: {0}")]
    Bug(String),
}

fn at(position: &Option<Position>) -> String {
    position
        .map(|p| format!("line {}, column {}: ", p.line, p.column))
        .unwrap_or_default()
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Script(e) => match e.kind {
                tandem_sql::ErrorKind::NotSupported => ErrorKind::NotSupported,
                _ => ErrorKind::Syntax,
            },
            Error::UnknownTable { .. } | Error::AmbiguousTable { .. } => ErrorKind::Name,
            Error::Sql { .. } => ErrorKind::Sql,
            Error::Partition { .. } => ErrorKind::Partition,
            Error::Provider { .. } => ErrorKind::Provider,
            Error::NotSupported { .. } => ErrorKind::NotSupported,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Io(_) => ErrorKind::Io,
            Error::Connection(_) | Error::Login { .. } => ErrorKind::Connection,
            Error::NothingToRun => ErrorKind::Syntax,
            Error::Bug(_) => ErrorKind::Bug,
        }
    }

    /// Where in the script the failure is, if it belongs to a statement.
    pub fn position(&self) -> Option<Position> {
        match self {
            Error::Script(e) => Some(e.position),
            Error::UnknownTable { position, .. }
            | Error::AmbiguousTable { position, .. }
            | Error::Sql { position, .. }
            | Error::Partition { position, .. }
            | Error::Provider { position, .. }
            | Error::NotSupported { position, .. } => *position,
            _ => None,
        }
    }

    /// The error as a user reads it: the message, and when it has a
    /// position, the script line with a caret under the column.
    pub fn render(&self, source: &str) -> String {
        match self.position() {
            Some(p) => {
                let line = source.lines().nth(p.line.saturating_sub(1)).unwrap_or("");
                let pad: String = line
                    .chars()
                    .take(p.column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                format!("{self}\n{line}\n{pad}^")
            }
            None => self.to_string(),
        }
    }

    /// Gives a statement-level error the statement's position when it has
    /// none of its own.
    pub(crate) fn at(mut self, statement: Position) -> Error {
        match &mut self {
            Error::UnknownTable { position, .. }
            | Error::AmbiguousTable { position, .. }
            | Error::Sql { position, .. }
            | Error::Partition { position, .. }
            | Error::Provider { position, .. }
            | Error::NotSupported { position, .. } => {
                position.get_or_insert(statement);
            }
            _ => {}
        }
        self
    }

    pub(crate) fn sql(e: rusqlite::Error) -> Error {
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if f.code == rusqlite::ErrorCode::OperationInterrupted {
                return Error::Cancelled;
            }
        }
        let message = match e {
            rusqlite::Error::SqliteFailure(_, Some(m)) => m,
            rusqlite::Error::SqlInputError { msg, .. } => msg,
            other => other.to_string(),
        };
        Error::Sql {
            message,
            position: None,
        }
    }

    pub(crate) fn not_supported(what: impl Into<String>) -> Error {
        Error::NotSupported {
            what: what.into(),
            position: None,
        }
    }
}

impl From<tandem_sql::Error> for Error {
    fn from(e: tandem_sql::Error) -> Self {
        Error::Script(e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::sql(e)
    }
}
