//! "Run on a schedule": the `tandem run` command line for a saved script,
//! and how to put it in the operating system's own scheduler.
//!
//! Tandem has no scheduler daemon of its own: cron, launchd and the Windows
//! Task Scheduler already start programs on time, survive reboots and keep
//! logs. What the user needs is a command that runs the script exactly as
//! the app does (the parameters as `--define`, which win over the script's
//! defaults the same way), quoted right for their shell, and plain words on
//! where to paste it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ConnectionState;

/// The operating systems the explanation knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchedulePlatform {
    /// Linux and other Unix: cron or a systemd timer; POSIX shell quoting.
    Linux,
    /// macOS: launchd or cron; POSIX shell quoting.
    MacOs,
    /// Windows: Task Scheduler; Windows command-line quoting.
    Windows,
}

impl SchedulePlatform {
    /// The platform this program runs on.
    pub fn current() -> SchedulePlatform {
        if cfg!(windows) {
            SchedulePlatform::Windows
        } else if cfg!(target_os = "macos") {
            SchedulePlatform::MacOs
        } else {
            SchedulePlatform::Linux
        }
    }
}

/// One argument quoted for the platform's command line: POSIX shells get
/// single quotes (nothing inside is special); Windows gets the quoting its
/// programs' argument parser (`CommandLineToArgvW`) reads back as written.
pub fn shell_quote(arg: &str, platform: SchedulePlatform) -> String {
    match platform {
        SchedulePlatform::Windows => windows_quote(arg),
        _ => {
            let plain = !arg.is_empty()
                && arg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c));
            if plain {
                arg.to_string()
            } else {
                format!("'{}'", arg.replace('\'', r"'\''"))
            }
        }
    }
}

fn windows_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && !arg
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '&' | '|' | '<' | '>' | '^' | '%'));
    if plain {
        return arg.to_string();
    }
    let mut out = String::from("\"");
    let mut backslashes = 0;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                // Backslashes before a quote are doubled, and the quote escaped.
                out.push_str(&"\\".repeat(backslashes * 2 + 1));
                out.push('"');
                backslashes = 0;
            }
            _ => {
                out.push_str(&"\\".repeat(backslashes));
                backslashes = 0;
                out.push(c);
            }
        }
    }
    // Backslashes before the closing quote are doubled too.
    out.push_str(&"\\".repeat(backslashes * 2));
    out.push('"');
    out
}

/// `tandem [--home <dir>] run [--demo] --define NAME=VALUE ... <file>`,
/// quoted for `platform`. Empty values are left out, so the script's
/// defaults apply as they do in the app. `home` is the app's data folder
/// when it is not the command's default (the app runs with `TANDEM_HOME`):
/// the scheduled run must record into the app's database and use its
/// login, whatever the scheduler's environment says.
pub fn schedule_command(
    parameters: &BTreeMap<String, String>,
    file: &Path,
    demo: bool,
    home: Option<&Path>,
    platform: SchedulePlatform,
) -> String {
    let mut args = vec!["tandem".to_string()];
    if let Some(home) = home {
        args.push("--home".into());
        args.push(shell_quote(&home.display().to_string(), platform));
    }
    args.push("run".into());
    if demo {
        args.push("--demo".into());
    }
    for (name, value) in parameters {
        if value.trim().is_empty() {
            continue;
        }
        args.push("--define".into());
        args.push(shell_quote(&format!("{name}={value}"), platform));
    }
    args.push(shell_quote(&file.display().to_string(), platform));
    args.join(" ")
}

/// How to put `command` in `platform`'s scheduler, in plain words.
/// `connection` is the app's now: it says whether the scheduled run has a
/// login to use (the app's, shared through the keyring) or needs one.
pub fn schedule_explanation(
    command: &str,
    connection: &ConnectionState,
    platform: SchedulePlatform,
) -> String {
    let login = match connection {
        ConnectionState::Demo => {
            "It runs on the demo companies, so it needs no login to Exact Online.".to_string()
        }
        ConnectionState::ExactOnline { .. } => {
            "It uses the app's login to Exact Online: the app is logged in on this computer, \
             and when the schedule runs as you, the run finds that login's tokens in your \
             keyring, so no other login is needed (a login made with `tandem login` would come \
             first). Logging out in the app ends it for the scheduled run too. If the schedule \
             runs as another user, run `tandem login` once as that user first: a scheduled run \
             cannot ask for a login."
                .to_string()
        }
        ConnectionState::NotConnected => {
            "Before the first scheduled run, log in to Exact Online in the app (the scheduled \
             run uses the app's login, when it runs as you), or run `tandem login` once as the \
             user the schedule runs as: a scheduled run cannot ask for a login."
                .to_string()
        }
    };
    let common = format!(
        "{login} If `tandem` is not on the PATH of the user the schedule runs as, write its \
         full path instead.\n\n\
         Run as the user who uses the app, a scheduled run is recorded in the app's own \
         database, like a run from the window: it appears in the app's History and Runs \
         view, and can be undone from there.\n\n\
         The exit code tells a monitor how it went: 0 all went well, 1 the script failed, \
         2 the command line is wrong, 3 it finished but some rows were refused (see the run \
         log), 130 it was cancelled. Output goes to standard output and errors to standard \
         error; keep both in a log file."
    );
    let how = match platform {
        SchedulePlatform::Linux => format!(
            "To run it every month on the 1st at 06:00, open your crontab with `crontab -e` \
             and add this line:\n\n0 6 1 * * {command} >> \"$HOME/tandem-scheduled.log\" 2>&1\n\n\
             Or, with systemd, make a service whose ExecStart is the command and a timer with \
             OnCalendar=*-*-01 06:00:00, then `systemctl --user enable --now <name>.timer`."
        ),
        SchedulePlatform::MacOs => format!(
            "On macOS, launchd runs scheduled jobs: save a property list in \
             ~/Library/LaunchAgents whose ProgramArguments are the words of the command and \
             whose StartCalendarInterval says when (Day 1, Hour 6, Minute 0 for the 1st of \
             each month at 06:00), then load it with `launchctl load <file>`. cron works too: \
             `crontab -e` and add\n\n0 6 1 * * {command} >> \"$HOME/tandem-scheduled.log\" 2>&1"
        ),
        SchedulePlatform::Windows => format!(
            "Open Task Scheduler, choose Create Basic Task, give it a name and a trigger \
             (Monthly, day 1, 06:00), choose Start a program, and enter `tandem` as the program \
             and the rest of the command as its arguments. Or from a command prompt:\n\n\
             schtasks /Create /SC MONTHLY /D 1 /ST 06:00 /TN \"Tandem\" /TR \"{}\"\n\n\
             Tick \"Run whether user is logged on or not\" so it runs unattended.",
            command.replace('"', "\\\"")
        ),
    };
    format!("{command}\n\n{how}\n\n{common}")
}

/// A file name for a query's script: letters, digits, `-` and `_` kept,
/// anything else a `-`; never empty, never a name Windows reserves.
fn safe_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            stem.push(c);
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_matches('-').to_string();
    if stem.is_empty() {
        return "query".into();
    }
    let reserved = ["CON", "PRN", "AUX", "NUL"];
    let upper = stem.to_ascii_uppercase();
    if reserved.contains(&upper.as_str())
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit())
    {
        return format!("{stem}_");
    }
    stem
}

/// Writes `script` to `<data_dir>/scheduled/<safe name>-<id>.sql`
/// (replacing an earlier one of this query; the id keeps two queries of
/// the same name apart) and returns the file.
pub fn write_scheduled_script(
    data_dir: &Path,
    id: i64,
    name: &str,
    script: &str,
) -> Result<PathBuf> {
    let dir = data_dir.join("scheduled");
    let io = |what: &str, path: &Path, e: std::io::Error| {
        Error::Io(format!("cannot {what} {}: {e}", path.display()))
    };
    std::fs::create_dir_all(&dir).map_err(|e| io("create the folder", &dir, e))?;
    let path = dir.join(format!("{}-{id}.sql", safe_stem(name)));
    std::fs::write(&path, script).map_err(|e| io("write", &path, e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_quoting_keeps_plain_words_and_single_quotes_the_rest() {
        let p = SchedulePlatform::Linux;
        assert_eq!(
            shell_quote("SOURCE_COMPANY=102673", p),
            "SOURCE_COMPANY=102673"
        );
        assert_eq!(shell_quote("NAME=Jan's BV", p), r"'NAME=Jan'\''s BV'");
        assert_eq!(shell_quote("", p), "''");
        assert_eq!(shell_quote("$HOME", p), "'$HOME'");
    }

    #[test]
    fn windows_quoting_reads_back_through_argv_rules() {
        let p = SchedulePlatform::Windows;
        assert_eq!(shell_quote(r"C:\data\q.sql", p), r"C:\data\q.sql");
        assert_eq!(shell_quote(r"C:\My Data\q.sql", p), r#""C:\My Data\q.sql""#);
        assert_eq!(shell_quote(r#"A=say "hi""#, p), r#""A=say \"hi\"""#);
        assert_eq!(shell_quote(r"A=dir\ ", p), r#""A=dir\ ""#);
        assert_eq!(shell_quote(r"A=end\\ x\", p), r#""A=end\\ x\\""#);
    }

    #[test]
    fn the_command_gives_each_value_as_a_define() {
        let parameters: BTreeMap<String, String> = [
            ("SOURCE_COMPANY", "102673"),
            ("NAME", "a b"),
            ("EMPTY", " "),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let command = schedule_command(
            &parameters,
            Path::new("/home/u/.local/share/tandem/scheduled/Monthly-3.sql"),
            false,
            None,
            SchedulePlatform::Linux,
        );
        assert_eq!(
            command,
            "tandem run --define 'NAME=a b' --define SOURCE_COMPANY=102673 \
             /home/u/.local/share/tandem/scheduled/Monthly-3.sql"
        );
        let demo = schedule_command(
            &BTreeMap::new(),
            Path::new("q.sql"),
            true,
            None,
            SchedulePlatform::Windows,
        );
        assert_eq!(demo, "tandem run --demo q.sql");
    }

    #[test]
    fn an_app_folder_of_its_own_goes_along_as_home() {
        let none = BTreeMap::new();
        let linux = schedule_command(
            &none,
            Path::new("/srv/tandem data/scheduled/q-1.sql"),
            false,
            Some(Path::new("/srv/tandem data")),
            SchedulePlatform::Linux,
        );
        assert_eq!(
            linux,
            "tandem --home '/srv/tandem data' run '/srv/tandem data/scheduled/q-1.sql'"
        );
        let windows = schedule_command(
            &none,
            Path::new(r"D:\Tandem data\scheduled\q-1.sql"),
            true,
            Some(Path::new(r"D:\Tandem data")),
            SchedulePlatform::Windows,
        );
        assert_eq!(
            windows,
            r#"tandem --home "D:\Tandem data" run --demo "D:\Tandem data\scheduled\q-1.sql""#
        );
        let plain = schedule_command(
            &none,
            Path::new("/srv/t/q.sql"),
            false,
            Some(Path::new("/srv/t")),
            SchedulePlatform::MacOs,
        );
        assert_eq!(plain, "tandem --home /srv/t run /srv/t/q.sql");
    }

    #[test]
    fn explanations_name_the_scheduler_and_exit_codes() {
        let app = ConnectionState::ExactOnline {
            country: crate::Country::Nl,
        };
        for (platform, scheduler) in [
            (SchedulePlatform::Linux, "crontab"),
            (SchedulePlatform::MacOs, "launchd"),
            (SchedulePlatform::Windows, "Task Scheduler"),
        ] {
            let text = schedule_explanation("tandem run q.sql", &app, platform);
            assert!(text.contains(scheduler), "{text}");
            assert!(text.contains("130"), "{text}");
            assert!(text.contains("History and Runs view"), "{text}");
        }
    }

    /// The scheduled run uses the app's login (regression: the text asked
    /// for `tandem login` even when the app was logged in, which a
    /// scheduled run no longer needs).
    #[test]
    fn explanations_ask_for_a_login_only_when_there_is_none_to_use() {
        let explain = |c: ConnectionState| {
            schedule_explanation("tandem run q.sql", &c, SchedulePlatform::Linux)
        };
        let app = explain(ConnectionState::ExactOnline {
            country: crate::Country::Nl,
        });
        assert!(app.contains("uses the app's login"), "{app}");
        assert!(app.contains("as another user, run `tandem login`"), "{app}");
        assert!(!app.contains("Before the first scheduled run"), "{app}");
        let none = explain(ConnectionState::NotConnected);
        assert!(
            none.contains("Before the first scheduled run, log in"),
            "{none}"
        );
        assert!(none.contains("`tandem login`"), "{none}");
        let demo = explain(ConnectionState::Demo);
        assert!(demo.contains("needs no login"), "{demo}");
        assert!(!demo.contains("tandem login"), "{demo}");
    }

    #[test]
    fn scheduled_scripts_get_safe_names_and_are_replaced() {
        assert_eq!(safe_stem("Monthly / sales: NL"), "Monthly-sales-NL");
        assert_eq!(safe_stem("***"), "query");
        assert_eq!(safe_stem("con"), "con_");
        let dir = std::env::temp_dir().join(format!("tandem-schedule-{}", std::process::id()));
        let first = write_scheduled_script(&dir, 3, "Monthly sales", "select 1").unwrap();
        let again = write_scheduled_script(&dir, 3, "Monthly sales", "select 2").unwrap();
        assert_eq!(first, again);
        assert_eq!(first.file_name().unwrap(), "Monthly-sales-3.sql");
        assert_eq!(std::fs::read_to_string(&again).unwrap(), "select 2");
        std::fs::remove_dir_all(&dir).ok();
    }
}
