//! Ctrl-C: the first cancels cleanly and exits 130; the process does not
//! hang on the reads still queued. A second one aborts at once.

use std::process::{Child, Stdio};
use std::time::Duration;

use crate::support::{command, exit_code_within, interrupt, temp_dir, Lines};

/// Every call takes this long, so the read below runs for minutes unless
/// cancelled, and a cancelled run still waits up to this long for the call
/// in flight.
const LATENCY_MS: &str = "1500";

/// Long enough that a clean cancel cannot finish between the two Ctrl-Cs,
/// which the test sends a few milliseconds apart.
const ABORT_LATENCY_MS: &str = "4000";

fn start_slow_read(latency_ms: &str) -> (Child, Lines) {
    let script = temp_dir("cancel").join("slow.sql");
    std::fs::write(
        &script,
        "local remark slow read starts\n\
         use all\n\
         select count(*) from exactonlinerest..accounts\n",
    )
    .unwrap();
    let mut child = command(&temp_dir("home"))
        .args(["run", "--demo", "--progress", "plain"])
        .args(["--read-latency-ms", latency_ms])
        .arg(&script)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = Lines::of(child.stderr.take().unwrap());
    // The remark runs after the Ctrl-C handler is in place; a company's
    // read is reported once its calls are under way.
    stderr.wait_for("slow read starts", Duration::from_secs(60));
    stderr.wait_for(
        "reading ExactOnlineREST.CRM.Accounts",
        Duration::from_secs(60),
    );
    (child, stderr)
}

#[test]
fn ctrl_c_cancels_a_slow_read_and_exits_130() {
    let (mut child, mut stderr) = start_slow_read(LATENCY_MS);
    interrupt(&child);
    stderr.wait_for("cancelling", Duration::from_secs(10));
    let code = exit_code_within(&mut child, Duration::from_secs(30));
    let stderr = stderr.rest();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("tandem: cancelled"), "{stderr}");
}

#[test]
fn a_second_ctrl_c_aborts() {
    let (mut child, mut stderr) = start_slow_read(ABORT_LATENCY_MS);
    interrupt(&child);
    stderr.wait_for("cancelling", Duration::from_secs(10));
    interrupt(&child);
    // Well before the call in flight could have finished.
    let code = exit_code_within(&mut child, Duration::from_secs(3));
    let stderr = stderr.rest();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("tandem: aborted"), "{stderr}");
}
