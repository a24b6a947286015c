//! Embedded, numbered schema migrations.
//!
//! Migration N brings the schema from version N-1 to N; the file's number is
//! its version, recorded in SQLite's `user_version`. A shipped migration is
//! never edited: a change is a new file.

use rusqlite::Connection;

use crate::{Error, Result};

const MIGRATIONS: &[(u32, &str)] = &[(1, include_str!("../migrations/0001_settings.sql"))];

/// The version a fully migrated database has.
pub fn latest() -> u32 {
    MIGRATIONS.last().map_or(0, |(n, _)| *n)
}

/// Applies every migration the database has not seen yet, each in its own
/// transaction so that a failure leaves the previous version intact.
pub fn apply(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn.query_row("pragma user_version", [], |row| row.get(0))?;
    if current > latest() {
        return Err(Error::TooNew {
            found: current,
            known: latest(),
        });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(n, _)| *n > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_consecutive_from_one() {
        for (i, (n, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*n as usize, i + 1);
        }
    }

    #[test]
    fn a_newer_database_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest() + 1)
            .unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert!(matches!(err, Error::TooNew { .. }), "{err}");
    }
}
