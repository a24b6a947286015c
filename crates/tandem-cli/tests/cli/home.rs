//! Without `TANDEM_HOME`, `tandem` keeps its data where the app does, so a
//! scheduled run shows in the app's History; an old `~/.tandem` moves there
//! with its history. (Regression: the command used `~/.tandem`, a database
//! the app never reads.)
//!
//! Linux and macOS only: there the data folder follows `HOME` (and
//! `XDG_DATA_HOME`), which a test can point into a temporary folder.
#![cfg(any(target_os = "linux", target_os = "macos"))]

use std::path::{Path, PathBuf};
use std::process::Output;

use tandem_store::Store;

use crate::support::{command, output, temp_dir, text};

/// The app's data folder for a user whose home and data folders are these,
/// as Tauri's `app_data_dir()` finds it.
fn app_folder(home: &Path, data: &Path) -> PathBuf {
    let base = if cfg!(target_os = "macos") {
        home.join("Library/Application Support")
    } else {
        data.to_path_buf()
    };
    base.join("app.tandem.desktop")
}

/// `tandem run --demo` of `script` as the user whose folders are in `root`.
fn run_as_user(root: &Path, script: &str) -> Output {
    let mut c = command(&root.join("keyring"));
    c.env_remove("TANDEM_HOME")
        .env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("data"))
        .args(["run", "--demo", "--format", "csv", "-"]);
    output(&mut c, script)
}

/// The scripts in the history of the app database in `folder`, newest first.
fn history(folder: &Path) -> Vec<String> {
    let store = Store::open(&folder.join("tandem.db")).unwrap();
    let runs = store.history().list(None, 100).unwrap();
    runs.into_iter().map(|r| r.script).collect()
}

#[test]
fn runs_are_recorded_in_the_apps_data_folder() {
    let root = temp_dir("app-folder");
    let out = run_as_user(&root, "select 1 scheduled");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "no note for a new user");
    let app = app_folder(&root.join("home"), &root.join("data"));
    assert_eq!(history(&app), ["select 1 scheduled"]);
    assert!(!root.join("home/.tandem").exists());
    // Its results are kept for the app's History, as the app's own are.
    let store = Store::open(&app.join("tandem.db")).unwrap();
    let run = store.history().list(None, 1).unwrap().remove(0);
    assert_eq!((run.result_rows, run.results_kept), (Some(1), true));
    assert!(app.join(format!("results/run-{}.db", run.id)).is_file());
}

#[test]
fn an_old_tandem_folder_moves_to_the_apps_with_its_history() {
    let root = temp_dir("old-folder");
    let old = root.join("home/.tandem");
    let out = output(
        command(&old).args(["run", "--demo", "-"]),
        "select 1 before",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = run_as_user(&root, "select 2 after");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let app = app_folder(&root.join("home"), &root.join("data"));
    let note = text(&out.stderr);
    assert!(
        note.starts_with("tandem: moved") && note.contains(&app.display().to_string()),
        "{note}"
    );
    assert_eq!(history(&app), ["select 2 after", "select 1 before"]);
    assert!(!old.exists());

    let out = run_as_user(&root, "select 3");
    assert_eq!(text(&out.stderr), "", "the note is said once");
}

/// `--home` wins over `TANDEM_HOME`: a scheduled command carries the app's
/// own data folder, whatever the scheduler's environment says.
#[test]
fn the_home_option_wins_over_tandem_home() {
    let root = temp_dir("home-option");
    let (option, env) = (root.join("option"), root.join("env"));
    let mut c = command(&env);
    c.arg("--home")
        .arg(&option)
        .args(["run", "--demo", "--format", "csv", "-"]);
    let out = output(&mut c, "select 1 scheduled");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(history(&option), ["select 1 scheduled"]);
    assert!(!env.join("tandem.db").exists());
    // After the subcommand too, as `tandem run --home DIR` reads naturally.
    let out = output(
        command(&env)
            .args(["runs", "--home"])
            .arg(&option)
            .args(["--format", "csv"]),
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!env.join("tandem.db").exists());
}
