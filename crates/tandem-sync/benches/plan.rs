//! How fast the planner pairs and compares: the seed's use, scaled up.
//!
//! 5,000 accounts replicated into 500 companies is 2.5 M source rows and
//! about as many target rows, the target in Exact's raw representation
//! (padded codes, `/Date()/`, numbers as text, booleans) so normalisation is
//! on the measured path. 1% of the rows differ, 1% are missing, 1% are extra.
//!
//! Bound: planning 2.5 M pairs must take under 10 s on the 2-core build
//! machine (the reads that precede it take hours at Exact's 60 calls per
//! minute per company, so this keeps the planner a rounding error). The
//! benchmark prints the ratio elapsed / bound: below 1.0 passes.
//! `TANDEM_BENCH_SMOKE=1` runs 500 × 5 so CI can check it still runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use tandem_sync::{plan, OperationKind, PlanOptions, RowSet, Value};

const BOUND: Duration = Duration::from_secs(10);

fn tables(accounts: usize, companies: usize) -> (RowSet, RowSet) {
    let columns = [
        "division",
        "code",
        "name",
        "chamberofcommerce",
        "country",
        "startdate",
        "blocked",
    ];
    let mut source = RowSet::new(columns);
    let mut target = RowSet::new(columns.into_iter().chain(["id"]));
    source.rows.reserve(accounts * companies);
    target.rows.reserve(accounts * companies);
    for c in 0..companies {
        let division = 100_000 + c as i64;
        for a in 0..accounts {
            let code = (a + 1).to_string();
            let day: i64 = 15_000 + (a % 1000) as i64;
            let n = c * accounts + a;
            source.push(
                Some(division),
                vec![
                    Value::Int(division),
                    Value::Text(code.clone()),
                    Value::Text(format!("Aanneming {a}")),
                    Value::Text(format!("{:08}", 30_000_000 + a)),
                    Value::from("NL"),
                    Value::Text(tandem_sync::normalize::iso_from_ms(day * 86_400_000)),
                    Value::Int((a % 2) as i64),
                ],
            );
            if n % 100 == 1 {
                continue; // missing: an insert
            }
            let name = if n % 100 == 2 {
                format!("Aanneming {a} (old)") // differs: an update
            } else {
                format!("Aanneming {a}  ")
            };
            target.push(
                Some(division),
                vec![
                    Value::Text(division.to_string()),
                    Value::Text(format!("{code:>18}")),
                    Value::Text(name),
                    Value::Text(format!("{:08}", 30_000_000 + a)),
                    Value::from("NL "),
                    Value::Text(format!("/Date({})/", day * 86_400_000)),
                    Value::Bool(a % 2 == 1),
                    Value::Text(format!("guid-{n}")),
                ],
            );
            if n % 100 == 3 {
                // extra: a delete
                target.push(
                    Some(division),
                    vec![
                        Value::Text(division.to_string()),
                        Value::Text(format!("{:>18}", format!("X{a}"))),
                        Value::from("Gone"),
                        Value::Null,
                        Value::from("NL "),
                        Value::Null,
                        Value::Bool(false),
                        Value::Text(format!("guid-x{n}")),
                    ],
                );
            }
        }
    }
    (source, target)
}

fn main() {
    let smoke = std::env::var("TANDEM_BENCH_SMOKE").is_ok_and(|v| v == "1");
    let (accounts, companies) = if smoke { (500, 5) } else { (5_000, 500) };
    let (source, target) = tables(accounts, companies);
    let options = PlanOptions::identified_by(["division", "code"])
        .allow(OperationKind::Insert, None)
        .allow(OperationKind::Update, None)
        .allow(OperationKind::Delete, None);

    let start = Instant::now();
    let p = black_box(plan(&options, &source, &target, &[]).expect("plan"));
    let elapsed = start.elapsed();

    let pairs = source.rows.len();
    let t = p.totals;
    let expected = (pairs / 100) as u64;
    assert_eq!(
        (t.inserts, t.updates, t.deletes),
        (expected, expected, expected)
    );
    assert_eq!(t.unchanged, pairs as u64 - 2 * expected);

    let rows_per_s = pairs as f64 / elapsed.as_secs_f64();
    let bound = BOUND.mul_f64(pairs as f64 / 2_500_000.0);
    println!(
        "plan: {accounts} accounts x {companies} companies = {pairs} source rows, {} target rows",
        target.rows.len()
    );
    println!(
        "plan: {} inserts, {} updates, {} deletes, {} unchanged in {:.3} s = {:.0} rows/s",
        t.inserts,
        t.updates,
        t.deletes,
        t.unchanged,
        elapsed.as_secs_f64(),
        rows_per_s
    );
    // A smoke run is a debug build on a few rows: it shows the benchmark
    // works, and its ratio says nothing about speed.
    let note = if smoke {
        "; smoke run in a debug build, not a measurement"
    } else {
        ""
    };
    println!(
        "plan: ratio {:.3} (elapsed / bound of {:.3} s = 10 s per 2.5 M pairs; must be < 1{note})",
        elapsed.as_secs_f64() / bound.as_secs_f64(),
        bound.as_secs_f64()
    );
}
