//! Counting every call per (company, endpoint): calls, rows, bytes, time,
//! errors and the limits last reported — what a run cost, for the engine's
//! `sessionios` table and for showing a run's price.

use crate::rate::LimitSnapshot;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;
use ts_rs::TS;

/// The usage of one endpoint in one company.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct EndpointUsage {
    /// Company (0 for calls without one, such as `current/Me`).
    #[ts(type = "number")]
    pub division: i64,
    /// Endpoint path, e.g. `bulk/CRM/Accounts`.
    pub endpoint: String,
    /// HTTP calls made (retries included).
    #[ts(type = "number")]
    pub calls: u64,
    /// Rows received or sent.
    #[ts(type = "number")]
    pub rows: u64,
    /// Bytes received.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Time spent waiting for answers, ms.
    #[ts(type = "number")]
    pub millis: u64,
    /// Answers that were errors.
    #[ts(type = "number")]
    pub errors: u64,
    /// The limits as last reported.
    pub limits: LimitSnapshot,
}

/// The counters of one client.
#[derive(Debug, Default)]
pub(crate) struct Usage {
    map: Mutex<BTreeMap<(i64, String), EndpointUsage>>,
}

/// One call's figures.
pub(crate) struct CallFigures<'a> {
    pub(crate) division: i64,
    pub(crate) endpoint: &'a str,
    pub(crate) rows: u64,
    pub(crate) bytes: u64,
    pub(crate) elapsed: Duration,
    pub(crate) error: bool,
    pub(crate) limits: &'a LimitSnapshot,
}

impl Usage {
    pub(crate) fn record(&self, c: CallFigures<'_>) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let e = map
            .entry((c.division, c.endpoint.to_string()))
            .or_insert_with(|| EndpointUsage {
                division: c.division,
                endpoint: c.endpoint.to_string(),
                ..EndpointUsage::default()
            });
        e.calls += 1;
        e.rows += c.rows;
        e.bytes += c.bytes;
        e.millis += c.elapsed.as_millis() as u64;
        e.errors += u64::from(c.error);
        if !c.limits.is_empty() {
            e.limits = *c.limits;
        }
    }

    /// Adds rows to the last figures of an endpoint (rows are counted after
    /// parsing).
    pub(crate) fn add_rows(&self, division: i64, endpoint: &str, rows: u64) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = map.get_mut(&(division, endpoint.to_string())) {
            e.rows += rows;
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<EndpointUsage> {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect()
    }
}
