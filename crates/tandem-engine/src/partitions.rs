//! `use`: which companies the following statements read and write.
//!
//! Codes are checked against the companies the login may access, and all
//! codes that cannot be used are named in one error, so a script with a
//! typo fails before it reads anything.

use rusqlite::types::Value;
use tandem_sql::{Partition, UseStatement};

use crate::error::{Error, Result};
use crate::events::Event;
use crate::script::Ctx;
use crate::session::Session;

fn partition_error(message: String) -> Error {
    Error::Partition {
        message,
        position: None,
    }
}

/// One error naming every code that cannot be used.
pub(crate) fn refused_error(refused: &[String]) -> Error {
    let (what, verb) = if refused.len() == 1 {
        ("company", "is")
    } else {
        ("companies", "are")
    };
    partition_error(format!(
        "{what} {} {verb} not among the companies this login can use",
        refused.join(", ")
    ))
}

impl Session {
    /// The provider an alias names (`None`: the first connection).
    pub(crate) fn provider_index(&self, alias: Option<&str>) -> Result<usize> {
        if self.providers.is_empty() {
            return Err(Error::Connection(
                "not connected to Exact Online (log in, or run in demo mode)".into(),
            ));
        }
        match alias {
            None => Ok(0),
            Some(a) => self
                .providers
                .iter()
                .position(|p| p.alias().eq_ignore_ascii_case(a))
                .ok_or_else(|| {
                    partition_error(format!(
                        "there is no data container @{a}; connected: {}",
                        self.providers
                            .iter()
                            .map(|p| format!("@{}", p.alias()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }),
        }
    }

    pub(crate) async fn use_partitions(
        &mut self,
        statement: UseStatement,
        ctx: &Ctx<'_>,
    ) -> Result<()> {
        let wanted: Vec<(Option<String>, String)> = match statement {
            UseStatement::Partitions(list) => list
                .into_iter()
                .map(|Partition { code, alias }| (alias, code))
                .collect(),
            UseStatement::All { alias } => {
                let p = self.provider_index(alias.as_deref())?;
                let all = self.accessible(p).await?;
                self.activate(all.iter().map(|i| (p, i.code)).collect(), ctx);
                return Ok(());
            }
            UseStatement::Query(mut query) => {
                let specs = self.prepare(&mut query, ctx).await?;
                let rows = self.query_rows(&query.to_string());
                self.drop_fetched(&specs);
                rows?
                    .into_iter()
                    .map(|row| {
                        let text = |v: Option<&Value>| match v {
                            Some(Value::Integer(i)) => Some(i.to_string()),
                            Some(Value::Real(f)) => Some(f.to_string()),
                            Some(Value::Text(s)) => Some(s.trim().to_string()),
                            _ => None,
                        };
                        (text(row.get(1)), text(row.first()).unwrap_or_default())
                    })
                    .collect()
            }
        };
        if wanted.is_empty() {
            return Err(partition_error("use selected no companies".into()));
        }
        let mut active = Vec::new();
        let mut refused = Vec::new();
        for (alias, code) in wanted {
            let p = self.provider_index(alias.as_deref())?;
            let accessible = self.accessible(p).await?;
            match code.parse::<i64>() {
                Ok(c) if accessible.iter().any(|a| a.code == c) => {
                    if !active.contains(&(p, c)) {
                        active.push((p, c));
                    }
                }
                _ => refused.push(code),
            }
        }
        if !refused.is_empty() {
            return Err(refused_error(&refused));
        }
        self.activate(active, ctx);
        Ok(())
    }

    fn activate(&mut self, active: Vec<(usize, i64)>, ctx: &Ctx<'_>) {
        self.active = active;
        ctx.events.event(Event::Message {
            level: "info".into(),
            text: match self.active.len() {
                1 => format!("Using company {}", self.active[0].1),
                n => format!("Using {n} companies"),
            },
        });
    }
}
