//! The engine's own tables (`Tandem.System.*`): the active partitions, the
//! API calls made, and the catalog of every table and column (which feeds
//! the editor's auto-completion). They are filled on demand, like cloud
//! tables, into a temporary table per reference.

use rusqlite::types::Value;

use crate::error::{Error, Result};
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

/// A system table's columns and rows.
type Filled = (Vec<(&'static str, SqlType)>, Vec<Vec<Value>>);

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
            SystemTable::SyncRuns | SystemTable::SyncChanges => self.run_log(t)?,
        };
        let columns: Vec<(String, SqlType)> = columns
            .into_iter()
            .map(|(n, t)| (n.to_string(), t))
            .collect();
        self.fill(temp, &columns, &rows)
    }

    /// The synchronize run log (`syncruns`, `syncchanges`), from the app
    /// database; empty when the session has none.
    fn run_log(&self, t: SystemTable) -> Result<Filled> {
        let io = |e: tandem_store::Error| Error::Io(format!("the run log cannot be read: {e}"));
        let runs = match &self.store {
            Some(store) => store.sync_log().runs(usize::MAX).map_err(io)?,
            None => Vec::new(),
        };
        let opt_text = |s: Option<String>| s.map_or(Value::Null, Value::Text);
        if t == SystemTable::SyncRuns {
            let columns = vec![
                ("id", SqlType::Integer),
                ("started_at", SqlType::Text),
                ("finished_at", SqlType::Text),
                ("statement", SqlType::Text),
                ("user", SqlType::Text),
                ("companies", SqlType::Text),
                ("undo_of", SqlType::Integer),
                ("outcome", SqlType::Text),
                ("planned", SqlType::Integer),
                ("inserted", SqlType::Integer),
                ("updated", SqlType::Integer),
                ("deleted", SqlType::Integer),
                ("unchanged", SqlType::Integer),
                ("failed", SqlType::Integer),
                ("api_calls", SqlType::Integer),
                ("error", SqlType::Text),
            ];
            let rows = runs
                .into_iter()
                .map(|r| {
                    let n = |v: u64| Value::Integer(v as i64);
                    vec![
                        Value::Integer(r.id),
                        text(r.started_at),
                        opt_text(r.finished_at),
                        text(r.statement),
                        text(r.user),
                        text(
                            r.companies
                                .iter()
                                .map(i64::to_string)
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        r.undo_of.map_or(Value::Null, Value::Integer),
                        text(r.outcome.map_or("did not finish", |o| o.as_str())),
                        n(r.planned),
                        n(r.counts.inserted),
                        n(r.counts.updated),
                        n(r.counts.deleted),
                        n(r.counts.unchanged),
                        n(r.counts.failed),
                        n(r.api_calls),
                        opt_text(r.error),
                    ]
                })
                .collect();
            return Ok((columns, rows));
        }
        let columns = vec![
            ("run_id", SqlType::Integer),
            ("seq", SqlType::Integer),
            ("company", SqlType::Integer),
            ("operation", SqlType::Text),
            ("key", SqlType::Text),
            ("row_id", SqlType::Guid),
            ("before", SqlType::Text),
            ("after", SqlType::Text),
            ("outcome", SqlType::Text),
            ("error", SqlType::Text),
            ("calls", SqlType::Integer),
            ("finished_at", SqlType::Text),
        ];
        let mut rows = Vec::new();
        if let Some(store) = &self.store {
            for run in runs.iter().rev() {
                for c in store.sync_log().changes(run.id).map_err(io)? {
                    rows.push(vec![
                        Value::Integer(c.run_id),
                        Value::Integer(c.seq),
                        c.company.map_or(Value::Null, Value::Integer),
                        text(c.operation),
                        text(c.key),
                        opt_text(c.row_id),
                        opt_text(c.before),
                        opt_text(c.after),
                        text(c.outcome.as_str()),
                        opt_text(c.error),
                        Value::Integer(c.calls as i64),
                        opt_text(c.finished_at),
                    ]);
                }
            }
        }
        Ok((columns, rows))
    }
}
