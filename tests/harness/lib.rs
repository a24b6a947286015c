//! The end-to-end harness: starts the real, built Tandem app in a private X
//! display and drives it through WebDriver, as a user would.
//!
//! Each test gets its own Xvfb display, its own `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app) on free loopback ports, and its own
//! artifact folder. When a test fails, the harness saves a screenshot of the
//! display and keeps the driver's and the app's log, and prints both paths.
//!
//! Nothing is mocked here: the app binary is the one `make run` starts.
#![deny(missing_docs)]

mod app;
mod display;
mod error;
pub mod procfs;
mod webdriver;

pub use app::{app_binary, artifacts_dir, App, Launch};
pub use error::{Error, Result};
pub use webdriver::Element;
