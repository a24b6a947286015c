//! The OData v2 (verbose JSON) layer: query options, `$filter`, paging and
//! the JSON shapes of collections and entities.

pub(crate) mod eval;
pub(crate) mod filter;
mod lexer;
pub(crate) mod paging;
pub(crate) mod query;
pub(crate) mod shape;
