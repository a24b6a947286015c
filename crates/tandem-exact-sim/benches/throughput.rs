//! Requests per second the simulator serves on loopback, for a 1,000-row
//! bulk page and for a single-row POST, against the rate a sync benchmark
//! could ever ask of it: so we know the simulator is never the bottleneck.
//!
//! `TANDEM_BENCH_SMOKE=1` runs a few iterations only (for `make test`).

fn main() {
    println!("benchmark not written yet");
}
