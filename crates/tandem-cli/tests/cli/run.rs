//! `tandem run` on scripts against the in-process demo: formats, exit codes,
//! errors.

use crate::support::{tandem, text, SEED};

#[test]
fn seed_script_runs_up_to_synchronize() {
    let script = format!(
        "{}\n",
        SEED.split("synchronize").next().unwrap()
    ) + "select count(*) n, count(distinct division) companies from accounts_soll@inmemorystorage\n";
    let out = tandem(&["run", "--demo", "--format", "csv", "-"], &script);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("n,companies"));
    let row: Vec<i64> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(row[1], 10);
    assert!(row[0] > 0 && row[0] % 10 == 0, "{row:?}");
}

#[test]
fn csv_separates_result_sets_and_tells_null_from_empty() {
    let out = tandem(
        &["run", "--demo", "--format", "csv", "-"],
        "select null a, '' b, 'x,y' c\nselect 1 one",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "a,b,c\n,\"\",\"x,y\"\n\none\n1\n");
}

#[test]
fn json_is_one_object_per_result_set() {
    let out = tandem(
        &["run", "--demo", "--format", "json", "-D", "N=2", "-"],
        "select ${N} n, 'a' t\nselect code from systemdivisions where code = 102673",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["columns"], serde_json::json!(["n", "t"]));
    assert_eq!(lines[0]["rows"], serde_json::json!([[2, "a"]]));
    assert_eq!(lines[1]["types"], serde_json::json!(["integer"]));
    assert_eq!(lines[1]["rows"], serde_json::json!([[102673]]));
}

/// `--define` wins over the script's own `local define`, as the app's
/// parameter form does: the script's value is only its default.
#[test]
fn a_define_wins_over_the_scripts_default() {
    let script = "local define YEAR \"2025\"\nselect '${YEAR}' y";
    let out = tandem(
        &["run", "--demo", "--format", "csv", "-D", "YEAR=2026", "-"],
        script,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "y\n2026\n");
    let out = tandem(&["run", "--demo", "--format", "csv", "-"], script);
    assert_eq!(text(&out.stdout), "y\n2025\n");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(tandem(&["run", "--bogus", "-"], "").status.code(), Some(2));
    assert_eq!(tandem(&["frobnicate"], "").status.code(), Some(2));
    assert_eq!(
        tandem(&["run", "--demo", "-D", "novalue", "-"], "select 1")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_syntax_error_shows_line_column_and_caret() {
    let out = tandem(&["run", "--demo", "-"], "select 1\nselect * frm x\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("line 2, column 10:") && stderr.contains("select * frm x\n         ^"),
        "{stderr}"
    );
}

#[test]
fn version_names_the_engine() {
    let out = tandem(&["--version"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("tandem "));
}
