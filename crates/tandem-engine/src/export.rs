//! `local export results`: the last result set to a file, read from SQLite
//! page by page. CSV follows RFC 4180 with one addition users rely on: NULL
//! is an empty unquoted field and the empty string is `""`. Excel files get
//! typed cells (numbers as numbers, dates as dates), so that an accountant
//! can sum and filter them without converting text first.

use std::io::Write;
use std::path::Path;

use tandem_sql::ExportFormat;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::error::{Error, Result};
use crate::results::ResultSetInfo;
use crate::session::Session;
use crate::value::{Cell, SqlType};

/// One CSV field, comma-separated.
pub fn csv_field(cell: &Cell) -> String {
    csv_field_with(cell, ',')
}

/// One CSV field for a file whose fields are separated by `separator`.
pub fn csv_field_with(cell: &Cell, separator: char) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Text(s) if s.is_empty() => "\"\"".into(),
        other => {
            let s = other.as_text().unwrap_or_default();
            if s.contains([separator, '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
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

/// Rows an Excel worksheet holds, the header included.
const XLSX_MAX_ROWS: u64 = 1_048_576;

/// The separator a user asked for: `None` or empty is a comma, `\t` (as
/// typed) or a tab character is a tab, otherwise exactly one character that
/// is neither a quote nor a line break.
pub fn csv_separator(asked: Option<&str>) -> Result<char> {
    let asked = asked.unwrap_or("");
    let mut chars = asked.chars();
    match (asked, chars.next(), chars.next()) {
        ("", _, _) => Ok(','),
        ("\\t", _, _) => Ok('\t'),
        (_, Some(c), None) if !matches!(c, '"' | '\n' | '\r') => Ok(c),
        _ => Err(Error::Io(format!(
            "{asked:?} cannot separate CSV fields: use one character such as , ; or a tab"
        ))),
    }
}

impl Session {
    /// Writes the whole result set `result` to `path` with a header row, as
    /// the window's Export does; CSV fields are separated by `separator`
    /// (see [`csv_separator`]). Returns the rows written.
    pub fn export_result(
        &self,
        result: u64,
        path: &Path,
        format: ExportFormat,
        separator: Option<&str>,
    ) -> Result<u64> {
        let info = self
            .result(result)
            .ok_or_else(|| Error::Bug(format!("no result set {result}")))?;
        match format {
            ExportFormat::Csv => self.write_csv(info, path, true, csv_separator(separator)?)?,
            ExportFormat::Xlsx => self.write_xlsx(info, path, true)?,
        }
        Ok(info.row_count)
    }

    /// Writes a result set to `path`.
    pub fn export(
        &self,
        result: u64,
        path: &Path,
        format: ExportFormat,
        include_headers: bool,
    ) -> Result<()> {
        let info = self
            .result(result)
            .ok_or_else(|| Error::Bug(format!("no result set {result}")))?;
        match format {
            ExportFormat::Csv => self.write_csv(info, path, include_headers, ','),
            ExportFormat::Xlsx => self.write_xlsx(info, path, include_headers),
        }
    }

    /// Calls `each` with every row of the result set, a page at a time.
    fn for_each_row(
        &self,
        result: u64,
        mut each: impl FnMut(u64, Vec<Cell>) -> Result<()>,
    ) -> Result<()> {
        let mut offset = 0;
        loop {
            let rows = self.page(result, offset, 1000)?;
            if rows.is_empty() {
                return Ok(());
            }
            for row in rows {
                each(offset, row)?;
                offset += 1;
            }
        }
    }

    fn write_csv(
        &self,
        info: &ResultSetInfo,
        path: &Path,
        include_headers: bool,
        separator: char,
    ) -> Result<()> {
        let columns = columns_of(info);
        let header = include_headers.then_some(columns.as_slice());
        write_csv_rows(path, header, separator, |each| {
            self.for_each_row(info.id, each)
        })
    }

    fn write_xlsx(&self, info: &ResultSetInfo, path: &Path, include_headers: bool) -> Result<()> {
        write_xlsx_rows(
            path,
            &columns_of(info),
            include_headers,
            info.row_count,
            |each| self.for_each_row(info.id, each),
        )
    }
}

fn columns_of(info: &ResultSetInfo) -> Vec<(String, SqlType)> {
    info.columns
        .iter()
        .map(|c| (c.name.clone(), c.sql_type))
        .collect()
}

/// Calls the writer's `each` with every row (and its index), in order.
pub(crate) type RowSource<'a> = &'a mut dyn FnMut(u64, Vec<Cell>) -> Result<()>;

/// Writes rows as CSV to `path`: the header when `header` gives the
/// columns, then every row `rows` hands out. Shared by result sets and the
/// plan's drill-down, so both read alike.
pub(crate) fn write_csv_rows(
    path: &Path,
    header: Option<&[(String, SqlType)]>,
    separator: char,
    rows: impl FnOnce(RowSource<'_>) -> Result<()>,
) -> Result<()> {
    let io = |e: std::io::Error| Error::Io(format!("cannot write {}: {e}", path.display()));
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    if let Some(columns) = header {
        let header: Vec<String> = columns
            .iter()
            .map(|(name, _)| csv_field_with(&Cell::Text(name.clone()), separator))
            .collect();
        writeln!(out, "{}", header.join(&separator.to_string())).map_err(io)?;
    }
    rows(&mut |_, row| {
        let fields: Vec<String> = row.iter().map(|c| csv_field_with(c, separator)).collect();
        writeln!(out, "{}", fields.join(&separator.to_string())).map_err(io)
    })?;
    out.flush().map_err(io)
}

/// Writes `row_count` rows as an Excel workbook with typed cells (see the
/// module documentation).
pub(crate) fn write_xlsx_rows(
    path: &Path,
    columns: &[(String, SqlType)],
    include_headers: bool,
    row_count: u64,
    rows: impl FnOnce(RowSource<'_>) -> Result<()>,
) -> Result<()> {
    let first = u64::from(include_headers);
    if row_count + first > XLSX_MAX_ROWS {
        return Err(Error::Io(format!(
            "cannot write {}: {} rows do not fit in an Excel worksheet ({} at most); export to CSV instead",
            path.display(),
            row_count,
            XLSX_MAX_ROWS - first
        )));
    }
    let xlsx = |e: XlsxError| Error::Io(format!("cannot write {}: {e}", path.display()));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    if include_headers {
        let bold = Format::new().set_bold();
        for (c, (name, _)) in columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, name, &bold)
                .map_err(xlsx)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    rows(&mut |offset, row| {
        let r = (offset + first) as u32;
        for (c, (cell, (_, sql_type))) in row.iter().zip(columns).enumerate() {
            let c = c as u16;
            let written = match (cell, sql_type) {
                (Cell::Null, _) => continue,
                (Cell::Integer(i), _) => sheet.write_number(r, c, *i as f64),
                (Cell::Real(f), _) => sheet.write_number(r, c, *f),
                (Cell::Text(s), SqlType::Date | SqlType::Datetime) => {
                    match ExcelDateTime::parse_from_str(s) {
                        Ok(when) if s.len() > 10 => {
                            sheet.write_datetime_with_format(r, c, &when, &datetime)
                        }
                        Ok(when) => sheet.write_datetime_with_format(r, c, &when, &date),
                        // A value that is not a date after all stays as written.
                        Err(_) => sheet.write_string(r, c, s),
                    }
                }
                (other, _) => sheet.write_string(r, c, other.as_text().unwrap_or_default()),
            };
            written.map_err(xlsx)?;
        }
        Ok(())
    })?;
    book.save(path).map_err(xlsx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_one_character_and_tab_may_be_typed() {
        assert_eq!(csv_separator(None).unwrap(), ',');
        assert_eq!(csv_separator(Some("")).unwrap(), ',');
        assert_eq!(csv_separator(Some(";")).unwrap(), ';');
        assert_eq!(csv_separator(Some("\\t")).unwrap(), '\t');
        assert_eq!(csv_separator(Some("\t")).unwrap(), '\t');
        assert!(csv_separator(Some(";;")).is_err());
        assert!(csv_separator(Some("\"")).is_err());
    }

    #[test]
    fn fields_holding_the_separator_are_quoted() {
        let cell = Cell::Text("a;b".into());
        assert_eq!(csv_field_with(&cell, ';'), "\"a;b\"");
        assert_eq!(csv_field_with(&cell, ','), "a;b");
    }
}
