//! Time as the client sees it, behind a trait so that tests can run on the
//! simulator's clock (which they move forward) instead of sleeping for real
//! minutes.
//!
//! Everything that reasons about time — token expiry, the refresh floor, the
//! rate limits' reset instants (epoch milliseconds from the service), back-off
//! and the hourly error budget — reads one [`Clock`].

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A boxed future of a sleep.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The time source of a [`crate::Client`].
pub trait Clock: Send + Sync + 'static {
    /// Now, as milliseconds since the Unix epoch (UTC).
    fn now_ms(&self) -> i64;
    /// Waits `d` of this clock's time.
    fn sleep(&self, d: Duration) -> SleepFuture;
}

/// The machine's clock and tokio's timer.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }

    fn sleep(&self, d: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(d))
    }
}

/// A shared clock handle.
pub type SharedClock = Arc<dyn Clock>;

/// Milliseconds from `now` until `at`, as a duration (zero when past).
pub(crate) fn until(now_ms: i64, at_ms: i64) -> Duration {
    Duration::from_millis(at_ms.saturating_sub(now_ms).max(0) as u64)
}
