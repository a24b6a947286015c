//! Words that begin a statement.
//!
//! Scripts need no semicolons, so a statement ends where the parser is done
//! and one of these words follows. The same list keeps the dialect from
//! reading such a word as an implicit alias (`... from t` + newline +
//! `use 1` must not alias `t` as `use`), and lets error recovery find the
//! next statement.

/// Statement-starting words, lowercase. `sync` is Invantive's short form of
/// `synchronize`; the PSQL and administrative words are here so that they
/// end the previous statement and then get a clear "not supported" error.
const STATEMENT_WORDS: &[&str] = &[
    "local",
    "use",
    "create",
    "drop",
    "select",
    "with",
    "insert",
    "update",
    "delete",
    "synchronize",
    "sync",
    "set",
    "explain",
    "alter",
    "begin",
    "declare",
    "grant",
    "revoke",
    "execute",
    "exec",
    "print",
    "commit",
    "rollback",
    "truncate",
    "pragma",
];

/// Whether `word` (any case) begins a statement.
pub(crate) fn starts_statement(word: &str) -> bool {
    STATEMENT_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `word` is `synchronize` or its short form `sync`.
pub(crate) fn is_synchronize(word: &str) -> bool {
    word.eq_ignore_ascii_case("synchronize") || word.eq_ignore_ascii_case("sync")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_words_are_case_insensitive() {
        assert!(starts_statement("USE"));
        assert!(starts_statement("Synchronize"));
        assert!(!starts_statement("division"));
        assert!(is_synchronize("SYNC"));
    }
}
