//! End-to-end tests of the real desktop app. See `tests/README.md`.

mod bad_input;
mod companies;
mod connect;
mod editor;
mod export;
mod frame;
mod history;
mod screens;
mod steps;
mod sync_flow;
