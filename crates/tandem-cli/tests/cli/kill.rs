//! `kill -9` in the middle of a synchronize, at six points — before the
//! first write, between a POST's commit and its answer (twice), and after
//! several writes — and then a run to the end: the companies converge (no
//! duplicate, nothing missing, no lost update), and the run log of each
//! killed run says what it did. The simulator runs in this test's process,
//! so its state is read directly; `tandem` is a real child process, killed
//! with SIGKILL.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use tandem_exact_sim::{SimConfig, Simulator};
use tandem_store::{ChangeOutcome, Store};

use crate::login::browser;
use crate::support::{command, output, temp_dir, text};

const TARGETS: [i64; 3] = [102700, 102711, 102722];

/// Every master account twice into three companies: once under a new code
/// (`K` + code: inserts, planned first so that the runs killed early are
/// killed between a POST and its answer) and once renamed under its own
/// code (updates where a company has a copy, inserts where it has not).
const SCRIPT: &str = "
use 102673;
create or replace table src@inmemorystorage as
select code, name || ' (copy)' name from exactonlinerest..accounts;
create or replace table targets@inmemorystorage as
select code from systemdivisions where code in (102700, 102711, 102722);
create or replace table soll@inmemorystorage as
select division, code, name from (
  select t.code division, 'K' || s.code code, s.name, 0 k
  from src@inmemorystorage s join targets@inmemorystorage t
  union all
  select t.code, s.code, s.name, 1
  from src@inmemorystorage s join targets@inmemorystorage t
) order by division, k, code;
use select code from targets@inmemorystorage;
synchronize exactonlinerest..accounts from soll@inmemorystorage
with insert or update identified by division, code;
";

fn start_run(home: &Path, url: &str, script: &Path) -> Child {
    command(home)
        .args(["run", "--progress", "none", "--base-url", url])
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until `ready` holds (polling the simulator), then kills the run.
fn kill_when(child: &mut Child, what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before {what}");
        }
        assert!(Instant::now() < deadline, "never reached: {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

fn target_reads(sim: &Simulator) -> usize {
    sim.call_log()
        .iter()
        .filter(|c| {
            c.method == "GET"
                && c.path.contains("/bulk/CRM/Accounts")
                && TARGETS.contains(&c.division.unwrap_or(0))
        })
        .count()
}

fn set_answer_delay(sim: &Simulator, ms: u64) {
    let mut s = sim.settings();
    s.answer_delay_after_write_ms = ms;
    sim.set_settings(s);
}

#[test]
fn killed_runs_converge_and_their_log_shows_what_each_did() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut config = SimConfig::demo();
    config.dataset.master_accounts = 120;
    config.dataset.other_divisions = 3;
    config.settings.minutely_limit = 100_000;
    config.settings.daily_limit = 1_000_000;
    config.settings.write_latency.fixed_ms = 15;
    let sim = runtime.block_on(tandem_exact_sim::start(config)).unwrap();
    let url = sim.base_url();
    let master: BTreeMap<String, String> = sim
        .store()
        .rows(102673, "Accounts")
        .iter()
        .flat_map(|a| {
            let code = a["Code"].as_str().unwrap().trim().to_string();
            let name = format!("{} (copy)", a["Name"].as_str().unwrap());
            [(format!("K{code}"), name.clone()), (code, name)]
        })
        .collect();

    let home = temp_dir("kill");
    let browser = browser(&home);
    let out = output(
        command(&home)
            .env("BROWSER", &browser)
            .args(["login", "--base-url", &url]),
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let script = home.join("sync.sql");
    std::fs::write(&script, SCRIPT).unwrap();

    // (what, answer delay ms, writes committed in this run before the kill;
    // None: kill once the target is being read, before any write).
    let points: [(&str, u64, Option<u64>); 6] = [
        ("the target is being read", 0, None),
        ("the first POST committed, its answer held", 5_000, Some(1)),
        ("five writes committed", 0, Some(5)),
        ("a later POST committed, its answer held", 5_000, Some(1)),
        ("forty writes committed", 0, Some(40)),
        ("a hundred writes committed", 0, Some(100)),
    ];
    for (i, (what, delay, writes)) in points.iter().enumerate() {
        set_answer_delay(&sim, *delay);
        let committed = sim.committed_writes();
        let reads = target_reads(&sim);
        let mut child = start_run(&home, &url, &script);
        match writes {
            None => kill_when(&mut child, what, || target_reads(&sim) > reads),
            Some(n) => kill_when(&mut child, what, || sim.committed_writes() >= committed + n),
        }
        let delta = sim.committed_writes() - committed;

        // The killed run's log: not finished; every committed write is done
        // or (answer never seen) still sending; nothing else was written.
        let store = Store::open(&home.join("tandem.db")).unwrap();
        let log = store.sync_log();
        let runs = log.runs(100).unwrap();
        if writes.is_none() {
            assert!(
                runs.len() == i || runs[0].outcome.is_none(),
                "point {what}: {runs:?}"
            );
            assert_eq!(delta, 0, "point {what}: a write before the plan");
            continue;
        }
        let run = &runs[0];
        assert_eq!(run.outcome, None, "point {what}: the run shows as finished");
        let changes = log.changes(run.id).unwrap();
        let count = |o: ChangeOutcome| changes.iter().filter(|c| c.outcome == o).count() as u64;
        let (done, sending) = (count(ChangeOutcome::Done), count(ChangeOutcome::Sending));
        assert!(
            done <= delta && delta <= done + sending,
            "point {what}: {delta} writes committed, log: {done} done, {sending} sending"
        );
        if *delay > 0 {
            let held: Vec<&str> = changes
                .iter()
                .filter(|c| c.outcome == ChangeOutcome::Sending)
                .map(|c| c.operation.as_str())
                .collect();
            assert!(
                held.contains(&"insert"),
                "point {what}: no POST was left between commit and answer: {held:?}"
            );
        }
        assert_eq!(count(ChangeOutcome::Failed), 0, "point {what}");
    }

    // The last run goes to the end.
    set_answer_delay(&sim, 0);
    let mut child = start_run(&home, &url, &script);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");

    // Converged: every company holds each master account exactly once, with
    // the new name.
    for company in TARGETS {
        let mut seen: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for a in sim.store().rows(company, "Accounts") {
            let code = a["Code"].as_str().unwrap().trim().to_string();
            let e = seen.entry(code).or_insert((0, String::new()));
            e.0 += 1;
            e.1 = a["Name"].as_str().unwrap_or("").to_string();
        }
        for (code, name) in &master {
            let (n, held) = seen.get(code).cloned().unwrap_or_default();
            assert_eq!(n, 1, "company {company}, code {code}: {n} rows");
            assert_eq!(&held, name, "company {company}, code {code}");
        }
    }
    let store = Store::open(&home.join("tandem.db")).unwrap();
    let last = store.sync_log().runs(1).unwrap().remove(0);
    assert_eq!(
        last.outcome,
        Some(tandem_store::SyncOutcome::Ok),
        "{last:?}"
    );
    runtime.block_on(sim.shutdown());
}
