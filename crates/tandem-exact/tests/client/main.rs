//! Integration tests of the Exact Online client against the simulator, over
//! real HTTP on 127.0.0.1. One binary, one module per area.

mod errors;
mod login;
mod pacing;
mod paging;
mod secrets;
mod support;
mod tokens;
