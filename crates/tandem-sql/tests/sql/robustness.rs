//! Nothing a user can type makes the crate panic: garbage, unterminated
//! strings and comments, huge input, arbitrary Unicode.

use tandem_sql::{referenced_parameters, Defines, ScriptReader};

/// Reads `script` to the end, continuing after errors (as `local on error
/// continue` does), and renders every error. Returns (statements, errors).
fn read_all(script: &str) -> (usize, usize) {
    let mut defines = Defines::new();
    let mut reader = ScriptReader::new(script);
    let (mut ok, mut failed) = (0, 0);
    let mut steps = 0;
    while let Some(result) = reader.next_statement(&mut defines) {
        match result {
            Ok(statement) => {
                ok += 1;
                let _ = statement.node.to_string();
            }
            Err(error) => {
                failed += 1;
                let _ = error.render(script);
            }
        }
        steps += 1;
        assert!(steps <= script.len() + 1, "the reader does not advance");
    }
    let _ = referenced_parameters(script);
    (ok, failed)
}

#[test]
fn garbage_gives_errors_not_panics() {
    for script in [
        "",
        ";;;",
        "select",
        "select 'unterminated",
        "select \"unterminated",
        "select 1 /* unterminated",
        "/* unterminated",
        "-- only a comment",
        "${",
        "${}",
        "${X",
        "use",
        "use ,",
        "use 1,",
        "use 1@",
        "set",
        "set x",
        "synchronize",
        "synchronize a",
        "synchronize a from",
        "synchronize a from b with",
        "synchronize a from b with insert or",
        "explain",
        "local",
        "local define",
        "local export results as",
        "begin",
        "end",
        "declare x number; begin null; end;",
        "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
        "select ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1",
        "select 1 from a@b@c",
        "select * from a.b.c.d",
        ")))) select 1",
        "select é from ü@ö where ñ = '€'",
        "\u{feff}select 1",
        "select 1\r\nuse 2\r\n",
    ] {
        read_all(script);
    }
}

#[test]
fn random_text_gives_errors_not_panics() {
    // A small deterministic generator: no dependency, same input every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pieces = [
        "select ",
        "from ",
        "where ",
        "use ",
        "local define X \"1\"\n",
        "${X}",
        "${Y}",
        "'",
        "\"",
        "--",
        "/*",
        "*/",
        "\n",
        ";",
        "(",
        ")",
        ",",
        "@",
        "..",
        "synchronize ",
        "with ",
        "insert ",
        "or ",
        "update ",
        "identified by ",
        "a ",
        "1 ",
        "begin ",
        "end ",
        "set ",
        "local remark x\n",
    ];
    for _ in 0..400 {
        let mut script = String::new();
        for _ in 0..(next() % 40) {
            script.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        read_all(&script);
    }
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..(next() % 200)).map(|_| next() as u8).collect();
        read_all(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn a_megabyte_of_text_is_read_in_reasonable_time() {
    let statement = "select code, name from exactonlinerest..accounts where division = ${D} and code like 'A%'\n";
    let mut script = String::from("local define D \"1\"\n");
    while script.len() < 1 << 20 {
        script.push_str(statement);
    }
    let started = std::time::Instant::now();
    let (ok, failed) = read_all(&script);
    assert_eq!(failed, 0);
    assert!(ok > 10_000, "{ok}");
    // Linear, not quadratic: well under a minute even in a debug build.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());

    let garbage = "x".repeat(1 << 20);
    let (_, failed) = read_all(&garbage);
    assert!(failed >= 1);
    let unterminated = format!("select '{}", "y".repeat(1 << 20));
    let (_, failed) = read_all(&unterminated);
    assert_eq!(failed, 1);
}
