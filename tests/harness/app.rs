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

/// How to start the app.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// Start on the demo data (`--demo`).
    pub demo: bool,
}

/// The app, started under its own display and driver; closed when dropped.
/// If the test is failing when it is dropped, a screenshot is saved first.
pub struct App {
    session: Option<Session>,
    driver: Child,
    display: Display,
    artifacts: PathBuf,
}

impl App {
    /// Starts the app for the named test.
    pub fn start(test_name: &str, launch: Launch) -> Result<App> {
        let binary = app_binary();
        if !binary.exists() {
            return Err(Error::MissingApp(binary.display().to_string()));
        }
        let artifacts = workspace_root().join("artifacts/e2e").join(test_name);
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
            display,
            artifacts,
        };
        let driver_url = format!("http://127.0.0.1:{port}");
        app.wait_for_driver(&driver_url)?;
        let mut args = Vec::new();
        if launch.demo {
            args.push("--demo");
        }
        app.session = Some(Session::new(
            &driver_url,
            json!({
                "browserName": "wry",
                "tauri:options": { "application": binary, "args": args },
            }),
        )?);
        Ok(app)
    }

    fn wait_for_driver(&mut self, url: &str) -> Result<()> {
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
fn wait(what: &str, mut condition: impl FnMut() -> Result<bool>) -> Result<()> {
    let start = Instant::now();
    loop {
        if condition()? {
            return Ok(());
        }
        if start.elapsed() > PATIENCE {
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

/// The debug build of the app, or `TANDEM_APP_BIN` when set.
fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("TANDEM_APP_BIN") {
        return PathBuf::from(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug/tandem-app")
}
