//! The saved-query library: tables `queries`, `query_tags` and
//! `query_parameters`.
//!
//! Accountants keep the scripts they run every month here, sorted into
//! folders and tagged, and find them again by searching. A delete only marks
//! the query deleted, so the UI can offer undo ([`Library::restore`]); the
//! rows go for good only with [`Library::purge_deleted`].
//!
//! A name is unique within its folder, ignoring ASCII case, among queries not
//! deleted: exported, each query becomes a file named after it (see
//! `library_files.rs`), and most desktops' file names ignore case. For the
//! same reason a folder may not use characters Windows refuses in a folder
//! name, so that an exported library imports back as it was.
//!
//! Per query, each `${NAME}` parameter remembers the value last used, and
//! may carry the kind of input its author fixed (a date, a company, a list
//! of choices). Remembered values stay in this database; only kinds are
//! shared through library files.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::NOW;
use crate::{Error, Result};

/// A query to add to the library.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewQuery<'a> {
    /// Its name, unique within the folder; leading and trailing spaces are
    /// dropped.
    pub name: &'a str,
    /// What it is for; may be empty, may span lines.
    pub description: &'a str,
    /// `/`-separated folder path; `""` is the top of the library.
    pub folder: &'a str,
    /// The script's text.
    pub script: &'a str,
    /// Its tags; blank and repeated (ignoring case) ones are dropped.
    pub tags: &'a [String],
}

/// What to change in a query: `None` keeps what is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct QueryChange<'a> {
    /// A new name.
    pub name: Option<&'a str>,
    /// A new description.
    pub description: Option<&'a str>,
    /// Another folder.
    pub folder: Option<&'a str>,
    /// A new script text.
    pub script: Option<&'a str>,
    /// The new tags, replacing all of them.
    pub tags: Option<&'a [String]>,
}

/// One query of the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedQuery {
    /// Its id.
    pub id: i64,
    /// Its name, unique within the folder (ignoring case).
    pub name: String,
    /// What it is for; may be empty.
    pub description: String,
    /// `/`-separated folder path; `""` is the top of the library.
    pub folder: String,
    /// The script's text.
    pub script: String,
    /// Its tags, sorted ignoring case.
    pub tags: Vec<String>,
    /// When it was created (ISO-8601 UTC).
    pub created_at: String,
    /// When its name, description, folder, script or tags last changed.
    pub updated_at: String,
    /// When it was deleted; `None` while it is in the library.
    pub deleted_at: Option<String>,
}

/// Which queries [`Library::list`] returns.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ListFilter<'a> {
    /// Only the queries directly in this folder (not its subfolders),
    /// ignoring case; `None` for every folder.
    pub folder: Option<&'a str>,
    /// Deleted queries too (for a "recently deleted" view).
    pub include_deleted: bool,
}

/// The kind of input a parameter takes, as the script's author fixed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParameterKind {
    /// Free text.
    Text,
    /// A number.
    Number,
    /// A date.
    Date,
    /// Yes or no.
    Yesno,
    /// One of a list of choices (the parameter's options).
    List,
    /// One company (division).
    Company,
    /// Several companies.
    Companies,
}

impl ParameterKind {
    /// Every kind.
    pub const ALL: [ParameterKind; 7] = [
        ParameterKind::Text,
        ParameterKind::Number,
        ParameterKind::Date,
        ParameterKind::Yesno,
        ParameterKind::List,
        ParameterKind::Company,
        ParameterKind::Companies,
    ];

    /// The value stored in the table and written in library files.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterKind::Text => "text",
            ParameterKind::Number => "number",
            ParameterKind::Date => "date",
            ParameterKind::Yesno => "yesno",
            ParameterKind::List => "list",
            ParameterKind::Company => "company",
            ParameterKind::Companies => "companies",
        }
    }

    /// The kind written as `text`, if it is one.
    pub fn parse(text: &str) -> Option<ParameterKind> {
        ParameterKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A parameter of a saved query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Its name, as in `${NAME}`.
    pub name: String,
    /// The value last used, if it was ever run.
    pub value: Option<String>,
    /// The kind of input its author fixed, if any.
    pub kind: Option<ParameterKind>,
    /// A list's choices; empty for other kinds.
    pub options: Vec<String>,
}

/// Reads and writes the saved-query library; from
/// [`Store::library`](crate::Store::library).
#[derive(Debug, Clone, Copy)]
pub struct Library<'a> {
    pub(super) conn: &'a Connection,
}

/// The columns [`read_query`] reads; the tags come as a JSON list.
const COLUMNS: &str = "id, name, description, folder, script, created_at, updated_at, \
     deleted_at, (select json_group_array(tag) from query_tags t where t.query_id = queries.id)";

/// The order of every listing: by folder, then name, as people sort them.
const ORDER: &str = "order by folder collate nocase, name collate nocase, id";

impl<'a> Library<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Library<'a> {
        Library { conn }
    }

    /// Adds a query; its id.
    ///
    /// Refused if the name is blank, the folder has a part Windows cannot
    /// name a folder with, a tag holds a comma, or the folder already has a
    /// query of that name ([`Error::NameTaken`]).
    pub fn create(&self, query: &NewQuery<'_>) -> Result<i64> {
        let tx = self.conn.unchecked_transaction()?;
        let id = self.insert(query, None)?;
        tx.commit()?;
        Ok(id)
    }

    /// Inserts a query and its tags, in the caller's transaction, with the
    /// library file it was imported from, if any.
    pub(super) fn insert(&self, query: &NewQuery<'_>, imported_file: Option<&str>) -> Result<i64> {
        let name = check_name(query.name)?;
        let folder = check_folder(query.folder)?;
        let tags = check_tags(query.tags)?;
        self.conn
            .execute(
                &format!(
                    "insert into queries \
                     (name, description, folder, script, created_at, updated_at, imported_file) \
                     values (?1, ?2, ?3, ?4, {NOW}, {NOW}, ?5)"
                ),
                (
                    &name,
                    query.description,
                    &folder,
                    query.script,
                    imported_file,
                ),
            )
            .map_err(|e| name_taken(e, &name, &folder))?;
        let id = self.conn.last_insert_rowid();
        self.write_tags(id, &tags)?;
        Ok(id)
    }

    /// Query `id`, deleted or not; `None` if it is not in the database.
    pub fn get(&self, id: i64) -> Result<Option<SavedQuery>> {
        self.conn
            .query_row(
                &format!("select {COLUMNS} from queries where id = ?1"),
                [id],
                read_query,
            )
            .optional()?
            .transpose()
    }

    /// Changes what `change` gives of query `id`, in one transaction.
    /// A deleted query cannot be changed ([`Error::NoQuery`]); a name taken
    /// in the (new) folder is refused ([`Error::NameTaken`]).
    pub fn update(&self, id: i64, change: &QueryChange<'_>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        self.change(id, change, None)?;
        Ok(tx.commit()?)
    }

    /// [`Library::update`] in the caller's transaction; `imported_file`, if
    /// given, is recorded as the file the query now matches.
    pub(super) fn change(
        &self,
        id: i64,
        change: &QueryChange<'_>,
        imported_file: Option<&str>,
    ) -> Result<()> {
        let current = self.live(id)?;
        let name = check_name(change.name.unwrap_or(&current.name))?;
        let folder = check_folder(change.folder.unwrap_or(&current.folder))?;
        let tags = change.tags.map(check_tags).transpose()?;
        self.conn
            .execute(
                &format!(
                    "update queries set name = ?2, description = ?3, folder = ?4, script = ?5, \
                     updated_at = {NOW}, imported_file = coalesce(?6, imported_file) \
                     where id = ?1"
                ),
                (
                    id,
                    &name,
                    change.description.unwrap_or(&current.description),
                    &folder,
                    change.script.unwrap_or(&current.script),
                    imported_file,
                ),
            )
            .map_err(|e| name_taken(e, &name, &folder))?;
        if let Some(tags) = tags {
            self.conn
                .execute("delete from query_tags where query_id = ?1", [id])?;
            self.write_tags(id, &tags)?;
        }
        Ok(())
    }

    /// Gives query `id` another name in its folder.
    pub fn rename(&self, id: i64, name: &str) -> Result<()> {
        self.update(
            id,
            &QueryChange {
                name: Some(name),
                ..QueryChange::default()
            },
        )
    }

    /// Copies query `id` into its folder, with its tags and parameters, as
    /// "<name> (copy)", or "(copy 2)", "(copy 3)"... when that is taken; the
    /// copy's id.
    pub fn duplicate(&self, id: i64) -> Result<i64> {
        let tx = self.conn.unchecked_transaction()?;
        let original = self.live(id)?;
        let name = self.free_name(&original.folder, &original.name, "copy")?;
        let copy = self.insert(
            &NewQuery {
                name: &name,
                description: &original.description,
                folder: &original.folder,
                script: &original.script,
                tags: &original.tags,
            },
            None,
        )?;
        self.conn.execute(
            "insert into query_parameters (query_id, name, value, kind, options) \
             select ?2, name, value, kind, options from query_parameters where query_id = ?1",
            (id, copy),
        )?;
        tx.commit()?;
        Ok(copy)
    }

    /// Deletes query `id`, so that [`Library::restore`] can bring it back.
    /// Deleting a deleted or unknown query is an error ([`Error::NoQuery`]).
    pub fn delete(&self, id: i64) -> Result<()> {
        let changed = self.conn.execute(
            &format!("update queries set deleted_at = {NOW} where id = ?1 and deleted_at is null"),
            [id],
        )?;
        if changed == 0 {
            return Err(Error::NoQuery { id });
        }
        Ok(())
    }

    /// Undoes the delete of query `id`. Refused if it is not deleted
    /// ([`Error::NotDeleted`]), or if its folder has since got another query
    /// of its name ([`Error::NameTaken`]): rename that one first.
    pub fn restore(&self, id: i64) -> Result<()> {
        let query = self.get(id)?.ok_or(Error::NotDeleted { id })?;
        let changed = self
            .conn
            .execute(
                "update queries set deleted_at = null where id = ?1 and deleted_at is not null",
                [id],
            )
            .map_err(|e| name_taken(e, &query.name, &query.folder))?;
        if changed == 0 {
            return Err(Error::NotDeleted { id });
        }
        Ok(())
    }

    /// Removes for good, with their tags and parameters, the queries deleted
    /// longer than `older_than` ago; how many.
    pub fn purge_deleted(&self, older_than: std::time::Duration) -> Result<usize> {
        let cutoff = format!("-{:.3} seconds", older_than.as_secs_f64());
        Ok(self.conn.execute(
            "delete from queries where deleted_at is not null \
             and deleted_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)",
            [cutoff],
        )?)
    }

    /// The queries `filter` selects, by folder and then name (ignoring case).
    pub fn list(&self, filter: &ListFilter<'_>) -> Result<Vec<SavedQuery>> {
        let mut statement = self.conn.prepare(&format!(
            "select {COLUMNS} from queries \
             where (?1 is null or folder = ?1 collate nocase) and (?2 or deleted_at is null) \
             {ORDER}"
        ))?;
        let rows = statement.query_map((filter.folder, filter.include_deleted), read_query)?;
        rows.map(|row| row?).collect()
    }

    /// The queries not deleted whose name, description, tags or script
    /// contain `text` (ignoring ASCII case; `%` and `_` are literal), by
    /// folder and then name. An empty `text` finds every query.
    pub fn search(&self, text: &str) -> Result<Vec<SavedQuery>> {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let mut statement = self.conn.prepare(&format!(
            "select {COLUMNS} from queries where deleted_at is null and ( \
                 name like ?1 escape '\\' or description like ?1 escape '\\' \
                 or script like ?1 escape '\\' \
                 or exists (select 1 from query_tags t \
                            where t.query_id = queries.id and t.tag like ?1 escape '\\')) \
             {ORDER}"
        ))?;
        let rows = statement.query_map([format!("%{escaped}%")], read_query)?;
        rows.map(|row| row?).collect()
    }

    /// Every folder that holds a query not deleted, and every folder above
    /// one, sorted ignoring case; the top of the library (`""`) is not
    /// listed.
    pub fn folders(&self) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare(
            "select distinct folder from queries where deleted_at is null order by folder",
        )?;
        let stored = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut folders = BTreeMap::new();
        for folder in stored.iter().filter(|f| !f.is_empty()) {
            let mut end = folder.len();
            loop {
                let path = &folder[..end];
                // Folders differing only in case are one on most desktops.
                folders
                    .entry(path.to_lowercase())
                    .or_insert_with(|| path.to_owned());
                match path.rfind('/') {
                    Some(slash) => end = slash,
                    None => break,
                }
            }
        }
        Ok(folders.into_values().collect())
    }

    /// Query `id`'s parameters, by name.
    pub fn parameters(&self, id: i64) -> Result<Vec<Parameter>> {
        let mut statement = self.conn.prepare(
            "select name, value, kind, options from query_parameters \
             where query_id = ?1 order by name",
        )?;
        let rows = statement.query_map([id], |row| {
            let name: String = row.get(0)?;
            let kind: Option<String> = row.get(2)?;
            let options: Option<String> = row.get(3)?;
            Ok((name, row.get(1)?, kind, options))
        })?;
        rows.map(|row| {
            let (name, value, kind, options) = row?;
            let options = match options {
                Some(json) => serde_json::from_str(&json).map_err(|source| Error::Json {
                    what: format!("choices of parameter {name} of query {id}"),
                    source,
                })?,
                None => Vec::new(),
            };
            Ok(Parameter {
                // The table's check constraint admits only known kinds.
                kind: kind.as_deref().and_then(ParameterKind::parse),
                name,
                value,
                options,
            })
        })
        .collect()
    }

    /// Remembers the values query `id` was just run with, replacing those
    /// of the same names; other parameters keep theirs. It does not count
    /// as a change to the query (`updated_at` stays).
    pub fn remember_parameters(&self, id: i64, values: &BTreeMap<String, String>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        self.live(id)?;
        {
            let mut upsert = tx.prepare_cached(
                "insert into query_parameters (query_id, name, value) values (?1, ?2, ?3) \
                 on conflict (query_id, name) do update set value = excluded.value",
            )?;
            for (name, value) in values {
                if name.is_empty() {
                    return Err(invalid("a parameter needs a name".to_owned()));
                }
                upsert.execute((id, name, value))?;
            }
        }
        Ok(tx.commit()?)
    }

    /// Fixes (or with `None`, frees) the kind of input parameter `name` of
    /// query `id` takes, keeping its remembered value. `options` are a
    /// list's choices; other kinds take none.
    pub fn set_parameter_kind(
        &self,
        id: i64,
        name: &str,
        kind: Option<ParameterKind>,
        options: &[String],
    ) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        self.live(id)?;
        self.write_kind(id, name, kind, options)?;
        Ok(tx.commit()?)
    }

    /// [`Library::set_parameter_kind`] in the caller's transaction.
    pub(super) fn write_kind(
        &self,
        id: i64,
        name: &str,
        kind: Option<ParameterKind>,
        options: &[String],
    ) -> Result<()> {
        check_parameter_name(name)?;
        let options = match kind {
            Some(ParameterKind::List) => Some(serde_json::to_string(options).map_err(
                |source| Error::Json {
                    what: format!("choices of parameter {name}"),
                    source,
                },
            )?),
            _ if !options.is_empty() => {
                return Err(invalid(format!(
                    "parameter {name} has choices, but only a list takes them"
                )))
            }
            _ => None,
        };
        self.conn.execute(
            "insert into query_parameters (query_id, name, kind, options) \
             values (?1, ?2, ?3, ?4) \
             on conflict (query_id, name) do update set kind = excluded.kind, \
             options = excluded.options",
            (id, name, kind.map(ParameterKind::as_str), options),
        )?;
        // A parameter with neither a kind nor a value says nothing.
        self.conn.execute(
            "delete from query_parameters where query_id = ?1 and name = ?2 \
             and kind is null and value is null",
            (id, name),
        )?;
        Ok(())
    }

    /// Query `id` if it is not deleted.
    pub(super) fn live(&self, id: i64) -> Result<SavedQuery> {
        match self.get(id)? {
            Some(query) if query.deleted_at.is_none() => Ok(query),
            _ => Err(Error::NoQuery { id }),
        }
    }

    /// The first of "<name> (<word>)", "<name> (<word> 2)", ... that no
    /// query in `folder` has.
    pub(super) fn free_name(&self, folder: &str, name: &str, word: &str) -> Result<String> {
        for n in 1.. {
            let candidate = match n {
                1 => format!("{name} ({word})"),
                n => format!("{name} ({word} {n})"),
            };
            if self.find(folder, &candidate)?.is_none() {
                return Ok(candidate);
            }
        }
        unreachable!("some number is free")
    }

    /// The query not deleted named `name` in `folder`, ignoring case.
    pub(super) fn find(&self, folder: &str, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "select id from queries where folder = ?1 collate nocase \
                 and name = ?2 collate nocase and deleted_at is null",
                (folder, name),
                |row| row.get(0),
            )
            .optional()?)
    }

    fn write_tags(&self, id: i64, tags: &[String]) -> Result<()> {
        let mut insert = self
            .conn
            .prepare_cached("insert or ignore into query_tags (query_id, tag) values (?1, ?2)")?;
        for tag in tags {
            insert.execute((id, tag))?;
        }
        Ok(())
    }
}

/// A row as a [`SavedQuery`]; the outer error is SQLite's, the inner one
/// the tags not reading back.
fn read_query(row: &Row<'_>) -> rusqlite::Result<Result<SavedQuery>> {
    let id: i64 = row.get(0)?;
    let tags: String = row.get(8)?;
    let mut tags: Vec<String> = match serde_json::from_str(&tags) {
        Ok(tags) => tags,
        Err(source) => {
            return Ok(Err(Error::Json {
                what: format!("tags of query {id}"),
                source,
            }))
        }
    };
    tags.sort_by_key(|t| t.to_lowercase());
    Ok(Ok(SavedQuery {
        id,
        name: row.get(1)?,
        description: row.get(2)?,
        folder: row.get(3)?,
        script: row.get(4)?,
        tags,
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
        deleted_at: row.get(7)?,
    }))
}

/// The unique index on names in a folder said no: name the clash.
fn name_taken(err: rusqlite::Error, name: &str, folder: &str) -> Error {
    match &err {
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            Error::NameTaken {
                name: name.to_owned(),
                folder: folder.to_owned(),
            }
        }
        _ => err.into(),
    }
}

fn invalid(problem: String) -> Error {
    Error::InvalidQuery { problem }
}

/// The name to store: trimmed, not blank, on one line.
pub(super) fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("a query needs a name".to_owned()));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid(format!(
            "the query name '{}' has a line break or control character",
            name.escape_debug()
        )));
    }
    Ok(name.to_owned())
}

/// The folder to store: parts trimmed, empty parts dropped, each part one
/// that Windows, macOS and Linux all accept as a folder name.
pub(super) fn check_folder(folder: &str) -> Result<String> {
    let parts: Vec<&str> = folder
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    for part in &parts {
        let problem = if *part == "." || *part == ".." {
            Some("cannot be '.' or '..'")
        } else if part.starts_with('.') {
            Some("cannot start with a dot (a hidden folder)")
        } else if part
            .chars()
            .any(|c| c.is_control() || r#"\:*?"<>|"#.contains(c))
        {
            Some(r#"cannot hold \ : * ? " < > | or control characters"#)
        } else if part.ends_with('.') {
            Some("cannot end with a dot")
        } else if is_reserved_on_windows(part) {
            Some("is a name Windows keeps for devices")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(invalid(format!(
                "the folder '{}': '{}' {problem}",
                folder.escape_debug(),
                part.escape_debug()
            )));
        }
    }
    Ok(parts.join("/"))
}

/// Whether Windows refuses `name` as a file or folder name (CON, NUL,
/// COM1, LPT1..., with or without an extension).
pub(super) fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0')
}

/// The tags to store: trimmed, blank ones and repeats (ignoring case)
/// dropped. A comma is refused: library files list tags separated by commas.
pub(super) fn check_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut kept: Vec<String> = Vec::new();
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if tag.contains(',') || tag.chars().any(char::is_control) {
            return Err(invalid(format!(
                "the tag '{}' has a comma, line break or control character",
                tag.escape_debug()
            )));
        }
        if !kept.iter().any(|k| k.to_lowercase() == tag.to_lowercase()) {
            kept.push(tag.to_owned());
        }
    }
    Ok(kept)
}

/// A parameter name that a library file can carry: not empty, no spaces.
pub(super) fn check_parameter_name(name: &str) -> Result<()> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(format!(
            "the parameter name '{}' is empty or has spaces",
            name.escape_debug()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TempDir;
    use crate::Store;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    fn add(store: &Store, folder: &str, name: &str, script: &str) -> i64 {
        store
            .library()
            .create(&NewQuery {
                name,
                description: "",
                folder,
                script,
                tags: &[],
            })
            .unwrap()
    }

    fn names(queries: &[SavedQuery]) -> Vec<String> {
        queries
            .iter()
            .map(|q| format!("{}/{}", q.folder, q.name))
            .collect()
    }

    #[test]
    fn a_query_is_created_and_read_back() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let id = library
            .create(&NewQuery {
                name: "  Customers per company ",
                description: "Every customer.\nWith its company.",
                folder: " Monthly / Sync/",
                script: "select * from Accounts",
                tags: &tags(&["sync", " Monthly ", "", "SYNC"]),
            })
            .unwrap();
        let query = library.get(id).unwrap().unwrap();
        assert_eq!(query.name, "Customers per company");
        assert_eq!(query.description, "Every customer.\nWith its company.");
        assert_eq!(query.folder, "Monthly/Sync");
        assert_eq!(query.script, "select * from Accounts");
        assert_eq!(query.tags, ["Monthly", "sync"]);
        assert!(query.created_at.ends_with('Z'), "{}", query.created_at);
        assert_eq!(query.updated_at, query.created_at);
        assert_eq!(query.deleted_at, None);
        assert_eq!(library.get(id + 1).unwrap(), None);
    }

    #[test]
    fn bad_names_folders_and_tags_are_refused() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let new = |name, folder, tag_list: &[&str]| {
            library.create(&NewQuery {
                name,
                description: "",
                folder,
                script: "",
                tags: &tags(tag_list),
            })
        };
        for (name, folder, tag_list, message) in [
            (" ", "", &[][..], "a query needs a name"),
            (
                "a\nb",
                "",
                &[],
                "the query name 'a\\nb' has a line break or control character",
            ),
            (
                "q",
                "a/../b",
                &[],
                "the folder 'a/../b': '..' cannot be '.' or '..'",
            ),
            (
                "q",
                "a:b",
                &[],
                r#"the folder 'a:b': 'a:b' cannot hold \ : * ? " < > | or control characters"#,
            ),
            (
                "q",
                ".git",
                &[],
                "the folder '.git': '.git' cannot start with a dot (a hidden folder)",
            ),
            (
                "q",
                "x/con",
                &[],
                "the folder 'x/con': 'con' is a name Windows keeps for devices",
            ),
            (
                "q",
                "x.",
                &[],
                "the folder 'x.': 'x.' cannot end with a dot",
            ),
            (
                "q",
                "",
                &["a,b"],
                "the tag 'a,b' has a comma, line break or control character",
            ),
        ] {
            let err = new(name, folder, tag_list).unwrap_err();
            assert!(matches!(err, Error::InvalidQuery { .. }), "{err:?}");
            assert_eq!(err.to_string(), message);
        }
        assert!(library.list(&ListFilter::default()).unwrap().is_empty());
        // Characters a file name cannot hold are fine in a name: the file
        // name is made safe on export.
        new("Sales: 2026/Q1?", "", &[]).unwrap();
    }

    #[test]
    fn a_name_is_unique_in_its_folder_ignoring_case() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let first = add(&store, "Monthly", "Customers", "select 1");
        let err = library
            .create(&NewQuery {
                name: "CUSTOMERS",
                description: "",
                folder: "monthly",
                script: "select 2",
                tags: &[],
            })
            .unwrap_err();
        assert!(matches!(err, Error::NameTaken { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "the folder 'monthly' already has a query named 'CUSTOMERS'"
        );
        // Another folder may have it, and the top of the library too.
        let other = add(&store, "Yearly", "Customers", "select 3");
        let top = add(&store, "", "Customers", "select 4");
        library.rename(top, "x").unwrap();
        library.rename(other, "x").unwrap();
        let err = library
            .update(
                other,
                &QueryChange {
                    name: Some("customers"),
                    folder: Some("Monthly"),
                    ..QueryChange::default()
                },
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the folder 'Monthly' already has a query named 'customers'"
        );
        // A query may change the case of its own name.
        library.rename(top, "X").unwrap();
        let another = add(&store, "", "Another", "select 5");
        let err = library.rename(another, " x ").unwrap_err();
        assert!(matches!(err, Error::NameTaken { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "the top of the library already has a query named 'x'"
        );
        // Nothing of a refused change was written.
        assert_eq!(library.get(other).unwrap().unwrap().folder, "Yearly");
        assert_eq!(library.get(first).unwrap().unwrap().name, "Customers");
    }

    #[test]
    fn update_changes_only_what_it_is_given() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let id = library
            .create(&NewQuery {
                name: "Q",
                description: "d",
                folder: "F",
                script: "select 1",
                tags: &tags(&["a"]),
            })
            .unwrap();
        let before = library.get(id).unwrap().unwrap();
        library
            .update(
                id,
                &QueryChange {
                    script: Some("select 2"),
                    ..QueryChange::default()
                },
            )
            .unwrap();
        let after = library.get(id).unwrap().unwrap();
        assert_eq!(after.script, "select 2");
        assert_eq!(
            (&after.name, &after.description, &after.folder, &after.tags),
            (
                &before.name,
                &before.description,
                &before.folder,
                &before.tags
            )
        );
        assert!(after.updated_at >= before.updated_at);
        assert_eq!(after.created_at, before.created_at);

        let new_tags = tags(&["b", "c"]);
        library
            .update(
                id,
                &QueryChange {
                    description: Some(""),
                    folder: Some(""),
                    tags: Some(&new_tags),
                    ..QueryChange::default()
                },
            )
            .unwrap();
        library.rename(id, "R").unwrap();
        let after = library.get(id).unwrap().unwrap();
        assert_eq!(
            (&*after.name, &*after.description, &*after.folder),
            ("R", "", "")
        );
        assert_eq!(after.tags, ["b", "c"]);

        let err = library.rename(id + 1, "x").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("there is no query {} in the library", id + 1)
        );
        let err = library.rename(id, "").unwrap_err();
        assert!(matches!(err, Error::InvalidQuery { .. }), "{err:?}");
    }

    #[test]
    fn duplicate_finds_a_free_name_and_copies_everything() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let id = library
            .create(&NewQuery {
                name: "Q",
                description: "d",
                folder: "F",
                script: "select ${YEAR}",
                tags: &tags(&["t"]),
            })
            .unwrap();
        library
            .remember_parameters(
                id,
                &BTreeMap::from([("YEAR".to_owned(), "2026".to_owned())]),
            )
            .unwrap();
        library
            .set_parameter_kind(id, "YEAR", Some(ParameterKind::Number), &[])
            .unwrap();
        let first = library.duplicate(id).unwrap();
        let second = library.duplicate(id).unwrap();
        let copy = library.get(first).unwrap().unwrap();
        assert_eq!(copy.name, "Q (copy)");
        assert_eq!(library.get(second).unwrap().unwrap().name, "Q (copy 2)");
        assert_eq!(
            (&*copy.description, &*copy.folder, &*copy.script),
            ("d", "F", "select ${YEAR}")
        );
        assert_eq!(copy.tags, ["t"]);
        assert_eq!(
            library.parameters(first).unwrap(),
            library.parameters(id).unwrap()
        );
        // The original is untouched, and a deleted query has no copies.
        assert_eq!(library.get(id).unwrap().unwrap().name, "Q");
        library.delete(id).unwrap();
        assert!(matches!(library.duplicate(id), Err(Error::NoQuery { .. })));
    }

    #[test]
    fn a_delete_is_undone_by_restore() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let id = add(&store, "F", "Q", "select 1");
        library
            .update(
                id,
                &QueryChange {
                    tags: Some(&tags(&["t"])),
                    ..QueryChange::default()
                },
            )
            .unwrap();
        library
            .set_parameter_kind(id, "P", Some(ParameterKind::Date), &[])
            .unwrap();
        library.delete(id).unwrap();
        assert!(library.list(&ListFilter::default()).unwrap().is_empty());
        assert!(library.search("select").unwrap().is_empty());
        assert!(library.folders().unwrap().is_empty());
        let deleted = library.get(id).unwrap().unwrap();
        assert!(deleted.deleted_at.is_some());
        let all = library
            .list(&ListFilter {
                include_deleted: true,
                ..ListFilter::default()
            })
            .unwrap();
        assert_eq!(all, [deleted]);
        let err = library.delete(id).unwrap_err();
        assert!(matches!(err, Error::NoQuery { .. }), "{err:?}");
        let err = library.rename(id, "R").unwrap_err();
        assert!(matches!(err, Error::NoQuery { .. }), "{err:?}");

        library.restore(id).unwrap();
        let back = library.get(id).unwrap().unwrap();
        assert_eq!(back.deleted_at, None);
        assert_eq!(back.tags, ["t"]);
        assert_eq!(
            library.parameters(id).unwrap()[0].kind,
            Some(ParameterKind::Date)
        );
        let err = library.restore(id).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("there is no deleted query {id} to restore")
        );
        assert!(matches!(
            library.restore(id + 1),
            Err(Error::NotDeleted { .. })
        ));
    }

    /// The name of a deleted query is free; taken meanwhile, the restore
    /// says so and the query stays deleted rather than clash.
    #[test]
    fn a_restore_into_a_taken_name_is_refused() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let old = add(&store, "F", "Q", "select 1");
        library.delete(old).unwrap();
        let new = add(&store, "F", "q", "select 2");
        let err = library.restore(old).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the folder 'F' already has a query named 'Q'"
        );
        assert!(library.get(old).unwrap().unwrap().deleted_at.is_some());
        library.rename(new, "Q (new)").unwrap();
        library.restore(old).unwrap();
    }

    #[test]
    fn purge_removes_only_queries_deleted_long_enough_ago() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let kept = add(&store, "", "kept", "");
        let recent = add(&store, "", "recent", "");
        let old = add(&store, "", "old", "");
        library
            .remember_parameters(old, &BTreeMap::from([("P".to_owned(), "1".to_owned())]))
            .unwrap();
        library
            .update(
                old,
                &QueryChange {
                    tags: Some(&tags(&["t"])),
                    ..QueryChange::default()
                },
            )
            .unwrap();
        library.delete(recent).unwrap();
        library.delete(old).unwrap();
        store
            .conn
            .execute(
                "update queries set deleted_at = '2020-01-01T00:00:00.000Z' where id = ?1",
                [old],
            )
            .unwrap();
        let month = std::time::Duration::from_secs(30 * 24 * 3600);
        assert_eq!(library.purge_deleted(month).unwrap(), 1);
        assert_eq!(library.get(old).unwrap(), None);
        let orphans: i64 = store
            .conn
            .query_row(
                "select (select count(*) from query_tags where query_id = ?1) \
                 + (select count(*) from query_parameters where query_id = ?1)",
                [old],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0);
        assert!(library.get(recent).unwrap().is_some());
        assert_eq!(library.purge_deleted(std::time::Duration::ZERO).unwrap(), 1);
        assert_eq!(library.get(recent).unwrap(), None);
        assert!(library.get(kept).unwrap().is_some());
    }

    #[test]
    fn list_is_by_folder_then_name_and_filters_by_folder() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        add(&store, "b", "z", "");
        add(&store, "B/sub", "a", "");
        add(&store, "a", "Y", "");
        add(&store, "a", "x", "");
        add(&store, "", "top", "");
        let all = library.list(&ListFilter::default()).unwrap();
        assert_eq!(names(&all), ["/top", "a/x", "a/Y", "b/z", "B/sub/a"]);
        let in_b = library
            .list(&ListFilter {
                folder: Some("B"),
                ..ListFilter::default()
            })
            .unwrap();
        assert_eq!(names(&in_b), ["b/z"]);
        let top = library
            .list(&ListFilter {
                folder: Some(""),
                ..ListFilter::default()
            })
            .unwrap();
        assert_eq!(names(&top), ["/top"]);
    }

    #[test]
    fn search_looks_in_name_description_tags_and_script() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let by_name = add(&store, "", "Open invoices", "select 1");
        let by_script = add(&store, "", "Aging", "select * from ReceivablesList");
        let by_description = library
            .create(&NewQuery {
                name: "Report",
                description: "100% of the receivables",
                folder: "x",
                script: "",
                tags: &[],
            })
            .unwrap();
        let by_tag = library
            .create(&NewQuery {
                name: "Tagged",
                description: "",
                folder: "x",
                script: "",
                tags: &tags(&["month_end"]),
            })
            .unwrap();
        let found = |text: &str| {
            library
                .search(text)
                .unwrap()
                .into_iter()
                .map(|q| q.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("INVOICES"), [by_name]);
        assert_eq!(found("receivables"), [by_script, by_description]);
        assert_eq!(found("MONTH_END"), [by_tag]);
        // Wildcards are literal.
        assert_eq!(found("%"), [by_description]);
        assert_eq!(found("_"), [by_tag]);
        assert_eq!(found("").len(), 4);
        assert!(found("nothing like it").is_empty());
    }

    #[test]
    fn folders_lists_every_level_once() {
        let store = Store::open_in_memory().unwrap();
        add(&store, "Monthly/Sync", "a", "");
        add(&store, "monthly/sync", "b", "");
        add(&store, "Yearly/Close/Q4", "c", "");
        add(&store, "", "d", "");
        let gone = add(&store, "Old", "e", "");
        store.library().delete(gone).unwrap();
        assert_eq!(
            store.library().folders().unwrap(),
            [
                "Monthly",
                "Monthly/Sync",
                "Yearly",
                "Yearly/Close",
                "Yearly/Close/Q4"
            ]
        );
    }

    #[test]
    fn parameters_remember_values_and_kinds() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let id = add(&store, "", "Q", "select ${YEAR}, ${PERIOD}, ${CO}");
        let updated_at = library.get(id).unwrap().unwrap().updated_at;
        library
            .remember_parameters(
                id,
                &BTreeMap::from([
                    ("YEAR".to_owned(), "2025".to_owned()),
                    ("PERIOD".to_owned(), "Q4".to_owned()),
                ]),
            )
            .unwrap();
        library
            .remember_parameters(
                id,
                &BTreeMap::from([("YEAR".to_owned(), "2026".to_owned())]),
            )
            .unwrap();
        let choices = tags(&["Q1", "Q2", "Q3", "Q4"]);
        library
            .set_parameter_kind(id, "PERIOD", Some(ParameterKind::List), &choices)
            .unwrap();
        library
            .set_parameter_kind(id, "CO", Some(ParameterKind::Company), &[])
            .unwrap();
        assert_eq!(
            library.parameters(id).unwrap(),
            [
                Parameter {
                    name: "CO".to_owned(),
                    value: None,
                    kind: Some(ParameterKind::Company),
                    options: vec![],
                },
                Parameter {
                    name: "PERIOD".to_owned(),
                    value: Some("Q4".to_owned()),
                    kind: Some(ParameterKind::List),
                    options: choices.clone(),
                },
                Parameter {
                    name: "YEAR".to_owned(),
                    value: Some("2026".to_owned()),
                    kind: None,
                    options: vec![],
                },
            ]
        );
        // Remembering values is not a change to the query.
        assert_eq!(library.get(id).unwrap().unwrap().updated_at, updated_at);

        // Freeing a kind keeps the value; with no value the row goes.
        library.set_parameter_kind(id, "PERIOD", None, &[]).unwrap();
        library.set_parameter_kind(id, "CO", None, &[]).unwrap();
        let left = library.parameters(id).unwrap();
        assert_eq!(
            left.iter().map(|p| (&*p.name, p.kind)).collect::<Vec<_>>(),
            [("PERIOD", None), ("YEAR", None)]
        );
        assert!(left[0].options.is_empty());

        let err = library
            .set_parameter_kind(id, "YEAR", Some(ParameterKind::Number), &choices)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "parameter YEAR has choices, but only a list takes them"
        );
        let err = library
            .set_parameter_kind(id, "TWO WORDS", Some(ParameterKind::Text), &[])
            .unwrap_err();
        assert!(matches!(err, Error::InvalidQuery { .. }), "{err:?}");
        let err = library
            .remember_parameters(id + 1, &BTreeMap::new())
            .unwrap_err();
        assert!(matches!(err, Error::NoQuery { .. }), "{err:?}");
        let err = library
            .set_parameter_kind(id + 1, "YEAR", None, &[])
            .unwrap_err();
        assert!(matches!(err, Error::NoQuery { .. }), "{err:?}");
        assert!(library.parameters(id + 1).unwrap().is_empty());
    }

    #[test]
    fn kinds_round_trip() {
        for kind in ParameterKind::ALL {
            assert_eq!(ParameterKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
        assert_eq!(ParameterKind::parse("money"), None);
    }

    #[test]
    fn the_library_survives_a_reopen() {
        let dir = TempDir::new("library-reopen");
        let path = dir.path().join("tandem.db");
        let id = {
            let store = Store::open(&path).unwrap();
            let id = add(&store, "F", "Q", "select 1");
            store
                .library()
                .remember_parameters(id, &BTreeMap::from([("P".to_owned(), "v".to_owned())]))
                .unwrap();
            id
        };
        let store = Store::open(&path).unwrap();
        assert_eq!(store.library().get(id).unwrap().unwrap().script, "select 1");
        assert_eq!(
            store.library().parameters(id).unwrap()[0].value.as_deref(),
            Some("v")
        );
    }

    #[test]
    fn reserved_windows_names() {
        for name in ["CON", "nul", "Com1", "lpt9.txt", "aux.sql"] {
            assert!(is_reserved_on_windows(name), "{name}");
        }
        for name in ["CONSOLE", "COM0", "COM10", "nullable", "x"] {
            assert!(!is_reserved_on_windows(name), "{name}");
        }
    }
}
