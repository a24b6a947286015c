//! The pace of one app in one company. Exact counts 60 calls per
//! clock-aligned minute and 5,000 per UTC day per (app, company), and tells
//! the rest in headers. The governor lets calls go while the minute has
//! calls left (counting those in flight), holds the rest until the reported
//! reset, waits out a 429, and refuses work the day cannot pay for.
//!
//! Until the first answer tells the limits, one call at a time goes out.

use super::LimitSnapshot;
use crate::clock::{until, SharedClock};
use crate::error::{Error, Result};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Notify;

/// Wait this long past a reported reset before using the new minute, in
/// case the client's clock runs ahead of the service's.
const RESET_MARGIN_MS: i64 = 500;
/// Re-check at least this often while waiting for an answer.
const POLL: Duration = Duration::from_secs(5);

#[derive(Debug, Default)]
struct State {
    known: bool,
    minutely_limit: u64,
    minutely_remaining: u64,
    minutely_reset_ms: i64,
    daily_remaining: Option<u64>,
    daily_reset_ms: i64,
    in_flight: u64,
    blocked_until_ms: i64,
    last: LimitSnapshot,
}

/// The governor of one (app, company).
pub struct Governor {
    state: Mutex<State>,
    changed: Notify,
    clock: SharedClock,
}

impl std::fmt::Debug for Governor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Governor").finish_non_exhaustive()
    }
}

/// Leave to make one call; give it back with [`Governor::complete`].
#[derive(Debug)]
#[must_use]
pub struct Permit(());

enum Step {
    Go,
    Wait(Duration),
}

impl Governor {
    /// A governor that knows nothing yet.
    pub fn new(clock: SharedClock) -> Governor {
        Governor {
            state: Mutex::new(State::default()),
            changed: Notify::new(),
            clock,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until a call may go.
    pub async fn acquire(&self) -> Result<Permit> {
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            match self.step()? {
                Step::Go => return Ok(Permit(())),
                Step::Wait(d) => {
                    tokio::select! {
                        _ = &mut notified => {}
                        _ = self.clock.sleep(d) => {}
                    }
                }
            }
        }
    }

    fn step(&self) -> Result<Step> {
        let now = self.clock.now_ms();
        let mut s = self.lock();
        if now < s.blocked_until_ms {
            return Ok(Step::Wait(until(now, s.blocked_until_ms)));
        }
        if !s.known {
            if s.in_flight == 0 {
                s.in_flight += 1;
                return Ok(Step::Go);
            }
            return Ok(Step::Wait(POLL));
        }
        if s.daily_reset_ms > 0 && now >= s.daily_reset_ms {
            s.daily_remaining = None;
        }
        if let Some(d) = s.daily_remaining {
            if d == 0 {
                return Err(Error::DailyBudgetExhausted {
                    remaining: 0,
                    needed: 1,
                });
            }
            if d <= s.in_flight {
                return Ok(Step::Wait(POLL));
            }
        }
        // A new minute began: the whole limit is there again.
        if now >= s.minutely_reset_ms + RESET_MARGIN_MS {
            let behind = (now - s.minutely_reset_ms) / 60_000 + 1;
            s.minutely_reset_ms += behind * 60_000;
            s.minutely_remaining = s.minutely_limit;
        }
        if s.minutely_remaining > s.in_flight {
            s.in_flight += 1;
            return Ok(Step::Go);
        }
        let next = s.minutely_reset_ms + RESET_MARGIN_MS;
        Ok(Step::Wait(until(now, next).max(Duration::from_millis(1))))
    }

    /// Returns a permit with what the answer said. `refused` is a 429.
    pub fn complete(&self, _permit: Permit, snap: &LimitSnapshot, refused: bool) {
        let mut s = self.lock();
        s.in_flight = s.in_flight.saturating_sub(1);
        if let (Some(reset), Some(remaining)) = (snap.minutely_reset_ms, snap.minutely_remaining) {
            if let Some(l) = snap.minutely_limit {
                s.minutely_limit = l;
            }
            if reset > s.minutely_reset_ms {
                s.minutely_reset_ms = reset;
                s.minutely_remaining = remaining;
            } else if reset == s.minutely_reset_ms {
                s.minutely_remaining = s.minutely_remaining.min(remaining);
            }
            if refused {
                s.minutely_remaining = 0;
                s.blocked_until_ms = s.blocked_until_ms.max(reset + RESET_MARGIN_MS);
            }
            s.known = true;
        }
        if let (Some(reset), Some(remaining)) = (snap.daily_reset_ms, snap.daily_remaining) {
            if reset > s.daily_reset_ms || s.daily_remaining.is_none() {
                s.daily_reset_ms = reset;
                s.daily_remaining = Some(remaining);
            } else if reset == s.daily_reset_ms {
                s.daily_remaining = s.daily_remaining.map(|d| d.min(remaining));
            }
            if refused && remaining == 0 {
                s.daily_remaining = Some(0);
            }
        }
        if !snap.is_empty() {
            merge(&mut s.last, snap);
        }
        drop(s);
        self.changed.notify_waiters();
    }

    /// Gives a permit back after a call that got no answer.
    pub fn abandon(&self, permit: Permit) {
        self.complete(permit, &LimitSnapshot::default(), false);
    }

    /// Fails unless the day has `needed` calls left (unknown counts as yes:
    /// the first answer of the day tells).
    pub fn ensure_budget(&self, needed: u64) -> Result<()> {
        let now = self.clock.now_ms();
        let s = self.lock();
        match s.daily_remaining {
            Some(d) if now < s.daily_reset_ms && d < needed => Err(Error::DailyBudgetExhausted {
                remaining: d,
                needed,
            }),
            _ => Ok(()),
        }
    }

    /// The limits as last reported.
    pub fn snapshot(&self) -> LimitSnapshot {
        self.lock().last
    }
}

fn merge(into: &mut LimitSnapshot, from: &LimitSnapshot) {
    macro_rules! take {
        ($($f:ident),*) => { $( if from.$f.is_some() { into.$f = from.$f; } )* };
    }
    take!(
        daily_limit,
        daily_remaining,
        daily_reset_ms,
        minutely_limit,
        minutely_remaining,
        minutely_reset_ms
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, SleepFuture};
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::Arc;

    /// A clock that jumps to the end of every sleep at once.
    #[derive(Default)]
    struct Jump(AtomicI64);
    impl Clock for Jump {
        fn now_ms(&self) -> i64 {
            self.0.load(Ordering::SeqCst)
        }
        fn sleep(&self, d: Duration) -> SleepFuture {
            self.0.fetch_add(d.as_millis() as i64, Ordering::SeqCst);
            Box::pin(async {})
        }
    }

    fn snap(remaining: u64, reset: i64) -> LimitSnapshot {
        LimitSnapshot {
            daily_limit: Some(5000),
            daily_remaining: Some(4000),
            daily_reset_ms: Some(86_400_000),
            minutely_limit: Some(3),
            minutely_remaining: Some(remaining),
            minutely_reset_ms: Some(reset),
        }
    }

    #[tokio::test]
    async fn uses_the_minute_fully_then_waits_for_the_reset() {
        let clock = Arc::new(Jump(AtomicI64::new(1_000)));
        let g = Governor::new(clock.clone());
        let p = g.acquire().await.unwrap();
        g.complete(p, &snap(2, 60_000), false);
        let a = g.acquire().await.unwrap();
        let b = g.acquire().await.unwrap();
        assert_eq!(clock.now_ms(), 1_000, "two more calls fit this minute");
        g.complete(a, &snap(1, 60_000), false);
        g.complete(b, &snap(0, 60_000), false);
        let c = g.acquire().await.unwrap();
        assert!(
            clock.now_ms() >= 60_000,
            "the fourth call waits for the reset"
        );
        g.complete(c, &snap(2, 120_000), false);
    }

    #[tokio::test]
    async fn a_429_blocks_until_its_reset_and_the_day_is_guarded() {
        let clock = Arc::new(Jump(AtomicI64::new(1_000)));
        let g = Governor::new(clock.clone());
        let p = g.acquire().await.unwrap();
        g.complete(p, &snap(0, 60_000), true);
        let p = g.acquire().await.unwrap();
        assert!(clock.now_ms() >= 60_000);
        g.complete(p, &snap(2, 120_000), false);
        assert!(g.ensure_budget(4000).is_ok());
        let e = g.ensure_budget(4001).unwrap_err();
        assert!(e.to_string().contains("4000 left, 4001 needed"));
    }
}
