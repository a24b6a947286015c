//! `tandem runs`: the synchronize run log of the app database, as
//! a list of runs, one run's changes, or the changes to rows with a given
//! key. Only keys, counts and error messages are shown: the before and
//! after values the log keeps for undo stay in it.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tandem_engine::{Cell, ResultColumn, SqlType, Store, DATABASE_FILE};
use tandem_store::SyncChange;

use crate::args::RunsArgs;
use crate::home;
use crate::output::{self, Listing};

fn columns(list: &[(&str, SqlType)]) -> Vec<ResultColumn> {
    list.iter()
        .map(|(name, sql_type)| ResultColumn {
            name: name.to_string(),
            sql_type: *sql_type,
        })
        .collect()
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn int(n: u64) -> Cell {
    Cell::Integer(n as i64)
}

fn opt_text(s: Option<String>) -> Cell {
    s.map_or(Cell::Null, Cell::Text)
}

fn opt_int(n: Option<i64>) -> Cell {
    n.map_or(Cell::Null, Cell::Integer)
}

pub fn runs(a: RunsArgs, home: Option<&Path>) -> Result<ExitCode> {
    let database = home::home(home).join(DATABASE_FILE);
    let store = Store::open(&database)
        .with_context(|| format!("cannot open the app database {}", database.display()))?;
    let log = store.sync_log();
    let read = || format!("cannot read the run log in {}", database.display());
    let listing = match (a.run, &a.key) {
        (Some(run), _) => {
            if log.run(run).with_context(read)?.is_none() {
                eprintln!("tandem: there is no run {run} in the run log");
                return Ok(ExitCode::from(1));
            }
            changes(log.changes(run).with_context(read)?, false)
        }
        (None, Some(key)) => changes(log.changes_by_key(key, a.limit).with_context(read)?, true),
        (None, None) => {
            let runs = log.runs(a.limit).with_context(read)?;
            Listing {
                columns: columns(&[
                    ("run", SqlType::Integer),
                    ("started", SqlType::Text),
                    ("finished", SqlType::Text),
                    ("outcome", SqlType::Text),
                    ("inserted", SqlType::Integer),
                    ("updated", SqlType::Integer),
                    ("deleted", SqlType::Integer),
                    ("failed", SqlType::Integer),
                    ("api_calls", SqlType::Integer),
                    ("undo_of", SqlType::Integer),
                    ("statement", SqlType::Text),
                ]),
                rows: runs
                    .into_iter()
                    .map(|r| {
                        let outcome = r.outcome.map_or("did not finish", |o| o.as_str());
                        let first_line = r.statement.lines().next().unwrap_or_default();
                        vec![
                            Cell::Integer(r.id),
                            text(r.started_at),
                            opt_text(r.finished_at),
                            text(outcome),
                            int(r.counts.inserted),
                            int(r.counts.updated),
                            int(r.counts.deleted),
                            int(r.counts.failed),
                            int(r.api_calls),
                            opt_int(r.undo_of),
                            text(first_line),
                        ]
                    })
                    .collect(),
            }
        }
    };
    output::write_listing(&listing, a.format)?;
    Ok(ExitCode::SUCCESS)
}

/// Changes as rows; with `run`, each says which run it belongs to.
fn changes(list: Vec<SyncChange>, run: bool) -> Listing {
    let mut names = vec![
        ("seq", SqlType::Integer),
        ("company", SqlType::Integer),
        ("operation", SqlType::Text),
        ("key", SqlType::Text),
        ("outcome", SqlType::Text),
        ("error", SqlType::Text),
    ];
    if run {
        names.insert(0, ("run", SqlType::Integer));
    }
    Listing {
        columns: columns(&names),
        rows: list
            .into_iter()
            .map(|c| {
                let mut row = vec![
                    Cell::Integer(c.seq),
                    opt_int(c.company),
                    text(c.operation),
                    text(c.key),
                    text(c.outcome.as_str()),
                    opt_text(c.error),
                ];
                if run {
                    row.insert(0, Cell::Integer(c.run_id));
                }
                row
            })
            .collect(),
    }
}
