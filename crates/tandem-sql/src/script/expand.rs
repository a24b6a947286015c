//! `${NAME}` substitution with a map back to the original text.
//!
//! Parameters are replaced textually before a statement is parsed, so
//! sqlparser only ever sees expanded text and reports positions in it. The
//! expansion therefore keeps a map of which expanded bytes came verbatim
//! from the script and which came from a value: a position in a value maps
//! to the `${` that produced it, because that is what the user typed.
//!
//! Expansion is tolerant: an undefined name (or a cycle) is replaced by
//! `NULL` and recorded as a problem, which the reader raises only when it
//! reaches the statement containing it. A script may define a parameter
//! after a statement that does not use it yet.

use crate::defines::Defines;
use crate::error::ErrorKind;
use crate::script::lexer::references;

/// Stand-in for a reference that has no value: one token that fits where a
/// value would, so that the statement around it still parses and the error
/// can name the parameter instead of a confusing syntax error.
const PLACEHOLDER: &str = "NULL";

/// More expanded text than this from one value is taken as runaway
/// recursion (`A` = `${B}${B}`, `B` = `${C}${C}`, ...).
const MAX_VALUE_LEN: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone)]
struct Segment {
    expanded_start: usize,
    expanded_end: usize,
    original_start: usize,
    original_end: usize,
    verbatim: bool,
}

/// A reference that could not be expanded, to be raised when reached.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    /// Where its stand-in lies in the expanded text.
    pub expanded_start: usize,
    /// Original offset of its `${`.
    pub original: usize,
    pub kind: ErrorKind,
    pub message: String,
}

/// Expanded text plus the way back to the original.
#[derive(Debug, Clone)]
pub(crate) struct Expansion {
    pub text: String,
    segments: Vec<Segment>,
    pub problems: Vec<Problem>,
    original_end: usize,
}

impl Expansion {
    /// The original offset of an expanded offset taken as a start: inside a
    /// value it is the `${` of the reference.
    pub(crate) fn original_start(&self, expanded: usize) -> usize {
        match self.segment_at(expanded) {
            Some(s) if s.verbatim => s.original_start + (expanded - s.expanded_start),
            Some(s) => s.original_start,
            None => self.original_end,
        }
    }

    /// The original offset of an expanded offset taken as an end (exclusive):
    /// inside a value it is just after the reference's `}`.
    pub(crate) fn original_end(&self, expanded: usize) -> usize {
        if expanded == 0 {
            return self.original_start(0);
        }
        match self.segment_at(expanded - 1) {
            Some(s) if s.verbatim => s.original_start + (expanded - s.expanded_start),
            Some(s) => s.original_end,
            None => self.original_end,
        }
    }

    /// Whether `expanded` lies in text that came from a `${}` value.
    pub(crate) fn is_from_value(&self, expanded: usize) -> bool {
        self.segment_at(expanded).is_some_and(|s| !s.verbatim)
    }

    fn segment_at(&self, expanded: usize) -> Option<&Segment> {
        let i = self
            .segments
            .partition_point(|s| s.expanded_start <= expanded);
        let s = self.segments.get(i.checked_sub(1)?)?;
        (expanded < s.expanded_end).then_some(s)
    }

    /// The first problem whose stand-in lies in `range` of the expanded text.
    pub(crate) fn problem_in(&self, start: usize, end: usize) -> Option<&Problem> {
        self.problems
            .iter()
            .find(|p| p.expanded_start >= start && p.expanded_start < end.max(start + 1))
    }

    fn push(&mut self, text: &str, original: std::ops::Range<usize>, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.segments.push(Segment {
            expanded_start: start,
            expanded_end: self.text.len(),
            original_start: original.start,
            original_end: original.end,
            verbatim,
        });
    }
}

/// Expands `text`, which starts at byte `base` of the original script.
/// References in comments are left alone (a commented-out line must not
/// fail); references in quoted text are expanded.
pub(crate) fn expand(text: &str, base: usize, defines: &Defines) -> Expansion {
    let mut expansion = Expansion {
        text: String::with_capacity(text.len()),
        segments: Vec::new(),
        problems: Vec::new(),
        original_end: base + text.len(),
    };
    let mut done = 0;
    for reference in references(text, 0, true) {
        let (start, end) = (reference.range.start, reference.range.end);
        expansion.push(&text[done..start], base + done..base + start, true);
        let original = base + start..base + end;
        let value = match &reference.name {
            None => Err((
                ErrorKind::Syntax,
                "Malformed parameter reference: expected ${NAME}".to_string(),
            )),
            Some(name) => value_of(name, defines),
        };
        match value {
            Ok(value) => expansion.push(&value, original, false),
            Err((kind, message)) => {
                expansion.problems.push(Problem {
                    expanded_start: expansion.text.len(),
                    original: original.start,
                    kind,
                    message,
                });
                // Keep the stand-in apart from neighbouring words.
                expansion.push(&format!(" {PLACEHOLDER} "), original, false);
            }
        }
        done = end;
    }
    expansion.push(&text[done..], base + done..base + text.len(), true);
    expansion
}

/// The fully expanded value of `name`: its value's own references are
/// replaced too (recursively), and a cycle is an error naming the chain.
pub(crate) fn value_of(name: &str, defines: &Defines) -> Result<String, (ErrorKind, String)> {
    let mut chain = Vec::new();
    let mut out = String::new();
    expand_value(name, defines, &mut chain, &mut out)?;
    Ok(out)
}

fn expand_value(
    name: &str,
    defines: &Defines,
    chain: &mut Vec<String>,
    out: &mut String,
) -> Result<(), (ErrorKind, String)> {
    if chain.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        let mut names: Vec<String> = chain.iter().map(|n| format!("${{{n}}}")).collect();
        names.push(format!("${{{name}}}"));
        return Err((
            ErrorKind::ParameterCycle,
            format!(
                "Parameter values refer to each other: {}",
                names.join(" -> ")
            ),
        ));
    }
    let Some(value) = defines.get(name) else {
        let message = match chain.last() {
            None => format!("Undefined parameter ${{{name}}}"),
            Some(outer) => {
                format!("Undefined parameter ${{{name}}} (used in the value of ${{{outer}}})")
            }
        };
        return Err((ErrorKind::UndefinedParameter, message));
    };
    chain.push(name.to_string());
    let mut done = 0;
    for reference in references(value, 0, false) {
        out.push_str(&value[done..reference.range.start]);
        match &reference.name {
            Some(inner) => expand_value(inner, defines, chain, out)?,
            None => {
                return Err((
                    ErrorKind::Syntax,
                    format!(
                    "Malformed parameter reference in the value of ${{{name}}}: expected ${{NAME}}"
                ),
                ))
            }
        }
        if out.len() > MAX_VALUE_LEN {
            return Err((
                ErrorKind::ParameterCycle,
                format!("The value of ${{{name}}} expands to more than {MAX_VALUE_LEN} bytes"),
            ));
        }
        done = reference.range.end;
    }
    out.push_str(&value[done..]);
    chain.pop();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defines(pairs: &[(&str, &str)]) -> Defines {
        pairs.iter().copied().collect()
    }

    #[test]
    fn values_replace_references_and_map_back() {
        let d = defines(&[("code", "102673")]);
        let text = "where code != ${CODE} and 1";
        let e = expand(text, 100, &d);
        assert_eq!(e.text, "where code != 102673 and 1");
        assert!(e.problems.is_empty());
        // Verbatim text maps one to one, shifted by the base.
        assert_eq!(e.original_start(6), 106);
        // Anywhere in the value maps to its `${`.
        assert_eq!(e.original_start(16), 114);
        assert_eq!(e.original_end(20), 121);
        // After the value, offsets shift by the length difference.
        assert_eq!(e.original_start(21), 122);
        assert_eq!(e.original_start(e.text.len()), 100 + text.len());
        assert!(e.is_from_value(14));
        assert!(!e.is_from_value(13));
    }

    #[test]
    fn expansion_is_recursive_and_case_insensitive() {
        let d = defines(&[("A", "${b}-${B}"), ("b", "x")]);
        assert_eq!(expand("${a}", 0, &d).text, "x-x");
    }

    #[test]
    fn cycles_are_reported_with_the_chain() {
        let d = defines(&[("A", "${B}"), ("B", "${a}")]);
        let e = expand("select ${A}", 0, &d);
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].kind, ErrorKind::ParameterCycle);
        assert_eq!(
            e.problems[0].message,
            "Parameter values refer to each other: ${A} -> ${B} -> ${a}"
        );
        assert_eq!(e.problems[0].original, 7);
    }

    #[test]
    fn undefined_names_become_problems_not_failures() {
        let e = expand("select ${X} -- ${Y}", 0, &Defines::new());
        assert_eq!(e.text, "select  NULL  -- ${Y}");
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].message, "Undefined parameter ${X}");
        assert_eq!(e.problem_in(0, 8).map(|p| p.original), Some(7));
        assert!(e.problem_in(13, 20).is_none());
    }

    #[test]
    fn exponential_values_are_cut_off() {
        let mut pairs = vec![("P0".to_string(), "x".repeat(1024))];
        for i in 1..40 {
            pairs.push((format!("P{i}"), format!("${{P{}}}${{P{}}}", i - 1, i - 1)));
        }
        let d: Defines = pairs
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let e = expand("${P39}", 0, &d);
        assert_eq!(e.problems[0].kind, ErrorKind::ParameterCycle);
    }
}
