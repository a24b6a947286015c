//! Starting `tandem` with its own data folder and keyring service, and
//! waiting for what it says, so tests never sleep for a fixed time.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const SEED: &str = include_str!("../../../tandem-sql/tests/golden/seed_article.sql");

/// A fresh folder under the temp dir, unique per test process and call.
pub fn temp_dir(what: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tandem-cli-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `tandem` with `TANDEM_HOME` and `TANDEM_KEYRING_SERVICE` of its own.
pub fn command(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tandem"));
    c.env("TANDEM_HOME", home).env(
        "TANDEM_KEYRING_SERVICE",
        format!("tandem-cli-test-{}", home.display()),
    );
    c
}

/// Runs `tandem args` with `stdin`, everything piped.
pub fn tandem(args: &[&str], stdin: &str) -> Output {
    tandem_in(&temp_dir("home"), args, stdin)
}

/// Like [`tandem`], in a given home.
pub fn tandem_in(home: &Path, args: &[&str], stdin: &str) -> Output {
    output(command(home).args(args), stdin)
}

/// Runs a prepared command with `stdin` as its input, and collects its output.
pub fn output(command: &mut std::process::Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Lines of a child's stream as they come, read on a thread.
pub struct Lines {
    rx: mpsc::Receiver<String>,
    /// Everything seen so far.
    pub seen: String,
}

impl Lines {
    pub fn of(stream: impl Read + Send + 'static) -> Lines {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Lines {
            rx,
            seen: String::new(),
        }
    }

    /// Waits for a line containing `needle`; panics with what was seen.
    pub fn wait_for(&mut self, needle: &str, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push_str(&line);
                    self.seen.push('\n');
                    if line.contains(needle) {
                        return;
                    }
                }
                Err(e) => panic!("no {needle:?} ({e}); saw:\n{}", self.seen),
            }
        }
    }

    /// The rest, once the stream closes.
    pub fn rest(mut self) -> String {
        while let Ok(line) = self.rx.recv() {
            self.seen.push_str(&line);
            self.seen.push('\n');
        }
        self.seen
    }
}

/// Waits for `child` to exit within `limit`, killing it if it does not.
pub fn exit_code_within(child: &mut Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tandem did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends SIGINT, as Ctrl-C in a terminal does.
pub fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// How many of the simulator's companies a login can read: all but the
/// one the demo withholds from every user.
pub fn readable_companies(sim: &tandem_exact_sim::Simulator) -> usize {
    sim.store()
        .divisions()
        .into_iter()
        .filter(|d| *d != tandem_exact_sim::DEMO_FORBIDDEN_DIVISION)
        .count()
}
