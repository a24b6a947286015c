//! NULL handling: `nvl`.
//!
//! `coalesce` is SQLite's own; `nvl` is the Oracle spelling users write, with
//! exactly two arguments.

use rusqlite::functions::Context;
use rusqlite::types::{Value, ValueRef};

use crate::error::Result;
use crate::value::owned;

/// `nvl(a, b)`: `a` unless it is NULL, then `b`.
pub(crate) fn nvl(ctx: &Context<'_>) -> Result<Value> {
    Ok(match ctx.get_raw(0) {
        ValueRef::Null => owned(ctx.get_raw(1)),
        a => owned(a),
    })
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use rusqlite::types::Value;

    #[test]
    fn nvl_takes_the_first_non_null() {
        assert_eq!(eval("nvl(null, 2)"), Value::Integer(2));
        assert_eq!(eval("nvl(1, 2)"), Value::Integer(1));
        assert_eq!(eval("nvl('', 'x')"), Value::Text(String::new()));
        assert_eq!(eval("nvl(null, null)"), Value::Null);
        assert_eq!(eval("nvl(1.5, 'x')"), Value::Real(1.5));
    }
}
