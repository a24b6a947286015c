//! Progress is for terminals: piped stderr gets messages and errors, never
//! bars or escape codes.

use crate::support::{tandem, text};

#[test]
fn piped_stderr_has_messages_but_no_escape_codes() {
    let out = tandem(
        &["run", "--demo", "--format", "csv", "-"],
        "local remark reading the accounts\n\
         use all\n\
         select count(*) n from exactonlinerest..accounts\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("reading the accounts"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(!text(&out.stdout).contains('\x1b'));
}

#[test]
fn plain_progress_is_lines_for_logs() {
    let out = tandem(
        &["run", "--demo", "--progress", "plain", "-"],
        "use 102673\nselect count(*) n from exactonlinerest..accounts\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(
        stderr.contains("reading ExactOnlineREST.CRM.Accounts in company 102673"),
        "{stderr}"
    );
    assert!(stderr.contains("[2] 1 row in "), "{stderr}");
}
