//! Writing result sets to standard output: table, CSV or JSON, paged out
//! of the session so a large result never sits in memory whole. Listings
//! the CLI builds itself (`tandem runs`) go through the same writer, so
//! every command's output reads, and parses, alike.

use std::io::Write;

use anyhow::Result;
use tandem_engine::{csv_field, csv_name, Cell, ResultColumn, ResultSetInfo, Session};

use crate::args::Format;

const PAGE: u64 = 1000;

/// Rows to write, in pages.
trait Source {
    fn columns(&self) -> &[ResultColumn];
    fn row_count(&self) -> u64;
    fn page(&self, offset: u64, limit: u64) -> Result<Vec<Vec<Cell>>>;
}

/// A result set kept in the session.
struct Stored<'a> {
    session: &'a Session,
    info: &'a ResultSetInfo,
}

impl Source for Stored<'_> {
    fn columns(&self) -> &[ResultColumn] {
        &self.info.columns
    }
    fn row_count(&self) -> u64 {
        self.info.row_count
    }
    fn page(&self, offset: u64, limit: u64) -> Result<Vec<Vec<Cell>>> {
        Ok(self.session.page(self.info.id, offset, limit)?)
    }
}

/// Rows the CLI has in hand (small: a list of runs, a run's changes).
pub struct Listing {
    pub columns: Vec<ResultColumn>,
    pub rows: Vec<Vec<Cell>>,
}

impl Source for Listing {
    fn columns(&self) -> &[ResultColumn] {
        &self.columns
    }
    fn row_count(&self) -> u64 {
        self.rows.len() as u64
    }
    fn page(&self, offset: u64, limit: u64) -> Result<Vec<Vec<Cell>>> {
        let start = (offset as usize).min(self.rows.len());
        let end = (offset.saturating_add(limit) as usize).min(self.rows.len());
        Ok(self.rows[start..end].to_vec())
    }
}

fn each_page(source: &impl Source, mut f: impl FnMut(Vec<Vec<Cell>>) -> Result<()>) -> Result<()> {
    let mut offset = 0;
    while offset < source.row_count() {
        let rows = source.page(offset, PAGE)?;
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

/// Writes a run's result sets to standard output.
pub fn write_results(session: &Session, results: &[ResultSetInfo], format: Format) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, info) in results.iter().enumerate() {
        write(&mut out, &Stored { session, info }, format, i == 0)?;
    }
    out.flush()?;
    Ok(())
}

/// Writes a listing to standard output, as a result set would be.
pub fn write_listing(listing: &Listing, format: Format) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write(&mut out, listing, format, true)?;
    out.flush()?;
    Ok(())
}

/// Writes one result set; `first` tells whether a separator is needed.
fn write(out: &mut impl Write, source: &impl Source, format: Format, first: bool) -> Result<()> {
    let columns = source.columns();
    match format {
        Format::Csv => {
            if !first {
                writeln!(out)?;
            }
            let header: Vec<String> = columns.iter().map(|c| csv_name(&c.name)).collect();
            writeln!(out, "{}", header.join(","))?;
            each_page(source, |rows| {
                for row in rows {
                    let fields: Vec<String> = row.iter().map(csv_field).collect();
                    writeln!(out, "{}", fields.join(","))?;
                }
                Ok(())
            })
        }
        Format::Json => {
            let mut rows = Vec::new();
            each_page(source, |page| {
                rows.extend(page);
                Ok(())
            })?;
            let object = serde_json::json!({
                "columns": columns.iter().map(|c| &c.name).collect::<Vec<_>>(),
                "types": columns.iter().map(|c| c.sql_type.name()).collect::<Vec<_>>(),
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
            let sample = source.page(0, PAGE)?;
            let mut widths: Vec<usize> = columns.iter().map(|c| c.name.chars().count()).collect();
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
                line(columns.iter().map(|c| c.name.clone()).collect())
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
            each_page(source, |rows| {
                for row in rows {
                    writeln!(out, "{}", line(row.iter().map(shown).collect()))?;
                }
                Ok(())
            })?;
            let n = source.row_count();
            writeln!(out, "({n} row{})", if n == 1 { "" } else { "s" })?;
            Ok(())
        }
    }
}
