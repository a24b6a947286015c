//! Runs `tests/golden/*.sql`: scripts with their expectations in comments.
//!
//! A file holds cases, each starting at a `-- @case: name` line; the case's
//! script is every line up to the next case (directives are comments, so
//! they are part of the script; put them at the end so that line numbers
//! start at the case's first line). A file without cases (the seed) is one
//! case that must read without error. Directives:
//!
//! - `-- @define: NAME=VALUE` — a value defined before the script runs;
//! - `-- @expect: continue` — keep reading after errors (as with
//!   `local on error continue`); otherwise reading stops at the first error;
//! - `-- @expect: print TEXT` / `-- @expect: error L:C MESSAGE` — in order,
//!   what each step of reading gives: a statement printed canonically, or an
//!   error at line L, column C (of the case); when any is given, all steps
//!   must be;
//! - `-- @expect: kind KIND` — the kind of every error (`NotSupported`...);
//! - `-- @expect: statements N` — how many statements were read;
//! - `-- @expect: span N L:C-L:C` — the original-text span of statement N;
//! - `-- @expect: sql N TEXT` — statement N's expanded text;
//! - `-- @expect: verbatim` — every SQL statement prints exactly as its
//!   expanded text (sqlparser's `verified_stmt`);
//! - `-- @expect: render` then `-- | line` lines — the first error rendered.
//!
//! Always: every statement's printed form parses back to the same print.

use std::fmt::Write as _;
use std::path::Path;

use tandem_sql::{parse_statement, Defines, ScriptReader, Statement};

struct Case {
    name: String,
    script: String,
}

fn cases(text: &str, file: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.trim().strip_prefix("-- @case:") {
            cases.push(Case {
                name: name.trim().to_string(),
                script: String::new(),
            });
        } else if let Some(case) = cases.last_mut() {
            case.script.push_str(line);
        }
    }
    if cases.is_empty() {
        cases.push(Case {
            name: file.to_string(),
            script: text.to_string(),
        });
    }
    cases
}

fn directives<'t>(script: &'t str, prefix: &str) -> Vec<&'t str> {
    script
        .lines()
        .filter_map(|l| l.trim().strip_prefix(prefix))
        .map(str::trim)
        .collect()
}

/// Runs one case; the failures found, empty when it passes.
fn run(case: &Case) -> Vec<String> {
    let script = case.script.as_str();
    let expect = directives(script, "-- @expect:");
    let has = |word: &str| expect.contains(&word);
    let with = |word: &str| -> Vec<&str> {
        expect
            .iter()
            .filter_map(|e| e.strip_prefix(word))
            .map(|rest| rest.strip_prefix(' ').unwrap_or(rest))
            .collect()
    };
    let mut defines = Defines::new();
    for define in directives(script, "-- @define:") {
        let (name, value) = Defines::parse_assignment(define).expect("NAME=VALUE");
        defines.set(&name, &value);
    }

    let mut failures = Vec::new();
    let mut steps: Vec<String> = Vec::new();
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    let mut reader = ScriptReader::new(script);
    while let Some(result) = reader.next_statement(&mut defines) {
        match result {
            Ok(statement) => {
                steps.push(format!("print {}", statement.node));
                statements.push(statement);
            }
            Err(error) => {
                steps.push(format!("error {} {}", error.position, error.message));
                errors.push(error);
                if !has("continue") {
                    break;
                }
            }
        }
    }

    let expected_steps: Vec<String> = expect
        .iter()
        .filter(|e| e.starts_with("print ") || e.starts_with("error "))
        .map(|e| e.to_string())
        .collect();
    if !expected_steps.is_empty() && expected_steps != steps {
        let mut message = String::from("steps differ\n  expected:\n");
        for s in &expected_steps {
            let _ = writeln!(message, "    {s}");
        }
        message.push_str("  actual:\n");
        for s in &steps {
            let _ = writeln!(message, "    {s}");
        }
        failures.push(message);
    }
    if expected_steps.is_empty() && !errors.is_empty() {
        failures.push(format!("unexpected error: {}", errors[0].render(script)));
    }
    for kind in with("kind") {
        for error in &errors {
            if format!("{:?}", error.kind) != kind {
                failures.push(format!(
                    "error kind {:?}, expected {kind}: {error}",
                    error.kind
                ));
            }
        }
    }
    for count in with("statements") {
        if count.parse::<usize>().ok() != Some(statements.len()) {
            failures.push(format!("{} statements, expected {count}", statements.len()));
        }
    }
    for span in with("span") {
        let (n, range) = span.split_once(' ').expect("span N L:C-L:C");
        let n: usize = n.parse().expect("statement number");
        match statements.get(n.wrapping_sub(1)) {
            Some(s) => {
                let actual = format!("{}-{}", s.span.start, s.span.end);
                if actual != range {
                    failures.push(format!("statement {n} spans {actual}, expected {range}"));
                }
            }
            None => failures.push(format!("no statement {n}")),
        }
    }
    for sql in with("sql") {
        let (n, text) = sql.split_once(' ').expect("sql N TEXT");
        let n: usize = n.parse().expect("statement number");
        let actual = statements
            .get(n.wrapping_sub(1))
            .map(|s| s.sql.replace('\n', "\\n"));
        if actual.as_deref() != Some(text) {
            failures.push(format!("statement {n} text {actual:?}, expected {text:?}"));
        }
    }
    if has("verbatim") {
        for s in &statements {
            if matches!(s.node, Statement::Sql(_)) && s.node.to_string() != s.sql {
                failures.push(format!(
                    "prints as\n  {}\nnot as written\n  {}",
                    s.node, s.sql
                ));
            }
        }
    }
    if has("render") {
        let expected: Vec<&str> = script
            .lines()
            .filter_map(|l| l.strip_prefix("-- | ").or_else(|| l.strip_prefix("-- |")))
            .collect();
        match errors.first() {
            Some(error) => {
                let rendered = error.render(script);
                if rendered.lines().collect::<Vec<_>>() != expected {
                    failures.push(format!(
                        "renders as\n{rendered}\nexpected\n{}",
                        expected.join("\n")
                    ));
                }
            }
            None => failures.push("no error to render".into()),
        }
    }
    // Parse -> print -> parse -> same print, for every statement.
    for s in &statements {
        let printed = s.node.to_string();
        match parse_statement(&printed) {
            Ok(again) if again.to_string() == printed => {}
            Ok(again) => failures.push(format!("reprints as\n  {again}\nnot\n  {printed}")),
            Err(e) => failures.push(format!(
                "printed form does not parse: {printed}\n{}",
                e.render(&printed)
            )),
        }
    }
    failures
}

#[test]
fn golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/golden")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    let mut report = String::new();
    let mut count = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(file).expect("golden file");
        for case in cases(&text, &name) {
            count += 1;
            for failure in run(&case) {
                let _ = writeln!(report, "--- {name} / {}: {failure}", case.name);
            }
        }
    }
    assert!(count > 0, "no golden cases in {}", dir.display());
    assert!(report.is_empty(), "{report}");
    eprintln!("{count} golden cases in {} files passed", files.len());
}
