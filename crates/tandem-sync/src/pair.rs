//! Which columns are compared, and which source row belongs to which target
//! row.
//!
//! Columns match by name ignoring case (SQL identifiers do); only columns of
//! both tables are compared or sent. Rows pair within their company on the
//! normalised `identified by` values, NULL matching NULL. A key that occurs
//! twice on one side is an error, never a silent pick: pairing the wrong
//! twin would update or delete a row the user did not mean.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Result, Side};
use crate::normalize::{infer_kind, normalize, KeyPart};
use crate::options::PlanOptions;
use crate::value::{ColumnKind, ColumnSpec, RowSet, Value};

/// One column of both tables.
#[derive(Debug, Clone)]
pub(crate) struct SharedColumn {
    /// The target's spelling (writes go to the target).
    pub name: String,
    pub source: usize,
    pub target: usize,
    /// Never `Auto`: inferred from the data when undeclared.
    pub kind: ColumnKind,
    pub case_insensitive: bool,
}

/// The column layout of one plan.
#[derive(Debug)]
pub(crate) struct Layout {
    /// `identified by`, in statement order.
    pub key: Vec<SharedColumn>,
    /// Shared columns that can cause an update: not keys, not ignored.
    pub compared: Vec<SharedColumn>,
    /// Shared columns, in the source's order: what an insert sends.
    pub inserted: Vec<SharedColumn>,
    /// Source columns the target lacks (never written; the plan lists them).
    pub unmatched_source: Vec<String>,
}

fn position(columns: &[String], side: Side, name: &str) -> Result<Option<usize>> {
    let mut found = None;
    for (i, c) in columns.iter().enumerate() {
        if c.eq_ignore_ascii_case(name) {
            if found.is_some() {
                return Err(Error::AmbiguousColumn {
                    column: c.clone(),
                    side,
                });
            }
            found = Some(i);
        }
    }
    Ok(found)
}

fn check_widths(set: &RowSet, side: Side) -> Result<()> {
    let expected = set.columns.len();
    match set.rows.iter().position(|r| r.values.len() != expected) {
        Some(row) => Err(Error::RowWidth {
            side,
            row,
            expected,
            found: set.rows[row].values.len(),
        }),
        None => Ok(()),
    }
}

impl Layout {
    pub(crate) fn resolve(
        options: &PlanOptions,
        source: &RowSet,
        target: &RowSet,
        specs: &[ColumnSpec],
    ) -> Result<Layout> {
        if options.identified_by.is_empty() {
            return Err(Error::NoKeyColumns);
        }
        check_widths(source, Side::Source)?;
        check_widths(target, Side::Target)?;
        for c in &target.columns {
            position(&target.columns, Side::Target, c)?;
        }
        let mut inserted = Vec::new();
        let mut unmatched_source = Vec::new();
        for (s, name) in source.columns.iter().enumerate() {
            position(&source.columns, Side::Source, name)?;
            let Some(t) = position(&target.columns, Side::Target, name)? else {
                unmatched_source.push(name.clone());
                continue;
            };
            let spec = specs.iter().find(|c| c.name.eq_ignore_ascii_case(name));
            let kind = match spec.map_or(ColumnKind::Auto, |c| c.kind) {
                ColumnKind::Auto => infer_kind(
                    source
                        .rows
                        .iter()
                        .map(|r| &r.values[s])
                        .chain(target.rows.iter().map(|r| &r.values[t])),
                ),
                k => k,
            };
            inserted.push(SharedColumn {
                name: target.columns[t].clone(),
                source: s,
                target: t,
                kind,
                case_insensitive: spec.is_some_and(|c| c.case_insensitive),
            });
        }
        let find = |clause: &'static str, name: &String| -> Result<SharedColumn> {
            if let Some(c) = inserted.iter().find(|c| c.name.eq_ignore_ascii_case(name)) {
                return Ok(c.clone());
            }
            let side = if position(&source.columns, Side::Source, name)?.is_none() {
                Side::Source
            } else {
                Side::Target
            };
            Err(Error::UnknownColumn {
                clause,
                column: name.clone(),
                side,
            })
        };
        let key = options
            .identified_by
            .iter()
            .map(|n| find("IDENTIFIED BY", n))
            .collect::<Result<Vec<_>>>()?;
        let ignored = options
            .ignore_changes_to
            .iter()
            .map(|n| find("IGNORE CHANGES TO", n))
            .collect::<Result<Vec<_>>>()?;
        let compared = inserted
            .iter()
            .filter(|c| {
                let named = |o: &SharedColumn| o.name.eq_ignore_ascii_case(&c.name);
                !key.iter().any(named) && !ignored.iter().any(named)
            })
            .cloned()
            .collect();
        Ok(Layout {
            key,
            compared,
            inserted,
            unmatched_source,
        })
    }

    /// The pairing key of a row of `side`.
    pub(crate) fn key_of(&self, values: &[Value], side: Side) -> Vec<KeyPart> {
        self.key
            .iter()
            .map(|c| {
                let i = match side {
                    Side::Source => c.source,
                    Side::Target => c.target,
                };
                normalize(&values[i], c.kind).into_key(c.case_insensitive)
            })
            .collect()
    }

    /// `code = '1', division = 102673`: the key as messages and `explain`
    /// show it, from a row of `side`, padding trimmed.
    pub(crate) fn key_text(&self, values: &[Value], side: Side) -> String {
        self.key_fields(values, side)
            .iter()
            .map(|f| format!("{} = {}", f.column, f.value))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The key columns and their values in the form users see.
    pub(crate) fn key_fields(&self, values: &[Value], side: Side) -> Vec<crate::plan::Field> {
        self.key
            .iter()
            .map(|c| {
                let i = match side {
                    Side::Source => c.source,
                    Side::Target => c.target,
                };
                let value = match crate::normalize::user_form(&values[i]) {
                    Value::Text(t) => Value::Text(t.trim_matches(' ').to_owned()),
                    v => v,
                };
                crate::plan::Field {
                    column: c.name.clone(),
                    value,
                }
            })
            .collect()
    }
}

/// Row indexes of both sides, per company, companies ascending.
#[derive(Debug, Default)]
pub(crate) struct CompanyRows {
    pub source: Vec<usize>,
    pub target: Vec<usize>,
}

pub(crate) fn by_company(source: &RowSet, target: &RowSet) -> BTreeMap<Option<i64>, CompanyRows> {
    let mut companies: BTreeMap<Option<i64>, CompanyRows> = BTreeMap::new();
    for (i, r) in source.rows.iter().enumerate() {
        companies.entry(r.company).or_default().source.push(i);
    }
    for (i, r) in target.rows.iter().enumerate() {
        companies.entry(r.company).or_default().target.push(i);
    }
    companies
}

/// One key's rows in one company: positions in `CompanyRows`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Slot {
    pub source: Option<usize>,
    pub target: Option<usize>,
}

/// Pairs one company's rows. Returns, in source order, each source row with
/// its target partner, and the target rows nobody paired (in target order),
/// plus the rows skipped for all-NULL keys (source, target).
#[derive(Debug)]
pub(crate) struct Pairing {
    pub pairs: Vec<(usize, Option<usize>)>,
    pub unpaired_targets: Vec<usize>,
    pub skipped_source: u64,
    pub skipped_target: u64,
}

pub(crate) fn pair_company(
    layout: &Layout,
    company: Option<i64>,
    rows: &CompanyRows,
    source: &RowSet,
    target: &RowSet,
    skip_null_keys: bool,
    map: &mut HashMap<Vec<KeyPart>, Slot>,
) -> Result<Pairing> {
    map.clear();
    let all_null = |k: &[KeyPart]| k.iter().all(|p| *p == KeyPart::Null);
    let duplicate = |side: Side, values: &[Value], key: &[KeyPart], set: &RowSet, idx: &[usize]| {
        let count = idx
            .iter()
            .filter(|&&i| layout.key_of(&set.rows[i].values, side) == key)
            .count();
        Error::DuplicateKey {
            side,
            company,
            key: layout.key_text(values, side),
            count,
        }
    };
    let mut skipped_target = 0;
    let mut matched = vec![false; rows.target.len()];
    for (pos, &t) in rows.target.iter().enumerate() {
        let values = &target.rows[t].values;
        let key = layout.key_of(values, Side::Target);
        if skip_null_keys && all_null(&key) {
            skipped_target += 1;
            matched[pos] = true;
            continue;
        }
        let slot = map.entry(key).or_default();
        if slot.target.is_some() {
            let key = layout.key_of(values, Side::Target);
            return Err(duplicate(Side::Target, values, &key, target, &rows.target));
        }
        slot.target = Some(pos);
    }
    let mut skipped_source = 0;
    let mut pairs = Vec::with_capacity(rows.source.len());
    for &s in &rows.source {
        let values = &source.rows[s].values;
        let key = layout.key_of(values, Side::Source);
        if skip_null_keys && all_null(&key) {
            skipped_source += 1;
            continue;
        }
        let slot = map.entry(key).or_default();
        if slot.source.is_some() {
            let key = layout.key_of(values, Side::Source);
            return Err(duplicate(Side::Source, values, &key, source, &rows.source));
        }
        slot.source = Some(s);
        if let Some(pos) = slot.target {
            matched[pos] = true;
        }
        pairs.push((s, slot.target.map(|pos| rows.target[pos])));
    }
    let unpaired_targets = rows
        .target
        .iter()
        .zip(&matched)
        .filter(|(_, &m)| !m)
        .map(|(&t, _)| t)
        .collect();
    Ok(Pairing {
        pairs,
        unpaired_targets,
        skipped_source,
        skipped_target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(columns: &[&str], rows: Vec<(Option<i64>, Vec<Value>)>) -> RowSet {
        let mut s = RowSet::new(columns.iter().copied());
        for (c, v) in rows {
            s.push(c, v);
        }
        s
    }

    #[test]
    fn columns_match_ignoring_case_and_keep_target_spelling() {
        let source = set(&["code", "name", "extra"], vec![]);
        let target = set(&["Code", "Name", "ID"], vec![]);
        let options = PlanOptions::identified_by(["CODE"]);
        let l = Layout::resolve(&options, &source, &target, &[]).unwrap();
        assert_eq!(l.key[0].name, "Code");
        assert_eq!(l.compared.len(), 1);
        assert_eq!(l.compared[0].name, "Name");
        assert_eq!(l.inserted.len(), 2);
        assert_eq!(l.unmatched_source, ["extra"]);
    }

    #[test]
    fn unknown_and_ambiguous_columns_are_errors() {
        let source = set(&["code", "name"], vec![]);
        let target = set(&["code"], vec![]);
        let options = PlanOptions::identified_by(["name"]);
        assert_eq!(
            Layout::resolve(&options, &source, &target, &[]).unwrap_err(),
            Error::UnknownColumn {
                clause: "IDENTIFIED BY",
                column: "name".into(),
                side: Side::Target
            }
        );
        let mut options = PlanOptions::identified_by(["code"]);
        options.ignore_changes_to = vec!["nmae".into()];
        assert!(matches!(
            Layout::resolve(&options, &source, &target, &[]),
            Err(Error::UnknownColumn {
                side: Side::Source,
                ..
            })
        ));
        let twice = set(&["code", "CODE"], vec![]);
        assert!(matches!(
            Layout::resolve(&PlanOptions::identified_by(["code"]), &twice, &target, &[]),
            Err(Error::AmbiguousColumn {
                side: Side::Source,
                ..
            })
        ));
        assert_eq!(
            Layout::resolve(
                &PlanOptions::identified_by(Vec::<String>::new()),
                &source,
                &target,
                &[]
            )
            .unwrap_err(),
            Error::NoKeyColumns
        );
    }

    #[test]
    fn ragged_rows_are_refused() {
        let source = set(&["code"], vec![(None, vec![Value::Int(1), Value::Int(2)])]);
        let target = set(&["code"], vec![]);
        assert!(matches!(
            Layout::resolve(&PlanOptions::identified_by(["code"]), &source, &target, &[]),
            Err(Error::RowWidth {
                side: Side::Source,
                row: 0,
                expected: 1,
                found: 2
            })
        ));
    }

    #[test]
    fn declared_kinds_win_over_inference() {
        let source = set(
            &["code", "amount"],
            vec![(None, vec!["1".into(), "1.50".into()])],
        );
        let target = set(
            &["code", "amount"],
            vec![(None, vec!["1".into(), "1.5".into()])],
        );
        let options = PlanOptions::identified_by(["code"]);
        let l = Layout::resolve(&options, &source, &target, &[]).unwrap();
        assert_eq!(l.compared[0].kind, ColumnKind::Text);
        let specs = [ColumnSpec::new("AMOUNT", ColumnKind::Number)];
        let l = Layout::resolve(&options, &source, &target, &specs).unwrap();
        assert_eq!(l.compared[0].kind, ColumnKind::Number);
    }

    #[test]
    fn pairing_matches_null_with_null_and_finds_duplicates() {
        let source = set(
            &["code"],
            vec![(Some(1), vec![Value::Null]), (Some(1), vec!["2".into()])],
        );
        let target = set(
            &["code"],
            vec![(Some(1), vec!["".into()]), (Some(1), vec!["3".into()])],
        );
        let options = PlanOptions::identified_by(["code"]);
        let l = Layout::resolve(&options, &source, &target, &[]).unwrap();
        let companies = by_company(&source, &target);
        let rows = &companies[&Some(1)];
        let mut map = HashMap::new();
        let p = pair_company(&l, Some(1), rows, &source, &target, false, &mut map).unwrap();
        assert_eq!(p.pairs, [(0, Some(0)), (1, None)]);
        assert_eq!(p.unpaired_targets, [1]);
        let p = pair_company(&l, Some(1), rows, &source, &target, true, &mut map).unwrap();
        assert_eq!(p.pairs, [(1, None)]);
        assert_eq!((p.skipped_source, p.skipped_target), (1, 1));
        assert_eq!(p.unpaired_targets, [1]);

        let dup = set(
            &["code"],
            vec![(Some(1), vec!["1".into()]), (Some(1), vec![" 1".into()])],
        );
        let e = pair_company(
            &l,
            Some(1),
            &by_company(&dup, &target)[&Some(1)],
            &dup,
            &target,
            false,
            &mut map,
        )
        .unwrap_err();
        assert_eq!(
            e,
            Error::DuplicateKey {
                side: Side::Source,
                company: Some(1),
                key: "code = '1'".into(),
                count: 2
            }
        );
    }
}
