//! `exit|error after N rows`, counted over the whole statement.
//!
//! A limit is a promise about the statement, not about one company: the user
//! who writes `exit after 100 rows` against 200 companies means 100 writes in
//! all. So one counter per operation kind runs across the companies, in plan
//! order (companies ascending, rows in source order, deletes in target
//! order), which makes the cut reproducible. An error limit is checked once
//! the plan is complete, so the message can say how many rows were planned,
//! and nothing at all is written: stricter than failing at the N+1st write,
//! and never leaving a half-applied statement.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::options::{Limit, LimitKind, OperationKind, PlanOptions};

/// An `exit after N rows` limit that held operations back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncLimitReached")]
pub struct LimitReached {
    /// The operation kind.
    pub kind: OperationKind,
    /// N.
    #[ts(type = "number")]
    pub limit: u64,
    /// The operations of that kind the statement would have made.
    #[ts(type = "number")]
    pub wanted: u64,
    /// Those held back (`wanted - limit`), listed as skipped in the plan.
    #[ts(type = "number")]
    pub skipped: u64,
}

/// Whether the next operation of a kind is planned or held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admit {
    Plan,
    SkipByLimit,
}

/// The per-kind counters of one statement.
#[derive(Debug)]
pub(crate) struct Limits {
    limits: [Option<Limit>; 3],
    wanted: [u64; 3],
}

impl Limits {
    pub(crate) fn new(options: &PlanOptions) -> Self {
        let limit = |kind| options.allowed(kind).and_then(|a| a.limit);
        Limits {
            limits: OperationKind::ALL.map(limit),
            wanted: [0; 3],
        }
    }

    /// Counts one more operation of `kind` and says whether to plan it.
    pub(crate) fn admit(&mut self, kind: OperationKind) -> Admit {
        let i = kind.index();
        self.wanted[i] += 1;
        match self.limits[i] {
            Some(Limit {
                action: LimitKind::Exit,
                rows,
            }) if self.wanted[i] > rows => Admit::SkipByLimit,
            _ => Admit::Plan,
        }
    }

    /// Fails on the first error limit (in insert, update, delete order) that
    /// the plan exceeds.
    pub(crate) fn check_errors(&self) -> Result<()> {
        for kind in OperationKind::ALL {
            let i = kind.index();
            if let Some(Limit {
                action: LimitKind::Error,
                rows,
            }) = self.limits[i]
            {
                if self.wanted[i] > rows {
                    return Err(Error::LimitExceeded {
                        kind,
                        limit: rows,
                        planned: self.wanted[i],
                    });
                }
            }
        }
        Ok(())
    }

    /// The exit limits that held operations back.
    pub(crate) fn reached(&self) -> Vec<LimitReached> {
        OperationKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let i = kind.index();
                match self.limits[i] {
                    Some(Limit {
                        action: LimitKind::Exit,
                        rows,
                    }) if self.wanted[i] > rows => Some(LimitReached {
                        kind,
                        limit: rows,
                        wanted: self.wanted[i],
                        skipped: self.wanted[i] - rows,
                    }),
                    _ => None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(kind: OperationKind, action: LimitKind, rows: u64) -> PlanOptions {
        PlanOptions::identified_by(["code"]).allow(kind, Some(Limit { action, rows }))
    }

    #[test]
    fn exit_plans_n_then_skips() {
        let mut l = Limits::new(&options(OperationKind::Update, LimitKind::Exit, 2));
        let got: Vec<_> = (0..4).map(|_| l.admit(OperationKind::Update)).collect();
        assert_eq!(
            got,
            [
                Admit::Plan,
                Admit::Plan,
                Admit::SkipByLimit,
                Admit::SkipByLimit
            ]
        );
        // Other kinds are not limited.
        assert_eq!(l.admit(OperationKind::Insert), Admit::Plan);
        assert!(l.check_errors().is_ok());
        assert_eq!(
            l.reached(),
            [LimitReached {
                kind: OperationKind::Update,
                limit: 2,
                wanted: 4,
                skipped: 2
            }]
        );
    }

    #[test]
    fn exit_at_exactly_n_is_not_reported() {
        let mut l = Limits::new(&options(OperationKind::Delete, LimitKind::Exit, 2));
        l.admit(OperationKind::Delete);
        l.admit(OperationKind::Delete);
        assert!(l.reached().is_empty());
    }

    #[test]
    fn error_fails_only_beyond_n() {
        let mut l = Limits::new(&options(OperationKind::Insert, LimitKind::Error, 2));
        assert_eq!(l.admit(OperationKind::Insert), Admit::Plan);
        assert_eq!(l.admit(OperationKind::Insert), Admit::Plan);
        assert!(l.check_errors().is_ok());
        l.admit(OperationKind::Insert);
        assert_eq!(
            l.check_errors(),
            Err(Error::LimitExceeded {
                kind: OperationKind::Insert,
                limit: 2,
                planned: 3
            })
        );
        assert!(l.reached().is_empty());
    }

    #[test]
    fn exit_after_zero_rows_plans_nothing() {
        let mut l = Limits::new(&options(OperationKind::Insert, LimitKind::Exit, 0));
        assert_eq!(l.admit(OperationKind::Insert), Admit::SkipByLimit);
    }
}
