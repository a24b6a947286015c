//! The command line, as clap reads it. The help texts are written for the
//! accountant who runs a script, not for the programmer who wrote `tandem`:
//! they say what each command does, where its files go and what the exit
//! codes mean.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Try it without an Exact Online account:
  tandem run --demo script.sql
runs the script against the built-in demo companies (a simulator of Exact
Online with a demo app and user; nothing leaves your computer).

With your own Exact Online:
  tandem run script.sql   run scripts over your companies, with the app's
                          login to Exact Online on this computer
  tandem login            or sign in here in your browser (the connection
                          is kept); needed only without the app's login
  tandem logout           forget that connection and its tokens

Every run is recorded in tandem.db in Tandem's data folder, the same one
the app uses: runs made here, scheduled ones too, show in the app's History
and Runs view and can be undone there.
  tandem history          list recent script runs, as the app's History
                          does (--search TEXT); `tandem history ID` shows
                          one in full, --results the result sets it kept
Every synchronize is in its run log:
  tandem runs             list recent synchronize runs; `tandem runs RUN`
                          shows one run's changes
  tandem undo RUN         put back what a run changed (--explain: show how)

Environment:
  TANDEM_HOME             Tandem's data folder, as --home (default: the
                          app's, which is
                          $XDG_DATA_HOME/app.tandem.desktop on Linux, by
                          default ~/.local/share/app.tandem.desktop;
                          ~/Library/Application Support/app.tandem.desktop
                          on macOS, %APPDATA%\\app.tandem.desktop on Windows)
  TANDEM_KEYRING_SERVICE  name under which tokens are kept in the system
                          keyring (default: tandem-exact-online); give
                          separate runs or tests their own
  TANDEM_CLIENT_ID, TANDEM_CLIENT_SECRET, TANDEM_REDIRECT_URI
                          your firm's app from Exact's App Center (default:
                          the one saved in the app, its secret from the
                          keyring); when one is set, all three are needed
  BROWSER                 program that opens the login page (default: the
                          desktop's browser)

Exit codes:
  0    the script ran to the end
  1    a statement failed, or Tandem could not connect
  2    bad usage: unknown option, malformed --define, unreadable file
  3    the script ran to the end, but synchronize skipped rows that Exact
       Online refused (listed after its summary, and in `tandem runs RUN`)
  130  cancelled with Ctrl-C";

const UNDO_AFTER_HELP: &str = "\
Examples:
  tandem runs                  find the run's number
  tandem undo --explain 12     what undoing run 12 would change
  tandem undo 12               undo it (on the same companies)
  tandem undo --demo 12        undo a run made with `tandem run --demo`

Exit codes:
  0    undone
  1    the undo failed, or Tandem could not connect
  2    bad usage
  3    undone, except rows that Exact Online refused (listed)
  130  cancelled with Ctrl-C";

const HISTORY_AFTER_HELP: &str = "\
Examples:
  tandem history                       the 20 most recent runs
  tandem history --search 102673       runs whose script, values, companies
                                       or user contain 102673
  tandem history 12                    run 12 in full
  tandem history 12 --results --format csv > run-12.csv

Times are in this computer's time zone. The result sets of the newest 50
runs are kept (an answer of more than 250,000 rows is not), in results/ in
the data folder; older ones are removed to make room.

Exit codes:
  0    shown
  1    no such run, its results are not kept, or the database cannot be read
  2    bad usage";

const RUN_AFTER_HELP: &str = "\
Examples:
  tandem run --demo accounts.sql
  tandem run --format csv -D YEAR=2024 report.sql > report.csv
  cat script.sql | tandem run --demo -

Result sets are written to standard output; progress, remarks, warnings and
errors to standard error (progress only when that is a terminal). Without
--demo or --base-url the connection saved by `tandem login` is used, else
the app's login to Exact Online (as the app saved it in the data folder,
its tokens in the keyring).

CSV: one header row per result set; NULL is an empty field, an empty text
is \"\"; result sets are separated by a blank line. JSON: one object per
result set per line, with `columns`, `types` and `rows`.

Ctrl-C stops the run cleanly: no new statement or company is started, calls
already under way finish, and everything so far is still printed. Press
Ctrl-C again to stop at once.

With --demo the demo companies keep their data between runs (in
demo/simulator-state.json in the data folder, shared with the app's demo),
so a second synchronize shows what the first one did; --demo-reset starts
again from the original demo data. Every run is recorded in tandem.db in the
data folder (history and the synchronize run log), where the app's History
shows it; `tandem --help` says where that folder is. A synchronize that
would delete more than half of a company's rows stops unless
--allow-mass-delete is given.

Exit codes:
  0    the script ran to the end
  1    a statement failed, or Tandem could not connect (not logged in, ...)
  2    bad usage: unknown option, malformed --define, unreadable file
  3    the script ran to the end, but synchronize skipped rows that Exact
       Online refused (listed after its summary, and in `tandem runs RUN`)
  130  cancelled with Ctrl-C";

/// Tandem runs Invantive-style SQL scripts over Exact Online: many
/// companies at once, without the app's window.
#[derive(Parser, Debug)]
#[command(name = "tandem", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// Tandem's data folder (the app database, the saved connection, the
    /// demo's data); wins over TANDEM_HOME. Default: the app's, see below.
    #[arg(long, global = true, value_name = "DIR")]
    pub home: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a SQL script and print its result sets.
    #[command(after_help = RUN_AFTER_HELP)]
    Run(RunArgs),
    /// Undo a synchronize run: delete what it inserted, restore what it
    /// updated, re-create what it deleted.
    ///
    /// The undo is itself a run (in the run log, with its own number); rows
    /// changed since are compared afresh, and what cannot be undone is
    /// said in a warning. RUN is a number from `tandem runs`. Exit codes as
    /// for `tandem run`.
    #[command(after_help = UNDO_AFTER_HELP)]
    Undo(UndoArgs),
    /// List the synchronize runs in the run log, or the changes of one.
    ///
    /// Without RUN: the most recent runs, newest first. With RUN: every
    /// change that run planned, with its outcome and, when refused, the
    /// error. Keys only; the log holds no more of a row than undo needs,
    /// and this command never prints it.
    Runs(RunsArgs),
    /// List the script runs in the history, or show one in full.
    ///
    /// Every script run, the app's and this command's, scheduled or not,
    /// newest first, as the app's Library → History lists them. With ID:
    /// the run in full, its script, values and error, and whether its
    /// results are kept; with --results, those result sets as the run
    /// printed them. ID is the number in the first column of the list (not
    /// a synchronize run's number from `tandem runs`).
    #[command(after_help = HISTORY_AFTER_HELP)]
    History(HistoryArgs),
    /// Sign in to Exact Online in your browser and keep the connection.
    ///
    /// Opens the Exact Online login page ($BROWSER, else your desktop's
    /// browser); after you approve, the connection is saved in the data
    /// folder (see TANDEM_HOME in `tandem --help`) and its tokens in the
    /// system keyring, and `tandem run` uses it. Not needed when the app
    /// is logged in to Exact Online on this computer as this user:
    /// `tandem run` uses the app's login then.
    Login(LoginArgs),
    /// Forget the saved connection and remove its tokens from the keyring.
    Logout,
    /// Run the Exact Online simulator (demo companies) until Ctrl-C.
    ///
    /// For trying scripts or other Exact Online programs without touching
    /// real administrations. Prints its address; sign in to it with
    /// `tandem login --base-url <address>`.
    Sim(SimCommand),
}

/// How result sets are written to standard output.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for reading on screen.
    Table,
    /// CSV for spreadsheets: a header row; NULL empty, the empty text `""`.
    Csv,
    /// One JSON object per result set per line, for programs.
    Json,
}

/// How progress is shown on standard error.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressMode {
    /// Bars when standard error is a terminal, else none.
    Auto,
    /// One plain line per statement and company, for log files.
    Plain,
    /// None (remarks, warnings and errors are still shown).
    None,
}

/// Where `run` and `undo` connect.
#[derive(Args, Debug)]
pub struct ConnectArgs {
    /// Run against the built-in demo companies instead of Exact Online.
    /// Their data is kept between runs in the data folder's demo/.
    #[arg(long)]
    pub demo: bool,
    /// With --demo: start again from the original demo data, forgetting
    /// what earlier runs changed.
    #[arg(long, requires = "demo")]
    pub demo_reset: bool,
    /// With --demo: how many companies besides the source company a new
    /// demo dataset gets (12 unless given), to try a script over many
    /// companies. Only a new dataset (the first --demo run in the data
    /// folder, or with --demo-reset) is made this size; kept data keeps its
    /// own.
    #[arg(long, requires = "demo", value_name = "N")]
    pub demo_companies: Option<usize>,
    /// Address of a simulator started with `tandem sim`, instead of the
    /// saved connection.
    #[arg(long, conflicts_with = "demo", value_name = "URL")]
    pub base_url: Option<String>,
    /// Simulator settings for --demo.
    #[command(flatten, next_help_heading = "Demo simulator (with --demo)")]
    pub sim: SimSettings,
}

/// `tandem run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Give ${NAME} in the script a value (repeatable); it wins over the
    /// script's own `local define NAME`, which is only a default.
    #[arg(long = "define", short = 'D', value_name = "NAME=VALUE")]
    pub defines: Vec<String>,
    /// How result sets are written.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// How progress is shown on standard error.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    pub progress: ProgressMode,
    /// Let synchronize delete more than half of a company's rows (without
    /// it, such a plan stops before anything is written).
    #[arg(long)]
    pub allow_mass_delete: bool,
    /// The script file, or - to read it from standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Where to connect.
    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// `tandem undo`.
#[derive(Args, Debug)]
pub struct UndoArgs {
    /// The run to undo (its number in `tandem runs`).
    #[arg(value_name = "RUN")]
    pub run: i64,
    /// Only show what the undo would do, one row per changed column.
    #[arg(long)]
    pub explain: bool,
    /// How result sets are written.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// How progress is shown on standard error.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    pub progress: ProgressMode,
    /// Where to connect: the same companies the run wrote to.
    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// `tandem runs`.
#[derive(Args, Debug)]
pub struct RunsArgs {
    /// Show this run's changes instead of the list of runs.
    #[arg(value_name = "RUN", conflicts_with = "key")]
    pub run: Option<i64>,
    /// Search the changes of every run by key (part of the key text, such
    /// as a code).
    #[arg(long, value_name = "TEXT")]
    pub key: Option<String>,
    /// How many runs (or changes found by --key) to list, newest first.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// How the list is written.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `tandem history`.
#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// Show this run in full instead of the list.
    #[arg(value_name = "ID", conflicts_with_all = ["search", "limit"])]
    pub id: Option<i64>,
    /// Only runs whose script, values, companies or user contain this text
    /// (case aside).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// How many runs to list, newest first.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: u32,
    /// Print the result sets run ID kept, instead of the run.
    #[arg(long, requires = "id")]
    pub results: bool,
    /// How the list or the result sets are written; a run in full is text,
    /// or one JSON object with --format json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `tandem login`.
#[derive(Args, Debug)]
pub struct LoginArgs {
    /// The Exact Online site of your administrations: nl, be, de, fr, es,
    /// uk or us (default nl). Needs your own app from Exact's App Center:
    /// the one saved in the app, or TANDEM_CLIENT_ID, TANDEM_CLIENT_SECRET
    /// and TANDEM_REDIRECT_URI.
    #[arg(long, conflicts_with = "base_url")]
    pub country: Option<String>,
    /// A simulator's address (from `tandem sim`); uses its demo app.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `tandem sim`.
#[derive(Args, Debug)]
pub struct SimCommand {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Write the port listened on to this file once ready.
    #[arg(long, value_name = "FILE")]
    pub port_file: Option<PathBuf>,
    /// Seed of the demo dataset (same seed, same data).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Accounts in the master company.
    #[arg(long, default_value_t = 5000)]
    pub accounts: usize,
    /// Companies besides the master.
    #[arg(long, default_value_t = 12)]
    pub divisions: usize,
    /// Show the login page instead of approving the demo user at once.
    #[arg(long)]
    pub login_page: bool,
    /// Run-time settings.
    #[command(flatten)]
    pub settings: SimSettings,
}

/// Simulator settings shared by `run --demo` and `sim`.
#[derive(Args, Debug, Clone)]
pub struct SimSettings {
    /// Added delay of each simulated read, in ms (to see progress).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub read_latency_ms: u64,
    /// Added delay of each simulated write, in ms.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub write_latency_ms: u64,
    /// Calls allowed per company per minute, as Exact Online limits them.
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub minutely_limit: u64,
    /// Calls allowed per company per day.
    #[arg(long, default_value_t = 5000, value_name = "N")]
    pub daily_limit: u64,
    /// Share of calls that start a burst of "too many requests" (0..1).
    #[arg(long, default_value_t = 0.0, value_name = "SHARE")]
    pub fault_429: f64,
}
