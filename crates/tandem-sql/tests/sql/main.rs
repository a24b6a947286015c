//! tandem-sql's integration tests, in one binary: the golden SQL files
//! (`tests/golden/*.sql`, expectations in comments), the seed article's
//! script, and robustness against arbitrary input.

mod golden;
mod robustness;
mod seed;
