//! `local` commands: instructions to the script runner, not SQL.
//!
//! Invantive's `local` commands end at the end of their line and their text
//! is not SQL (a remark may hold an apostrophe), so they are read from the
//! line itself rather than from sqlparser's tokens. `define` and `undefine`
//! are applied by the script reader as it passes them; the others are for the
//! engine. Values of `define` are stored as written (not expanded), so a
//! value may refer to parameters defined later.

use std::fmt;

use crate::error::ErrorKind;

/// A `local ...` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalCommand {
    /// `local define NAME "value"`.
    Define {
        /// The parameter name, as written.
        name: String,
        /// The value, unexpanded (it may hold `${OTHER}`).
        value: String,
    },
    /// `local undefine NAME`.
    Undefine {
        /// The parameter name, as written.
        name: String,
    },
    /// `local remark text`: text for the user.
    Remark {
        /// The text after `remark`, `${}` expanded.
        text: String,
    },
    /// `local on error continue|default`.
    OnError(OnError),
    /// `local export results as "file" format xlsx|csv [include headers]`.
    ExportResults {
        /// The file name, `${}` expanded.
        file: String,
        /// The file format.
        format: ExportFormat,
        /// Whether the first row holds the column names.
        include_headers: bool,
    },
}

/// What the runner does when a statement fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Report the error and run the next statement.
    Continue,
    /// Stop the script at the first error.
    Default,
}

/// File formats of `local export results`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Excel workbook.
    Xlsx,
    /// Comma-separated values.
    Csv,
}

/// A failure inside a local line: kind, message, byte offset in the line.
pub(crate) type LineError = (ErrorKind, String, usize);

/// Whether the command on `line` (which starts with `local`) defines or
/// undefines a parameter: those are read before `${}` expansion, so that a
/// value keeps its references.
pub(crate) fn is_definition(line: &str) -> bool {
    let mut cursor = Cursor { line, at: 5 };
    matches!(cursor.word(), Some((_, w)) if w.eq_ignore_ascii_case("define") || w.eq_ignore_ascii_case("undefine"))
}

/// Parses one local line, from `local` to the end of the line.
pub(crate) fn parse_local(line: &str) -> Result<LocalCommand, LineError> {
    let mut cursor = Cursor { line, at: 0 };
    cursor.word(); // `local`, checked by the caller
    let expected = "Expected a local command: define, undefine, remark, on error or export results";
    let Some((at, command)) = cursor.word() else {
        return Err((ErrorKind::Syntax, expected.into(), cursor.at));
    };
    let command = command.to_ascii_lowercase();
    if command == "remark" {
        let text = line[cursor.at..].trim();
        return Ok(LocalCommand::Remark { text: text.into() });
    }
    // Other commands may end with `;` or a `--` comment.
    let line = strip_comment(line);
    let mut cursor = Cursor {
        line,
        at: cursor.at,
    };
    let result = match command.as_str() {
        "define" => {
            let name = cursor.name("a parameter name after define")?;
            let value = cursor.value()?;
            LocalCommand::Define { name, value }
        }
        "undefine" => LocalCommand::Undefine {
            name: cursor.name("a parameter name after undefine")?,
        },
        "on" => {
            cursor.keyword("error")?;
            LocalCommand::OnError(cursor.choice(
                &[
                    ("continue", OnError::Continue),
                    ("default", OnError::Default),
                ],
                "Expected continue or default after on error",
            )?)
        }
        "export" => {
            cursor.keyword("results")?;
            cursor.keyword("as")?;
            let file = cursor
                .quoted()?
                .ok_or_else(|| cursor.error("Expected a quoted file name after as"))?;
            cursor.keyword("format")?;
            let format = cursor.choice(
                &[("xlsx", ExportFormat::Xlsx), ("csv", ExportFormat::Csv)],
                "Expected xlsx or csv after format",
            )?;
            let include_headers = cursor.peek_word("include");
            if include_headers {
                cursor.word();
                cursor.keyword("headers")?;
            }
            LocalCommand::ExportResults {
                file,
                format,
                include_headers,
            }
        }
        _ => {
            return Err((
                ErrorKind::NotSupported,
                format!("local {command} is not supported by Tandem yet"),
                at,
            ))
        }
    };
    cursor.end()?;
    Ok(result)
}

/// The line up to a `--` comment outside quotes, without a trailing `;`.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut quote = None;
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'-' && bytes.get(i + 1) == Some(&b'-') => {
                end = i;
                break;
            }
            None => {}
        }
    }
    line[..end].trim_end().trim_end_matches(';').trim_end()
}

struct Cursor<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn skip_space(&mut self) {
        let rest = &self.line[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    fn error(&self, message: &str) -> LineError {
        (ErrorKind::Syntax, message.to_string(), self.at)
    }

    fn word(&mut self) -> Option<(usize, &'a str)> {
        self.skip_space();
        let start = self.at;
        let len = self.line[start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(self.line.len() - start);
        (len > 0).then(|| {
            self.at += len;
            (start, &self.line[start..start + len])
        })
    }

    fn peek_word(&mut self, word: &str) -> bool {
        let at = self.at;
        let found = matches!(self.word(), Some((_, w)) if w.eq_ignore_ascii_case(word));
        self.at = at;
        found
    }

    fn keyword(&mut self, word: &str) -> Result<(), LineError> {
        let at = self.at;
        match self.word() {
            Some((_, w)) if w.eq_ignore_ascii_case(word) => Ok(()),
            _ => {
                self.at = at;
                self.skip_space();
                Err(self.error(&format!("Expected {word}")))
            }
        }
    }

    /// One of `options`' words, or an error at the word found.
    fn choice<T: Copy>(&mut self, options: &[(&str, T)], message: &str) -> Result<T, LineError> {
        self.skip_space();
        let at = self.at;
        if let Some((_, word)) = self.word() {
            if let Some((_, value)) = options.iter().find(|(o, _)| o.eq_ignore_ascii_case(word)) {
                return Ok(*value);
            }
        }
        self.at = at;
        Err(self.error(message))
    }

    fn name(&mut self, what: &str) -> Result<String, LineError> {
        match self.word() {
            Some((_, w)) => Ok(w.to_string()),
            None => Err(self.error(&format!("Expected {what}"))),
        }
    }

    /// A `"..."` or `'...'` string (a doubled quote stands for itself);
    /// `None` when the next character is not a quote.
    fn quoted(&mut self) -> Result<Option<String>, LineError> {
        self.skip_space();
        let rest = &self.line[self.at..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return Ok(None);
        };
        let mut value = String::new();
        let mut chars = rest.char_indices().skip(1).peekable();
        while let Some((i, c)) = chars.next() {
            if c == quote {
                if chars.peek().is_some_and(|(_, n)| *n == quote) {
                    chars.next();
                    value.push(quote);
                    continue;
                }
                self.at += i + 1;
                return Ok(Some(value));
            }
            value.push(c);
        }
        Err(self.error("Unterminated quoted value"))
    }

    /// A define's value: quoted, or the rest of the line as written.
    fn value(&mut self) -> Result<String, LineError> {
        if let Some(value) = self.quoted()? {
            return Ok(value);
        }
        let rest = self.line[self.at..].trim();
        if rest.is_empty() {
            return Err(self.error("Expected a value after the parameter name"));
        }
        self.at = self.line.len();
        Ok(rest.to_string())
    }

    fn end(&mut self) -> Result<(), LineError> {
        self.skip_space();
        if self.at < self.line.len() {
            return Err(self.error("Expected the end of the local command"));
        }
        Ok(())
    }
}

impl fmt::Display for LocalCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalCommand::Define { name, value } => {
                write!(f, "LOCAL DEFINE {name} \"{}\"", value.replace('"', "\"\""))
            }
            LocalCommand::Undefine { name } => write!(f, "LOCAL UNDEFINE {name}"),
            LocalCommand::Remark { text } if text.is_empty() => write!(f, "LOCAL REMARK"),
            LocalCommand::Remark { text } => write!(f, "LOCAL REMARK {text}"),
            LocalCommand::OnError(OnError::Continue) => write!(f, "LOCAL ON ERROR CONTINUE"),
            LocalCommand::OnError(OnError::Default) => write!(f, "LOCAL ON ERROR DEFAULT"),
            LocalCommand::ExportResults {
                file,
                format,
                include_headers,
            } => {
                let format = match format {
                    ExportFormat::Xlsx => "XLSX",
                    ExportFormat::Csv => "CSV",
                };
                write!(
                    f,
                    "LOCAL EXPORT RESULTS AS \"{}\" FORMAT {format}",
                    file.replace('"', "\"\"")
                )?;
                if *include_headers {
                    write!(f, " INCLUDE HEADERS")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> LocalCommand {
        parse_local(line).unwrap()
    }

    fn err(line: &str) -> (ErrorKind, String, usize) {
        parse_local(line).unwrap_err()
    }

    #[test]
    fn define_takes_quoted_or_bare_values() {
        assert_eq!(
            ok("local define SOURCE_COMPANY \"102673\""),
            LocalCommand::Define {
                name: "SOURCE_COMPANY".into(),
                value: "102673".into()
            }
        );
        assert_eq!(
            ok("LOCAL DEFINE x 'it''s' -- note"),
            LocalCommand::Define {
                name: "x".into(),
                value: "it's".into()
            }
        );
        assert_eq!(
            ok("local define x ${Y}-2;"),
            LocalCommand::Define {
                name: "x".into(),
                value: "${Y}-2".into()
            }
        );
        assert_eq!(
            err("local define x"),
            (
                ErrorKind::Syntax,
                "Expected a value after the parameter name".into(),
                14
            )
        );
        assert_eq!(err("local define x \"a\" b").2, 19);
        assert_eq!(err("local define x \"a").1, "Unterminated quoted value");
        assert!(is_definition("local  Define x 1"));
        assert!(!is_definition("local remark define"));
    }

    #[test]
    fn remark_keeps_the_rest_of_the_line() {
        assert_eq!(
            ok("local remark It's done -- really"),
            LocalCommand::Remark {
                text: "It's done -- really".into()
            }
        );
        assert_eq!(ok("local remark").to_string(), "LOCAL REMARK");
    }

    #[test]
    fn on_error_and_export() {
        assert_eq!(
            ok("local on error continue"),
            LocalCommand::OnError(OnError::Continue)
        );
        assert_eq!(
            ok("local on error default").to_string(),
            "LOCAL ON ERROR DEFAULT"
        );
        assert_eq!(err("local on error stop").2, 15);
        assert_eq!(
            ok("local export results as \"c:\\out.xlsx\" format xlsx include headers").to_string(),
            "LOCAL EXPORT RESULTS AS \"c:\\out.xlsx\" FORMAT XLSX INCLUDE HEADERS"
        );
        assert_eq!(
            ok("local export results as 'a.csv' format CSV"),
            LocalCommand::ExportResults {
                file: "a.csv".into(),
                format: ExportFormat::Csv,
                include_headers: false
            }
        );
        assert_eq!(
            err("local export results as a.csv format csv").1,
            "Expected a quoted file name after as"
        );
        assert_eq!(
            err("local export results as 'a' format pdf").1,
            "Expected xlsx or csv after format"
        );
    }

    #[test]
    fn unknown_commands_are_not_supported() {
        let (kind, message, at) = err("local memorize results clipboard");
        assert_eq!(kind, ErrorKind::NotSupported);
        assert_eq!(message, "local memorize is not supported by Tandem yet");
        assert_eq!(at, 6);
        assert_eq!(err("local").0, ErrorKind::Syntax);
    }
}
