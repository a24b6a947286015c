//! Why the harness could not do what a test asked.

/// A failure of the harness or of the app under test.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A program the harness needs could not be started.
    #[error("cannot start {program}: {source} (run `make test`, which installs it)")]
    Spawn {
        /// The program.
        program: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The app binary is not built.
    #[error("the app binary {0} does not exist; build it with `make app` (make test does)")]
    MissingApp(String),
    /// A WebDriver request failed or was answered with an error.
    #[error("WebDriver {command}: {message}")]
    WebDriver {
        /// The command that failed.
        command: String,
        /// The driver's message.
        message: String,
    },
    /// A condition the test waited for did not come true in time.
    #[error("timed out after {seconds:.1} s waiting for {what}")]
    Timeout {
        /// What was awaited.
        what: String,
        /// How long the harness waited.
        seconds: f64,
    },
    /// Reading or writing an artifact failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The harness's result type.
pub type Result<T> = std::result::Result<T, Error>;
