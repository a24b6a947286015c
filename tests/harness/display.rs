//! A private X display per test, so tests neither need a desktop nor see each
//! other's windows.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::{Error, Result};

/// A running Xvfb server, stopped when dropped.
pub struct Display {
    child: Child,
    /// The display name, such as `:99`.
    pub name: String,
}

impl Display {
    /// Starts Xvfb on the first free display number; Xvfb picks it and reports
    /// it on stdout (`-displayfd 1`), so parallel runs never race for one.
    pub fn start(log: &Path) -> Result<Display> {
        let log_file = std::fs::File::create(log)?;
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|source| Error::Spawn {
                program: "Xvfb".into(),
                source,
            })?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let number = line.trim();
        if number.is_empty() {
            let _ = child.kill();
            return Err(Error::Timeout {
                what: format!("Xvfb to report its display (see {})", log.display()),
                seconds: 0.0,
            });
        }
        Ok(Display {
            name: format!(":{number}"),
            child,
        })
    }

    /// Saves the whole screen as a PNG, with ImageMagick's `import`.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let status = Command::new("/usr/bin/import")
            .args(["-window", "root"])
            .arg(path)
            .env("DISPLAY", &self.name)
            .status()
            .map_err(|source| Error::Spawn {
                program: "/usr/bin/import".into(),
                source,
            })?;
        if status.success() {
            Ok(())
        } else {
            Err(Error::Io(std::io::Error::other(format!(
                "import exited with {status}"
            ))))
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
