//! The sqlparser dialect for the relational part of Invantive-style SQL.

use sqlparser::dialect::Dialect;

/// SQLite's lexical rules plus what Invantive names need: `@` inside an
/// identifier (`accounts@eol`) and `catalog..table`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TandemDialect;

impl Dialect for TandemDialect {
    fn is_identifier_start(&self, ch: char) -> bool {
        ch.is_alphabetic() || ch == '_'
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        ch.is_alphanumeric() || ch == '_' || ch == '$' || ch == '@'
    }

    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        ch == '"' || ch == '`' || ch == '['
    }

    fn supports_object_name_double_dot_notation(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::parser::Parser;

    fn round_trip(sql: &str) -> String {
        let statements = Parser::parse_sql(&TandemDialect, sql).unwrap();
        assert_eq!(statements.len(), 1);
        statements[0].to_string()
    }

    #[test]
    fn alias_suffix_is_part_of_the_name() {
        assert_eq!(
            round_trip("select code from targetcompanies@inmemorystorage"),
            "SELECT code FROM targetcompanies@inmemorystorage"
        );
    }

    #[test]
    fn catalog_double_dot_table_parses() {
        assert_eq!(
            round_trip("select act.code from exactonlinerest..accounts act"),
            "SELECT act.code FROM exactonlinerest..accounts act"
        );
    }
}
