//! Scripts: text in, statements out, one at a time.
//!
//! `reader` drives the splitting (parser-led, no semicolons needed),
//! `expand` does `${NAME}` substitution with a map back to the original text,
//! `lexer` knows comments, quotes and `local` lines, and `params` lists the
//! parameters a script uses for the GUI.

pub(crate) mod expand;
pub(crate) mod lexer;
mod params;
mod reader;

pub use params::{referenced_parameters, ParameterUse};
pub use reader::ScriptReader;

use crate::defines::Defines;
use crate::error::{Error, ErrorKind, Result};
use crate::span::Position;
use crate::statement::{Located, Statement};

/// Every statement of `script`, stopping at the first error. `defines`
/// holds the values in force at the start and is changed by the script's
/// `local define` / `local undefine`. The engine uses [`ScriptReader`]
/// instead, so that each statement runs before the next is read.
pub fn parse_script(script: &str, defines: &mut Defines) -> Result<Vec<Located<Statement>>> {
    let mut reader = ScriptReader::new(script);
    let mut statements = Vec::new();
    while let Some(statement) = reader.next_statement(defines) {
        statements.push(statement?);
    }
    Ok(statements)
}

/// Exactly one statement (a trailing `;` is fine), without parameters:
/// for callers that build SQL themselves and tests.
pub fn parse_statement(sql: &str) -> Result<Statement> {
    let mut defines = Defines::new();
    let mut statements = parse_script(sql, &mut defines)?;
    match statements.len() {
        1 => Ok(statements.remove(0).node),
        0 => Err(Error::syntax("Expected a statement", Position::new(1, 1))),
        _ => Err(Error::new(
            ErrorKind::Syntax,
            "Expected one statement, found more",
            statements[1].span.start,
        )),
    }
}
