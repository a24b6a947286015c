//! The simulated companies' data, shared by the API, the control surface and
//! tests.
//!
//! Rows are kept as vectors in the order of their entity's field list (not as
//! JSON maps) so the 5,000-account master and a dozen companies stay small
//! and fast to page; tables are ordered by ID, which is the order the real
//! service pages standard endpoints in (`$skiptoken=guid'<last ID>'`).

use crate::entities::{self, DivisionInfo, EntityDef};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// One row: values in the order of [`EntityDef::fields`].
pub(crate) type Row = Vec<Value>;

/// Rows of one entity set in one division, keyed by lower-case ID.
///
/// Writes go through [`Table::put`] and [`Table::take`] so that the index of
/// unique codes stays in step with the rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub(crate) rows: BTreeMap<String, Row>,
    codes: Option<CodeIndex>,
}

/// The unique codes of a table (Account `Code`...), so that a POST checks for
/// a duplicate and assigns "highest + 1" without scanning every row: a sync
/// benchmark posts thousands of rows into tables of thousands.
#[derive(Clone, Debug)]
pub(crate) struct CodeIndex {
    column: usize,
    /// Trimmed, upper-cased code → ID of the row holding it.
    ids: HashMap<String, String>,
    /// Numeric codes with how many rows hold each (`1` and `01` both count as 1).
    numeric: BTreeMap<u64, usize>,
}

/// The form in which codes are compared: the service ignores padding and case.
fn code_key(value: &Value) -> Option<String> {
    let code = value.as_str()?.trim();
    (!code.is_empty()).then(|| code.to_ascii_uppercase())
}

impl CodeIndex {
    fn add(&mut self, id: &str, row: &Row) {
        if let Some(key) = code_key(&row[self.column]) {
            if let Ok(n) = key.parse::<u64>() {
                *self.numeric.entry(n).or_default() += 1;
            }
            self.ids.insert(key, id.to_owned());
        }
    }

    fn remove(&mut self, id: &str, row: &Row) {
        let Some(key) = code_key(&row[self.column]) else {
            return;
        };
        if self.ids.get(&key).is_some_and(|holder| holder == id) {
            self.ids.remove(&key);
        }
        if let Ok(n) = key.parse::<u64>() {
            if let Some(count) = self.numeric.get_mut(&n) {
                *count -= 1;
                if *count == 0 {
                    self.numeric.remove(&n);
                }
            }
        }
    }

    /// The ID of the row holding `code`, ignoring padding and case.
    pub(crate) fn holder(&self, code: &str) -> Option<&str> {
        self.ids
            .get(&code.trim().to_ascii_uppercase())
            .map(String::as_str)
    }

    /// The highest numeric code, 0 when there is none.
    pub(crate) fn highest(&self) -> u64 {
        self.numeric.keys().next_back().copied().unwrap_or(0)
    }
}

impl Table {
    /// A table holding `rows`, keyed by ID.
    pub(crate) fn from_rows(rows: BTreeMap<String, Row>) -> Table {
        Table { rows, codes: None }
    }

    /// The index of the codes in `column`, built on first use.
    pub(crate) fn codes(&mut self, column: usize) -> &CodeIndex {
        let rows = &self.rows;
        self.codes.get_or_insert_with(|| {
            let mut index = CodeIndex {
                column,
                ids: HashMap::new(),
                numeric: BTreeMap::new(),
            };
            for (id, row) in rows {
                index.add(id, row);
            }
            index
        })
    }

    /// Inserts or replaces the row with this ID.
    pub(crate) fn put(&mut self, id: String, row: Row) {
        if let Some(index) = self.codes.as_mut() {
            if let Some(old) = self.rows.get(&id) {
                index.remove(&id, old);
            }
            index.add(&id, &row);
        }
        self.rows.insert(id, row);
    }

    /// Removes and returns the row with this ID.
    pub(crate) fn take(&mut self, id: &str) -> Option<Row> {
        let row = self.rows.remove(id)?;
        if let Some(index) = self.codes.as_mut() {
            index.remove(id, &row);
        }
        Some(row)
    }
}

/// One company.
#[derive(Clone, Debug)]
pub(crate) struct DivisionData {
    pub(crate) info: DivisionInfo,
    pub(crate) tables: HashMap<&'static str, Table>,
}

/// Everything stored.
#[derive(Clone, Debug, Default)]
pub(crate) struct Data {
    pub(crate) divisions: BTreeMap<i64, DivisionData>,
    /// Last Timestamp handed out; every write takes the next one, across
    /// divisions, like the real service's rowversion.
    pub(crate) timestamp: i64,
}

impl Data {
    pub(crate) fn next_timestamp(&mut self) -> i64 {
        self.timestamp += 1;
        self.timestamp
    }

    pub(crate) fn table(&self, division: i64, entity: &str) -> Option<&Table> {
        self.divisions.get(&division)?.tables.get(entity)
    }

    pub(crate) fn table_mut(&mut self, division: i64, entity: &'static str) -> Option<&mut Table> {
        Some(
            self.divisions
                .get_mut(&division)?
                .tables
                .entry(entity)
                .or_default(),
        )
    }
}

/// Read access to the stored data, for tests and the control surface.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) inner: Arc<RwLock<Data>>,
}

impl Store {
    pub(crate) fn new(data: Data) -> Store {
        Store {
            inner: Arc::new(RwLock::new(data)),
        }
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Data> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Data> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Codes of all divisions, including ones the demo user may not open.
    pub fn divisions(&self) -> Vec<i64> {
        self.read().divisions.keys().copied().collect()
    }

    /// The rows of a division's entity set (`Accounts`, `Contacts`, `Items`,
    /// `GLAccounts`, `Deleted`) as stored, as JSON objects with every field
    /// including `Timestamp`, in ID order. Empty when unknown.
    pub fn rows(&self, division: i64, entity: &str) -> Vec<Value> {
        let Some(def) = entities::stored(entity) else {
            return Vec::new();
        };
        let data = self.read();
        data.table(division, def.name)
            .map(|t| t.rows.values().map(|r| row_object(def, r)).collect())
            .unwrap_or_default()
    }

    /// How many rows a division's entity set holds.
    pub fn count(&self, division: i64, entity: &str) -> usize {
        let Some(def) = entities::stored(entity) else {
            return 0;
        };
        self.read()
            .table(division, def.name)
            .map(|t| t.rows.len())
            .unwrap_or(0)
    }

    pub(crate) fn replace(&self, data: Data) {
        *self.write() = data;
    }
}

/// A row as a JSON object with every field.
pub(crate) fn row_object(def: &EntityDef, row: &Row) -> Value {
    let map: Map<String, Value> = def
        .fields
        .iter()
        .zip(row.iter())
        .map(|(f, v)| (f.name.to_string(), v.clone()))
        .collect();
    Value::Object(map)
}

/// The on-disk form of [`Data`] (`--state FILE`): rows as named objects so a
/// file survives fields being added.
#[derive(Serialize, Deserialize)]
pub(crate) struct Snapshot {
    timestamp: i64,
    divisions: Vec<DivisionSnapshot>,
}

#[derive(Serialize, Deserialize)]
struct DivisionSnapshot {
    info: DivisionInfo,
    tables: BTreeMap<String, Vec<Map<String, Value>>>,
}

impl Snapshot {
    pub(crate) fn of(data: &Data) -> Snapshot {
        Snapshot {
            timestamp: data.timestamp,
            divisions: data
                .divisions
                .values()
                .map(|d| DivisionSnapshot {
                    info: d.info.clone(),
                    tables: d
                        .tables
                        .iter()
                        .filter_map(|(name, t)| {
                            let def = entities::stored(name)?;
                            let rows = t
                                .rows
                                .values()
                                .filter_map(|r| match row_object(def, r) {
                                    Value::Object(m) => Some(m),
                                    _ => None,
                                })
                                .collect();
                            Some((name.to_string(), rows))
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    pub(crate) fn into_data(self) -> Data {
        let mut data = Data {
            timestamp: self.timestamp,
            ..Data::default()
        };
        for d in self.divisions {
            let mut tables = HashMap::new();
            for (name, rows) in d.tables {
                let Some(def) = entities::stored(&name) else {
                    continue;
                };
                let key = def.key_index();
                let mut table = Table::default();
                for obj in rows {
                    let row: Row = def
                        .fields
                        .iter()
                        .map(|f| obj.get(f.name).cloned().unwrap_or(Value::Null))
                        .collect();
                    let id = row[key].as_str().unwrap_or_default().to_ascii_lowercase();
                    table.put(id, row);
                }
                tables.insert(def.name, table);
            }
            data.divisions.insert(
                d.info.code,
                DivisionData {
                    info: d.info,
                    tables,
                },
            );
        }
        data
    }
}

#[cfg(test)]
mod code_index_tests {
    use super::*;
    use serde_json::json;

    fn row(code: &str) -> Row {
        vec![json!(code)]
    }

    #[test]
    fn index_follows_puts_and_takes() {
        let mut table = Table::from_rows(BTreeMap::from([
            ("a".to_owned(), row("                 7")),
            ("b".to_owned(), row("X1")),
        ]));
        assert_eq!(table.codes(0).highest(), 7);
        assert_eq!(table.codes(0).holder("x1"), Some("b"));

        table.put("c".to_owned(), row("                12"));
        assert_eq!(table.codes(0).highest(), 12);
        // Changing a row's code frees the old one.
        table.put("c".to_owned(), row("9"));
        assert_eq!(table.codes(0).highest(), 9);
        assert_eq!(table.codes(0).holder("12"), None);
        // Deleting the highest makes the next highest count again.
        table.take("c");
        assert_eq!(table.codes(0).highest(), 7);
        assert_eq!(table.codes(0).holder(" 7 "), Some("a"));
    }
}
