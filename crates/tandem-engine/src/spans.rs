//! Positions of names inside a statement, in the original script.
//!
//! sqlparser records identifier positions relative to the text it was given,
//! and the script reader gives it a window that may start after earlier
//! statements and `local` lines. The reader tells where the statement
//! starts in the original script; shifting every identifier by the
//! difference makes "unknown table" errors point at the name the user
//! typed. (A `${}` expansion earlier on the same line may still shift the
//! column; the line is always right.)

use std::ops::ControlFlow;

use sqlparser::ast::{Ident, Spanned, Statement, VisitMut, VisitorMut};
use sqlparser::tokenizer::Location;
use tandem_sql::{sqlparser, Position};

struct Shift {
    from: Location,
    to: Position,
}

impl Shift {
    fn map(&self, l: Location) -> Location {
        if l.line == 0 || l.line < self.from.line {
            return l;
        }
        if l.line == self.from.line {
            Location::new(
                self.to.line as u64,
                (self.to.column as u64 + l.column).saturating_sub(self.from.column),
            )
        } else {
            Location::new(l.line - self.from.line + self.to.line as u64, l.column)
        }
    }
}

impl VisitorMut for Shift {
    type Break = ();

    fn pre_visit_ident(&mut self, ident: &mut Ident) -> ControlFlow<()> {
        ident.span.start = self.map(ident.span.start);
        ident.span.end = self.map(ident.span.end);
        ControlFlow::Continue(())
    }
}

/// Moves identifier positions of `statement` to the original script,
/// given where the statement starts there.
pub(crate) fn to_original(statement: &mut Statement, start: Position) {
    let from = statement.span().start;
    if from.line == 0 {
        return;
    }
    let _ = VisitMut::visit(statement, &mut Shift { from, to: start });
}
