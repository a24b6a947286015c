//! Tandem's engine: the one place where Tandem's behaviour lives.
//!
//! The desktop app, the `tandem` command and the tests are three faces of this
//! crate. A [`Session`] will own one SQLite connection (in-memory tables and
//! result sets), the active companies, and the providers it reads from and
//! writes to; every capability of the GUI is an engine call first, so that it
//! can be tested headless and scripted from the command line.
//!
//! This crate must not depend on Tauri or on anything that needs a display:
//! the shell in `src-tauri/` adapts engine calls to IPC, never the other way
//! round.
#![deny(missing_docs)]

mod connection;
mod session;

pub use connection::{ConnectionState, Country};
pub use session::{AppInfo, Session};

/// The engine's version, as shown in the app's status bar and `tandem --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
