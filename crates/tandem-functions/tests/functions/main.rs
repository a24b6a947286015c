//! Golden cases: `cases.sql` holds one `select ...; -- @expect: value` per
//! line, run through a connection with the functions registered.
//!
//! The expected value is written as the result would print: text as is,
//! numbers as SQLite prints them, `NULL` for NULL, and `error: message` for
//! a statement that must fail with that message.

use rusqlite::types::Value;
use rusqlite::Connection;

fn show(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => format!("{r:?}"),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => format!(
            "x'{}'",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        ),
    }
}

#[test]
fn golden_cases() {
    let conn = Connection::open_in_memory().unwrap();
    tandem_functions::register(&conn).unwrap();
    let cases = include_str!("cases.sql");
    let mut failures = Vec::new();
    let mut count = 0;
    for (number, line) in cases.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("--") {
            continue;
        }
        let (sql, expected) = line
            .split_once("-- @expect:")
            .unwrap_or_else(|| panic!("cases.sql:{}: no '-- @expect:'", number + 1));
        // One blank after the marker belongs to it; the rest is the value,
        // so trailing blanks (padded names) can be expected.
        let expected = expected.strip_prefix(' ').unwrap_or(expected);
        let actual = match conn.query_row(sql.trim(), [], |row| row.get::<_, Value>(0)) {
            Ok(value) => show(&value),
            Err(e) => format!("error: {e}"),
        };
        count += 1;
        if actual != expected {
            failures.push(format!(
                "cases.sql:{}: {}\n  expected: {expected:?}\n  actual:   {actual:?}",
                number + 1,
                sql.trim()
            ));
        }
    }
    assert!(count > 0, "no cases read");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
