//! A small lexical scan of the original script text.
//!
//! Before sqlparser sees a statement, the script reader must know three
//! things sqlparser cannot tell it: where comments are (a `${NAME}` in a
//! comment is not a use, and a commented-out line must not fail), where
//! `local` commands begin (they end at end of line and their text, such as a
//! remark with an apostrophe, is not SQL), and what to skip between
//! statements. Quotes matter only so that `--` or `local` inside a string is
//! left alone. All delimiters are ASCII, so walking bytes is safe for UTF-8.

use std::ops::Range;

/// One `${...}` in the text: its byte range and the name, or `None` when what
/// follows `${` is not `NAME}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    pub range: Range<usize>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Code,
    Quoted,
    Comment,
}

/// Calls `f` with each piece of `text[from..]` (code, quoted text, comment),
/// in order, until it returns false. Unterminated quotes and comments run to
/// the end of the text.
fn walk(text: &str, from: usize, mut f: impl FnMut(Piece, Range<usize>) -> bool) {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut code_start = from;
    while i < bytes.len() {
        let (piece, end) = match bytes[i] {
            b'\'' | b'"' | b'`' => (Piece::Quoted, quoted_end(bytes, i)),
            b'-' if bytes.get(i + 1) == Some(&b'-') => (Piece::Comment, line_end(bytes, i)),
            b'/' if bytes.get(i + 1) == Some(&b'*') => (
                Piece::Comment,
                find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2),
            ),
            _ => {
                i += 1;
                continue;
            }
        };
        if code_start < i && !f(Piece::Code, code_start..i) {
            return;
        }
        if !f(piece, i..end) {
            return;
        }
        i = end;
        code_start = end;
    }
    if code_start < bytes.len() {
        f(Piece::Code, code_start..bytes.len());
    }
}

fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            // A doubled quote is an escaped quote inside the text.
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `text[at..]` begins with the word `word` (ASCII, any case),
/// followed by something that cannot continue an identifier.
pub(crate) fn word_at(text: &str, at: usize, word: &str) -> bool {
    let bytes = text.as_bytes();
    let end = at + word.len();
    end <= bytes.len()
        && bytes[at..end].eq_ignore_ascii_case(word.as_bytes())
        && bytes
            .get(end)
            .is_none_or(|&b| !is_name_char(b) && b != b'@')
}

/// Skips whitespace, comments and semicolons from `at`. `Err` carries the
/// start of an unterminated block comment.
pub(crate) fn skip_trivia(text: &str, mut at: usize) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b';') {
            at += 1;
        }
        if bytes[at..].starts_with(b"--") {
            at = line_end(bytes, at);
        } else if bytes[at..].starts_with(b"/*") {
            at = find(bytes, at + 2, b"*/").ok_or(at)? + 2;
        } else {
            return Ok(at);
        }
    }
}

/// Where the next `local` command after `from` starts: the word `local` first
/// on a line or right after a `;`, outside quotes and comments. `local`
/// commands are line-based by definition, so this is the one place where a
/// word's position on its line decides; the text length when there is none.
pub(crate) fn next_local_command(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut found = bytes.len();
    walk(text, from, |piece, range| {
        if piece != Piece::Code {
            return true;
        }
        for i in range.clone() {
            if bytes[i] == b'\n' || bytes[i] == b';' {
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < range.end && word_at(text, j, "local") {
                    found = j;
                    return false;
                }
            }
        }
        true
    });
    found
}

/// The end of the line that `at` is on (the offset of its `\n`, or the
/// text length).
pub(crate) fn end_of_line(text: &str, at: usize) -> usize {
    line_end(text.as_bytes(), at)
}

/// Every `${...}` in `text[from..]` outside comments (references inside
/// quoted text count: `'${CODE}'` is the usual way to make a string).
pub(crate) fn references(text: &str, from: usize, outside_comments: bool) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut scan = |range: Range<usize>| {
        let bytes = text.as_bytes();
        let mut i = range.start;
        while let Some(start) = find(&bytes[..range.end], i, b"${") {
            let name_start = start + 2;
            let mut name_end = name_start;
            while name_end < range.end && is_name_char(bytes[name_end]) {
                name_end += 1;
            }
            if name_end > name_start && bytes.get(name_end) == Some(&b'}') && name_end < range.end {
                found.push(Reference {
                    range: start..name_end + 1,
                    name: Some(text[name_start..name_end].to_string()),
                });
                i = name_end + 1;
            } else {
                found.push(Reference {
                    range: start..name_start,
                    name: None,
                });
                i = name_start;
            }
        }
    };
    if outside_comments {
        walk(text, from, |piece, range| {
            if piece != Piece::Comment {
                scan(range);
            }
            true
        });
    } else {
        scan(from..text.len());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivia_is_skipped() {
        let text = "  -- c\n /* x */ ;; select";
        assert_eq!(skip_trivia(text, 0), Ok(text.len() - 6));
        assert_eq!(skip_trivia("/* open", 0), Err(0));
        assert_eq!(skip_trivia("", 0), Ok(0));
    }

    #[test]
    fn local_commands_start_lines_outside_strings_and_comments() {
        let text = "select 'a\nlocal' -- x\n/*\nlocal */ x\n  local define A \"1\"";
        assert_eq!(
            next_local_command(text, 0),
            text.find("local define").unwrap()
        );
        let text = "select 1; local remark hi";
        assert_eq!(next_local_command(text, 0), 10);
        assert_eq!(next_local_command("select localx\nlocalx", 0), 20);
    }

    #[test]
    fn references_skip_comments_but_not_strings() {
        let text = "a = '${X}' -- ${Y}\n/* ${Z} */ ${W} ${ bad}";
        let names: Vec<_> = references(text, 0, true)
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(
            names,
            vec![Some("X".to_string()), Some("W".to_string()), None]
        );
        assert_eq!(references("${A}${B}", 0, false).len(), 2);
        assert_eq!(references("${A", 0, false)[0].name, None);
    }

    #[test]
    fn word_boundaries() {
        assert!(word_at("LOCAL define", 0, "local"));
        assert!(!word_at("locale", 0, "local"));
        assert!(!word_at("loc", 0, "local"));
    }
}
