//! Rewriting a statement for SQLite.
//!
//! Every table reference in the sqlparser AST is resolved (see `resolve`)
//! and replaced by the SQLite table that holds its rows: in-memory tables by
//! their own name, cloud and system tables by a temporary table the engine
//! fills before the statement runs (see `fetch`). A reference that loses its
//! name keeps it as an alias, so `accounts.name` still works. The rewriter
//! also notes, per cloud reference, the WHERE it sits under (for pushdown)
//! and afterwards which columns the statement uses, so only those are read.

use std::collections::HashSet;
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Ident, ObjectName, Query, Select, SelectItem, SelectItemQualifiedWildcardKind,
    TableAlias, TableFactor, Visit, VisitMut, Visitor, VisitorMut,
};
use tandem_sql::{sqlparser, Position, TableName};

use crate::error::{Error, Result};
use crate::provider::{Capabilities, TableDef};
use crate::pushdown::{self, Pushdown, Reference};
use crate::resolve::{Names, SystemTable, Target};

/// Where a temporary table's rows come from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FetchSource {
    /// A provider's table.
    Cloud { provider: usize, table: TableDef },
    /// One of the engine's own tables.
    System(SystemTable),
}

/// One table reference that must be read before the statement runs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FetchSpec {
    /// The temporary SQLite table.
    pub(crate) temp: String,
    /// The name the statement uses for the reference (alias or table).
    pub(crate) reference: String,
    pub(crate) source: FetchSource,
    /// Columns to read (provider spelling), for cloud tables.
    pub(crate) columns: Vec<String>,
    pub(crate) pushdown: Pushdown,
}

/// A name as SQLite should see it: quoted, so that any spelling is taken.
pub(crate) fn sqlite_name(name: &str) -> ObjectName {
    ObjectName::from(vec![Ident::with_quote('"', name)])
}

/// The position of a name's first identifier, when the parser recorded one.
pub(crate) fn name_position(name: &ObjectName) -> Option<Position> {
    use sqlparser::ast::ObjectNamePart;
    match name.0.first() {
        Some(ObjectNamePart::Identifier(i)) if i.span.start.line > 0 => Some(Position::new(
            i.span.start.line as usize,
            i.span.start.column as usize,
        )),
        _ => None,
    }
}

/// Splits a parsed table name, or says why it is not one.
pub(crate) fn table_name(name: &ObjectName) -> Result<TableName> {
    TableName::from_object_name(name).ok_or_else(|| Error::Sql {
        message: format!("Invalid table name {name}: expected [catalog.][schema.]table[@alias]"),
        position: name_position(name),
    })
}

struct Frame {
    selection: Option<Expr>,
    sole: bool,
}

struct Rewriter<'a, 'n> {
    names: &'a Names<'n>,
    capabilities: &'a [Capabilities],
    counter: &'a mut u64,
    frames: Vec<Frame>,
    ctes: HashSet<String>,
    specs: Vec<FetchSpec>,
}

impl VisitorMut for Rewriter<'_, '_> {
    type Break = Error;

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<Error> {
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                self.ctes.insert(cte.alias.name.value.to_ascii_lowercase());
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &mut Select) -> ControlFlow<Error> {
        self.frames.push(Frame {
            selection: select.selection.clone(),
            sole: select.from.len() == 1 && select.from[0].joins.is_empty(),
        });
        ControlFlow::Continue(())
    }

    fn post_visit_select(&mut self, _: &mut Select) -> ControlFlow<Error> {
        self.frames.pop();
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<Error> {
        match self.table_factor(factor) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => ControlFlow::Break(e),
        }
    }
}

impl Rewriter<'_, '_> {
    fn table_factor(&mut self, factor: &mut TableFactor) -> Result<()> {
        let TableFactor::Table {
            name,
            alias,
            args: None,
            ..
        } = factor
        else {
            return Ok(());
        };
        let parsed = table_name(name)?;
        let bare = parsed.catalog.is_none() && parsed.schema.is_none() && parsed.alias.is_none();
        if bare && self.ctes.contains(&parsed.table.to_ascii_lowercase()) {
            return Ok(());
        }
        let position = name_position(name);
        let target = self.names.resolve(&parsed).map_err(|e| match position {
            Some(p) => e.at(p),
            None => e,
        })?;
        let source = match target {
            Target::Memory(sqlite) => {
                *name = sqlite_name(&sqlite);
                return Ok(());
            }
            Target::Cloud { provider, table } => FetchSource::Cloud { provider, table },
            Target::System(t) => FetchSource::System(t),
        };
        *self.counter += 1;
        let temp = format!("__fetch_{}", self.counter);
        let reference = match alias {
            Some(a) => a.name.value.clone(),
            None => {
                *alias = Some(TableAlias {
                    explicit: true,
                    name: Ident::with_quote('"', &parsed.table),
                    columns: Vec::new(),
                    at: None,
                });
                parsed.table.clone()
            }
        };
        let pushdown = match (&source, self.frames.last()) {
            (
                FetchSource::Cloud { provider, table },
                Some(Frame {
                    selection: Some(selection),
                    sole,
                }),
            ) => pushdown::extract(
                selection,
                &Reference {
                    name: &reference,
                    sole: *sole,
                    table,
                    capabilities: self.capabilities[*provider],
                },
            ),
            _ => Pushdown::default(),
        };
        *name = sqlite_name(&temp);
        self.specs.push(FetchSpec {
            temp,
            reference,
            source,
            columns: Vec::new(),
            pushdown,
        });
        Ok(())
    }
}

/// The columns a statement mentions.
#[derive(Default)]
struct Usage {
    unqualified: HashSet<String>,
    qualified: HashSet<(String, String)>,
    all: bool,
    all_of: HashSet<String>,
}

impl Visitor for Usage {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            Expr::Identifier(i) => {
                self.unqualified.insert(i.value.to_ascii_lowercase());
            }
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                self.qualified.insert((
                    parts[parts.len() - 2].value.to_ascii_lowercase(),
                    parts[parts.len() - 1].value.to_ascii_lowercase(),
                ));
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &Select) -> ControlFlow<()> {
        for item in &select.projection {
            match item {
                SelectItem::Wildcard(_) => self.all = true,
                SelectItem::QualifiedWildcard(
                    SelectItemQualifiedWildcardKind::ObjectName(n),
                    _,
                ) => {
                    if let Some(last) = n.0.last() {
                        self.all_of
                            .insert(last.to_string().trim_matches('"').to_ascii_lowercase());
                    }
                }
                _ => {}
            }
        }
        // USING and NATURAL join on columns nobody names: read everything.
        for from in &select.from {
            for join in &from.joins {
                let text = join.to_string().to_ascii_uppercase();
                if text.contains(" USING") || text.contains("NATURAL ") {
                    self.all = true;
                }
            }
        }
        ControlFlow::Continue(())
    }
}

/// Resolves and renames every table reference of `node`; returns what must
/// be read into temporary tables, with the columns the statement uses.
pub(crate) fn rewrite<N: VisitMut + Visit>(
    node: &mut N,
    names: &Names<'_>,
    capabilities: &[Capabilities],
    counter: &mut u64,
) -> Result<Vec<FetchSpec>> {
    let mut rewriter = Rewriter {
        names,
        capabilities,
        counter,
        frames: Vec::new(),
        ctes: HashSet::new(),
        specs: Vec::new(),
    };
    if let ControlFlow::Break(e) = VisitMut::visit(node, &mut rewriter) {
        return Err(e);
    }
    let mut specs = rewriter.specs;
    let mut usage = Usage::default();
    let _ = Visit::visit(node, &mut usage);
    for spec in specs.iter_mut() {
        let FetchSource::Cloud { table, .. } = &spec.source else {
            continue;
        };
        let reference = spec.reference.to_ascii_lowercase();
        let everything = usage.all || usage.all_of.contains(&reference);
        spec.columns = table
            .columns
            .iter()
            .filter(|c| {
                let lower = c.name.to_ascii_lowercase();
                everything
                    || usage.unqualified.contains(&lower)
                    || usage.qualified.contains(&(reference.clone(), lower))
            })
            // Sync-only columns switch the read to another endpoint; read
            // them only when asked for by name.
            .filter(|c| !(everything && c.name == "Timestamp"))
            .map(|c| c.name.clone())
            .collect();
        if spec.columns.is_empty() {
            let first = table
                .key
                .clone()
                .or_else(|| table.columns.first().map(|c| c.name.clone()));
            spec.columns.extend(first);
        }
    }
    Ok(specs)
}
