//! The help texts name what an accountant needs: the commands, the demo,
//! the environment variables and the exit codes.

use crate::support::{tandem, text};

#[test]
fn help_explains_commands_environment_and_exit_codes() {
    let out = tandem(&["--help"], "");
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for needle in [
        "run",
        "login",
        "logout",
        "sim",
        "--demo",
        "TANDEM_HOME",
        "--home",
        "TANDEM_CLIENT_ID",
        "needed only without the app's login",
        "app.tandem.desktop",
        "TANDEM_KEYRING_SERVICE",
        "130",
        "tandem history",
    ] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }

    let out = tandem(&["history", "--help"], "");
    let help = text(&out.stdout);
    for needle in [
        "--search",
        "--limit",
        "--results",
        "--format",
        "History",
        "time zone",
    ] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }

    let out = tandem(&["run", "--help"], "");
    let help = text(&out.stdout);
    for needle in ["--format", "--define", "Ctrl-C", "Exit codes", "130", "CSV"] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}
