//! The one clock every time rule reads.
//!
//! Token lifetimes (600 s), the refresh floor (570 s), code expiry (3 min),
//! refresh-token expiry (30 days), hourly error blocks, minute windows and the
//! daily reset at 00:00 UTC are all measured against this clock, so a test can
//! jump ahead instead of sleeping, and a demo can run time faster.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A cloneable handle on the simulator's clock (milliseconds since the Unix
/// epoch, UTC). All clones share the same time.
#[derive(Clone, Debug)]
pub struct Clock {
    inner: Arc<Mutex<ClockState>>,
}

#[derive(Debug)]
struct ClockState {
    /// Simulated time at `anchor`.
    base_ms: f64,
    /// Real instant the simulated time was last rebased at.
    anchor: Instant,
    /// How many simulated milliseconds pass per real millisecond.
    speed: f64,
}

impl ClockState {
    fn now_ms(&self) -> f64 {
        self.base_ms + self.anchor.elapsed().as_secs_f64() * 1000.0 * self.speed
    }
}

impl Clock {
    /// A clock starting at `start_ms` (or the real time when `None`), running
    /// at real speed.
    pub fn new(start_ms: Option<i64>) -> Clock {
        let base = start_ms.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0)
        });
        Clock {
            inner: Arc::new(Mutex::new(ClockState {
                base_ms: base as f64,
                anchor: Instant::now(),
                speed: 1.0,
            })),
        }
    }

    /// The simulated time as milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.lock().now_ms() as i64
    }

    /// The simulated time.
    pub fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(self.now_ms().max(0) as u64)
    }

    /// Moves the clock forward (tests use this instead of sleeping).
    pub fn advance(&self, by: Duration) {
        let mut s = self.lock();
        s.base_ms += by.as_secs_f64() * 1000.0;
    }

    /// Sets the simulated time to `ms` since the epoch.
    pub fn set_ms(&self, ms: i64) {
        let mut s = self.lock();
        s.base_ms = ms as f64;
        s.anchor = Instant::now();
    }

    /// Runs simulated time `speed` times as fast as real time (0 freezes it).
    pub fn set_speed(&self, speed: f64) {
        let mut s = self.lock();
        s.base_ms = s.now_ms();
        s.anchor = Instant::now();
        s.speed = if speed.is_finite() && speed >= 0.0 {
            speed
        } else {
            1.0
        };
    }

    /// The current speed factor.
    pub fn speed(&self) -> f64 {
        self.lock().speed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        // A panic while holding this lock cannot leave the state half-written
        // (every update is a plain field store), so poisoning is ignored.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_and_freeze() {
        let c = Clock::new(Some(1_000));
        c.set_speed(0.0);
        let t = c.now_ms();
        c.advance(Duration::from_secs(600));
        assert_eq!(c.now_ms(), t + 600_000);
    }
}
