//! Ctrl-C: the first cancels cleanly and exits 130; the process does not
//! hang on the reads still queued.

use std::process::Stdio;
use std::time::Duration;

use crate::support::{command, exit_code_within, interrupt, temp_dir, Lines};

/// Every page of every company takes this long, so the read below runs for
/// minutes unless cancelled.
const LATENCY_MS: &str = "1500";

#[test]
fn ctrl_c_cancels_a_slow_read_and_exits_130() {
    let script = temp_dir("cancel").join("slow.sql");
    std::fs::write(
        &script,
        "local remark slow read starts\n\
         use all\n\
         select count(*) from exactonlinerest..accounts\n",
    )
    .unwrap();
    let mut child = command(&temp_dir("home"))
        .args(["run", "--demo", "--read-latency-ms", LATENCY_MS])
        .arg(&script)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = Lines::of(child.stderr.take().unwrap());
    // The remark runs after the Ctrl-C handler is in place.
    stderr.wait_for("slow read starts", Duration::from_secs(60));
    interrupt(&child);
    stderr.wait_for("cancelling", Duration::from_secs(10));
    let code = exit_code_within(&mut child, Duration::from_secs(30));
    let stderr = stderr.rest();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("tandem: cancelled"), "{stderr}");
}
