//! Tandem's SQL dialect: what a user may type, turned into statements the
//! engine can run.
//!
//! It will split scripts into statements (semicolons optional, as in
//! Invantive scripts), run `local` commands, expand `${NAME}`, and parse each
//! statement: the relational part with sqlparser, our own statements (`use`,
//! `synchronize`, `local ...`) with our own grammar. Errors carry the line and
//! column of the original script.
//!
//! This crate is pure: no I/O, no SQLite, no network, no Tauri. It turns text
//! into syntax trees and nothing more, so every rule can be unit-tested.
#![deny(missing_docs)]

mod dialect;

pub use dialect::TandemDialect;
