//! `local export results`: the last result set to a file, streamed from
//! SQLite page by page. CSV follows RFC 4180 with one addition users rely
//! on: NULL is an empty unquoted field and the empty string is `""`.

use std::io::Write;
use std::path::Path;

use tandem_sql::ExportFormat;

use crate::error::{Error, Result};
use crate::session::Session;
use crate::value::Cell;

/// One CSV field.
pub fn csv_field(cell: &Cell) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Text(s) if s.is_empty() => "\"\"".into(),
        other => {
            let s = other.as_text().unwrap_or_default();
            if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s
            }
        }
    }
}

/// A header field.
pub fn csv_name(name: &str) -> String {
    csv_field(&Cell::Text(name.to_string()))
}

impl Session {
    /// Writes a result set to `path`.
    pub fn export(
        &self,
        result: u64,
        path: &Path,
        format: ExportFormat,
        include_headers: bool,
    ) -> Result<()> {
        if format == ExportFormat::Xlsx {
            return Err(Error::not_supported("Exporting to xlsx"));
        }
        let info = self
            .result(result)
            .ok_or_else(|| Error::Bug(format!("no result set {result}")))?;
        let io = |e: std::io::Error| Error::Io(format!("cannot write {}: {e}", path.display()));
        let file = std::fs::File::create(path).map_err(io)?;
        let mut out = std::io::BufWriter::new(file);
        if include_headers {
            let header: Vec<String> = info.columns.iter().map(|c| csv_name(&c.name)).collect();
            writeln!(out, "{}", header.join(",")).map_err(io)?;
        }
        let mut offset = 0;
        loop {
            let rows = self.page(result, offset, 1000)?;
            if rows.is_empty() {
                break;
            }
            offset += rows.len() as u64;
            for row in rows {
                let fields: Vec<String> = row.iter().map(csv_field).collect();
                writeln!(out, "{}", fields.join(",")).map_err(io)?;
            }
        }
        out.flush().map_err(io)
    }
}
