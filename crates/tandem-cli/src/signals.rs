//! Ctrl-C. The first one cancels cleanly: no new statement, company or page
//! is started, calls already in flight finish (so a write is never left
//! half-known), and every message and result so far is still printed; the
//! run then exits with 130. A second Ctrl-C means the user will not wait:
//! the process exits at once, also with 130.

use std::sync::Arc;

use anyhow::Result;

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
    ///
    /// The handler is in place when this returns (not only once a task
    /// first runs), and one listener receives both Ctrl-Cs, so neither can
    /// slip past: before, the default action would kill the process without
    /// the clean exit; between two listeners, the second Ctrl-C would be lost.
    pub fn install(progress: Arc<Progress>) -> Result<Interrupts> {
        let token = CancelToken::new();
        let (tx, first) = watch::channel(false);
        let on_signal = token.clone();
        let mut ctrl_c = CtrlC::listen()?;
        tokio::spawn(async move {
            if !ctrl_c.next().await {
                return;
            }
            progress.say("tandem: cancelling: waiting for calls in flight (Ctrl-C again to abort)");
            on_signal.cancel();
            let _ = tx.send(true);
            if ctrl_c.next().await {
                progress.clear();
                eprintln!("tandem: aborted");
                std::process::exit(CANCELLED.into());
            }
        });
        Ok(Interrupts { token, first })
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

/// Ctrl-C as a stream that keeps signals arriving between two waits.
struct CtrlC {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
    #[cfg(not(unix))]
    signal: tokio::signal::windows::CtrlC,
}

impl CtrlC {
    fn listen() -> Result<CtrlC> {
        #[cfg(unix)]
        let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
        #[cfg(not(unix))]
        let signal = tokio::signal::windows::ctrl_c()?;
        Ok(CtrlC { signal })
    }

    /// Whether a Ctrl-C came (false: no more can come).
    async fn next(&mut self) -> bool {
        self.signal.recv().await.is_some()
    }
}
