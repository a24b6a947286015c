//! `tandem history`: the app's Library → History without the window, for
//! whoever runs Tandem headless or on a schedule and wants to know what
//! ran, how it ended and what it showed. It reads the history in the app
//! database; a run's kept result sets are reopened by the engine into a
//! session that connects to nothing, and printed as `tandem run` prints
//! result sets.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tandem_engine::{
    Cell, ConnectionState, ResultColumn, Session, SqlType, Store, DATABASE_FILE, RESULTS_DIR,
};
use tandem_store::Run;

use crate::args::{Format, HistoryArgs};
use crate::output::{self, Listing};
use crate::past_run;
use crate::{home, usage};

pub fn history(a: HistoryArgs, home: Option<&Path>) -> Result<ExitCode> {
    let home = home::home(home);
    let database = home.join(DATABASE_FILE);
    let store = Store::open(&database)
        .with_context(|| format!("cannot open the app database {}", database.display()))?;
    let read = || format!("cannot read the history in {}", database.display());
    let Some(id) = a.id else {
        let runs = store
            .history()
            .list(a.search.as_deref(), a.limit)
            .with_context(read)?;
        output::write_listing(&listing(runs), a.format)?;
        return Ok(ExitCode::SUCCESS);
    };
    let Some(run) = store.history().get(id).with_context(read)? else {
        eprintln!("tandem: there is no run {id} in the history (`tandem history` lists them)");
        return Ok(ExitCode::from(1));
    };
    if a.results {
        if let Some(why) = past_run::not_kept(&run) {
            eprintln!("tandem: {why}");
            return Ok(ExitCode::from(1));
        }
        // Reopening needs no login: the results come from the data folder.
        let mut session = Session::new(ConnectionState::NotConnected);
        session.attach_store_in(store, &home);
        let results = session.reopen_results(id)?;
        output::write_results(&session, &results, a.format)?;
        return Ok(ExitCode::SUCCESS);
    }
    match a.format {
        Format::Table => write_run(&run, &home)?,
        Format::Json => println!("{}", serde_json::to_string(&run)?),
        Format::Csv => {
            return usage(format!(
                "a run in full is text or JSON; `tandem history {id} --results --format csv` \
                 writes its result sets as CSV"
            ))
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn listing(runs: Vec<Run>) -> Listing {
    let names = [
        ("id", SqlType::Integer),
        ("started", SqlType::Text),
        ("by", SqlType::Text),
        ("outcome", SqlType::Text),
        ("duration", SqlType::Text),
        ("api_calls", SqlType::Integer),
        ("companies", SqlType::Text),
        ("rows", SqlType::Text),
        ("script", SqlType::Text),
    ];
    let text = |s: Option<String>| s.map_or(Cell::Null, Cell::Text);
    Listing {
        columns: names
            .iter()
            .map(|(name, sql_type)| ResultColumn {
                name: name.to_string(),
                sql_type: *sql_type,
            })
            .collect(),
        rows: runs
            .iter()
            .map(|r| {
                vec![
                    Cell::Integer(r.id),
                    Cell::Text(past_run::local_time(&r.started_at)),
                    text(r.run_by.clone()),
                    Cell::Text(past_run::outcome(r).to_owned()),
                    text(r.duration_ms.map(past_run::duration)),
                    r.api_calls.map_or(Cell::Null, |n| Cell::Integer(n as i64)),
                    text(past_run::companies(r)),
                    text(past_run::result_rows(r)),
                    Cell::Text(past_run::first_line(&r.script)),
                ]
            })
            .collect(),
    }
}

/// The run in full, one field a line, then its script as it ran.
fn write_run(run: &Run, home: &Path) -> Result<()> {
    let id = run.id;
    let none = || "-".to_owned();
    let mut fields: Vec<(&str, String)> = vec![
        ("Started", past_run::local_time(&run.started_at)),
        (
            "Finished",
            run.finished_at
                .as_deref()
                .map_or_else(none, past_run::local_time),
        ),
        ("Run by", run.run_by.clone().unwrap_or_else(none)),
        ("Outcome", past_run::outcome(run).to_owned()),
        (
            "Duration",
            run.duration_ms.map_or_else(none, past_run::duration),
        ),
        (
            "API calls",
            run.api_calls.map_or_else(none, |n| n.to_string()),
        ),
        (
            "Companies",
            if run.companies.is_empty() {
                none()
            } else {
                run.companies.join(", ")
            },
        ),
        (
            "Parameters",
            if run.parameters.is_empty() {
                none()
            } else {
                run.parameters
                    .iter()
                    .map(|(name, value)| format!("{name}={value}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            },
        ),
        (
            "Result rows",
            run.result_rows.map_or_else(none, |n| n.to_string()),
        ),
    ];
    let results = match past_run::why_not_kept(run) {
        None => format!(
            "kept, in {}\n`tandem history {id} --results` prints them; the app shows them \
             under Library → History → Open results",
            home.join(RESULTS_DIR)
                .join(format!("run-{id}.db"))
                .display()
        ),
        Some(why) => format!("none kept ({why})"),
    };
    fields.push(("Results", results));
    if let Some(error) = &run.error {
        fields.push(("Error", error.clone()));
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    writeln!(out, "Run {id}")?;
    let width = fields.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    for (name, value) in &fields {
        // Values of more than one line keep their column.
        let mut lines = value.lines();
        writeln!(out, "{name:<width$}  {}", lines.next().unwrap_or_default())?;
        for line in lines {
            writeln!(out, "{:<width$}  {line}", "")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Script:")?;
    write!(out, "{}", run.script)?;
    if !run.script.ends_with('\n') {
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
