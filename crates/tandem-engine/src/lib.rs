//! Tandem's engine: the one place where Tandem's behaviour lives.
//!
//! The desktop app, the `tandem` command and the tests are three faces of this
//! crate. A [`Session`] owns one SQLite connection (in-memory tables, the
//! rows read from the cloud, result sets), the active companies, and the
//! providers it reads from and writes to; [`Session::run_script`] runs an
//! Invantive-style script over them. Every capability of the GUI is an
//! engine call first, so that it can be tested headless and scripted from
//! the command line.
//!
//! This crate must not depend on Tauri or on anything that needs a display:
//! the shell in `src-tauri/` adapts engine calls to IPC, never the other way
//! round.
#![deny(missing_docs)]

mod cancel;
mod catalog;
mod companies;
mod connection;
mod demo;
mod dml;
mod error;
mod events;
mod execute;
mod export;
mod fetch;
mod history;
mod kept_results;
mod login;
mod os_user;
mod parameters;
mod partitions;
mod preferences;
pub mod provider;
mod pushdown;
mod resolve;
mod results;
mod rewrite;
mod schedule;
mod script;
mod session;
mod spans;
mod sync;
mod system_tables;
mod usage;
mod value;

pub use cancel::CancelToken;
pub use catalog::CatalogTable;
pub use companies::{Company, CompanySelection, SELECTION_SETTING};
pub use connection::{ConnectionState, Country};
pub use demo::redirect_following_browser;
pub use error::{Error, ErrorKind, LoginProblem, Result};
pub use events::{Event, EventSink, NoEvents, SyncCompanyPlanned, Throttled};
pub use export::{csv_field, csv_field_with, csv_name, csv_separator};
pub use history::DATABASE_FILE;
pub use kept_results::{KeepResults, KEEP_RESULTS_SETTING, RESULTS_DIR};
pub use login::{
    demo_state_file, AppRegistrationInput, LoginRequest, SavedRegistration, CONNECTION_SETTING,
    REGISTRATION_SETTING,
};
pub use parameters::{
    given_defines, guess_kind, missing_parameters, parameter_fields_for, parameter_label,
    ParameterField,
};
pub use resolve::IN_MEMORY;
pub use results::{ResultColumn, ResultSetInfo};
pub use schedule::{
    schedule_command, schedule_explanation, shell_quote, write_scheduled_script, SchedulePlatform,
};
pub use script::{RunOutcome, RunReport};
pub use session::{ActivePartition, AppInfo, Session};
pub use sync::{
    export_plan_rows, filter_plan_rows, CompanyBudget, CompanyOverview, CompanySummary,
    PlanDetailRow, PlanOverview, RowError, SyncApproval, SyncPolicy, SyncPreview, SyncSummary,
    UndoPreview,
};
pub use tandem_exact::BrowserOpener;
pub use tandem_exact_sim::{SimConfig, Simulator};
pub use tandem_sql::{Defines, ExportFormat, Position};
pub use tandem_store::{ParameterKind, Store};
pub use usage::Usage;
pub use value::{Cell, SqlType};

/// The engine's version, as shown in the app's status bar and `tandem --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
