//! Tandem's SQL dialect: what a user may type, turned into statements the
//! engine can run.
//!
//! A script is read one statement at a time by [`ScriptReader`]: semicolons
//! are optional (as in Invantive scripts; the parser decides where a
//! statement ends), `local` commands are read from their line, `${NAME}` is
//! expanded from [`Defines`] just before the statement that uses it is
//! parsed, and each statement comes out as a [`Statement`] located in the
//! original text: relational SQL as sqlparser's AST (parsed with
//! [`TandemDialect`]), our own statements (`use`, `set`, `synchronize`,
//! `explain synchronize`, `local ...`) with our own grammar. Every failure is
//! an [`Error`] with a kind and the line and column of the original script,
//! mapped back through `${}` expansion; [`Error::render`] shows it with a
//! caret.
//!
//! This crate is pure: no I/O, no SQLite, no network, no Tauri. It turns text
//! into syntax trees and nothing more, so every rule can be unit-tested.
#![deny(missing_docs)]

mod defines;
mod dialect;
mod error;
mod grammar;
mod keywords;
mod local;
mod names;
mod script;
mod span;
mod statement;
mod synchronize;
mod use_stmt;

pub use defines::Defines;
pub use dialect::TandemDialect;
pub use error::{Error, ErrorKind, Result};
pub use local::{ExportFormat, LocalCommand, OnError};
pub use names::TableName;
pub use script::{
    parse_script, parse_statement, referenced_parameters, ParameterUse, ScriptReader,
};
pub use span::{Position, SourceSpan};
pub use statement::{Located, Statement};
pub use synchronize::{
    IgnoreNulls, LimitAction, RowLimit, SyncOperation, SyncOperationKind, SyncStatement,
};
pub use use_stmt::{Partition, UseStatement};

/// sqlparser, re-exported so that the engine matches the AST of the same
/// version this crate parses with.
pub use sqlparser;
