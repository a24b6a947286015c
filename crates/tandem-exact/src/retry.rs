//! Retrying as a policy over error kinds: transient failures back off
//! exponentially with jitter, 429s wait for the governor's reset, and
//! everything else (validation, access, not found, login) is returned at
//! once. Writes that may have reached the service are not repeated blindly:
//! the caller looks the row up first (see ARCHITECTURE.md, "Apply").
//!
//! The hourly error budget keeps the client from burning the service's own:
//! more than 10 client errors (400/401/403/404) per app, company and
//! endpoint in an hour block that combination for an hour, so the client
//! stops itself a little earlier.

use crate::error::{Error, ErrorKind, Result};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Try again after this delay (the governor adds its own wait).
    Retry(Duration),
    /// Return the error.
    GiveUp,
}

/// The retry policy.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts, the first included.
    pub max_attempts: u32,
    /// First back-off; doubles per attempt.
    pub base: Duration,
    /// Longest back-off.
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The decision after attempt number `attempt` (1-based) failed with
    /// `err`. `idempotent`: repeating the request cannot do harm (GET, PUT,
    /// DELETE); a POST is only repeated when it surely did not arrive.
    pub fn decide(&self, err: &Error, attempt: u32, idempotent: bool) -> Decision {
        match err.kind() {
            ErrorKind::Transient => {
                let maybe_applied = matches!(
                    err,
                    Error::Transient {
                        maybe_applied: true,
                        ..
                    }
                );
                if attempt >= self.max_attempts || (!idempotent && maybe_applied) {
                    return Decision::GiveUp;
                }
                Decision::Retry(self.backoff(attempt))
            }
            // A 429 was not executed, so even a POST may go again; the wait
            // for the reset is the governor's.
            ErrorKind::RateLimited if attempt < self.max_attempts * 2 => {
                Decision::Retry(Duration::ZERO)
            }
            _ => Decision::GiveUp,
        }
    }

    /// Exponential back-off with jitter: between half and all of
    /// `base * 2^(attempt-1)`, capped.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.cap);
        let half = exp / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// Client errors per (company, endpoint) in the last hour.
#[derive(Debug)]
pub(crate) struct ErrorBudget {
    limit: u32,
    seen: Mutex<HashMap<(i64, String), Vec<i64>>>,
}

const HOUR_MS: i64 = 3_600_000;

impl ErrorBudget {
    pub(crate) fn new(limit: u32) -> ErrorBudget {
        ErrorBudget {
            limit,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Fails when the endpoint has spent its budget this hour.
    pub(crate) fn check(&self, division: i64, endpoint: &str, now_ms: i64) -> Result<()> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let Some(v) = seen.get_mut(&(division, endpoint.to_string())) else {
            return Ok(());
        };
        v.retain(|t| *t > now_ms - HOUR_MS);
        if v.len() as u32 >= self.limit {
            return Err(Error::ErrorBudgetExhausted {
                division,
                endpoint: endpoint.to_string(),
                errors: v.len() as u32,
            });
        }
        Ok(())
    }

    /// Counts a 400/401/403/404 answer.
    pub(crate) fn record(&self, division: i64, endpoint: &str, now_ms: i64) {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry((division, endpoint.to_string()))
            .or_default()
            .push(now_ms);
    }
}

/// Whether an HTTP status counts against the service's error budget.
pub(crate) fn counts_as_error(status: u16) -> bool {
    matches!(status, 400 | 401 | 403 | 404)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transient(maybe_applied: bool) -> Error {
        Error::Transient {
            detail: "x".into(),
            maybe_applied,
        }
    }

    #[test]
    fn by_kind() {
        let p = RetryPolicy::default();
        assert!(matches!(
            p.decide(&transient(true), 1, true),
            Decision::Retry(_)
        ));
        assert_eq!(p.decide(&transient(true), 1, false), Decision::GiveUp);
        assert!(matches!(
            p.decide(&transient(false), 1, false),
            Decision::Retry(_)
        ));
        assert_eq!(p.decide(&transient(false), 6, true), Decision::GiveUp);
        assert_eq!(
            p.decide(&Error::RateLimited { reset: None }, 3, false),
            Decision::Retry(Duration::ZERO)
        );
        let rejected = Error::Rejected {
            status: 400,
            message: "m".into(),
        };
        assert_eq!(p.decide(&rejected, 1, true), Decision::GiveUp);
        let forbidden = Error::Forbidden {
            reason: "NoDivisionAccess".into(),
            message: None,
        };
        assert_eq!(p.decide(&forbidden, 1, true), Decision::GiveUp);
        assert_eq!(
            p.decide(&Error::NotFound { message: None }, 1, true),
            Decision::GiveUp
        );
    }

    #[test]
    fn backoff_grows_with_jitter_and_cap() {
        let p = RetryPolicy::default();
        for attempt in 1..=10 {
            let d = p.backoff(attempt);
            let full = (p.base * (1 << (attempt - 1))).min(p.cap);
            assert!(d >= full / 2 && d <= full, "{attempt}: {d:?}");
        }
    }

    #[test]
    fn budget_stops_before_the_service_blocks() {
        let b = ErrorBudget::new(8);
        for i in 0..8 {
            assert!(b.check(1, "crm/Accounts", i).is_ok());
            b.record(1, "crm/Accounts", i);
        }
        assert!(b.check(1, "crm/Accounts", 10).is_err());
        assert!(b.check(2, "crm/Accounts", 10).is_ok());
        assert!(b.check(1, "crm/Accounts", HOUR_MS + 10).is_ok());
    }
}
