//! Golden SQL files: `tests/golden/*.sql`, each a list of cases
//! (`-- @case: name`), each a script followed by its expectations:
//! `-- @expect: rows N` (rows of the last result set),
//! `-- @expect: error L:C text` (the first error, its position and words),
//! `-- @expect: row a | b` (one row of the last result set, in order;
//! NULL for null), `-- @expect: columns a:type, b:type`.
//! Every case runs on a fresh demo session.

use crate::support::{demo, run, text};

struct Case {
    file: String,
    name: String,
    script: String,
    expects: Vec<String>,
}

fn cases() -> Vec<Case> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let content = std::fs::read_to_string(&f).unwrap();
        let file = f.file_name().unwrap().to_string_lossy().into_owned();
        for chunk in content.split("-- @case: ").skip(1) {
            let (name, body) = chunk.split_once('\n').unwrap();
            let mut script = String::new();
            let mut expects = Vec::new();
            for line in body.lines() {
                match line.strip_prefix("-- @expect: ") {
                    Some(e) => expects.push(e.to_string()),
                    None => {
                        script.push_str(line);
                        script.push('\n');
                    }
                }
            }
            out.push(Case {
                file: file.clone(),
                name: name.trim().to_string(),
                script,
                expects,
            });
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn golden_files() {
    let cases = cases();
    assert!(cases.len() >= 10, "golden cases found: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let mut session = demo().await;
        let report = run(&mut session, &case.script).await;
        let last = report.results.last().cloned();
        let rows = last
            .as_ref()
            .map(|r| session.page(r.id, 0, u64::MAX).unwrap())
            .unwrap_or_default();
        let mut row_index = 0;
        let mut expected_error = false;
        for e in &case.expects {
            let problem = if let Some(n) = e.strip_prefix("rows ") {
                let n: u64 = n.trim().parse().unwrap();
                (last.as_ref().map(|r| r.row_count) != Some(n)).then(|| {
                    format!(
                        "expected {n} rows, got {:?}",
                        last.as_ref().map(|r| r.row_count)
                    )
                })
            } else if let Some(rest) = e.strip_prefix("error ") {
                expected_error = true;
                let (at, words) = rest.split_once(' ').unwrap_or((rest, ""));
                match report.errors.first() {
                    None => Some("expected an error, got none".into()),
                    Some(err) => {
                        let p = err.position().map(|p| format!("{}:{}", p.line, p.column));
                        (p.as_deref() != Some(at) || !err.to_string().contains(words))
                            .then(|| format!("expected error {at} {words}, got {p:?} {err}"))
                    }
                }
            } else if let Some(expected) = e.strip_prefix("row ") {
                let got = rows
                    .get(row_index)
                    .map(|r| r.iter().map(text).collect::<Vec<_>>().join(" | "));
                row_index += 1;
                (got.as_deref() != Some(expected.trim()))
                    .then(|| format!("row {row_index}: expected {expected}, got {got:?}"))
            } else if let Some(expected) = e.strip_prefix("columns ") {
                let got = last.as_ref().map(|r| {
                    r.columns
                        .iter()
                        .map(|c| format!("{}:{}", c.name, c.sql_type.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                });
                (got.as_deref() != Some(expected.trim()))
                    .then(|| format!("expected columns {expected}, got {got:?}"))
            } else {
                Some(format!("unknown expectation {e}"))
            };
            if let Some(p) = problem {
                failures.push(format!("{} / {}: {p}", case.file, case.name));
            }
        }
        if !expected_error && !report.errors.is_empty() {
            failures.push(format!(
                "{} / {}: unexpected error {}",
                case.file, case.name, report.errors[0]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{} golden cases passed", cases.len());
}
