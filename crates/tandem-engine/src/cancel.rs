//! Cancelling a run from outside: the GUI's Stop button, the CLI's Ctrl-C.
//!
//! Cancelling stops new work — no new statement, company or page is started
//! — and interrupts SQLite if it is busy. Writes already in flight are
//! allowed to finish, so a write is never left half-known; reads in flight
//! are abandoned (they change nothing), so a slow page does not hold up a
//! cancel for its whole latency.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A cancellation flag shared between the engine and whoever may cancel.
/// Cheap to clone.
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    /// Wakes whoever awaits [`CancelToken::cancelled`].
    notify: tokio::sync::Notify,
    interrupts: Mutex<Vec<Arc<rusqlite::InterruptHandle>>>,
}

impl std::fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl CancelToken {
    /// A token that is not cancelled.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Cancels: stops new work and interrupts SQLite statements in progress.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        let handles = self
            .inner
            .interrupts
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        for h in handles.iter() {
            h.interrupt();
        }
        self.inner.notify.notify_waiters();
    }

    /// Completes once the token is cancelled (at once if it already is).
    pub(crate) async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            tokio::pin!(notified);
            // Registered before the flag is read, so a cancel in between
            // still wakes this waiter.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }

    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    pub(crate) fn check(&self) -> crate::Result<()> {
        if self.is_cancelled() {
            Err(crate::Error::Cancelled)
        } else {
            Ok(())
        }
    }

    pub(crate) fn watch(&self, handle: Arc<rusqlite::InterruptHandle>) {
        let mut handles = self
            .inner
            .interrupts
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if !handles.iter().any(|h| Arc::ptr_eq(h, &handle)) {
            handles.push(handle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cancelled_wakes_a_waiter_and_returns_at_once_after() {
        let token = CancelToken::new();
        let waiter = tokio::spawn({
            let token = token.clone();
            async move { token.cancelled().await }
        });
        tokio::task::yield_now().await;
        token.cancel();
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("the waiter wakes")
            .unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), token.cancelled())
            .await
            .expect("an already cancelled token does not wait");
    }
}
