//! Writing result sets to standard output: table, CSV or JSON, paged out
//! of the session so a large result never sits in memory whole.

use std::io::Write;

use anyhow::Result;
use tandem_engine::{csv_field, csv_name, Cell, ResultSetInfo, Session};

use crate::args::Format;

const PAGE: u64 = 1000;

fn each_page(
    session: &Session,
    info: &ResultSetInfo,
    mut f: impl FnMut(Vec<Vec<Cell>>) -> Result<()>,
) -> Result<()> {
    let mut offset = 0;
    while offset < info.row_count {
        let rows = session.page(info.id, offset, PAGE)?;
        if rows.is_empty() {
            break;
        }
        offset += rows.len() as u64;
        f(rows)?;
    }
    Ok(())
}

fn shown(c: &Cell) -> String {
    c.as_text().unwrap_or_default()
}

/// Writes one result set; `first` tells whether a separator is needed.
pub fn write(
    out: &mut impl Write,
    session: &Session,
    info: &ResultSetInfo,
    format: Format,
    first: bool,
) -> Result<()> {
    match format {
        Format::Csv => {
            if !first {
                writeln!(out)?;
            }
            let header: Vec<String> = info.columns.iter().map(|c| csv_name(&c.name)).collect();
            writeln!(out, "{}", header.join(","))?;
            each_page(session, info, |rows| {
                for row in rows {
                    let fields: Vec<String> = row.iter().map(csv_field).collect();
                    writeln!(out, "{}", fields.join(","))?;
                }
                Ok(())
            })
        }
        Format::Json => {
            let mut rows = Vec::new();
            each_page(session, info, |page| {
                rows.extend(page);
                Ok(())
            })?;
            let object = serde_json::json!({
                "columns": info.columns.iter().map(|c| &c.name).collect::<Vec<_>>(),
                "types": info.columns.iter().map(|c| c.sql_type.name()).collect::<Vec<_>>(),
                "rows": rows,
            });
            writeln!(out, "{object}")?;
            Ok(())
        }
        Format::Table => {
            if !first {
                writeln!(out)?;
            }
            // Widths from the first page; later values may overflow.
            let sample = session.page(info.id, 0, PAGE)?;
            let mut widths: Vec<usize> = info
                .columns
                .iter()
                .map(|c| c.name.chars().count())
                .collect();
            for row in &sample {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(shown(c).chars().count()).min(60);
                }
            }
            let line = |cells: Vec<String>| -> String {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect::<Vec<_>>()
                    .join(" | ")
                    .trim_end()
                    .to_string()
            };
            writeln!(
                out,
                "{}",
                line(info.columns.iter().map(|c| c.name.clone()).collect())
            )?;
            writeln!(
                out,
                "{}",
                widths
                    .iter()
                    .map(|w| "-".repeat(*w))
                    .collect::<Vec<_>>()
                    .join("-+-")
            )?;
            each_page(session, info, |rows| {
                for row in rows {
                    writeln!(out, "{}", line(row.iter().map(shown).collect()))?;
                }
                Ok(())
            })?;
            let n = info.row_count;
            writeln!(out, "({n} row{})", if n == 1 { "" } else { "s" })?;
            Ok(())
        }
    }
}
