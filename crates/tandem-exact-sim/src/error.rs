//! The crate's one error type.
//!
//! Only starting and stopping the simulator can fail for its caller; wire
//! errors are HTTP responses, not Rust errors, because the point of the
//! simulator is to answer bad requests the way Exact Online does.

use std::path::PathBuf;

/// Why the simulator could not start or save its state.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The TLS certificate or key could not be loaded or generated.
    #[error("TLS setup failed: {0}")]
    Tls(String),
    /// The state file could not be read or written.
    #[error("state file {path}: {reason}")]
    State {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A setting is out of range.
    #[error("invalid setting: {0}")]
    Config(String),
}

/// Result with the crate's error.
pub type Result<T> = std::result::Result<T, Error>;
