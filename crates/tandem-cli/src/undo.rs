//! `tandem undo RUN`: the engine's undo of a synchronize run, over the same
//! connection choices as `tandem run`, with its result sets printed the same
//! way (the plan with --explain; else the summary and any refused rows).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use crate::args::UndoArgs;
use crate::home;
use crate::open::{self, Ending};
use crate::output;
use crate::progress::Progress;
use crate::signals::Interrupts;

pub async fn undo(a: UndoArgs, home: Option<&Path>) -> Result<ExitCode> {
    let progress = Arc::new(Progress::for_mode(a.progress));
    let interrupts = Interrupts::install(progress.clone())?;
    let home = home::home(home);
    let Some(mut session) = open::session(&a.connect, &home, &progress, &interrupts).await? else {
        return Ok(Ending::Cancelled.exit_code());
    };
    let undone = session
        .undo_run(a.run, a.explain, progress.as_ref(), &interrupts.token)
        .await;
    progress.clear();
    let (written, ending) = match undone {
        Ok(results) => (
            output::write_results(&session, &results, a.format),
            // A second result set follows the summary only when the
            // service refused rows: it lists them.
            Ending::Completed {
                row_errors: results.get(1).map_or(0, |r| r.row_count),
            },
        ),
        Err(tandem_engine::Error::Cancelled) => (Ok(()), Ending::Cancelled),
        Err(e) => {
            eprintln!("tandem: {e}");
            (Ok(()), Ending::Failed)
        }
    };
    session.close().await;
    written?;
    Ok(ending.exit_code())
}
