//! Opening the authorize page in the user's browser: `$BROWSER` when set
//! (the URL as its argument, or in place of `%s`), else the desktop's opener
//! (`xdg-open` on Linux, `open` on macOS, `start` on Windows). Tests plug in
//! their own "browser".

use crate::error::{Error, Result};
use std::fmt;
use std::sync::Arc;

/// How the authorize URL reaches a browser.
#[derive(Clone, Default)]
pub enum BrowserOpener {
    /// `$BROWSER`, else the desktop's opener.
    #[default]
    System,
    /// Run this program with the URL as its argument.
    Command(String),
    /// Hand the URL to code (tests; or a UI that shows it).
    Callback(Arc<dyn Fn(String) + Send + Sync>),
}

impl fmt::Debug for BrowserOpener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BrowserOpener::System => f.write_str("System"),
            BrowserOpener::Command(c) => write!(f, "Command({c})"),
            BrowserOpener::Callback(_) => f.write_str("Callback"),
        }
    }
}

impl BrowserOpener {
    /// Opens `url`.
    pub fn open(&self, url: &str) -> Result<()> {
        match self {
            BrowserOpener::Callback(f) => {
                f(url.to_string());
                Ok(())
            }
            BrowserOpener::Command(cmd) => run(cmd, url),
            BrowserOpener::System => {
                if let Some(list) = std::env::var("BROWSER")
                    .ok()
                    .filter(|b| !b.trim().is_empty())
                {
                    // $BROWSER may list several programs, separated by ':'.
                    let mut last = None;
                    for cmd in list.split(':').filter(|c| !c.trim().is_empty()) {
                        match run(cmd, url) {
                            Ok(()) => return Ok(()),
                            Err(e) => last = Some(e),
                        }
                    }
                    if let Some(e) = last {
                        return Err(e);
                    }
                }
                run(default_opener(), url)
            }
        }
    }
}

fn default_opener() -> &'static str {
    if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    }
}

fn run(cmd: &str, url: &str) -> Result<()> {
    let cmd = cmd.trim();
    let mut parts: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
    if parts.is_empty() {
        return Err(Error::Login("no browser command".into()));
    }
    if parts.iter().any(|p| p.contains("%s")) {
        for p in parts.iter_mut() {
            *p = p.replace("%s", url);
        }
    } else {
        parts.push(url.to_string());
    }
    let program = parts.remove(0);
    std::process::Command::new(&program)
        .args(&parts)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reap the opener when it exits (it usually hands off at once).
            std::thread::spawn(move || {
                let _ = child.wait();
            });
        })
        .map_err(|e| {
            Error::Login(format!(
                "cannot open a browser with `{program}` ({e}); open the login address yourself"
            ))
        })
}
