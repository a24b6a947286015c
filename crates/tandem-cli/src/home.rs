//! Where `tandem` keeps its files: the app's own data folder, so that a
//! scheduled `tandem run` is recorded in the same app database as the
//! window's runs, shows in the app's History and Runs view, and can be
//! undone from the app.
//!
//! The app asks Tauri (`app_data_dir()`: the platform's data folder joined
//! with the bundle identifier); this module works out the same path with the
//! same `dirs` crate Tauri uses. `TANDEM_HOME` wins over both, as in the app,
//! and `--home` wins over `TANDEM_HOME`: a scheduled command names the app's
//! folder with `--home` when the app runs with its own `TANDEM_HOME`, and the
//! scheduler's environment must not send it elsewhere.
//!
//! The command used `~/.tandem` before. Whoever has data there keeps it: a
//! `~/.tandem` alone is moved to the app's folder (nothing of the app's is
//! there yet), and next to an existing app folder it is left alone with a
//! note, its login carried over (see [`Choice`]).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The app's bundle identifier, `identifier` in `src-tauri/tauri.conf.json`
/// (a test checks they agree): Tauri names the app's data folder after it.
pub const APP_IDENTIFIER: &str = "app.tandem.desktop";

/// The folder the command used before it shared the app's, in the user's
/// home folder.
const LEGACY: &str = ".tandem";

/// The saved connection (see `connection`): what carries a login over.
const CONNECTION_FILE: &str = "connection.json";

/// Written into `~/.tandem` once it has been left behind, so that the note
/// is said once and whoever opens the folder learns why it is no longer used.
const LEFT_BEHIND: &str = "MOVED.txt";

/// What to do about the data folder before using it.
#[derive(Debug, PartialEq, Eq)]
enum Choice {
    /// Use this folder as it is.
    Use(PathBuf),
    /// Only `~/.tandem` exists: move it to the app's folder and use that,
    /// so its history shows in the app from then on.
    Move { from: PathBuf, to: PathBuf },
    /// Both hold data: the app's folder wins. Two app databases cannot be
    /// merged, so the old history stays where it is (with a note saying
    /// how to read it); the saved connection is copied so that a scheduled
    /// run stays logged in.
    LeaveBehind { app: PathBuf, legacy: PathBuf },
}

/// The folder for `TANDEM_HOME` (empty counts as unset), the platform's data
/// folder `data_dir` and the user's home folder `home_dir`; `is_file` and
/// `is_dir` look at the disk.
fn choose(
    tandem_home: Option<&OsStr>,
    data_dir: &Path,
    home_dir: Option<&Path>,
    is_dir: impl Fn(&Path) -> bool,
    is_file: impl Fn(&Path) -> bool,
) -> Choice {
    if let Some(h) = tandem_home.filter(|h| !h.is_empty()) {
        return Choice::Use(PathBuf::from(h));
    }
    let app = data_dir.join(APP_IDENTIFIER);
    let Some(legacy) = home_dir.map(|h| h.join(LEGACY)).filter(|l| is_dir(l)) else {
        return Choice::Use(app);
    };
    if !is_dir(&app) {
        return Choice::Move {
            from: legacy,
            to: app,
        };
    }
    let has_data = ["tandem.db", CONNECTION_FILE]
        .iter()
        .any(|f| is_file(&legacy.join(f)));
    if has_data && !is_file(&legacy.join(LEFT_BEHIND)) {
        Choice::LeaveBehind { app, legacy }
    } else {
        Choice::Use(app)
    }
}

/// Carries out `choice`: the folder to use, and a note for the user.
fn settle(choice: Choice) -> (PathBuf, Option<String>) {
    match choice {
        Choice::Use(path) => (path, None),
        Choice::Move { from, to } => {
            let moved = to
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| std::fs::rename(&from, &to));
            match moved {
                Ok(()) => {
                    let note = format!(
                        "moved Tandem's data from {} to {}, the app's data folder, so that runs \
                         made here show in the app's History",
                        from.display(),
                        to.display()
                    );
                    (to, Some(note))
                }
                // Another `tandem` started at the same moment moved it first.
                Err(_) if to.is_dir() && !from.exists() => (to, None),
                // Across file systems, or a file held open (Windows): better
                // the old folder than a half-done copy.
                Err(e) => {
                    let note = format!(
                        "using {}: it could not be moved to {} ({e}); move it there yourself \
                         so that runs made here show in the app's History",
                        from.display(),
                        to.display()
                    );
                    (from, Some(note))
                }
            }
        }
        Choice::LeaveBehind { app, legacy } => {
            let carried = carry_connection(&legacy, &app);
            let explanation = format!(
                "Tandem keeps its data in {} now, the app's data folder, so that command-line \
                 runs show in the app's History. This folder holds the runs made before; \
                 `TANDEM_HOME={} tandem runs` lists them. Delete it when they are no longer \
                 needed.\n",
                app.display(),
                legacy.display()
            );
            let _ = std::fs::write(legacy.join(LEFT_BEHIND), explanation);
            let login = if carried {
                "; the login was carried over"
            } else {
                ""
            };
            let note = format!(
                "now using {}, the app's data folder; runs made before are still in {} \
                 (`TANDEM_HOME={} tandem runs` lists them){login}",
                app.display(),
                legacy.display(),
                legacy.display()
            );
            (app, Some(note))
        }
    }
}

/// Copies the old saved connection unless the app's folder has one; true if
/// it did. The tokens are in the keyring, under a name that does not depend
/// on the folder, so the copy is all a login needs.
fn carry_connection(legacy: &Path, app: &Path) -> bool {
    let (from, to) = (legacy.join(CONNECTION_FILE), app.join(CONNECTION_FILE));
    from.is_file() && !to.exists() && std::fs::copy(&from, &to).is_ok()
}

/// The folder asked for: `--home` (`option`), else `TANDEM_HOME` (`env`);
/// empty counts as not given.
fn given<'a>(option: Option<&'a OsStr>, env: Option<&'a OsStr>) -> Option<&'a OsStr> {
    option.filter(|h| !h.is_empty()).or(env)
}

/// The data folder: `--home` (`option`), else `TANDEM_HOME`, else the app's.
/// Says on stderr when it moved or left behind the old `~/.tandem`.
pub fn home(option: Option<&Path>) -> PathBuf {
    // No data folder means no home folder either; Tauri would fail, the
    // command makes do.
    let data_dir = dirs::data_dir().unwrap_or_else(std::env::temp_dir);
    let env = std::env::var_os("TANDEM_HOME");
    let choice = choose(
        given(option.map(Path::as_os_str), env.as_deref()),
        &data_dir,
        dirs::home_dir().as_deref(),
        Path::is_dir,
        Path::is_file,
    );
    let (path, note) = settle(choice);
    if let Some(note) = note {
        eprintln!("tandem: {note}");
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::ffi::OsString;

    const DATA: &str = "/u/.local/share";
    const HOME: &str = "/u";

    /// `choose` over a disk holding exactly `dirs` and `files`.
    fn choose_on(tandem_home: Option<&str>, dirs: &[&str], files: &[&str]) -> Choice {
        let dirs: BTreeSet<PathBuf> = dirs.iter().map(PathBuf::from).collect();
        let files: BTreeSet<PathBuf> = files.iter().map(PathBuf::from).collect();
        choose(
            tandem_home.map(OsString::from).as_deref(),
            Path::new(DATA),
            Some(Path::new(HOME)),
            |p| dirs.contains(p),
            |p| files.contains(p),
        )
    }

    fn app() -> PathBuf {
        Path::new(DATA).join(APP_IDENTIFIER)
    }

    #[test]
    fn the_default_is_the_apps_data_folder() {
        assert_eq!(choose_on(None, &[], &[]), Choice::Use(app()));
        assert_eq!(
            app(),
            PathBuf::from("/u/.local/share/app.tandem.desktop"),
            "as Tauri's app_data_dir() on Linux"
        );
    }

    #[test]
    fn tandem_home_wins_even_over_old_data() {
        let old = ["/u/.tandem", "/u/.local/share/app.tandem.desktop"];
        assert_eq!(
            choose_on(Some("/elsewhere"), &old, &["/u/.tandem/tandem.db"]),
            Choice::Use("/elsewhere".into())
        );
        // Empty counts as unset, as in the app.
        assert_eq!(choose_on(Some(""), &[], &[]), Choice::Use(app()));
    }

    #[test]
    fn the_home_option_wins_over_tandem_home() {
        let (option, env) = (OsStr::new("/option"), OsStr::new("/env"));
        assert_eq!(given(Some(option), Some(env)), Some(option));
        assert_eq!(given(None, Some(env)), Some(env));
        assert_eq!(given(Some(OsStr::new("")), Some(env)), Some(env));
        assert_eq!(given(None, None), None);
    }

    #[test]
    fn an_old_folder_alone_moves_to_the_apps() {
        assert_eq!(
            choose_on(None, &["/u/.tandem"], &[]),
            Choice::Move {
                from: "/u/.tandem".into(),
                to: app()
            }
        );
    }

    #[test]
    fn next_to_the_apps_folder_old_data_is_left_behind_once() {
        let both = ["/u/.tandem", "/u/.local/share/app.tandem.desktop"];
        let left_behind = Choice::LeaveBehind {
            app: app(),
            legacy: "/u/.tandem".into(),
        };
        assert_eq!(
            choose_on(None, &both, &["/u/.tandem/tandem.db"]),
            left_behind
        );
        assert_eq!(
            choose_on(None, &both, &["/u/.tandem/connection.json"]),
            left_behind
        );
        // Said once: the note left in the folder marks it.
        let files = ["/u/.tandem/tandem.db", "/u/.tandem/MOVED.txt"];
        assert_eq!(choose_on(None, &both, &files), Choice::Use(app()));
        // An old folder without data is no reason for a note.
        assert_eq!(choose_on(None, &both, &[]), Choice::Use(app()));
    }

    fn temp(what: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tandem-cli-home-{what}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn moving_keeps_the_history_and_says_where_it_went() {
        let root = temp("move");
        let (from, to) = (
            root.join(".tandem"),
            root.join("share").join(APP_IDENTIFIER),
        );
        std::fs::create_dir_all(&from).unwrap();
        std::fs::write(from.join("tandem.db"), "history").unwrap();
        let (path, note) = settle(Choice::Move {
            from: from.clone(),
            to: to.clone(),
        });
        assert_eq!(path, to);
        assert_eq!(
            std::fs::read_to_string(to.join("tandem.db")).unwrap(),
            "history"
        );
        assert!(!from.exists());
        let note = note.unwrap();
        assert!(
            note.contains(&to.display().to_string()) && note.contains("History"),
            "{note}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn leaving_behind_carries_the_login_over_but_never_replaces_one() {
        let root = temp("leave");
        let (app, legacy) = (root.join("app"), root.join(".tandem"));
        std::fs::create_dir_all(&app).unwrap();
        std::fs::create_dir_all(&legacy).unwrap();
        std::fs::write(legacy.join("connection.json"), "old").unwrap();
        let leave = || Choice::LeaveBehind {
            app: app.clone(),
            legacy: legacy.clone(),
        };
        let (path, note) = settle(leave());
        assert_eq!(path, app);
        assert_eq!(
            std::fs::read_to_string(app.join("connection.json")).unwrap(),
            "old"
        );
        assert!(note.unwrap().contains("TANDEM_HOME="));
        assert!(std::fs::read_to_string(legacy.join(LEFT_BEHIND))
            .unwrap()
            .contains(&app.display().to_string()));

        std::fs::write(app.join("connection.json"), "app's own").unwrap();
        let (_, note) = settle(leave());
        assert!(!note.unwrap().contains("carried"));
        assert_eq!(
            std::fs::read_to_string(app.join("connection.json")).unwrap(),
            "app's own"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// The app's folder is named by Tauri after tauri.conf.json's identifier,
    /// unless `app > appDirectoriesOverride` moves it; the command must follow.
    #[test]
    fn the_identifier_is_the_apps() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/tauri.conf.json");
        let config: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(config["identifier"], APP_IDENTIFIER);
        assert!(
            config["app"].get("appDirectoriesOverride").is_none(),
            "the app's data folder is overridden; make `tandem` follow it"
        );
    }
}
