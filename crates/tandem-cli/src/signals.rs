//! Ctrl-C. The first one cancels cleanly: no new statement, company or page
//! is started, calls already in flight finish (so a write is never left
//! half-known), and every message and result so far is still printed; the
//! run then exits with 130. A second Ctrl-C means the user will not wait:
//! the process exits at once, also with 130.

use std::sync::Arc;

use tandem_engine::CancelToken;
use tokio::sync::watch;

use crate::progress::Progress;

/// The exit code of a cancelled run (128 + SIGINT, as shells report it).
pub const CANCELLED: u8 = 130;

/// Cancellation by Ctrl-C, for the engine and for waits outside it.
pub struct Interrupts {
    /// Handed to the engine.
    pub token: CancelToken,
    first: watch::Receiver<bool>,
}

impl Interrupts {
    /// Listens for Ctrl-C from now on; messages go through `progress`.
    pub fn install(progress: Arc<Progress>) -> Interrupts {
        let token = CancelToken::new();
        let (tx, first) = watch::channel(false);
        let on_signal = token.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            progress.say("tandem: cancelling: waiting for calls in flight (Ctrl-C again to abort)");
            on_signal.cancel();
            let _ = tx.send(true);
            if tokio::signal::ctrl_c().await.is_ok() {
                progress.clear();
                eprintln!("tandem: aborted");
                std::process::exit(CANCELLED.into());
            }
        });
        Interrupts { token, first }
    }

    /// Resolves at the first Ctrl-C (never, if there is none).
    pub async fn cancelled(&self) {
        let mut first = self.first.clone();
        // An error means the listener is gone, so no Ctrl-C can come.
        if first.wait_for(|c| *c).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
