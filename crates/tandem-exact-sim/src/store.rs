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
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub(crate) rows: BTreeMap<String, Row>,
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
                    table.rows.insert(id, row);
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
