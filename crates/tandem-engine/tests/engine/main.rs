//! Engine integration tests: real SQLite, real HTTP to the simulator on
//! 127.0.0.1, through the same OAuth2 login as the real service.

mod bad_input;
mod export;
mod golden;
mod history;
mod parameters;
mod pushdown;
mod seed;
mod support;
mod sync;
mod sync_approval;
mod sync_cancel;
mod sync_faults;
mod sync_routing;
mod sync_undo;
