//! API calls used and left, for the status bar: the budget that matters is
//! the smallest one among the companies the next statement reads, since
//! that company is the one that will make a run wait or stop.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::session::Session;

/// API calls used and left, for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Usage {
    /// Calls this session made.
    #[ts(type = "number")]
    pub calls: u64,
    /// The lowest remaining minutely budget over the active companies.
    #[ts(type = "number | null")]
    pub minutely_remaining: Option<u64>,
    /// The lowest remaining daily budget over the active companies.
    #[ts(type = "number | null")]
    pub daily_remaining: Option<u64>,
}

impl Session {
    /// Calls made, and the lowest budgets the service last reported for the
    /// active companies (`None` until it reported one).
    pub fn usage(&self) -> Usage {
        let mut usage = Usage {
            calls: self.api_calls(),
            ..Usage::default()
        };
        for (index, provider) in self.providers.iter().enumerate() {
            for row in provider.usage() {
                if !self.active.contains(&(index, row.partition)) {
                    continue;
                }
                if let Some(m) = row.minutely_remaining {
                    usage.minutely_remaining =
                        Some(usage.minutely_remaining.map_or(m, |u| u.min(m)));
                }
                if let Some(d) = row.daily_remaining {
                    usage.daily_remaining = Some(usage.daily_remaining.map_or(d, |u| u.min(d)));
                }
            }
        }
        usage
    }
}
