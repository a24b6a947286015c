//! The hourly error budget: more than 10 answers of 400, 401, 403 or 404 per
//! app, user, company and endpoint within a clock hour block that
//! combination for an hour. A sync engine that retries blindly burns this,
//! so the simulator enforces it.

use std::collections::HashMap;

/// Errors allowed per combination and hour before it is blocked.
pub(crate) const ERRORS_PER_HOUR: u32 = 10;
const HOUR_MS: i64 = 3_600_000;

/// (client id, user id, division, endpoint).
pub(crate) type Key = (String, String, i64, String);

#[derive(Debug, Default)]
struct Entry {
    hour: i64,
    errors: u32,
    blocked_until: Option<i64>,
}

/// Error counts and blocks.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    entries: HashMap<Key, Entry>,
}

impl Budget {
    /// Until when a combination is blocked, if it is.
    pub(crate) fn blocked_until(&self, key: &Key, now_ms: i64) -> Option<i64> {
        self.entries
            .get(key)
            .and_then(|e| e.blocked_until)
            .filter(|until| *until > now_ms)
    }

    /// Counts an error answer; the eleventh in an hour starts the block.
    pub(crate) fn record(&mut self, key: Key, now_ms: i64) {
        let hour = now_ms.div_euclid(HOUR_MS);
        let e = self.entries.entry(key).or_default();
        if e.hour != hour {
            e.hour = hour;
            e.errors = 0;
        }
        e.errors += 1;
        if e.errors > ERRORS_PER_HOUR {
            e.blocked_until = Some(now_ms + HOUR_MS);
        }
    }

    /// How many combinations are blocked now.
    pub(crate) fn blocked_count(&self, now_ms: i64) -> usize {
        self.entries
            .values()
            .filter(|e| e.blocked_until.is_some_and(|u| u > now_ms))
            .count()
    }
}
