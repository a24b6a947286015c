//! The engine's own tables (`Tandem.System.*`): the active partitions, the
//! API calls made, and the catalog of every table and column (which feeds
//! the editor's auto-completion). They are filled on demand, like cloud
//! tables, into a temporary table per reference.

use rusqlite::types::Value;

use crate::error::Result;
use crate::resolve::{SystemTable, IN_MEMORY};
use crate::results::quote;
use crate::session::Session;
use crate::value::SqlType;

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn flag(b: bool) -> Value {
    Value::Integer(b.into())
}

fn opt(n: Option<u64>) -> Value {
    n.map_or(Value::Null, |n| Value::Integer(n as i64))
}

/// One column of any table: (catalog, schema, table, alias, column, type,
/// filterable, writable, required).
type CatalogColumn = (
    String,
    String,
    String,
    String,
    String,
    SqlType,
    bool,
    bool,
    bool,
);

impl Session {
    /// Every table and column the session can name.
    fn catalog_columns(&self) -> Result<(Vec<Vec<Value>>, Vec<CatalogColumn>)> {
        let mut tables = Vec::new();
        let mut columns = Vec::new();
        for p in &self.providers {
            for t in p.tables() {
                tables.push(vec![
                    text(&t.catalog),
                    text(&t.schema),
                    text(&t.name),
                    text(format!("{}@{}", t.full_name(), p.alias())),
                    text(p.alias()),
                    text(&t.description),
                    flag(t.partitioned),
                    flag(t.writable),
                ]);
                if t.partitioned {
                    columns.push((
                        t.catalog.clone(),
                        t.schema.clone(),
                        t.name.clone(),
                        p.alias().to_string(),
                        "division".to_string(),
                        SqlType::Integer,
                        true,
                        true,
                        false,
                    ));
                }
                for c in &t.columns {
                    columns.push((
                        t.catalog.clone(),
                        t.schema.clone(),
                        t.name.clone(),
                        p.alias().to_string(),
                        c.name.clone(),
                        c.sql_type,
                        c.filterable,
                        c.writable,
                        c.required,
                    ));
                }
            }
        }
        for name in self.memory_tables()? {
            tables.push(vec![
                text("InMemoryStorage"),
                text(""),
                text(&name),
                text(format!("{name}@{IN_MEMORY}")),
                text(IN_MEMORY),
                text(""),
                flag(false),
                flag(true),
            ]);
            let mut stmt = self
                .db
                .prepare(&format!("PRAGMA main.table_info({})", quote(&name)))?;
            let cols = stmt
                .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (c, declared) in cols {
                columns.push((
                    "InMemoryStorage".into(),
                    String::new(),
                    name.clone(),
                    IN_MEMORY.into(),
                    c,
                    SqlType::from_declared(Some(&declared)),
                    true,
                    true,
                    false,
                ));
            }
        }
        for t in SystemTable::ALL {
            tables.push(vec![
                text("Tandem"),
                text("System"),
                text(t.name()),
                text(t.full_name()),
                text(""),
                text(""),
                flag(false),
                flag(false),
            ]);
        }
        Ok((tables, columns))
    }

    pub(crate) async fn fill_system_table(&mut self, t: SystemTable, temp: &str) -> Result<()> {
        let (columns, rows): (Vec<(&str, SqlType)>, Vec<Vec<Value>>) = match t {
            SystemTable::Partitions => (
                vec![
                    ("code", SqlType::Integer),
                    ("alias", SqlType::Text),
                    ("name", SqlType::Text),
                ],
                self.active_partitions()
                    .into_iter()
                    .map(|p| vec![Value::Integer(p.code), text(p.alias), text(p.name)])
                    .collect(),
            ),
            SystemTable::SessionIos => (
                vec![
                    ("alias", SqlType::Text),
                    ("division", SqlType::Integer),
                    ("endpoint", SqlType::Text),
                    ("calls", SqlType::Integer),
                    ("rows", SqlType::Integer),
                    ("bytes", SqlType::Integer),
                    ("millis", SqlType::Integer),
                    ("errors", SqlType::Integer),
                    ("minutely_remaining", SqlType::Integer),
                    ("daily_remaining", SqlType::Integer),
                ],
                self.providers
                    .iter()
                    .flat_map(|p| {
                        let alias = p.alias().to_string();
                        p.usage().into_iter().map(move |u| {
                            vec![
                                text(alias.clone()),
                                Value::Integer(u.partition),
                                text(u.endpoint),
                                Value::Integer(u.calls as i64),
                                Value::Integer(u.rows as i64),
                                Value::Integer(u.bytes as i64),
                                Value::Integer(u.millis as i64),
                                Value::Integer(u.errors as i64),
                                opt(u.minutely_remaining),
                                opt(u.daily_remaining),
                            ]
                        })
                    })
                    .collect(),
            ),
            SystemTable::Tables => (
                vec![
                    ("catalog", SqlType::Text),
                    ("schema", SqlType::Text),
                    ("name", SqlType::Text),
                    ("full_name", SqlType::Text),
                    ("alias", SqlType::Text),
                    ("description", SqlType::Text),
                    ("partitioned", SqlType::Boolean),
                    ("writable", SqlType::Boolean),
                ],
                self.catalog_columns()?.0,
            ),
            SystemTable::Columns => (
                vec![
                    ("catalog", SqlType::Text),
                    ("schema", SqlType::Text),
                    ("table_name", SqlType::Text),
                    ("alias", SqlType::Text),
                    ("position", SqlType::Integer),
                    ("name", SqlType::Text),
                    ("data_type", SqlType::Text),
                    ("filterable", SqlType::Boolean),
                    ("writable", SqlType::Boolean),
                    ("required", SqlType::Boolean),
                ],
                {
                    let mut position = 0;
                    let mut last = String::new();
                    self.catalog_columns()?
                        .1
                        .into_iter()
                        .map(|(cat, schema, table, alias, col, t, f, w, r)| {
                            let key = format!("{cat}.{schema}.{table}@{alias}");
                            if key != last {
                                position = 0;
                                last = key;
                            }
                            position += 1;
                            vec![
                                text(cat),
                                text(schema),
                                text(table),
                                text(alias),
                                Value::Integer(position),
                                text(col),
                                text(t.name()),
                                flag(f),
                                flag(w),
                                flag(r),
                            ]
                        })
                        .collect()
                },
            ),
        };
        let columns: Vec<(String, SqlType)> = columns
            .into_iter()
            .map(|(n, t)| (n.to_string(), t))
            .collect();
        self.fill(temp, &columns, &rows)
    }
}
