//! SQL functions that Invantive users rely on and SQLite lacks.
//!
//! Users bring scripts written for Invantive Query Tool, which follow
//! Oracle's function library: `nvl`, `to_char(date, 'DD-MM-YYYY')`,
//! `add_months`, `regexp_replace`, `instr` with a position, and so on. Tandem
//! runs those scripts on SQLite, so this crate registers the missing
//! functions on a connection, with Oracle's semantics adapted to how the
//! engine represents values: dates are ISO-8601 text (`2026-11-26`, or
//! `2026-11-26 14:30:00` with a time), and a date result keeps the shape of
//! its input.
//!
//! Where Oracle depends on national settings we pick one and say so: month
//! and day names are English, the decimal and group characters (`D`, `G`)
//! are `.` and `,`, and day of week `D` counts Monday as 1 (ISO).
//!
//! Errors name the function and the value or format that is wrong, since the
//! message is all the user sees (`to_date: '31-02-2026' does not match
//! format 'DD-MM-YYYY': ...`).
#![deny(missing_docs)]

mod dates;
mod error;
mod format;
mod null;
mod numbers;
mod regex_fns;
mod text;
mod value;

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::Value;
use rusqlite::Connection;

/// One SQL function's body: reads its arguments from the context.
type Body = fn(&Context<'_>) -> error::Result<Value>;

/// Whether SQLite may assume equal arguments give equal results (so it can
/// evaluate a call once per statement, or use it in an index).
#[derive(Clone, Copy)]
enum Purity {
    Deterministic,
    Clock,
}

/// Every function: name, the argument counts it takes, purity, body.
/// Optional arguments are separate arities so that SQLite itself rejects a
/// wrong count with its usual message.
const FUNCTIONS: &[(&str, &[i32], Purity, Body)] = &[
    ("sysdate", &[0], Purity::Clock, dates::sysdate),
    ("sysdateutc", &[0], Purity::Clock, dates::sysdateutc),
    ("nvl", &[2], Purity::Deterministic, null::nvl),
    ("to_char", &[1, 2], Purity::Deterministic, convert_to_char),
    (
        "to_number",
        &[1, 2],
        Purity::Deterministic,
        numbers::to_number,
    ),
    // A format without a year takes the current one (as Oracle does); that
    // rare case aside the result depends on the arguments only.
    ("to_date", &[1, 2], Purity::Deterministic, dates::to_date),
    ("add_months", &[2], Purity::Deterministic, dates::add_months),
    ("trunc", &[1, 2], Purity::Deterministic, convert_trunc),
    (
        "regexp_replace",
        &[3, 4, 5, 6],
        Purity::Deterministic,
        regex_fns::regexp_replace,
    ),
    (
        "regexp_like",
        &[2, 3],
        Purity::Deterministic,
        regex_fns::regexp_like,
    ),
    // Only the 3- and 4-argument forms: SQLite's own 2-argument instr stays
    // in place, so its semantics (blobs, empty needle) cannot drift.
    ("instr", &[3, 4], Purity::Deterministic, text::instr),
    ("lpad", &[2, 3], Purity::Deterministic, text::lpad),
    ("rpad", &[2, 3], Purity::Deterministic, text::rpad),
    ("initcap", &[1], Purity::Deterministic, text::initcap),
];

/// Registers every function of this crate on `conn`.
///
/// Call it once per connection, before running user SQL. It replaces
/// SQLite's one-argument `trunc` (a math function) with one that also
/// truncates dates; SQLite's two-argument `instr` is kept as is.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    for &(name, arities, purity, body) in FUNCTIONS {
        let flags = match purity {
            Purity::Deterministic => {
                FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC
            }
            Purity::Clock => FunctionFlags::SQLITE_UTF8,
        };
        for &arity in arities {
            conn.create_scalar_function(name, arity, flags, move |ctx| Ok(body(ctx)?))?;
        }
    }
    Ok(())
}

/// `to_char(date|number [, fmt])`: the argument decides which.
fn convert_to_char(ctx: &Context<'_>) -> error::Result<Value> {
    let format = optional_text(ctx, 1);
    if ctx.len() > 1 && format.is_none() {
        return Ok(Value::Null);
    }
    match value::classify(ctx.get_raw(0)) {
        None => Ok(Value::Null),
        Some(value::Operand::Date(date)) => dates::to_char(date, format.as_deref()),
        Some(value::Operand::Number(num)) => numbers::to_char(num, format.as_deref()),
        Some(value::Operand::Text(text)) => match format {
            None => Ok(Value::Text(text)),
            Some(_) => Err(error::Error::value(
                "to_char",
                &text,
                "is neither a date nor a number",
            )),
        },
    }
}

/// `trunc(date [, unit])` or `trunc(number [, digits])`.
fn convert_trunc(ctx: &Context<'_>) -> error::Result<Value> {
    match value::classify(ctx.get_raw(0)) {
        None => Ok(Value::Null),
        Some(value::Operand::Date(date)) => {
            let unit = optional_text(ctx, 1);
            if ctx.len() > 1 && unit.is_none() {
                return Ok(Value::Null);
            }
            dates::trunc(date, unit.as_deref())
        }
        Some(value::Operand::Number(num)) => {
            let digits = match ctx.len() {
                1 => 0,
                _ => match value::int_arg("trunc", ctx.get_raw(1))? {
                    Some(digits) => digits,
                    None => return Ok(Value::Null),
                },
            };
            Ok(numbers::trunc(num, digits).to_sql())
        }
        Some(value::Operand::Text(text)) => Err(error::Error::value(
            "trunc",
            &text,
            "is neither a date nor a number",
        )),
    }
}

/// The `index`th argument as text, if given and not NULL.
fn optional_text(ctx: &Context<'_>, index: usize) -> Option<String> {
    if index < ctx.len() {
        value::text_of(ctx.get_raw(index))
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs SQL through a real connection, as the engine will.

    use rusqlite::types::Value;
    use rusqlite::Connection;

    /// A fresh in-memory connection with our functions.
    pub fn conn() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        super::register(&conn).unwrap();
        conn
    }

    /// The single value `select <expr>` gives.
    pub fn eval(expr: &str) -> Value {
        conn()
            .query_row(&format!("select {expr}"), [], |row| row.get(0))
            .unwrap_or_else(|e| panic!("select {expr}: {e}"))
    }

    /// The text `select <expr>` gives.
    pub fn text(expr: &str) -> String {
        match eval(expr) {
            Value::Text(t) => t,
            other => panic!("select {expr}: expected text, got {other:?}"),
        }
    }

    /// The error message `select <expr>` gives.
    pub fn error(expr: &str) -> String {
        match conn().query_row(&format!("select {expr}"), [], |row| row.get::<_, Value>(0)) {
            Ok(v) => panic!("select {expr}: expected an error, got {v:?}"),
            Err(e) => e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use rusqlite::types::Value;

    #[test]
    fn to_char_dispatches_on_its_argument() {
        assert_eq!(text("to_char('2026-11-26', 'DD-MM-YYYY')"), "26-11-2026");
        assert_eq!(text("to_char(1234.5, 'FM9G990D00')"), "1,234.50");
        assert_eq!(text("to_char('1234.5', 'FM9990')"), "1235");
        assert_eq!(text("to_char('abc')"), "abc");
        assert_eq!(eval("to_char(null, 'YYYY')"), Value::Null);
        assert_eq!(eval("to_char(5, null)"), Value::Null);
        assert_eq!(
            error("to_char('abc', 'YYYY')"),
            "to_char: 'abc' is neither a date nor a number"
        );
    }

    #[test]
    fn trunc_dispatches_on_its_argument() {
        assert_eq!(text("trunc('2026-11-26 14:30:00')"), "2026-11-26");
        assert_eq!(text("trunc('2026-11-26', 'MM')"), "2026-11-01");
        assert_eq!(eval("trunc(1.9)"), Value::Integer(1));
        assert_eq!(eval("trunc(-1.99, 1)"), Value::Real(-1.9));
        assert_eq!(eval("trunc(null)"), Value::Null);
        assert_eq!(eval("trunc(5, null)"), Value::Null);
        assert_eq!(eval("trunc('2026-11-26', null)"), Value::Null);
        assert_eq!(
            error("trunc('soon')"),
            "trunc: 'soon' is neither a date nor a number"
        );
    }

    #[test]
    fn clock_functions_are_not_deterministic() {
        // SQLite refuses non-deterministic functions in index expressions.
        let conn = conn();
        conn.execute_batch("create table t (d text)").unwrap();
        let err = conn
            .execute_batch("create index i on t (nvl(d, sysdate()))")
            .unwrap_err();
        assert!(err.to_string().contains("non-deterministic"), "{err}");
        conn.execute_batch("create index j on t (to_char(d, 'YYYY'))")
            .unwrap();
    }

    #[test]
    fn wrong_argument_counts_are_sqlite_errors() {
        assert!(error("nvl(1)").contains("wrong number of arguments"));
        assert!(error("lpad('a', 1, 'b', 'c')").contains("wrong number of arguments"));
    }
}
