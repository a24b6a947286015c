//! One running instance of the Tandem app under test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::display::Display;
use crate::webdriver::{Element, Session};
use crate::{Error, Result};

/// How long a condition may take before a test fails. Generous, because CI
/// machines are shared; tests never sleep, they wait for conditions.
const PATIENCE: Duration = Duration::from_secs(20);

/// How to start the app. The settings other than `demo` are the app's test
/// hooks (`src-tauri/src/hooks.rs`), passed as environment variables to
/// `tauri-driver`, whose children (WebKitWebDriver, then the app) inherit them.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// Start on the demo data (`--demo`).
    pub demo: bool,
    /// `TANDEM_EXPORT_DIR`: exports go into this folder, without the save
    /// dialog.
    pub export_dir: Option<PathBuf>,
    /// `TANDEM_THEME`: `light` or `dark`, replacing the saved theme.
    pub theme: Option<String>,
    /// `BROWSER`: the program login's browser step runs.
    pub browser: Option<String>,
    /// `TANDEM_DEMO_READ_LATENCY_MS`: every read of the demo simulator takes
    /// this long once connected.
    pub demo_read_latency_ms: Option<u64>,
    /// `TANDEM_DEMO_WRITE_LATENCY_MS`: every write to the demo simulator
    /// takes this long (to watch a synchronize's progress, or stop it).
    pub demo_write_latency_ms: Option<u64>,
    /// `TANDEM_DEMO_MINUTELY_LIMIT`: the demo simulator's calls per company
    /// per minute, instead of Exact Online's 60.
    pub demo_minutely_limit: Option<u64>,
    /// `TANDEM_DEMO_COMPANIES`: companies besides the source company in the
    /// demo's dataset, instead of 12.
    pub demo_companies: Option<usize>,
    /// `TANDEM_LIBRARY_DIR`: library import and export use this folder
    /// without the folder picker.
    pub library_dir: Option<PathBuf>,
    /// `TANDEM_OPEN_FILE`: "Open .sql file" opens this file without the
    /// file picker.
    pub open_file: Option<PathBuf>,
}

impl Launch {
    /// On the demo data, with no other hooks.
    pub fn demo() -> Launch {
        Launch {
            demo: true,
            ..Launch::default()
        }
    }

    fn hook_env(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        let mut env = Vec::new();
        if let Some(dir) = &self.export_dir {
            env.push(("TANDEM_EXPORT_DIR", dir.into()));
        }
        if let Some(theme) = &self.theme {
            env.push(("TANDEM_THEME", theme.into()));
        }
        if let Some(browser) = &self.browser {
            env.push(("BROWSER", browser.into()));
        }
        if let Some(ms) = self.demo_read_latency_ms {
            env.push(("TANDEM_DEMO_READ_LATENCY_MS", ms.to_string().into()));
        }
        if let Some(ms) = self.demo_write_latency_ms {
            env.push(("TANDEM_DEMO_WRITE_LATENCY_MS", ms.to_string().into()));
        }
        if let Some(limit) = self.demo_minutely_limit {
            env.push(("TANDEM_DEMO_MINUTELY_LIMIT", limit.to_string().into()));
        }
        if let Some(n) = self.demo_companies {
            env.push(("TANDEM_DEMO_COMPANIES", n.to_string().into()));
        }
        if let Some(dir) = &self.library_dir {
            env.push(("TANDEM_LIBRARY_DIR", dir.into()));
        }
        if let Some(file) = &self.open_file {
            env.push(("TANDEM_OPEN_FILE", file.into()));
        }
        env
    }

    fn args(&self) -> Vec<&'static str> {
        if self.demo {
            vec!["--demo"]
        } else {
            Vec::new()
        }
    }
}

/// The app, started under its own display and driver; closed when dropped.
/// If the test is failing when it is dropped, a screenshot is saved first.
pub struct App {
    session: Option<Session>,
    driver: Child,
    driver_url: String,
    display: Display,
    artifacts: PathBuf,
    launch: Launch,
    launched_at: Instant,
}

impl App {
    /// Starts the app for the named test.
    pub fn start(test_name: &str, launch: Launch) -> Result<App> {
        let binary = app_binary();
        if !binary.exists() {
            return Err(Error::MissingApp(binary.display().to_string()));
        }
        let artifacts = artifacts_dir(test_name);
        if artifacts.exists() {
            std::fs::remove_dir_all(&artifacts)?;
        }
        let home = artifacts.join("home");
        std::fs::create_dir_all(&home)?;

        let display = Display::start(&artifacts.join("xvfb.log"))?;
        let (port, native_port) = (free_port()?, free_port()?);
        let log = std::fs::File::create(artifacts.join("app.log"))?;
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display.name)
            // Software rendering: Xvfb has no GPU, and the DMA-BUF renderer
            // paints blank windows there.
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            // Keep each test's app data apart from the user's and each other's.
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("TANDEM_HOME", home.join("tandem"))
            .env("RUST_LOG", "info")
            .envs(launch.hook_env())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|source| Error::Spawn {
                program: "tauri-driver".into(),
                source,
            })?;
        let mut app = App {
            session: None,
            driver,
            driver_url: format!("http://127.0.0.1:{port}"),
            display,
            artifacts,
            launch,
            launched_at: Instant::now(),
        };
        app.wait_for_driver()?;
        app.open_session()?;
        Ok(app)
    }

    /// Opens a WebDriver session, which starts the app.
    fn open_session(&mut self) -> Result<()> {
        self.launched_at = Instant::now();
        self.session = Some(Session::new(
            &self.driver_url,
            json!({
                "browserName": "wry",
                "tauri:options": { "application": app_binary(), "args": self.launch.args() },
            }),
        )?);
        Ok(())
    }

    /// Closes the app and starts it again on the same display, driver and
    /// data folders (so with the same `TANDEM_HOME`), as a user reopening
    /// it would. `demo` replaces the `--demo` flag of the first start; the
    /// test hooks stay as they were.
    pub fn restart(&mut self, demo: bool) -> Result<()> {
        if let Some(session) = self.session.take() {
            session.close()?;
        }
        self.launch.demo = demo;
        self.open_session()
    }

    /// When the app was last asked to start (the WebDriver session request).
    pub fn launched_at(&self) -> Instant {
        self.launched_at
    }

    fn wait_for_driver(&mut self) -> Result<()> {
        let url = self.driver_url.clone();
        let http = reqwest::blocking::Client::new();
        wait(&format!("tauri-driver at {url}"), || {
            if let Some(status) = self.driver.try_wait()? {
                return Err(Error::WebDriver {
                    command: "start".into(),
                    message: format!("tauri-driver exited with {status}"),
                });
            }
            Ok(http
                .get(format!("{url}/status"))
                .send()
                .is_ok_and(|r| r.status().is_success()))
        })
    }

    fn session(&self) -> &Session {
        self.session
            .as_ref()
            .expect("the session is opened in start")
    }

    /// The first element matching `css`, waiting until there is one.
    pub fn find(&self, css: &str) -> Result<Element> {
        let mut found = None;
        wait(&format!("an element matching {css:?}"), || {
            found = self.session().find_all(css)?.into_iter().next();
            Ok(found.is_some())
        })?;
        Ok(found.expect("wait returned only once found"))
    }

    /// How many elements match `css` right now.
    pub fn count(&self, css: &str) -> Result<usize> {
        Ok(self.session().find_all(css)?.len())
    }

    /// The rendered text of the first element matching `css`, or `None` when
    /// nothing matches. Read in one script call, so an element that the UI
    /// re-renders meanwhile cannot go stale between finding and reading it.
    fn read_text(&self, css: &str) -> Result<Option<String>> {
        let value = self.session().execute(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;",
            vec![css.into()],
        )?;
        Ok(value.as_str().map(|s| s.trim().to_owned()))
    }

    /// The text of the first element matching `css`, waiting until there is one.
    pub fn text(&self, css: &str) -> Result<String> {
        let mut text = None;
        wait(&format!("an element matching {css:?}"), || {
            text = self.read_text(css)?;
            Ok(text.is_some())
        })?;
        Ok(text.unwrap_or_default())
    }

    /// An attribute of the first element matching `css`, or `None` when it has
    /// none; waits until an element matches.
    pub fn attribute(&self, css: &str, name: &str) -> Result<Option<String>> {
        self.find(css)?;
        let value = self.session().execute(
            "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
            vec![css.into(), name.into()],
        )?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// Waits until the first element matching `css` shows exactly `expected`.
    pub fn wait_for_text(&self, css: &str, expected: &str) -> Result<()> {
        let mut last = None;
        wait(&format!("{css:?} to read {expected:?}"), || {
            last = self.read_text(css)?;
            Ok(last.as_deref() == Some(expected))
        })
        .map_err(|e| match e {
            Error::Timeout { what, seconds } => Error::Timeout {
                what: format!("{what} (it read {last:?})"),
                seconds,
            },
            other => other,
        })
    }

    /// Clicks the first element matching `css`.
    pub fn click(&self, css: &str) -> Result<()> {
        let element = self.find(css)?;
        self.session().click(&element)
    }

    /// Runs a script in the page.
    pub fn execute(&self, script: &str) -> Result<serde_json::Value> {
        self.session().execute(script, Vec::new())
    }

    /// Runs a script in the page with arguments (`arguments[0]`, ...).
    pub fn execute_with(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> Result<serde_json::Value> {
        self.session().execute(script, args)
    }

    /// Waits until `script` (run in the page) returns `true`; `what` names
    /// the condition in the timeout error.
    pub fn wait_until(&self, what: &str, script: &str) -> Result<()> {
        wait(what, || Ok(self.execute(script)?.as_bool() == Some(true)))
    }

    /// Waits until `script` returns `true`, for up to `patience` (for the
    /// few conditions that take longer than usual, such as a million-row
    /// query in a debug build).
    pub fn wait_until_for(&self, what: &str, script: &str, patience: Duration) -> Result<()> {
        wait_for(what, patience, || {
            Ok(self.execute(script)?.as_bool() == Some(true))
        })
    }

    /// The ids of the app's processes: the app itself first, then the
    /// WebKit processes it started (the page, the network), found by
    /// walking `/proc` from the driver down.
    pub fn process_ids(&self) -> Result<Vec<u32>> {
        crate::procfs::app_processes(self.driver.id(), &app_binary())
    }

    /// The window title.
    pub fn title(&self) -> Result<String> {
        self.session().title()
    }

    /// Saves a screenshot of the display under the test's artifacts.
    pub fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let path = self.artifacts.join(format!("{name}.png"));
        self.display.screenshot(&path)?;
        Ok(path)
    }

    /// The folder holding this test's logs and screenshots.
    pub fn artifacts(&self) -> &Path {
        &self.artifacts
    }

    /// The app's data folder (`TANDEM_HOME`): its database, and the demo
    /// simulator's state in `demo/simulator-state.json`.
    pub fn tandem_home(&self) -> PathBuf {
        self.artifacts.join("home").join("tandem")
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if std::thread::panicking() {
            match self.screenshot("failure") {
                Ok(path) => eprintln!("e2e: screenshot of the failure: {}", path.display()),
                Err(e) => eprintln!("e2e: could not save a screenshot: {e}"),
            }
            eprintln!(
                "e2e: app and driver log: {}",
                self.artifacts.join("app.log").display()
            );
        }
        if let Some(session) = self.session.take() {
            let _ = session.close();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Polls `condition` until it holds or [`PATIENCE`] runs out.
fn wait(what: &str, condition: impl FnMut() -> Result<bool>) -> Result<()> {
    wait_for(what, PATIENCE, condition)
}

/// Polls `condition` until it holds or `patience` runs out.
fn wait_for(
    what: &str,
    patience: Duration,
    mut condition: impl FnMut() -> Result<bool>,
) -> Result<()> {
    let start = Instant::now();
    loop {
        if condition()? {
            return Ok(());
        }
        if start.elapsed() > patience {
            return Err(Error::Timeout {
                what: what.to_owned(),
                seconds: start.elapsed().as_secs_f64(),
            });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// Where the named test keeps its logs, screenshots and files
/// (`artifacts/e2e/<test>`). [`App::start`] empties it first, so a test that
/// needs a folder in it (an export folder) creates that after starting.
pub fn artifacts_dir(test_name: &str) -> PathBuf {
    workspace_root().join("artifacts/e2e").join(test_name)
}

/// The debug build of the app, or `TANDEM_APP_BIN` when set.
pub fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("TANDEM_APP_BIN") {
        return PathBuf::from(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug/tandem-app")
}
