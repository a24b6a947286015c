//! The seed article's script, pasted verbatim (no semicolons), must parse
//! into exactly its six statements with `${SOURCE_COMPANY}` expanded.

use tandem_sql::{parse_script, Defines, LocalCommand, Statement, SyncOperationKind, UseStatement};

const SEED: &str = include_str!("../golden/seed_article.sql");

#[test]
fn seed_script_parses_into_its_six_statements() {
    let mut defines = Defines::new();
    let statements =
        parse_script(SEED, &mut defines).unwrap_or_else(|e| panic!("{}", e.render(SEED)));
    let printed: Vec<String> = statements.iter().map(|s| s.node.to_string()).collect();
    assert_eq!(
        printed,
        [
            "LOCAL DEFINE SOURCE_COMPANY \"102673\"",
            "CREATE OR REPLACE TABLE targetcompanies@inmemorystorage AS SELECT code FROM systemdivisions WHERE code <> 102673 LIMIT 10",
            "USE 102673",
            "CREATE OR REPLACE TABLE accounts_soll@inmemorystorage AS SELECT tgt.code AS division, act.code, act.name, act.chamberofcommerce FROM exactonlinerest..accounts act JOIN targetcompanies@inmemorystorage tgt WHERE act.division = 102673 AND act.name LIKE 'Aanneming%'",
            "USE SELECT code FROM TARGETCOMPANIES@InMemoryStorage",
            "SYNCHRONIZE exactonlinerest..accounts FROM accounts_soll@inmemorystorage WITH INSERT OR UPDATE IDENTIFIED BY division, code CONTINUE ON FIRST 500 ERRORS",
        ]
    );
    assert_eq!(defines.get("source_company"), Some("102673"));

    assert!(matches!(
        &statements[0].node,
        Statement::Local(LocalCommand::Define { name, value }) if name == "SOURCE_COMPANY" && value == "102673"
    ));
    assert!(matches!(
        &statements[4].node,
        Statement::Use(UseStatement::Query(_))
    ));
    let Statement::Synchronize(sync) = &statements[5].node else {
        panic!("not a synchronize: {:?}", statements[5].node);
    };
    assert_eq!(sync.target.catalog.as_deref(), Some("exactonlinerest"));
    assert_eq!(sync.target.schema, None);
    assert_eq!(sync.target.table, "accounts");
    assert_eq!(sync.source.table, "accounts_soll");
    assert_eq!(sync.source.alias.as_deref(), Some("inmemorystorage"));
    let kinds: Vec<_> = sync.operations.iter().map(|op| op.kind).collect();
    assert_eq!(
        kinds,
        [SyncOperationKind::Insert, SyncOperationKind::Update]
    );
    assert_eq!(sync.identified_by, ["division", "code"]);
    assert_eq!(sync.continue_on_first_errors, Some(500));
}

#[test]
fn seed_statements_point_into_the_original_text() {
    let mut defines = Defines::new();
    let statements = parse_script(SEED, &mut defines).unwrap();
    let spans: Vec<String> = statements
        .iter()
        .map(|s| format!("{}-{}", s.span.start, s.span.end))
        .collect();
    assert_eq!(
        spans,
        [
            "1:1-1:37",
            "2:1-14:9",
            "15:1-15:22",
            "20:1-30:31",
            "34:1-34:53",
            "35:1-43:29"
        ]
    );
    // The expanded text is what was parsed; the span slices the original.
    assert_eq!(statements[2].sql, "use 102673");
    assert_eq!(
        &SEED[statements[2].span.start_offset..statements[2].span.end_offset],
        "use ${SOURCE_COMPANY}"
    );
    assert!(statements[1].sql.contains("where code != 102673\n--"));
}

#[test]
fn seed_script_with_the_company_from_the_command_line_still_uses_its_own_define() {
    // `--define SOURCE_COMPANY=1` is overridden by the script's local define.
    let mut defines: Defines = [("SOURCE_COMPANY", "1")].into_iter().collect();
    let statements = parse_script(SEED, &mut defines).unwrap();
    assert_eq!(statements[2].node.to_string(), "USE 102673");
}
