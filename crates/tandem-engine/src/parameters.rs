//! The form a saved script's `${NAME}`s become, and running a script with
//! the values filled in.
//!
//! Accountants run a saved script every month with another company or
//! period, and should never have to edit SQL for it. Each parameter becomes
//! a field: its kind (a company picker, a date, a number, yes/no, text) is
//! the author's choice when they fixed one, else a guess from its name and
//! where it is used; its value is the one last used for this query, else the
//! script's `local define` default.
//!
//! The values are given the way `tandem run --define` gives them (see
//! [`Defines::give`]): they win over the script's own `local define`, so a
//! script runs alike from the app and from a scheduler. A parameter left
//! empty without a default stops the run before anything runs, naming it.

use std::collections::BTreeMap;

use tandem_sql::{Defines, ErrorKind, ParameterUse};
use tandem_store::{Parameter, ParameterKind};

use crate::cancel::CancelToken;
use crate::error::Error;
use crate::events::{Event, EventSink};
use crate::script::{RunOutcome, RunReport};
use crate::session::Session;

/// One field of a script's parameter form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterField {
    /// The name in the script (`SOURCE_COMPANY`), as first written.
    pub name: String,
    /// A label for people (`Source company`).
    pub label: String,
    /// The input.
    pub kind: ParameterKind,
    /// Whether the kind was guessed rather than fixed by the author.
    pub guessed: bool,
    /// A list's choices.
    pub options: Vec<String>,
    /// The value to start with: the one last used for this query, else the
    /// script's default.
    pub value: Option<String>,
    /// Whether the script has no default and nothing is remembered, so the
    /// field must be filled in.
    pub required: bool,
}

const COMPANY_WORDS: [&str; 4] = ["COMPANY", "DIVISION", "ADMINISTRATION", "ADMIN"];
const COMPANIES_WORDS: [&str; 4] = ["COMPANIES", "DIVISIONS", "ADMINISTRATIONS", "ADMINS"];
const YESNO_FIRST_WORDS: [&str; 6] = ["IS", "HAS", "INCLUDE", "SHOW", "ONLY", "WITH"];
const YESNO_WORDS: [&str; 4] = ["YES", "NO", "FLAG", "YESNO"];
const DATE_WORDS: [&str; 8] = [
    "DATE", "FROM", "UNTIL", "SINCE", "START", "END", "DAY", "TILL",
];
const NUMBER_WORDS: [&str; 11] = [
    "YEAR", "COUNT", "NUMBER", "NR", "AMOUNT", "LIMIT", "MAX", "MIN", "PERIOD", "MONTH", "QUANTITY",
];

/// The words of a name: `SOURCE_COMPANY`, `sourceCompany` and
/// `source-company` all give `SOURCE`, `COMPANY`.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter().map(|w| w.to_uppercase()).collect()
}

/// `SOURCE_COMPANY` → `Source company`.
pub fn parameter_label(name: &str) -> String {
    let text = words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// Whether `${...}` at byte `at` of `script` is a list's inside: `in (${X})`.
fn inside_in_list(script: &str, at: usize) -> bool {
    let before = script[..at].trim_end();
    let Some(before) = before.strip_suffix('(') else {
        return false;
    };
    let before = before.trim_end().to_ascii_lowercase();
    before.ends_with(" in") || before.ends_with("\nin") || before == "in"
}

/// Whether `${...}` at byte `at` of `script` is what a `use` chooses.
fn after_use(script: &str, at: usize) -> bool {
    let before = script[..at].trim_end().to_ascii_lowercase();
    before == "use" || before.ends_with(" use") || before.ends_with("\nuse")
}

fn looks_like_date(value: &str) -> bool {
    let b = value.trim().as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The kind of input a parameter probably takes, from its name, its default
/// and the places `script` uses it (`uses`, byte offsets of its `${`).
pub fn guess_kind(
    name: &str,
    default: Option<&str>,
    script: &str,
    uses: &[usize],
) -> ParameterKind {
    let words = words(name);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let list_context = uses.iter().any(|&at| inside_in_list(script, at));
    let used_by_use = uses.iter().any(|&at| after_use(script, at));
    let list_default = default.is_some_and(|d| d.contains(','));
    if has(&COMPANIES_WORDS) {
        return ParameterKind::Companies;
    }
    if has(&COMPANY_WORDS) || used_by_use {
        return if list_context || list_default {
            ParameterKind::Companies
        } else {
            ParameterKind::Company
        };
    }
    if words
        .first()
        .is_some_and(|w| YESNO_FIRST_WORDS.contains(&w.as_str()))
        || has(&YESNO_WORDS)
    {
        return ParameterKind::Yesno;
    }
    // The last word is the noun: START_YEAR is a year, PERIOD_START a date.
    if let Some(last) = words.last().map(String::as_str) {
        if DATE_WORDS.contains(&last) {
            return ParameterKind::Date;
        }
        if NUMBER_WORDS.contains(&last) {
            return ParameterKind::Number;
        }
    }
    if has(&DATE_WORDS) || default.is_some_and(looks_like_date) {
        return ParameterKind::Date;
    }
    if has(&NUMBER_WORDS) {
        return ParameterKind::Number;
    }
    ParameterKind::Text
}

/// The form for `script`, with what is stored for its query (`stored`:
/// remembered values and the author's kinds). Fields come in the order of
/// each name's first use; a name whose default is built from other
/// parameters (`local define X "${Y}-01"`) is not asked for, its parts are.
pub fn parameter_fields_for(script: &str, stored: &[Parameter]) -> Vec<ParameterField> {
    let uses = tandem_sql::referenced_parameters(script);
    let mut order: Vec<(&ParameterUse, Vec<usize>)> = Vec::new();
    for u in &uses {
        let at = u.span.start_offset;
        match order
            .iter_mut()
            .find(|(first, _)| first.name.eq_ignore_ascii_case(&u.name))
        {
            Some((_, offsets)) => offsets.push(at),
            None => order.push((u, vec![at])),
        }
    }
    order
        .into_iter()
        .filter(|(first, _)| !first.default.as_deref().is_some_and(|d| d.contains("${")))
        .map(|(first, offsets)| {
            let saved = stored
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&first.name));
            let remembered = saved.and_then(|p| p.value.clone());
            let fixed = saved.and_then(|p| p.kind);
            let default = first.default.clone();
            let kind = fixed
                .unwrap_or_else(|| guess_kind(&first.name, default.as_deref(), script, &offsets));
            ParameterField {
                name: first.name.clone(),
                label: parameter_label(&first.name),
                kind,
                guessed: fixed.is_none(),
                options: saved.map(|p| p.options.clone()).unwrap_or_default(),
                required: default.is_none() && remembered.is_none(),
                value: remembered.or(default),
            }
        })
        .collect()
}

/// The values given, as `tandem run --define` gives them; empty ones are
/// left out, so the script's default applies.
pub fn given_defines(parameters: &BTreeMap<String, String>) -> Defines {
    let mut defines = Defines::new();
    for (name, value) in parameters {
        if !value.trim().is_empty() {
            defines.give(name, value);
        }
    }
    defines
}

/// The errors for parameters `script` uses that have neither a value in
/// `defines` nor a `local define` before the use: one per name, at its
/// first such use.
pub fn missing_parameters(script: &str, defines: &Defines) -> Vec<Error> {
    let mut seen: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for u in tandem_sql::referenced_parameters(script) {
        if defines.contains(&u.name) || u.default.is_some() {
            continue;
        }
        let key = u.name.to_lowercase();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        errors.push(Error::Script(tandem_sql::Error::new(
            ErrorKind::UndefinedParameter,
            format!(
                "parameter {} ({}) has no value: fill it in, or give the script a default \
                 with `local define {} \"...\"`; nothing was run",
                u.name,
                parameter_label(&u.name),
                u.name
            ),
            u.position,
        )));
    }
    errors
}

impl Session {
    /// The form `script`'s parameters become (see the module
    /// documentation); with `query_id`, with that saved query's remembered
    /// values and fixed kinds.
    pub fn parameter_fields(
        &self,
        script: &str,
        query_id: Option<i64>,
    ) -> crate::Result<Vec<ParameterField>> {
        let stored = match (query_id, self.store.as_ref()) {
            (Some(id), Some(store)) => store
                .library()
                .parameters(id)
                .map_err(|e| Error::Io(format!("the query's parameters cannot be read: {e}")))?,
            _ => Vec::new(),
        };
        Ok(parameter_fields_for(script, &stored))
    }

    /// Runs `script` with the form's `parameters` (empty ones count as not
    /// given): they win over the script's `local define`s, as `--define`
    /// does. A parameter without a value or default stops the run before
    /// its first statement, naming it. With `query_id`, the values given are
    /// remembered for that saved query.
    pub async fn run_with_parameters(
        &mut self,
        script: &str,
        parameters: &BTreeMap<String, String>,
        query_id: Option<i64>,
        events: &dyn EventSink,
        cancel: &CancelToken,
    ) -> RunReport {
        let mut defines = given_defines(parameters);
        let missing = missing_parameters(script, &defines);
        if !missing.is_empty() {
            return RunReport {
                outcome: RunOutcome::Failed,
                statements: 0,
                results: Vec::new(),
                errors: missing,
                row_errors: 0,
                history_id: None,
            };
        }
        if let (Some(id), Some(store)) = (query_id, self.store.as_ref()) {
            let given: BTreeMap<String, String> = defines
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            if let Err(e) = store.library().remember_parameters(id, &given) {
                events.event(Event::Message {
                    level: "warning".into(),
                    text: format!("the values could not be remembered for query {id}: {e}"),
                });
            }
        }
        self.run_script(script, &mut defines, events, cancel).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../tandem-sql/tests/golden/seed_article.sql");

    fn kind(name: &str) -> ParameterKind {
        guess_kind(name, None, "", &[])
    }

    #[test]
    fn labels_read_like_words() {
        assert_eq!(parameter_label("SOURCE_COMPANY"), "Source company");
        assert_eq!(parameter_label("sourceCompany"), "Source company");
        assert_eq!(parameter_label("YEAR"), "Year");
        assert_eq!(parameter_label("period-start"), "Period start");
    }

    #[test]
    fn kinds_are_guessed_from_the_name() {
        use ParameterKind::*;
        for (name, expected) in [
            ("SOURCE_COMPANY", Company),
            ("DIVISION", Company),
            ("ADMINISTRATION_CODE", Company),
            ("TARGET_COMPANIES", Companies),
            ("ADMINS", Companies),
            ("FROM_DATE", Date),
            ("UNTIL", Date),
            ("PERIOD_START", Date),
            ("START_YEAR", Number),
            ("YEAR", Number),
            ("ROW_COUNT", Number),
            ("MAX_AMOUNT", Number),
            ("LIMIT", Number),
            ("IS_ACTIVE", Yesno),
            ("INCLUDE_BLOCKED", Yesno),
            ("YES_NO", Yesno),
            ("DRY_RUN_FLAG", Yesno),
            ("CUSTOMER_NAME", Text),
            ("PREFIX", Text),
        ] {
            assert_eq!(kind(name), expected, "{name}");
        }
    }

    #[test]
    fn kinds_are_guessed_from_where_they_are_used() {
        let script = "select * from t where division in (${TARGETS})";
        let at = script.find("${").unwrap();
        assert_eq!(
            guess_kind("TARGETS", None, script, &[at]),
            ParameterKind::Text
        );
        assert_eq!(
            guess_kind("TARGET_DIVISION", None, script, &[at]),
            ParameterKind::Companies
        );
        let script = "use ${WHERE_TO}";
        assert_eq!(
            guess_kind("WHERE_TO", None, script, &[4]),
            ParameterKind::Company
        );
        assert_eq!(
            guess_kind("WHERE_TO", Some("1, 2"), script, &[4]),
            ParameterKind::Companies
        );
        assert_eq!(
            guess_kind("WHEN", Some("2026-01-31"), "", &[]),
            ParameterKind::Date
        );
    }

    #[test]
    fn the_seed_script_asks_for_its_source_company_with_its_default() {
        let fields = parameter_fields_for(SEED, &[]);
        assert_eq!(
            fields,
            vec![ParameterField {
                name: "SOURCE_COMPANY".into(),
                label: "Source company".into(),
                kind: ParameterKind::Company,
                guessed: true,
                options: vec![],
                value: Some("102673".into()),
                required: false,
            }]
        );
    }

    #[test]
    fn remembered_values_and_fixed_kinds_come_from_the_store() {
        let script = "select ${A}, ${b}, ${a}\nlocal define X \"${A}-01\"\nselect ${X}";
        let stored = vec![Parameter {
            name: "a".into(),
            value: Some("7".into()),
            kind: Some(ParameterKind::List),
            options: vec!["7".into(), "8".into()],
        }];
        let fields = parameter_fields_for(script, &stored);
        let names: Vec<_> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["A", "b"], "in order of first use, X is derived");
        assert_eq!(fields[0].kind, ParameterKind::List);
        assert!(!fields[0].guessed);
        assert_eq!(fields[0].options, ["7", "8"]);
        assert_eq!(fields[0].value.as_deref(), Some("7"));
        assert!(!fields[0].required);
        assert!(fields[1].required);
        assert_eq!(fields[1].value, None);
    }

    #[test]
    fn empty_values_fall_back_to_the_default_and_missing_ones_are_named() {
        let given: BTreeMap<String, String> = [("SOURCE_COMPANY", " "), ("OTHER", "x")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let defines = given_defines(&given);
        assert!(!defines.contains("SOURCE_COMPANY"));
        assert!(defines.is_given("other"));
        assert!(missing_parameters(SEED, &defines).is_empty());

        let errors = missing_parameters("select 1;\nselect ${YEAR}, ${year}", &defines);
        assert_eq!(errors.len(), 1);
        let message = errors[0].to_string();
        assert!(message.contains("YEAR"), "{message}");
        assert_eq!(errors[0].position(), Some(tandem_sql::Position::new(2, 8)));
    }
}
