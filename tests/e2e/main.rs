//! End-to-end tests of the real desktop app. See `tests/README.md`.

mod frame;
