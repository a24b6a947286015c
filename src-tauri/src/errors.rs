//! Engine errors as the window receives them: a [`CommandError`] whose kind
//! the views act on (offer the login again, show the folder that could not
//! be written), and a [`ScriptError`] placed in the script for the editor.

use tandem_engine::{Error, ErrorKind, LoginProblem};

use crate::ipc::{CommandError, ScriptError};

/// The kind a view acts on, for a failed command.
pub fn command_error(e: Error) -> CommandError {
    let kind = match &e {
        Error::Login { problem, .. } => match problem {
            LoginProblem::Denied => "loginDenied",
            LoginProblem::TimedOut => "loginTimeout",
            LoginProblem::Required => "loginRequired",
            LoginProblem::Failed => "engine",
        },
        Error::Connection(_) => "notConnected",
        Error::Io(_) => "io",
        Error::Cancelled => "cancelled",
        _ => "engine",
    };
    CommandError {
        message: e.to_string(),
        kind: kind.into(),
    }
}

/// A run's error, with its place in the script when it has one.
pub fn script_error(e: &Error) -> ScriptError {
    let position = e.position();
    let text = e.to_string();
    // The engine's text starts with "line L, column C: " when the error has a
    // position. The position travels in its own fields, and the editor shows
    // it counted from the top of the document (which differs when only a
    // selection ran), so the message leaves it out rather than say it twice.
    let message = position
        .and_then(|p| {
            text.strip_prefix(&format!("line {}, column {}: ", p.line, p.column))
                .map(str::to_owned)
        })
        .unwrap_or(text);
    ScriptError {
        message,
        kind: kind_name(e.kind()).into(),
        line: position.map(|p| p.line as u32),
        column: position.map(|p| p.column as u32),
    }
}

fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Syntax => "syntax",
        ErrorKind::NotSupported => "notSupported",
        ErrorKind::Name => "name",
        ErrorKind::Sql => "sql",
        ErrorKind::Partition => "partition",
        ErrorKind::Provider => "provider",
        ErrorKind::Cancelled => "cancelled",
        ErrorKind::Io => "io",
        ErrorKind::Connection => "connection",
        ErrorKind::Bug => "bug",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(problem: LoginProblem) -> Error {
        Error::Login {
            message: "m".into(),
            problem,
        }
    }

    #[test]
    fn login_problems_get_their_own_kinds() {
        assert_eq!(
            command_error(login(LoginProblem::Denied)).kind,
            "loginDenied"
        );
        assert_eq!(
            command_error(login(LoginProblem::TimedOut)).kind,
            "loginTimeout"
        );
        assert_eq!(
            command_error(login(LoginProblem::Required)).kind,
            "loginRequired"
        );
        assert_eq!(command_error(login(LoginProblem::Failed)).kind, "engine");
    }

    #[test]
    fn other_errors_keep_their_message() {
        let e = command_error(Error::Io("cannot write /ro/result-1.csv: denied".into()));
        assert_eq!(e.kind, "io");
        assert_eq!(e.message, "cannot write /ro/result-1.csv: denied");
        assert_eq!(
            command_error(Error::Connection("x".into())).kind,
            "notConnected"
        );
        assert_eq!(command_error(Error::Cancelled).kind, "cancelled");
        assert_eq!(command_error(Error::Bug("x".into())).kind, "engine");
    }

    #[test]
    fn script_errors_carry_their_position() {
        let e = Error::Sql {
            message: "no such column: nme".into(),
            position: Some(tandem_engine::Position { line: 3, column: 8 }),
        };
        let s = script_error(&e);
        assert_eq!((s.line, s.column), (Some(3), Some(8)));
        assert_eq!(s.kind, "sql");
        assert_eq!(
            s.message, "no such column: nme",
            "the position is not said twice"
        );
        let s = script_error(&Error::NothingToRun);
        assert_eq!((s.line, s.column), (None, None));
        assert_eq!(s.kind, "syntax");
        assert!(s.message.contains("nothing to run"), "{}", s.message);
    }
}
