//! Embedded, numbered schema migrations.
//!
//! Migration N brings the schema from version N-1 to N; the file's number is
//! its version, recorded in SQLite's `user_version`. A shipped migration is
//! never edited: a change is a new file.

use rusqlite::Connection;

use crate::{Error, Result};

const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/0001_settings.sql")),
    (2, include_str!("../migrations/0002_history.sql")),
    (3, include_str!("../migrations/0003_sync_log.sql")),
    (4, include_str!("../migrations/0004_library.sql")),
    (5, include_str!("../migrations/0005_history_results.sql")),
];

/// The version a fully migrated database has.
pub fn latest() -> u32 {
    MIGRATIONS.last().map_or(0, |(n, _)| *n)
}

/// Reads the schema version without writing anything, and refuses a
/// database this build must not touch: one written by a newer Tandem, or
/// one that has tables but no Tandem schema version (another program's file).
/// `label` names the database in errors.
pub fn check(conn: &Connection, label: &str) -> Result<u32> {
    let current: u32 = conn.query_row("pragma user_version", [], |row| row.get(0))?;
    if current > latest() {
        return Err(Error::TooNew {
            path: label.to_owned(),
            found: current,
            known: latest(),
        });
    }
    if current == 0 {
        let objects: i64 =
            conn.query_row("select count(*) from sqlite_schema", [], |row| row.get(0))?;
        if objects > 0 {
            return Err(Error::Foreign {
                path: label.to_owned(),
            });
        }
    }
    Ok(current)
}

/// Applies every migration the database has not seen yet, each in its own
/// transaction so that a failure leaves the previous version intact.
pub fn apply(conn: &mut Connection, label: &str) -> Result<()> {
    let current = check(conn, label)?;
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
        let err = apply(&mut conn, "test").unwrap_err();
        assert!(matches!(err, Error::TooNew { .. }), "{err}");
    }

    #[test]
    fn another_programs_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("create table invoices (id integer)")
            .unwrap();
        let err = apply(&mut conn, "test").unwrap_err();
        assert!(matches!(err, Error::Foreign { .. }), "{err}");
    }

    #[test]
    fn every_migration_applies_in_order() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, "test").unwrap();
        assert_eq!(check(&conn, "test").unwrap(), latest());
        // Applying again is a no-op.
        apply(&mut conn, "test").unwrap();
        let tables: Vec<String> = conn
            .prepare("select name from sqlite_schema where type = 'table' order by name")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            tables,
            [
                "history",
                "queries",
                "query_parameters",
                "query_tags",
                "settings",
                "syncchanges",
                "syncruns"
            ]
        );
    }

    /// A database written by a Tandem before the synchronize log gains it
    /// and keeps its run history.
    #[test]
    fn a_version_2_file_is_upgraded_and_keeps_its_history() {
        let dir = crate::testing::TempDir::new("from-v2");
        let path = dir.path().join("tandem.db");
        {
            let conn = Connection::open(&path).unwrap();
            for (version, sql) in &MIGRATIONS[..2] {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", version).unwrap();
            }
            conn.execute(
                "insert into history (started_at, script, parameters, companies, outcome) \
                 values ('2026-01-02T03:04:05.678Z', 'select 1', '{}', '[\"102673\"]', 'ok')",
                [],
            )
            .unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest());
        let runs = store.history().list(None, 10).unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].script, "select 1");
        assert_eq!(runs[0].started_at, "2026-01-02T03:04:05.678Z");
        assert_eq!(runs[0].companies, ["102673"]);
        assert_eq!(runs[0].outcome, Some(crate::Outcome::Ok));
        assert!(store.sync_log().runs(10).unwrap().is_empty());
        assert!(store
            .library()
            .list(&crate::ListFilter::default())
            .unwrap()
            .is_empty());
    }
}
