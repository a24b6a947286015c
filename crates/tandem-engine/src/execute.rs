//! Running one relational statement: resolve and rewrite its names, read
//! the cloud tables it uses, run it in SQLite, drop what was read.
//!
//! Statements SQLite cannot take as printed are rewritten here:
//! `create or replace table` becomes drop + create (and `as select` creates
//! the table with the query's column types), names become SQLite names.
//! Changes to cloud tables go to `dml`.

use sqlparser::ast::{
    CreateTable, ObjectType, Statement as Sql, TableFactor, TableObject, Visit, VisitMut,
};
use tandem_sql::sqlparser;

use crate::error::{Error, Result};
use crate::resolve::Target;
use crate::results::quote;
use crate::rewrite::{self, name_position, sqlite_name, table_name, FetchSpec};
use crate::script::{Ctx, Outcome};
use crate::session::Session;

impl Session {
    /// Resolves and renames the tables of `node` and reads the cloud ones.
    pub(crate) async fn prepare<N: VisitMut + Visit>(
        &mut self,
        node: &mut N,
        ctx: &Ctx<'_>,
    ) -> Result<Vec<FetchSpec>> {
        let capabilities = self.capabilities();
        let mut counter = self.counter;
        let specs = {
            let names = self.names()?;
            rewrite::rewrite(node, &names, &capabilities, &mut counter)?
        };
        self.counter = counter;
        if let Err(e) = self.fetch(&specs, ctx.events, ctx.cancel).await {
            self.drop_fetched(&specs);
            return Err(e);
        }
        Ok(specs)
    }

    /// Runs `f` after [`Session::prepare`], dropping what was read after.
    async fn with_tables<N, T>(
        &mut self,
        node: &mut N,
        ctx: &Ctx<'_>,
        f: impl FnOnce(&mut Session, &N) -> Result<T>,
    ) -> Result<T>
    where
        N: VisitMut + Visit,
    {
        let specs = self.prepare(node, ctx).await?;
        let result = f(self, node);
        self.drop_fetched(&specs);
        result
    }

    pub(crate) async fn execute_sql(
        &mut self,
        mut statement: Sql,
        ctx: &mut Ctx<'_>,
    ) -> Result<Outcome> {
        match &mut statement {
            Sql::Query(query) => {
                let info = self
                    .with_tables(query, ctx, |s, q| s.new_result(&q.to_string()))
                    .await?;
                Ok(Outcome::Rows(info))
            }
            Sql::CreateTable(create) => self.create_table(create, ctx).await,
            Sql::CreateView(view) => {
                let target = self.names()?.create_target(&table_name(&view.name)?)?;
                let replace = view.or_replace;
                view.or_replace = false;
                view.name = sqlite_name(&target);
                let specs = {
                    let capabilities = self.capabilities();
                    let names = self.names()?;
                    let mut counter = self.counter;
                    rewrite::rewrite(&mut view.query, &names, &capabilities, &mut counter)?
                };
                if !specs.is_empty() {
                    return Err(Error::not_supported(
                        "A view over cloud or system tables (create a table instead)",
                    ));
                }
                if replace {
                    self.db
                        .execute(&format!("DROP VIEW IF EXISTS main.{}", quote(&target)), [])?;
                }
                self.db.execute(&statement.to_string(), [])?;
                Ok(Outcome::Nothing)
            }
            Sql::CreateIndex(index) => {
                index.table_name = self.memory_name(&index.table_name)?;
                self.db.execute(&statement.to_string(), [])?;
                Ok(Outcome::Nothing)
            }
            Sql::Drop {
                object_type,
                if_exists,
                names,
                ..
            } => {
                if matches!(object_type, ObjectType::Table | ObjectType::View) {
                    let mut kept = Vec::new();
                    for n in names.drain(..) {
                        match self.memory_name(&n) {
                            Ok(sqlite) => kept.push(sqlite),
                            Err(Error::UnknownTable { .. }) if *if_exists => {}
                            Err(e) => return Err(e),
                        }
                    }
                    if kept.is_empty() {
                        return Ok(Outcome::Nothing);
                    }
                    *names = kept;
                }
                self.db.execute(&statement.to_string(), [])?;
                Ok(Outcome::Nothing)
            }
            Sql::Insert(insert) => {
                let TableObject::TableName(name) = &insert.table else {
                    return Err(Error::not_supported("INSERT into a table function"));
                };
                match self.resolve_at(name)? {
                    Target::Memory(sqlite) => {
                        insert.table = TableObject::TableName(sqlite_name(&sqlite));
                        self.changes(&mut statement, ctx).await
                    }
                    Target::Cloud { provider, table } => {
                        self.cloud_insert(provider, &table, insert, ctx).await
                    }
                    Target::System(t) => Err(read_only(t.full_name())),
                }
            }
            Sql::Update(update) => {
                let TableFactor::Table { name, alias, .. } = &update.table.relation else {
                    return Err(Error::not_supported("UPDATE of a derived table"));
                };
                match self.resolve_at(name)? {
                    Target::Memory(_) => self.changes(&mut statement, ctx).await,
                    Target::Cloud { provider, table } => {
                        let (name, alias) = (name.clone(), alias.clone());
                        self.cloud_update(provider, &table, &name, alias, update, ctx)
                            .await
                    }
                    Target::System(t) => Err(read_only(t.full_name())),
                }
            }
            Sql::Delete(delete) => {
                let from = match &delete.from {
                    sqlparser::ast::FromTable::WithFromKeyword(f)
                    | sqlparser::ast::FromTable::WithoutKeyword(f) => f,
                };
                let Some(TableFactor::Table { name, alias, .. }) =
                    from.first().map(|t| &t.relation)
                else {
                    return Err(Error::not_supported("DELETE of a derived table"));
                };
                match self.resolve_at(name)? {
                    Target::Memory(_) => self.changes(&mut statement, ctx).await,
                    Target::Cloud { provider, table } => {
                        let (name, alias) = (name.clone(), alias.clone());
                        let selection = delete.selection.clone();
                        self.cloud_delete(provider, &table, &name, alias, selection, ctx)
                            .await
                    }
                    Target::System(t) => Err(read_only(t.full_name())),
                }
            }
            _ => Err(Error::not_supported("This statement")),
        }
    }

    /// Runs a statement that changes in-memory rows; returns the count.
    async fn changes(&mut self, statement: &mut Sql, ctx: &Ctx<'_>) -> Result<Outcome> {
        let n = self
            .with_tables(statement, ctx, |s, st| {
                Ok(s.db.execute(&st.to_string(), [])? as u64)
            })
            .await?;
        Ok(Outcome::Changed(n))
    }

    /// Resolves a name, with its position on failure.
    pub(crate) fn resolve_at(&self, name: &sqlparser::ast::ObjectName) -> Result<Target> {
        let parsed = table_name(name)?;
        self.names()?
            .resolve(&parsed)
            .map_err(|e| match name_position(name) {
                Some(p) => e.at(p),
                None => e,
            })
    }

    /// The SQLite name of an in-memory table, or why `name` is not one.
    fn memory_name(&self, name: &sqlparser::ast::ObjectName) -> Result<sqlparser::ast::ObjectName> {
        match self.resolve_at(name)? {
            Target::Memory(sqlite) => Ok(sqlite_name(&sqlite)),
            Target::Cloud { table, .. } => Err(Error::not_supported(format!(
                "Changing the structure of cloud table {}",
                table.full_name()
            ))),
            Target::System(t) => Err(read_only(t.full_name())),
        }
    }

    async fn create_table(&mut self, create: &mut CreateTable, ctx: &Ctx<'_>) -> Result<Outcome> {
        let target = self
            .names()?
            .create_target(&table_name(&create.name)?)
            .map_err(|e| match name_position(&create.name) {
                Some(p) => e.at(p),
                None => e,
            })?;
        let exists = self.memory_tables()?.iter().any(|m| m == &target);
        let qualified = format!("main.{}", quote(&target));
        let Some(mut query) = create.query.take() else {
            if create.or_replace {
                self.db
                    .execute(&format!("DROP TABLE IF EXISTS {qualified}"), [])?;
            }
            create.or_replace = false;
            create.name = sqlite_name(&target);
            self.db.execute(&create.to_string(), [])?;
            return Ok(Outcome::Nothing);
        };
        if exists && !create.or_replace {
            if create.if_not_exists {
                return Ok(Outcome::Nothing);
            }
            return Err(Error::Sql {
                message: format!("table {target} already exists (use create or replace table)"),
                position: name_position(&create.name),
            });
        }
        let replace = create.or_replace;
        let rows = self
            .with_tables(&mut query, ctx, |s, q| {
                let sql = q.to_string();
                // Check the query before dropping what it replaces.
                s.describe(&sql)?;
                if replace {
                    s.db.execute(&format!("DROP TABLE IF EXISTS {qualified}"), [])?;
                }
                Ok(s.materialize(&qualified, &sql, false)?.1)
            })
            .await?;
        Ok(Outcome::Changed(rows))
    }
}

fn read_only(name: String) -> Error {
    Error::Sql {
        message: format!("{name} is read-only"),
        position: None,
    }
}
