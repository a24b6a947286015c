//! `tandem login`, runs on the saved connection or `--base-url`, and
//! `tandem logout`, end to end against a simulator: the "browser" is a
//! shell script that fetches the authorize page and follows the redirect
//! to tandem's loopback listener, as a person approving the login would.
//! Tokens go to the keyring under a service name of this test's own.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tandem_exact_sim::SimConfig;

use crate::support::{command, output, readable_companies, temp_dir, text};

pub fn browser(dir: &Path) -> PathBuf {
    let path = dir.join("browser.sh");
    std::fs::write(
        &path,
        "#!/bin/sh\ncurl -s -L --max-redirs 3 \"$1\" >/dev/null\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn tandem(home: &Path, browser: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    output(command(home).env("BROWSER", browser).args(args), stdin)
}

const COUNT: &str = "select count(*) n from systemdivisions";

#[test]
fn login_run_and_logout_against_a_simulator() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut config = SimConfig::demo();
    config.dataset.master_accounts = 20;
    config.dataset.other_divisions = 3;
    let sim = runtime.block_on(tandem_exact_sim::start(config)).unwrap();
    let url = sim.base_url();
    let expected = readable_companies(&sim);

    let home = temp_dir("login");
    let browser = browser(&home);
    let out = tandem(&home, &browser, &["login", "--base-url", &url], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Logged in"));

    let run = ["run", "--format", "csv", "-"];
    let out = tandem(&home, &browser, &run, COUNT);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("n\n{expected}\n"));

    let out = tandem(
        &home,
        &browser,
        &["run", "--base-url", &url, "--format", "csv", "-"],
        COUNT,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("n\n{expected}\n"));

    let out = tandem(&home, &browser, &["logout"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    for args in [&run[..], &["run", "--base-url", &url, "-"][..]] {
        let out = tandem(&home, &browser, args, COUNT);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("run `tandem login`"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    runtime.block_on(sim.shutdown());
}
