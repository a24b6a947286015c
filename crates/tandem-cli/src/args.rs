//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Tandem: Invantive-style SQL scripts over Exact Online, headless.
#[derive(Parser, Debug)]
#[command(name = "tandem", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a script (FILE, or - for standard input).
    Run(RunArgs),
    /// Log in to Exact Online (or a simulator) and keep the connection.
    Login(LoginArgs),
    /// Forget the saved connection and its tokens.
    Logout,
    /// Run the Exact Online simulator until Ctrl-C.
    Sim(SimCommand),
}

/// How result sets are written to standard output.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// CSV: a header row; NULL empty, the empty string `""`.
    Csv,
    /// One JSON object per result set per line.
    Json,
}

/// `tandem run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Run against the built-in simulator and its demo companies.
    #[arg(long)]
    pub demo: bool,
    /// A ${NAME} value (repeatable).
    #[arg(long = "define", short = 'D', value_name = "NAME=VALUE")]
    pub defines: Vec<String>,
    /// Output format of result sets.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Exact Online (or simulator) address, instead of the saved connection.
    #[arg(long, conflicts_with = "demo")]
    pub base_url: Option<String>,
    /// Simulator settings for --demo.
    #[command(flatten)]
    pub sim: SimSettings,
    /// The script file, or - for standard input.
    pub file: String,
}

/// `tandem login`.
#[derive(Args, Debug)]
pub struct LoginArgs {
    /// The country of the Exact Online site (needs TANDEM_CLIENT_ID,
    /// TANDEM_CLIENT_SECRET and TANDEM_REDIRECT_URI of your app).
    #[arg(long, conflicts_with = "base_url")]
    pub country: Option<String>,
    /// A simulator's address (uses the simulator's demo app).
    #[arg(long)]
    pub base_url: Option<String>,
}

/// `tandem sim`.
#[derive(Args, Debug)]
pub struct SimCommand {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed of the demo dataset.
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
    /// Added latency of simulator reads, ms.
    #[arg(long, default_value_t = 0)]
    pub read_latency_ms: u64,
    /// Added latency of simulator writes, ms.
    #[arg(long, default_value_t = 0)]
    pub write_latency_ms: u64,
    /// Simulator calls per company per minute.
    #[arg(long, default_value_t = 60)]
    pub minutely_limit: u64,
    /// Simulator calls per company per day.
    #[arg(long, default_value_t = 5000)]
    pub daily_limit: u64,
    /// Share of simulator calls that start a burst of 429s (0..1).
    #[arg(long, default_value_t = 0.0)]
    pub fault_429: f64,
}

/// Where the CLI keeps its files: `TANDEM_HOME`, else `~/.tandem`.
pub fn home() -> PathBuf {
    if let Some(h) = std::env::var_os("TANDEM_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h);
    }
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join(".tandem")
}
