//! How a past run reads in `tandem history`: its outcome, duration, start
//! time and script in the words the app's History uses
//! (`ui/src/views/library/history.ts`), so a run reads the same in the
//! window and on the command line.

use chrono::{DateTime, Local, TimeZone};
use tandem_engine::KeepResults;
use tandem_store::{Outcome, Run};

/// How long a script's first line may be in the list.
const SCRIPT_WIDTH: usize = 60;

/// How the run ended; a run without an outcome was killed or is running.
pub fn outcome(run: &Run) -> &'static str {
    match run.outcome {
        Some(Outcome::Ok) => "Finished",
        Some(Outcome::Failed) => "Failed",
        Some(Outcome::Cancelled) => "Cancelled",
        Some(Outcome::RowErrors) => "Finished, some rows refused",
        None => "Did not finish",
    }
}

/// "850 ms", "1.2 s", "2 min 05 s".
pub fn duration(ms: u64) -> String {
    if ms < 1000 {
        return format!("{ms} ms");
    }
    if ms < 60_000 {
        return format!("{:.1} s", ms as f64 / 1000.0);
    }
    let s = (ms + 500) / 1000;
    format!("{} min {:02} s", s / 60, s % 60)
}

/// A stored time (ISO-8601 UTC) in this computer's time zone; the stored
/// text as it is if it does not read as a time.
pub fn local_time(iso: &str) -> String {
    in_zone(iso, &Local)
}

fn in_zone<Tz: TimeZone>(iso: &str, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match DateTime::parse_from_rfc3339(iso) {
        Ok(t) => t
            .with_timezone(zone)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => iso.to_owned(),
    }
}

/// The script's first line that says something (not blank, not a `--`
/// comment; else its first non-blank line), cut to fit a list.
pub fn first_line(script: &str) -> String {
    let mut lines = script.lines().map(str::trim);
    let line = lines
        .clone()
        .find(|l| !l.is_empty() && !l.starts_with("--"))
        .or_else(|| lines.find(|l| !l.is_empty()))
        .unwrap_or_default();
    if line.chars().count() > SCRIPT_WIDTH {
        let cut: String = line.chars().take(SCRIPT_WIDTH - 1).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

/// The companies as the list shows them: the one code, or how many.
pub fn companies(run: &Run) -> Option<String> {
    match run.companies.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        many => Some(format!("{} companies", many.len())),
    }
}

/// The result rows, marked when they are kept; `None` if it made none.
pub fn result_rows(run: &Run) -> Option<String> {
    let rows = run.result_rows?;
    Some(if run.results_kept {
        format!("{rows} (kept)")
    } else {
        rows.to_string()
    })
}

/// Why run `run` has no results to show, as an error; `None` when they
/// are kept.
pub fn not_kept(run: &Run) -> Option<String> {
    let id = run.id;
    let why = why_not_kept(run)?;
    Some(match run.result_rows {
        Some(rows) if run.outcome.is_some() => {
            let keep = KeepResults::default();
            format!(
                "the results of run {id} ({rows} rows) are not kept: {why} (only the newest \
                 {} runs keep theirs, and an answer of more than {} rows is not kept); run its \
                 script again",
                keep.runs, keep.max_rows
            )
        }
        _ => format!("run {id} has no results to show: {why}"),
    })
}

/// Why run `run`'s results are not kept, in a few words; `None` when
/// they are.
pub fn why_not_kept(run: &Run) -> Option<&'static str> {
    if run.results_kept {
        return None;
    }
    Some(match (run.outcome, run.result_rows) {
        (None, _) => "it did not finish",
        (_, None) => "it made no result sets",
        (_, Some(_)) => "too large, removed to make room for newer runs or on request, or keeping results is switched off",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use std::collections::BTreeMap;

    fn run() -> Run {
        Run {
            id: 7,
            started_at: "2026-03-12T13:05:09.123Z".into(),
            run_by: Some("ada".into()),
            finished_at: Some("2026-03-12T13:05:10.000Z".into()),
            script: "select 1".into(),
            parameters: BTreeMap::new(),
            companies: vec![],
            duration_ms: Some(877),
            api_calls: Some(0),
            outcome: Some(Outcome::Ok),
            error: None,
            result_rows: Some(1),
            results_kept: true,
        }
    }

    #[test]
    fn outcomes_read_as_in_the_app() {
        let mut r = run();
        let mut words = Vec::new();
        for o in [
            Some(Outcome::Ok),
            Some(Outcome::Failed),
            Some(Outcome::Cancelled),
            Some(Outcome::RowErrors),
            None,
        ] {
            r.outcome = o;
            words.push(outcome(&r));
        }
        assert_eq!(
            words,
            [
                "Finished",
                "Failed",
                "Cancelled",
                "Finished, some rows refused",
                "Did not finish"
            ]
        );
    }

    #[test]
    fn durations_read_as_in_the_app() {
        assert_eq!(duration(0), "0 ms");
        assert_eq!(duration(999), "999 ms");
        assert_eq!(duration(1234), "1.2 s");
        assert_eq!(duration(59_949), "59.9 s");
        assert_eq!(duration(125_000), "2 min 05 s");
    }

    #[test]
    fn times_are_shown_in_the_given_zone() {
        let amsterdam = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            in_zone("2026-03-12T13:05:09.123Z", &amsterdam),
            "2026-03-12 14:05:09"
        );
        let kolkata = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        assert_eq!(
            in_zone("2026-03-12T23:05:09Z", &kolkata),
            "2026-03-13 04:35:09"
        );
        assert_eq!(in_zone("yesterday", &amsterdam), "yesterday");
    }

    #[test]
    fn the_first_line_skips_blanks_and_comments_and_is_cut() {
        assert_eq!(
            first_line("\n-- copy the accounts\n  use 102673  \nselect 1"),
            "use 102673"
        );
        assert_eq!(first_line("-- only a comment\n"), "-- only a comment");
        assert_eq!(first_line(""), "");
        let long = format!("select {}", "x".repeat(100));
        let cut = first_line(&long);
        assert_eq!(cut.chars().count(), SCRIPT_WIDTH);
        assert!(cut.ends_with('…') && cut.starts_with("select xx"), "{cut}");
    }

    #[test]
    fn companies_are_the_one_code_or_a_count() {
        let mut r = run();
        assert_eq!(companies(&r), None);
        r.companies = vec!["102673".into()];
        assert_eq!(companies(&r).as_deref(), Some("102673"));
        r.companies.push("868056".into());
        assert_eq!(companies(&r).as_deref(), Some("2 companies"));
    }

    #[test]
    fn kept_rows_are_marked_and_missing_ones_say_why() {
        let mut r = run();
        assert_eq!(result_rows(&r).as_deref(), Some("1 (kept)"));
        assert_eq!(not_kept(&r), None);
        r.results_kept = false;
        assert_eq!(result_rows(&r).as_deref(), Some("1"));
        let message = not_kept(&r).unwrap();
        assert!(
            message.contains("run 7 (1 rows) are not kept: too large")
                && message.contains("newest 50 runs"),
            "{message}"
        );
        r.result_rows = None;
        assert_eq!(result_rows(&r), None);
        assert_eq!(
            not_kept(&r).unwrap(),
            "run 7 has no results to show: it made no result sets"
        );
        r.outcome = None;
        assert_eq!(
            not_kept(&r).unwrap(),
            "run 7 has no results to show: it did not finish"
        );
    }
}
