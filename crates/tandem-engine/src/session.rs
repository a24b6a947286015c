//! The session: the state one window (or one CLI run) works in.
//!
//! It owns one SQLite connection — the in-memory store `@inmemorystorage`,
//! the temporary tables cloud rows are read into, and the result sets — the
//! providers by alias (`eol` is the first Exact Online login), the active
//! partitions and the session settings. Scripts run against it statement by
//! statement (see `script`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::provider::{PartitionInfo, Provider};
use crate::resolve::Names;
use crate::results::ResultSetInfo;
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

/// A partition the following statements read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivePartition {
    /// The provider's alias (`eol`).
    pub alias: String,
    /// The company code.
    #[ts(type = "number")]
    pub code: i64,
    /// The company's name.
    pub name: String,
}

/// One working session.
pub struct Session {
    pub(crate) connection: ConnectionState,
    pub(crate) db: rusqlite::Connection,
    pub(crate) interrupt: Arc<rusqlite::InterruptHandle>,
    pub(crate) providers: Vec<Arc<dyn Provider>>,
    /// Active partitions: (provider index, code).
    pub(crate) active: Vec<(usize, i64)>,
    /// Partitions each provider's login may use, read once.
    pub(crate) accessible: HashMap<usize, Vec<PartitionInfo>>,
    pub(crate) settings: BTreeMap<String, String>,
    pub(crate) results: Vec<ResultSetInfo>,
    pub(crate) counter: u64,
    /// Keeps the demo simulator running as long as the session.
    pub(crate) demo: Option<tandem_exact_sim::Simulator>,
    /// The app database runs are recorded in (see `history`).
    pub(crate) store: Option<tandem_store::Store>,
    /// The folder the app database is in (the demo keeps its data there).
    pub(crate) data_dir: Option<std::path::PathBuf>,
    /// What synchronize may do without asking.
    pub(crate) sync_policy: crate::sync::SyncPolicy,
    /// Who approves a synchronize's plan before it writes.
    pub(crate) sync_approval: Option<Arc<dyn crate::sync::SyncApproval>>,
    /// Rows synchronize skipped under `continue on first N errors` in the
    /// current run.
    pub(crate) sync_row_errors: u64,
    /// Companies besides the source company in a new demo dataset
    /// (the simulator's default when `None`); see [`Session::set_demo_companies`].
    pub(crate) demo_companies: Option<usize>,
    /// How much of the runs' results is kept for the history.
    pub(crate) keep_results: crate::kept_results::KeepResults,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("connection", &self.connection)
            .field(
                "providers",
                &self.providers.iter().map(|p| p.alias()).collect::<Vec<_>>(),
            )
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Starts a session on the given connection, without providers yet
    /// (see [`Session::connect`]).
    pub fn new(connection: ConnectionState) -> Self {
        // An in-memory database fails to open only when memory is exhausted.
        let db =
            rusqlite::Connection::open_in_memory().expect("SQLite opens an in-memory database");
        // Registering functions fails only when memory is exhausted as well.
        tandem_functions::register(&db).expect("SQL functions register on a new connection");
        Session::with_database(connection, db)
    }

    fn with_database(connection: ConnectionState, db: rusqlite::Connection) -> Self {
        let interrupt = Arc::new(db.get_interrupt_handle());
        Session {
            connection,
            db,
            interrupt,
            providers: Vec::new(),
            active: Vec::new(),
            accessible: HashMap::new(),
            settings: BTreeMap::new(),
            results: Vec::new(),
            counter: 0,
            demo: None,
            store: None,
            data_dir: None,
            sync_policy: Default::default(),
            sync_approval: None,
            sync_row_errors: 0,
            demo_companies: None,
            keep_results: crate::kept_results::KeepResults::default(),
        }
    }

    /// How many companies besides the source company a demo started from
    /// scratch gets (a demo with saved data keeps its own). For tests of
    /// many companies; the simulator's default otherwise.
    pub fn set_demo_companies(&mut self, companies: usize) {
        self.demo_companies = Some(companies);
    }

    /// Adds a provider (its alias names it in SQL) and, for the first one,
    /// makes the login's current company the active partition.
    pub async fn connect(&mut self, provider: Arc<dyn Provider>) -> Result<()> {
        if self
            .providers
            .iter()
            .any(|p| p.alias().eq_ignore_ascii_case(provider.alias()))
        {
            return Err(Error::Connection(format!(
                "a data container named @{} is already connected",
                provider.alias()
            )));
        }
        let index = self.providers.len();
        self.providers.push(provider);
        let partitions = self.accessible(index).await?;
        if self.active.is_empty() {
            let current = partitions
                .iter()
                .find(|p| p.current)
                .or_else(|| partitions.first());
            if let Some(p) = current {
                self.active.push((index, p.code));
            }
        }
        Ok(())
    }

    /// Who runs the statements, for the run log: the operating system's user.
    pub(crate) fn user_name(&self) -> String {
        crate::os_user::user_name()
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

    /// The partitions statements read now.
    pub fn active_partitions(&self) -> Vec<ActivePartition> {
        self.active
            .iter()
            .map(|(p, code)| ActivePartition {
                alias: self.providers[*p].alias().to_string(),
                code: *code,
                name: self
                    .accessible
                    .get(p)
                    .and_then(|all| all.iter().find(|i| i.code == *code))
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// The providers, in connection order.
    pub fn providers(&self) -> &[Arc<dyn Provider>] {
        &self.providers
    }

    /// The demo simulator, when the session runs in demo mode.
    pub fn simulator(&self) -> Option<&tandem_exact_sim::Simulator> {
        self.demo.as_ref()
    }

    /// The partitions a provider's login may use (read once per session).
    pub(crate) async fn accessible(&mut self, provider: usize) -> Result<Vec<PartitionInfo>> {
        if let Some(p) = self.accessible.get(&provider) {
            return Ok(p.clone());
        }
        let list = self.providers[provider]
            .partitions()
            .await
            .map_err(|e| Error::Provider {
                message: format!("cannot list the companies: {}", e.message),
                partition: None,
                position: None,
            })?;
        self.accessible.insert(provider, list.clone());
        Ok(list)
    }

    /// Names of the in-memory tables and views, as SQLite holds them.
    pub(crate) fn memory_tables(&self) -> Result<Vec<String>> {
        let mut stmt = self.db.prepare(
            "SELECT name FROM main.sqlite_master WHERE type IN ('table', 'view') ORDER BY name",
        )?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(names)
    }

    /// The names the next statement may use.
    pub(crate) fn names(&self) -> Result<Names<'_>> {
        Ok(Names {
            memory: self.memory_tables()?,
            providers: self
                .providers
                .iter()
                .map(|p| (p.alias(), p.tables()))
                .collect(),
        })
    }

    /// Whether LIKE may be pushed to each provider: its capability, unless
    /// the session setting `like-pushdown` is false.
    pub(crate) fn capabilities(&self) -> Vec<crate::provider::Capabilities> {
        let off = self
            .settings
            .get("like-pushdown")
            .is_some_and(|v| v.eq_ignore_ascii_case("false"));
        self.providers
            .iter()
            .map(|p| {
                let mut c = p.capabilities();
                if off {
                    c.case_insensitive_text_matching = false;
                }
                c
            })
            .collect()
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
