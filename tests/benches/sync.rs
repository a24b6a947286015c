//! Issue 8: "progress updates do not slow the sync" — the same synchronize
//! with the app's window open takes at most 1.05× the time it takes from
//! the CLI.
//!
//! Both sides start from a fresh demo dataset of the same size with the
//! same simulator settings (write latency, calls per minute), and run the
//! same script: 1,000 accounts of the source company copied to every
//! other company (some already there: inserts and updates; ~20,000 writes
//! and as many progress updates, ~20 s at 20 ms a write in a release
//! build). In the app the script is run from the editor and its plan is
//! approved as soon as it shows, with the window open and its progress
//! drawn; the CLI runs `tandem run --demo` with progress off (it is not a
//! terminal). The time compared is the synchronize's own, from its run log
//! entry (`syncruns` in `$TANDEM_HOME/tandem.db`): started when the plan is
//! applied, finished when the last change has ended — so neither the app's
//! start-up, nor the reads and the plan before it, nor the time a person
//! takes to approve count. Each side runs twice, alternating, and the
//! faster of each is compared, since the machine may be shared.
//!
//! It drives the app build `TANDEM_APP_BIN` names (`make bench`: release),
//! else the debug build, and the `tandem` binary beside it (or
//! `TANDEM_CLI_BIN`). With `TANDEM_BENCH_SMOKE=1` (`make test`) the sync is
//! small and runs once per side: its figures are not measurements.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use tandem_e2e::{app_binary, artifacts_dir, App, Launch};
use tandem_store::{Store, SyncOutcome, SyncRun};

const FIND_VIEW: &str = "
    const content = document.querySelector('[data-testid=editor] .cm-content');
    const tile = content && (content.cmTile || content.cmView);
    const view = tile && ((tile.root && tile.root.view) || (tile.rootView && tile.rootView.view));
    if (!view) throw new Error('no CodeMirror view in the editor');
";

/// The demo's source company (`tandem_exact_sim::DEMO_SOURCE_DIVISION`).
const SOURCE: i64 = tandem_exact_sim::DEMO_SOURCE_DIVISION;

/// What both sides run.
#[derive(Clone, Copy)]
struct Settings {
    /// Companies besides the source company; the sync writes to all.
    companies: usize,
    /// Accounts copied to each company.
    rows: usize,
    write_latency_ms: u64,
    /// Calls per company per minute: high, so the write latency, not the
    /// pacing, sets the pace (the figure then shows any overhead).
    minutely_limit: u64,
    /// Runs per side.
    runs: usize,
}

fn script(s: Settings) -> String {
    format!(
        "create or replace table targetcompanies@inmemorystorage
as
select code
from systemdivisions
where code != {SOURCE}
use {SOURCE}
create or replace table builders@inmemorystorage
as
select act.code
, act.name
, act.chamberofcommerce
from exactonlinerest..accounts act
where act.division = {SOURCE}
limit {rows}
create or replace table accounts_soll@inmemorystorage
as
select tgt.code
division
, b.code
, b.name
, b.chamberofcommerce
from builders@inmemorystorage b
join targetcompanies@inmemorystorage tgt
use select code from targetcompanies@inmemorystorage
synchronize exactonlinerest..accounts
from accounts_soll@inmemorystorage
with insert
or
update
identified
by division
, code
continue on first 500 errors
",
        rows = s.rows
    )
}

fn main() {
    let smoke = std::env::var_os("TANDEM_BENCH_SMOKE").is_some();
    let settings = if smoke {
        Settings {
            companies: 3,
            rows: 10,
            write_latency_ms: 0,
            minutely_limit: 100_000,
            runs: 1,
        }
    } else {
        Settings {
            companies: 20,
            rows: 1000,
            write_latency_ms: 20,
            minutely_limit: 100_000,
            runs: 2,
        }
    };
    let cli = cli_binary();
    println!(
        "sync benchmark: {} and {} ({} companies × {} rows, write latency {} ms, {} calls per minute{})",
        app_binary().display(),
        cli.display(),
        settings.companies,
        settings.rows,
        settings.write_latency_ms,
        settings.minutely_limit,
        if smoke {
            ", smoke run: not a measurement"
        } else {
            ""
        }
    );
    assert!(
        cli.exists(),
        "no CLI at {} (cargo build -p tandem-cli, with --release for a measurement)",
        cli.display()
    );

    let script = script(settings);
    let mut app_times = Vec::new();
    let mut cli_times = Vec::new();
    let mut writes = None;
    for i in 1..=settings.runs {
        let (cli_time, cli_writes, cli_elapsed) = in_cli(&cli, settings, &script);
        println!(
            "  run {i}: from the CLI {:.2} s (its summary's longest company {:.2} s, {cli_writes} writes)",
            cli_time.as_secs_f64(),
            cli_elapsed.as_secs_f64(),
        );
        let (app_time, app_writes) = in_app(settings, &script);
        println!(
            "  run {i}: with the window open {:.2} s ({app_writes} writes)",
            app_time.as_secs_f64()
        );
        assert_eq!(cli_writes, app_writes, "both sides made the same sync");
        assert!(cli_writes > 0, "the sync wrote something");
        if let Some(w) = writes {
            assert_eq!(w, cli_writes, "every run made the same sync");
        }
        writes = Some(cli_writes);
        cli_times.push(cli_time);
        app_times.push(app_time);
    }
    let app = app_times.iter().min().unwrap();
    let cli = cli_times.iter().min().unwrap();
    println!(
        "sync with the window open / from the CLI = {:.2} s / {:.2} s = {:.3} (bound 1.05){}",
        app.as_secs_f64(),
        cli.as_secs_f64(),
        app.as_secs_f64() / cli.as_secs_f64().max(1e-9),
        if smoke {
            ", smoke run: not a measurement".to_owned()
        } else {
            format!(", the faster of {} runs each", settings.runs)
        }
    );
}

/// The `tandem` binary beside the app's, or `TANDEM_CLI_BIN`.
fn cli_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("TANDEM_CLI_BIN") {
        return PathBuf::from(path);
    }
    app_binary().with_file_name("tandem")
}

/// The sync from the CLI, on fresh demo data: its time in the run log, the
/// changes it made and its summary's longest company.
fn in_cli(cli: &Path, s: Settings, script: &str) -> (Duration, u64, Duration) {
    let dir = artifacts_dir("bench_sync_cli");
    let _ = std::fs::remove_dir_all(&dir);
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let file = dir.join("sync.sql");
    std::fs::write(&file, script).unwrap();
    let out = Command::new(cli)
        .env("TANDEM_HOME", &home)
        .env("TANDEM_KEYRING_SERVICE", "tandem-bench-sync")
        .args(["run", "--demo", "--demo-reset", "--demo-companies"])
        .arg(s.companies.to_string())
        .arg("--write-latency-ms")
        .arg(s.write_latency_ms.to_string())
        .arg("--minutely-limit")
        .arg(s.minutely_limit.to_string())
        .args(["--progress", "none", "--format", "csv"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The summary is the last result set; its longest company.
    let summary: Vec<&str> = stdout
        .trim_end()
        .rsplit("\n\n")
        .next()
        .unwrap()
        .lines()
        .collect();
    let at = summary[0]
        .split(',')
        .position(|c| c == "elapsed_ms")
        .expect("the summary has elapsed_ms");
    let longest = summary[1..]
        .iter()
        .map(|l| l.split(',').nth(at).unwrap().parse::<u64>().unwrap())
        .max()
        .unwrap_or(0);
    let (time, writes) = logged_run(&home);
    (time, writes, Duration::from_millis(longest))
}

/// The sync in the app, on fresh demo data, with its window open: its time
/// in the run log and the changes it made.
fn in_app(s: Settings, script: &str) -> (Duration, u64) {
    let app = App::start(
        "bench_sync_app",
        Launch {
            demo: true,
            demo_companies: Some(s.companies),
            demo_write_latency_ms: Some(s.write_latency_ms),
            demo_minutely_limit: Some(s.minutely_limit),
            ..Launch::default()
        },
    )
    .expect("the app starts");
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    app.click("[data-view=editor]").unwrap();
    app.find("[data-testid=editor] .cm-content").unwrap();
    app.wait_until(
        "the Run button",
        "const b = document.querySelector('[data-testid=run-button]'); return !!b && !b.disabled;",
    )
    .unwrap();
    app.execute_with(
        &format!(
            "{FIND_VIEW} view.dispatch({{ changes: {{ from: 0, to: view.state.doc.length, insert: arguments[0] }} }}); return true;"
        ),
        vec![Value::from(script)],
    )
    .unwrap();
    app.click("[data-testid=run-button]").unwrap();
    app.wait_until_for(
        "the plan's Apply",
        "const b = document.querySelector('[data-testid=plan-apply]'); return !!b && !b.disabled;",
        Duration::from_secs(120),
    )
    .unwrap();
    app.click("[data-testid=plan-apply]").unwrap();
    app.wait_until_for(
        "the sync's summary",
        "return !!document.querySelector('[data-testid=sync-summary]');",
        Duration::from_secs(600),
    )
    .unwrap();
    let outcome = app
        .attribute("[data-testid=sync-summary]", "data-outcome")
        .unwrap()
        .unwrap_or_default();
    assert_eq!(outcome, "completed", "the sync in the app ended well");
    logged_run(&app.tandem_home())
}

/// The last synchronize in `home`'s run log: from start to finish, and
/// the rows it inserted and updated.
fn logged_run(home: &Path) -> (Duration, u64) {
    let store = Store::open(&home.join("tandem.db")).expect("the run log opens");
    let runs = store.sync_log().runs(1).unwrap();
    let run: &SyncRun = runs.first().expect("a synchronize was logged");
    assert_eq!(run.outcome, Some(SyncOutcome::Ok), "{run:?}");
    let finished = run.finished_at.as_deref().expect("the run finished");
    let ms = millis(finished) - millis(&run.started_at);
    assert!(ms >= 0, "{run:?}");
    (
        Duration::from_millis(ms as u64),
        run.counts.inserted + run.counts.updated,
    )
}

/// Milliseconds since 1970 of an ISO-8601 UTC time as SQLite writes it
/// (`2026-11-26T14:53:54.123Z`).
fn millis(iso: &str) -> i64 {
    let num = |r: std::ops::Range<usize>| -> i64 {
        iso.get(r)
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("{iso:?} is an ISO-8601 time"))
    };
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let (hh, mm) = (num(11..13), num(14..16));
    let seconds: f64 = iso[17..iso.len() - 1].parse().unwrap();
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    ((days * 24 + hh) * 60 + mm) * 60_000 + (seconds * 1000.0).round() as i64
}
