//! `synchronize` from the command line: the demo keeps its data between
//! runs, the mass-delete guard, exit code 3 for refused rows, and the run
//! log read back by `tandem runs` and undone by `tandem undo`. The demo's
//! data is checked in the simulator's own state file, not through Tandem.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::support::{tandem_in, temp_dir, text, SEED};

/// Rate limits high enough that writes are never held back.
const FAST: [&str; 4] = ["--minutely-limit", "100000", "--daily-limit", "1000000"];

fn run(home: &Path, extra: &[&str], script: &str) -> std::process::Output {
    let mut args = vec!["run", "--demo", "--format", "csv"];
    args.extend(FAST);
    args.extend(extra);
    args.push("-");
    tandem_in(home, &args, script)
}

/// CSV result sets (no field holds a comma here) as rows of fields, header first.
fn csv_sets(stdout: &[u8]) -> Vec<Vec<Vec<String>>> {
    text(stdout)
        .split("\n\n")
        .map(|set| {
            set.lines()
                .map(|l| l.split(',').map(str::to_string).collect())
                .collect()
        })
        .collect()
}

/// The value of `column` in every data row of a CSV result set.
fn column(set: &[Vec<String>], column: &str) -> Vec<String> {
    let i = set[0].iter().position(|c| c == column).unwrap();
    set[1..].iter().map(|r| r[i].clone()).collect()
}

fn total(set: &[Vec<String>], name: &str) -> i64 {
    column(set, name)
        .iter()
        .map(|v| v.parse::<i64>().unwrap())
        .sum()
}

/// The demo's accounts per company, as the simulator saved them.
fn saved_accounts(home: &Path) -> HashMap<i64, Vec<Value>> {
    let path = home.join("demo").join("simulator-state.json");
    let state: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    state["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let rows = d["tables"]["Accounts"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            (d["info"]["code"].as_i64().unwrap(), rows)
        })
        .collect()
}

fn field(row: &Value, name: &str) -> String {
    row[name].as_str().unwrap_or_default().trim().to_string()
}

#[test]
fn the_seed_script_synchronizes_then_finds_nothing_to_do() {
    let home = temp_dir("sync-seed");
    let first = run(&home, &[], SEED);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let sets = csv_sets(&first.stdout);
    let summary = sets.last().unwrap();
    let targets: Vec<i64> = column(summary, "company")
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(targets.len(), 10, "{summary:?}");
    assert!(total(summary, "inserted") > 0, "{summary:?}");

    let second = run(&home, &[], SEED);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    let sets = csv_sets(&second.stdout);
    let summary = sets.last().unwrap();
    assert_eq!(total(summary, "inserted"), 0, "{summary:?}");
    assert_eq!(total(summary, "updated"), 0, "{summary:?}");
    assert!(
        text(&second.stderr).contains("0 inserted, 0 updated"),
        "{}",
        text(&second.stderr)
    );

    let accounts = saved_accounts(&home);
    let wanted: Vec<&Value> = accounts[&102673]
        .iter()
        .filter(|a| field(a, "Name").to_lowercase().starts_with("aanneming"))
        .collect();
    assert!(!wanted.is_empty());
    for company in targets {
        for source in &wanted {
            let code = field(source, "Code");
            let found: Vec<&Value> = accounts[&company]
                .iter()
                .filter(|a| field(a, "Code") == code)
                .collect();
            assert_eq!(found.len(), 1, "company {company}, code {code}");
            for name in ["Name", "ChamberOfCommerce"] {
                assert_eq!(
                    field(found[0], name),
                    field(source, name),
                    "company {company}, code {code}, {name}"
                );
            }
        }
    }
}

const EMPTY_SOURCE: &str = "\
use 102700
create or replace table empty@inmemorystorage as
select code division, 'x' code from systemdivisions where code = 0
synchronize exactonlinerest..accounts from empty@inmemorystorage
with delete identified by division, code
continue on first 100000 errors
";

#[test]
fn a_mass_delete_needs_allow_mass_delete() {
    let home = temp_dir("sync-mass-delete");
    let refused = run(&home, &[], EMPTY_SOURCE);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("--allow-mass-delete"), "{stderr}");
    let before = saved_accounts(&home)[&102700].len();
    assert!(before > 0);
    let runs = tandem_in(&home, &["runs", "--format", "csv"], "");
    assert_eq!(
        text(&runs.stdout).lines().count(),
        1,
        "{}",
        text(&runs.stdout)
    );

    let done = run(&home, &["--allow-mass-delete"], EMPTY_SOURCE);
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    let sets = csv_sets(&done.stdout);
    assert_eq!(total(&sets[0], "deleted") as usize, before, "{sets:?}");
    assert!(saved_accounts(&home)[&102700].is_empty());
}

const ONE_GOOD_ONE_REFUSED: &str = "\
use 102700
create or replace table src@inmemorystorage as
select 102700 division, 'CLI-GOOD' code, 'Good row' name
union all
select 102700 division, 'CLI-NONAME' code, null name
synchronize exactonlinerest..accounts from src@inmemorystorage
with insert identified by division, code
continue on first 5 errors
";

fn saved_codes(home: &Path) -> Vec<String> {
    saved_accounts(home)[&102700]
        .iter()
        .map(|a| field(a, "Code"))
        .filter(|c| c.starts_with("CLI-"))
        .collect()
}

#[test]
fn refused_rows_exit_3_and_the_run_can_be_listed_and_undone() {
    let home = temp_dir("sync-refused");
    let out = run(&home, &[], ONE_GOOD_ONE_REFUSED);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let sets = csv_sets(&out.stdout);
    assert_eq!(total(&sets[0], "inserted"), 1, "{sets:?}");
    // The key holds a comma, so it is quoted: look for it whole.
    assert_eq!(sets[1].len(), 2, "{sets:?}");
    assert!(
        text(&out.stdout).contains("\"division = 102700, Code = 'CLI-NONAME'\""),
        "{sets:?}"
    );
    assert_eq!(saved_codes(&home), ["CLI-GOOD"]);

    let runs = tandem_in(&home, &["runs", "--format", "csv"], "");
    assert_eq!(runs.status.code(), Some(0), "{}", text(&runs.stderr));
    let list = csv_sets(&runs.stdout);
    assert_eq!(column(&list[0], "run"), ["1"]);
    assert_eq!(column(&list[0], "outcome"), ["row_errors"]);
    assert_eq!(column(&list[0], "inserted"), ["1"]);
    assert_eq!(column(&list[0], "failed"), ["1"]);

    let changes = tandem_in(&home, &["runs", "1", "--format", "json"], "");
    let changes: Value = serde_json::from_slice(&changes.stdout).unwrap();
    assert_eq!(
        changes["columns"],
        serde_json::json!(["seq", "company", "operation", "key", "outcome", "error"])
    );
    let outcomes: Vec<&Value> = changes["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r[4])
        .collect();
    assert_eq!(outcomes, ["done", "failed"]);
    let found = tandem_in(
        &home,
        &["runs", "--key", "cli-noname", "--format", "json"],
        "",
    );
    let found: Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found["columns"][0], "run");
    assert_eq!(found["rows"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["rows"][0][5], "failed");

    let explain = tandem_in(
        &home,
        &["undo", "--demo", "--explain", "1", "--format", "csv"],
        "",
    );
    assert_eq!(explain.status.code(), Some(0), "{}", text(&explain.stderr));
    assert!(text(&explain.stdout).starts_with("operation,company,key,"));
    assert_eq!(saved_codes(&home), ["CLI-GOOD"]);

    let undo = tandem_in(&home, &["undo", "--demo", "1", "--format", "csv"], "");
    assert_eq!(undo.status.code(), Some(0), "{}", text(&undo.stderr));
    assert_eq!(total(&csv_sets(&undo.stdout)[0], "deleted"), 1);
    assert!(saved_codes(&home).is_empty());
    let list = csv_sets(&tandem_in(&home, &["runs", "--format", "csv"], "").stdout);
    assert_eq!(column(&list[0], "undo_of"), ["1", ""]);

    let missing = tandem_in(&home, &["undo", "--demo", "99"], "");
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("no run 99"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn demo_reset_starts_from_the_seeded_data() {
    let home = temp_dir("sync-reset");
    let out = run(&home, &[], ONE_GOOD_ONE_REFUSED);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert_eq!(saved_codes(&home), ["CLI-GOOD"]);
    let out = run(&home, &["--demo-reset"], "select 1");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(saved_codes(&home).is_empty());
}

#[test]
fn an_app_database_that_cannot_be_opened_is_named() {
    let home = temp_dir("sync-bad-db");
    std::fs::create_dir_all(home.join("tandem.db")).unwrap();
    let out = run(&home, &[], "select 1");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("tandem.db"), "{stderr}");
}

/// `--demo-companies` sizes a new demo dataset, as the app's
/// TANDEM_DEMO_COMPANIES does; kept data keeps its size until
/// `--demo-reset`, and without `--demo` it is bad usage.
#[test]
fn demo_companies_sizes_a_new_demo_dataset() {
    let home = temp_dir("sync-companies");
    let count = "select count(*) n from systemdivisions";
    let companies = |extra: &[&str]| {
        let out = run(&home, extra, count);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        total(&csv_sets(&out.stdout)[0], "n")
    };
    // The source company and 3 others.
    assert_eq!(companies(&["--demo-companies", "3"]), 4);
    assert_eq!(companies(&["--demo-companies", "7"]), 4, "kept data");
    assert_eq!(companies(&["--demo-companies", "7", "--demo-reset"]), 8);

    let out = crate::support::tandem_in(&home, &["run", "--demo-companies", "3", "-"], "select 1");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}
