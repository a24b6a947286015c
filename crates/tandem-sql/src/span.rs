//! Positions in the original script text.
//!
//! Users see line and column (1-based, columns counted in characters, as
//! sqlparser counts them); the engine and GUI also need byte offsets to slice
//! or highlight the text. `LineIndex` converts between the two so that every
//! error and every statement can point back into the text the user typed.

use std::fmt;

/// A line and column, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
}

impl Position {
    /// A position from 1-based line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A range of the original script: `start` inclusive, `end` exclusive (the
/// position just after the last character), with the matching byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourceSpan {
    /// Where the range starts.
    pub start: Position,
    /// Just after the last character of the range.
    pub end: Position,
    /// Byte offset of `start` in the original text.
    pub start_offset: usize,
    /// Byte offset of `end` in the original text.
    pub end_offset: usize,
}

/// Line starts of a text, to turn byte offsets into positions and back.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of a byte offset (clamped to the text, and moved back to
    /// a character boundary so that odd offsets never panic).
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text[start..offset].chars().count() + 1;
        Position { line, column }
    }

    /// The byte offset of a 1-based line and column; columns past the end
    /// of the line clamp to its end (sqlparser reports an end location one
    /// past the last character).
    pub(crate) fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        if line == 0 {
            return 0;
        }
        let Some(&start) = self.starts.get(line - 1) else {
            return text.len();
        };
        let end = self.starts.get(line).map_or(text.len(), |&next| next);
        let line_text = &text[start..end];
        match line_text.char_indices().nth(column.saturating_sub(1)) {
            Some((i, _)) => start + i,
            None => end,
        }
    }

    /// The text of one line, without its line break.
    pub(crate) fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |&next| next);
        text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub(crate) fn span(&self, text: &str, start: usize, end: usize) -> SourceSpan {
        SourceSpan {
            start: self.position(text, start),
            end: self.position(text, end),
            start_offset: start,
            end_offset: end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip() {
        let text = "ab\ncdé\n\nx";
        let index = LineIndex::new(text);
        for offset in [0, 1, 3, 5, 7, 8, 9] {
            let p = index.position(text, offset);
            assert_eq!(index.offset(text, p.line, p.column), offset, "{p}");
        }
        assert_eq!(index.position(text, 5), Position::new(2, 3));
        assert_eq!(index.line_text(text, 2), "cdé");
    }

    #[test]
    fn odd_offsets_do_not_panic() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1), Position::new(1, 1));
        assert_eq!(index.offset(text, 9, 9), text.len());
        assert_eq!(index.offset(text, 1, 9), text.len());
    }
}
