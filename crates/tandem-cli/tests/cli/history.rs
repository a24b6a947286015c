//! `tandem history`: runs made with `tandem run --demo` read back as the
//! app's History shows them, one in full, and the result sets a run kept
//! printed as the run printed them.

use std::path::Path;
use std::process::Output;

use chrono::{DateTime, Duration};
use serde_json::Value;

use crate::support::{command, output, tandem_in, temp_dir, text};

const REPORT: &str = "\
-- the demo's companies

select code, name from systemdivisions order by code
select null a, '' b, 'x,y' c
";

fn run(home: &Path, args: &[&str], script: &str) -> Output {
    let mut args = [&["run", "--demo"], args].concat();
    args.push("-");
    tandem_in(home, &args, script)
}

fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// A data folder with three runs: 1 a report (kept), 2 with a value, 3
/// failed; and what run 1 printed as CSV.
fn three_runs() -> (std::path::PathBuf, String) {
    let home = temp_dir("history");
    let printed = ok(&run(&home, &["--format", "csv"], REPORT));
    ok(&run(&home, &["-D", "YEAR=2025"], "select ${YEAR} y"));
    let failed = run(&home, &[], "select * from nowhere_at_all");
    assert_eq!(failed.status.code(), Some(1));
    (home, printed)
}

/// The list as JSON: its column names, and its rows as text.
fn listing(home: &Path, args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let args = [&["history", "--format", "json"], args].concat();
    let json: Value = serde_json::from_str(&ok(&tandem_in(home, &args, ""))).unwrap();
    let names = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let rows = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|cell| match cell {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    (names, rows)
}

#[test]
fn the_list_is_newest_first_in_words_and_searchable() {
    let (home, _) = three_runs();
    let (names, rows) = listing(&home, &[]);
    assert_eq!(
        names,
        [
            "id",
            "started",
            "by",
            "outcome",
            "duration",
            "api_calls",
            "companies",
            "rows",
            "script"
        ]
    );
    let column = |name: &str| {
        let i = names.iter().position(|c| c == name).unwrap();
        rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>()
    };
    assert_eq!(column("id"), ["3", "2", "1"]);
    assert_eq!(column("outcome"), ["Failed", "Finished", "Finished"]);
    assert_eq!(column("companies"), ["102673", "102673", "102673"]);
    // Run 1 made 13 + 1 rows and keeps them; the failed run made none.
    assert_eq!(column("rows"), ["", "1 (kept)", "14 (kept)"]);
    // The comment and the blank line before run 1's first statement are
    // passed over.
    assert_eq!(
        column("script"),
        [
            "select * from nowhere_at_all",
            "select ${YEAR} y",
            "select code, name from systemdivisions order by code",
        ]
    );
    assert!(
        column("duration")
            .iter()
            .all(|d| d.ends_with(" ms") || d.ends_with(" s")),
        "{:?}",
        column("duration")
    );
    assert!(column("by").iter().all(|b| !b.is_empty()));

    let table = ok(&tandem_in(&home, &["history"], ""));
    assert!(
        table.starts_with("id | started") && table.ends_with("(3 rows)\n"),
        "{table}"
    );
    assert!(
        table.contains("| select code, name from systemdivisions order by code\n"),
        "{table}"
    );
    let csv = ok(&tandem_in(&home, &["history", "--format", "csv"], ""));
    assert!(
        csv.starts_with("id,started,by,outcome,duration,api_calls,companies,rows,script\n3,"),
        "{csv}"
    );

    // A parameter's value is searched too, and the search ignores case.
    let ids = |args: &[&str]| {
        listing(&home, args)
            .1
            .into_iter()
            .map(|r| r[0].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&["--search", "2025"]), ["2"]);
    assert_eq!(ids(&["--search", "NOWHERE"]), ["3"]);
    assert_eq!(ids(&["--search", "select", "--limit", "2"]), ["3", "2"]);
    assert_eq!(ids(&["--search", "zzz"]), Vec::<String>::new());
    assert_eq!(ids(&["--limit", "1"]), ["3"]);
    let none = ok(&tandem_in(&home, &["history", "--search", "zzz"], ""));
    assert!(none.ends_with("(0 rows)\n"), "{none}");
}

/// Times are stored in UTC and shown in the reader's time zone.
#[test]
fn start_times_are_local() {
    let home = temp_dir("history-tz");
    ok(&run(&home, &[], "select 1 one"));
    let json: Value = serde_json::from_str(&ok(&tandem_in(
        &home,
        &["history", "1", "--format", "json"],
        "",
    )))
    .unwrap();
    let started = DateTime::parse_from_rfc3339(json["started_at"].as_str().unwrap()).unwrap();
    let shown = |tz: &str| {
        let out = output(
            command(&home)
                .env("TZ", tz)
                .args(["history", "--format", "csv"]),
            "",
        );
        ok(&out)
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .nth(1)
            .unwrap()
            .to_owned()
    };
    let format = |t: DateTime<chrono::FixedOffset>| t.format("%Y-%m-%d %H:%M:%S").to_string();
    assert_eq!(shown("UTC0"), format(started));
    assert_eq!(
        shown("<+0530>-05:30"),
        format(started + Duration::minutes(330))
    );
}

#[test]
fn one_run_in_full() {
    let (home, _) = three_runs();
    let report = ok(&tandem_in(&home, &["history", "1"], ""));
    for needle in [
        "Run 1\n",
        "Outcome      Finished\n",
        "Run by       ",
        "Companies    102673\n",
        "Parameters   -\n",
        "Result rows  14\n",
        "API calls    ",
        "Duration     ",
        "Finished     20",
        &format!(
            "Results      kept, in {}",
            home.join("results").join("run-1.db").display()
        ),
        "`tandem history 1 --results` prints them",
        "Library → History → Open results",
    ] {
        assert!(
            report.contains(needle),
            "{needle:?} missing from:\n{report}"
        );
    }
    assert!(
        report.ends_with(&format!("\nScript:\n{REPORT}")),
        "{report}"
    );

    let with_value = ok(&tandem_in(&home, &["history", "2"], ""));
    assert!(
        with_value.contains("Parameters   YEAR=2025\n"),
        "{with_value}"
    );

    let failed = ok(&tandem_in(&home, &["history", "3"], ""));
    for needle in [
        "Outcome      Failed\n",
        "Results      none kept (it made no result sets)\n",
        "Error        ",
        "nowhere_at_all",
    ] {
        assert!(
            failed.contains(needle),
            "{needle:?} missing from:\n{failed}"
        );
    }

    let json: Value = serde_json::from_str(&ok(&tandem_in(
        &home,
        &["history", "2", "--format", "json"],
        "",
    )))
    .unwrap();
    assert_eq!(json["parameters"], serde_json::json!({ "YEAR": "2025" }));
    assert_eq!(json["results_kept"], true);
}

#[test]
fn kept_results_print_as_the_run_printed_them() {
    let (home, printed) = three_runs();
    let results = |format: &str| {
        ok(&tandem_in(
            &home,
            &["history", "1", "--results", "--format", format],
            "",
        ))
    };
    assert_eq!(results("csv"), printed);
    // Both result sets, the empty text and the comma as the run wrote them.
    assert!(
        printed.starts_with("Code,Name\n102673,Tandem Demo Holding B.V.\n")
            && printed.ends_with("\n\na,b,c\n,\"\",\"x,y\"\n"),
        "{printed}"
    );
    let table = ok(&run(&home, &[], REPORT));
    assert_eq!(results("table"), table);
}

#[test]
fn an_unknown_run_or_results_not_kept_are_errors() {
    let (home, _) = three_runs();
    let unknown = tandem_in(&home, &["history", "42"], "");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stdout).is_empty());
    assert!(
        text(&unknown.stderr).contains("there is no run 42 in the history"),
        "{}",
        text(&unknown.stderr)
    );
    let unknown = tandem_in(&home, &["history", "42", "--results"], "");
    assert_eq!(unknown.status.code(), Some(1));

    let none = tandem_in(&home, &["history", "3", "--results"], "");
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(
        text(&none.stderr),
        "tandem: run 3 has no results to show: it made no result sets\n"
    );

    // As when newer runs made room.
    let store = tandem_store::Store::open(&home.join("tandem.db")).unwrap();
    store.history().forget_results(2).unwrap();
    let forgotten = tandem_in(&home, &["history", "2", "--results"], "");
    assert_eq!(forgotten.status.code(), Some(1));
    let message = text(&forgotten.stderr);
    assert!(
        message.contains(
            "the results of run 2 (1 rows) are not kept: too large, removed to make room"
        ) && message.contains("run its script again"),
        "{message}"
    );
    let report = ok(&tandem_in(&home, &["history", "2"], ""));
    assert!(
        report.contains("none kept (too large, removed to make room"),
        "{report}"
    );

    // A file gone while the history still counts it: the engine says so.
    std::fs::remove_file(home.join("results").join("run-1.db")).unwrap();
    let gone = tandem_in(&home, &["history", "1", "--results"], "");
    assert_eq!(gone.status.code(), Some(1));
    assert!(text(&gone.stdout).is_empty());
    assert!(
        text(&gone.stderr).contains("run 1"),
        "{}",
        text(&gone.stderr)
    );

    // Usage.
    let csv_of_a_run = tandem_in(&home, &["history", "1", "--format", "csv"], "");
    assert_eq!(csv_of_a_run.status.code(), Some(2));
    for args in [
        &["history", "--results"][..],
        &["history", "1", "--search", "x"],
        &["history", "1", "--limit", "3"],
    ] {
        assert_eq!(
            tandem_in(&home, args, "").status.code(),
            Some(2),
            "{args:?}"
        );
    }
}
