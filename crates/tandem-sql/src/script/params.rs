//! Which `${NAME}` parameters a script uses, for the GUI's prompt.
//!
//! A saved query with `${NAME}` in it is run from the GUI by asking the user
//! for each value first. The GUI needs every use with its position (to
//! highlight it) and the value a `local define` earlier in the script gives
//! it (to pre-fill the field, or to skip asking).

use crate::local::{parse_local, LocalCommand};
use crate::script::lexer::{end_of_line, next_local_command, references, skip_trivia, word_at};
use crate::span::{LineIndex, Position, SourceSpan};

/// One `${NAME}` in a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterUse {
    /// The name as written.
    pub name: String,
    /// Where its `${` is.
    pub position: Position,
    /// The whole `${NAME}`.
    pub span: SourceSpan,
    /// The raw value of the last `local define` of this name before this
    /// use (and not undefined since), if any.
    pub default: Option<String>,
}

/// Every `${NAME}` in `script` outside comments, in order. Defaults come
/// from `local define` lines before each use; values defined outside the
/// script (CLI, GUI) are the caller's to add.
pub fn referenced_parameters(script: &str) -> Vec<ParameterUse> {
    let lines = LineIndex::new(script);
    // (offset, name, value) of every define and undefine, in order.
    let mut definitions: Vec<(usize, String, Option<String>)> = Vec::new();
    let mut at = skip_trivia(script, 0).unwrap_or(script.len());
    if !word_at(script, at, "local") {
        at = next_local_command(script, at);
    }
    while at < script.len() {
        let line = script[at..end_of_line(script, at)].trim_end();
        match parse_local(line) {
            Ok(LocalCommand::Define { name, value }) => definitions.push((at, name, Some(value))),
            Ok(LocalCommand::Undefine { name }) => definitions.push((at, name, None)),
            _ => {}
        }
        at = next_local_command(script, at + 1);
    }
    references(script, 0, true)
        .into_iter()
        .filter_map(|reference| {
            let name = reference.name?;
            let default = definitions
                .iter()
                .rev()
                .find(|(offset, defined, _)| {
                    *offset < reference.range.start && defined.eq_ignore_ascii_case(&name)
                })
                .and_then(|(_, _, value)| value.clone());
            Some(ParameterUse {
                name,
                position: lines.position(script, reference.range.start),
                span: lines.span(script, reference.range.start, reference.range.end),
                default,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_with_defaults_from_earlier_defines() {
        let script = "select ${A}\nlocal define a \"1\"\n-- ${B}\nuse ${A}, ${b}\nlocal undefine A\nselect '${a}'";
        let uses = referenced_parameters(script);
        let summary: Vec<_> = uses
            .iter()
            .map(|u| {
                (
                    u.name.as_str(),
                    u.position.to_string(),
                    u.default.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("A", "1:8".to_string(), None),
                ("A", "4:5".to_string(), Some("1")),
                ("b", "4:11".to_string(), None),
                ("a", "6:9".to_string(), None),
            ]
        );
        assert_eq!(uses[0].span.end_offset, 11);
    }

    #[test]
    fn a_script_starting_with_a_define_counts_it() {
        let uses = referenced_parameters("local define X \"${Y}\"\nselect ${X}");
        assert_eq!(uses.len(), 2);
        assert_eq!(uses[0].name, "Y");
        assert_eq!(uses[1].default.as_deref(), Some("${Y}"));
    }
}
