//! Conformance of the simulator with the documented behaviour of Exact
//! Online (shared/EXACT_ONLINE_API.md), through real HTTP on 127.0.0.1.
//! Each test starts its own simulator on port 0 and freezes its clock, so
//! time rules are tested by advancing the clock, never by sleeping.

mod control;
mod divisions;
mod errors;
mod filter;
mod oauth;
mod paging;
mod rate_limits;
mod support;
mod writes;
