//! Cancelling a run from outside: the GUI's Stop button, the CLI's Ctrl-C.
//!
//! Cancelling stops new work — no new statement, company or page is started
//! — and interrupts SQLite if it is busy; HTTP calls already in flight are
//! allowed to finish, so a write is never left half-known.

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
