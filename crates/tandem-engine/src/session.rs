//! The session: the state one window (or one CLI run) works in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ConnectionState;

/// What the app shows about the engine it runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    /// The engine's version.
    pub engine_version: String,
    /// The SQLite library the engine runs queries on.
    pub sqlite_version: String,
    /// What the session is connected to.
    pub connection: ConnectionState,
    /// The connection in words, as the status bar shows it.
    pub connection_label: String,
}

/// One working session: a connection and, later, the in-memory store, the
/// active companies and the result sets.
#[derive(Debug)]
pub struct Session {
    connection: ConnectionState,
}

impl Session {
    /// Starts a session on the given connection.
    pub fn new(connection: ConnectionState) -> Self {
        Session { connection }
    }

    /// What the session is connected to.
    pub fn connection(&self) -> &ConnectionState {
        &self.connection
    }

    /// Versions and connection, for the status bar and `tandem --version`.
    pub fn info(&self) -> AppInfo {
        AppInfo {
            engine_version: crate::VERSION.to_owned(),
            sqlite_version: rusqlite::version().to_owned(),
            connection: self.connection.clone(),
            connection_label: self.connection.label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_reports_versions_and_connection() {
        let info = Session::new(ConnectionState::Demo).info();
        assert_eq!(info.engine_version, env!("CARGO_PKG_VERSION"));
        assert!(
            info.sqlite_version.starts_with("3."),
            "{}",
            info.sqlite_version
        );
        assert_eq!(info.connection, ConnectionState::Demo);
        assert_eq!(info.connection_label, "Demo data");
    }
}
