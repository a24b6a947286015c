//! The synchronize planner: source rows and target rows in, the writes that
//! make the target match out.
//!
//! This crate is pure: no I/O, no SQLite, no network, no Tauri. The engine
//! reads the rows and hands them over; the applier (later, in the engine)
//! executes the [`Plan`] this crate returns. Keeping the decision of *what*
//! to write apart from writing it is what lets `explain synchronize` and the
//! app's preview show exactly what a run will do, and lets every rule below
//! be unit-tested without a server.
//!
//! The rules, with the choices the dialect leaves open:
//! - Columns of both tables are matched by name, ignoring case; only they
//!   are compared or sent. Source columns the target lacks are listed in the
//!   plan, never written.
//! - Rows pair within their company on the `identified by` columns, compared
//!   after normalisation ([`normalize`]); NULL matches NULL. A key found
//!   twice on one side is an [`Error::DuplicateKey`].
//! - A source row without partner is an insert of every shared column
//!   (including `ignore changes to` columns: a new row has nothing to keep).
//!   A pair that differs in a compared column (shared, not a key, not in
//!   `ignore changes to`) is an update of only the differing columns. With
//!   `or delete`, a target row without partner is a delete, carrying the
//!   whole row as its before-image. Pairs that differ while `update` is not
//!   allowed are left alone and not counted.
//! - `ignore nulls` alone means `on values`: a NULL (or empty text) in the
//!   source never overwrites a value and is left out of inserts. `on
//!   identified by`: rows with all-NULL keys, on either side, take no part
//!   (a target row with a NULL key is not deleted) and are counted as
//!   skipped. `on all`: both.
//! - Limits count over the whole statement ([`LimitReached`]); a company losing
//!   more than half its target rows is listed in
//!   [`Plan::needs_confirmation`].
#![deny(missing_docs)]

mod error;
mod explain;
mod limits;
pub mod normalize;
mod options;
mod pair;
mod plan;
mod value;

pub use error::{Error, Result, Side};
pub use explain::{ExplainRow, EXPLAIN_COLUMNS};
pub use limits::LimitReached;
pub use options::{Allowed, Limit, LimitKind, OperationKind, PlanOptions};
pub use plan::{plan, Change, CompanyPlan, Counts, Field, MassDelete, Operation, Plan};
pub use value::{ColumnKind, ColumnSpec, Row, RowSet, Value};
