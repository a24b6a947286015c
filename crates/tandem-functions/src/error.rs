//! Why a function call failed.
//!
//! A function's error travels through SQLite as text only, so every message
//! names the function and the offending value or format: that text is all
//! the user sees next to the statement.

/// Why a call of one of our SQL functions failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// The format model (or truncation unit) cannot be read.
    #[error("{function}: {reason} in format '{format}'")]
    Format {
        function: &'static str,
        format: String,
        reason: String,
    },
    /// An argument's value does not fit what the function expects.
    #[error("{function}: '{value}' {reason}")]
    Value {
        function: &'static str,
        value: String,
        reason: String,
    },
    /// A regular expression or its flags do not compile.
    #[error("{function}: invalid regular expression '{pattern}': {reason}")]
    Pattern {
        function: &'static str,
        pattern: String,
        reason: String,
    },
    /// SQLite refused a request made on the call's behalf.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    pub(crate) fn format(function: &'static str, format: &str, reason: impl Into<String>) -> Error {
        Error::Format {
            function,
            format: format.to_owned(),
            reason: reason.into(),
        }
    }

    pub(crate) fn value(function: &'static str, value: &str, reason: impl Into<String>) -> Error {
        Error::Value {
            function,
            value: value.to_owned(),
            reason: reason.into(),
        }
    }
}

impl From<Error> for rusqlite::Error {
    fn from(err: Error) -> rusqlite::Error {
        match err {
            Error::Sqlite(inner) => inner,
            other => rusqlite::Error::UserFunctionError(Box::new(other)),
        }
    }
}

/// The result of one function call.
pub(crate) type Result<T> = std::result::Result<T, Error>;
