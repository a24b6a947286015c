//! Synchronize semantics, clause by clause, from statements parsed out of
//! real SQL text: what the parser hands the planner is what is tested.

use tandem_sql::{parse_statement, Statement};
use tandem_sync::{
    plan, ColumnKind, ColumnSpec, Counts, Error, OperationKind, Plan, PlanOptions, RowSet, Side,
    Value,
};

/// The options of `synchronize t from s with <clauses>`.
fn options(clauses: &str) -> PlanOptions {
    let sql = format!("synchronize t@inmemorystorage from s@inmemorystorage with {clauses}");
    match parse_statement(&sql).unwrap() {
        Statement::Synchronize(s) => (&s).into(),
        other => panic!("not a synchronize: {other:?}"),
    }
}

/// Rows of `(company, code, name)`.
fn accounts(rows: &[(i64, &str, Option<&str>)]) -> RowSet {
    let mut set = RowSet::new(["division", "code", "name"]);
    for &(company, code, name) in rows {
        set.push(
            Some(company),
            vec![Value::Int(company), code.into(), name.into()],
        );
    }
    set
}

fn counts(p: &Plan) -> (u64, u64, u64, u64) {
    let t = p.totals;
    (t.inserts, t.updates, t.deletes, t.unchanged)
}

/// One insert (code 3), one update (code 2), one delete (code 4), one
/// unchanged pair (code 1).
fn one_of_each() -> (RowSet, RowSet) {
    (
        accounts(&[
            (1, "1", Some("A")),
            (1, "2", Some("B")),
            (1, "3", Some("C")),
        ]),
        accounts(&[
            (1, "1", Some("A")),
            (1, "2", Some("old")),
            (1, "4", Some("D")),
            (1, "5", Some("E")),
            (1, "6", Some("F")),
        ]),
    )
}

#[test]
fn every_combination_of_operations() {
    let (source, target) = one_of_each();
    let cases = [
        ("insert", (1, 0, 0)),
        ("update", (0, 1, 0)),
        ("delete", (0, 0, 3)),
        ("insert or update", (1, 1, 0)),
        ("insert or delete", (1, 0, 3)),
        ("update or delete", (0, 1, 3)),
        ("insert or update or delete", (1, 1, 3)),
        // Order in the statement does not matter.
        ("delete or insert", (1, 0, 3)),
    ];
    for (ops, (i, u, d)) in cases {
        let p = plan(
            &options(&format!("{ops} identified by code")),
            &source,
            &target,
            &[],
        )
        .unwrap();
        assert_eq!(counts(&p), (i, u, d, 1), "{ops}");
        assert_eq!(p.api_calls, i + u + d, "{ops}");
        let kinds: Vec<_> = p.companies[0].operations.iter().map(|o| o.kind()).collect();
        for kind in OperationKind::ALL {
            let allowed = ops.contains(kind.name());
            assert_eq!(kinds.contains(&kind), allowed, "{ops}: {kind:?}");
        }
    }
}

#[test]
fn updates_send_only_changed_fields_with_old_and_new() {
    let mut source = RowSet::new(["code", "name", "city", "phone"]);
    source.push(
        None,
        vec!["1".into(), "A".into(), "Utrecht".into(), "030".into()],
    );
    let mut target = RowSet::new(["Code", "Name", "City", "Phone", "ID"]);
    target.push(
        None,
        vec![
            "1".into(),
            "A".into(),
            "Amsterdam".into(),
            "030".into(),
            "guid-1".into(),
        ],
    );
    let p = plan(&options("update identified by code"), &source, &target, &[]).unwrap();
    let rows = p.explain_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].column, "City");
    assert_eq!(rows[0].old_value, Value::from("Amsterdam"));
    assert_eq!(rows[0].new_value, Value::from("Utrecht"));
    assert_eq!(p.compared_columns, ["Name", "City", "Phone"]);
}

#[test]
fn ignore_changes_to_never_updates_but_still_inserts() {
    let source = accounts(&[(1, "1", Some("New name")), (1, "2", Some("Two"))]);
    let target = accounts(&[(1, "1", Some("Old name"))]);
    let p = plan(
        &options("insert or update ignore changes to NAME identified by code"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    assert_eq!(counts(&p), (1, 0, 0, 1));
    let rows = p.explain_rows();
    assert!(rows
        .iter()
        .any(|r| r.column == "name" && r.operation == "insert"));
}

#[test]
fn ignore_nulls_modes() {
    // Source: code 1 has a NULL name, code 2 an empty one, and one row has
    // no code at all; target: names set, and a row without a code.
    let source = accounts(&[
        (1, "1", None),
        (1, "2", Some("")),
        (1, "", Some("no key")),
        (1, "3", None),
    ]);
    let target = accounts(&[(1, "1", Some("A")), (1, "2", Some("B")), (1, "", Some("x"))]);
    let all = "insert or update or delete";
    let p = plan(
        &options(&format!("{all} identified by code")),
        &source,
        &target,
        &[],
    )
    .unwrap();
    // Without the clause, NULL overwrites and the NULL keys pair.
    assert_eq!(counts(&p), (1, 3, 0, 0));
    assert_eq!(p.totals.skipped, 0);

    for clause in ["ignore nulls", "ignore nulls on values"] {
        let p = plan(
            &options(&format!("{all} {clause} identified by code")),
            &source,
            &target,
            &[],
        )
        .unwrap();
        assert_eq!(counts(&p), (1, 1, 0, 2), "{clause}");
        // The insert leaves the NULL name out.
        let insert = p
            .explain_rows()
            .into_iter()
            .filter(|r| r.operation == "insert");
        assert_eq!(
            insert.map(|r| r.column).collect::<Vec<_>>(),
            ["division", "code"]
        );
    }

    let p = plan(
        &options(&format!(
            "{all} ignore nulls on identified by identified by code"
        )),
        &source,
        &target,
        &[],
    )
    .unwrap();
    // NULL keys on both sides take no part; NULL values still overwrite.
    assert_eq!(counts(&p), (1, 2, 0, 0));
    assert_eq!(p.totals.skipped_null_keys, 2);
    assert_eq!(p.totals.skipped, 2);

    let p = plan(
        &options(&format!("{all} ignore nulls on all identified by code")),
        &source,
        &target,
        &[],
    )
    .unwrap();
    assert_eq!(counts(&p), (1, 0, 0, 2));
    assert_eq!(p.totals.skipped_null_keys, 2);
}

#[test]
fn several_key_columns_with_nulls() {
    let mut source = RowSet::new(["a", "b", "v"]);
    source
        .push(None, vec!["x".into(), Value::Null, 1.into()])
        .push(None, vec!["x".into(), "y".into(), 2.into()])
        .push(None, vec![Value::Null, Value::Null, 3.into()]);
    let mut target = RowSet::new(["a", "b", "v"]);
    target
        .push(None, vec!["x".into(), "".into(), 1.into()])
        .push(None, vec!["x".into(), "y".into(), 5.into()])
        .push(None, vec![Value::Null, "y".into(), 9.into()]);
    let p = plan(
        &options("insert or update or delete identified by a, b"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    // (x, NULL) pairs with (x, ''); (x, y) updates; (NULL, NULL) is new;
    // (NULL, y) is gone.
    assert_eq!(counts(&p), (1, 1, 1, 1));
    let keys: Vec<_> = p.companies[0]
        .operations
        .iter()
        .map(|o| o.key_text())
        .collect();
    assert_eq!(
        keys,
        [
            "a = 'x', b = 'y'",
            "a = null, b = null",
            "a = null, b = 'y'"
        ]
    );

    // With `on identified by`, only all-NULL keys are skipped.
    let p = plan(
        &options("insert or update or delete ignore nulls on identified by identified by a, b"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    assert_eq!(counts(&p), (0, 1, 1, 1));
    assert_eq!(p.totals.skipped_null_keys, 1);
}

/// Three companies with two missing rows each, planned with `limit` on
/// `kind`.
fn limited(kind: &str, limit: &str) -> Result<Plan, Error> {
    let mut source = Vec::new();
    let mut target = Vec::new();
    for c in 1..=3 {
        source.extend([
            (c, "1", Some("new")),
            (c, "2", Some("new")),
            (c, "3", Some("x")),
        ]);
        target.extend([
            (c, "1", Some("old")),
            (c, "2", Some("old")),
            (c, "3", Some("x")),
        ]);
        target.extend([(c, "8", Some("gone")), (c, "9", Some("gone"))]);
    }
    for c in 1..=3 {
        source.extend([(c, "4", Some("new")), (c, "5", Some("new"))]);
    }
    let ops = match kind {
        "insert" => format!("insert {limit} or update or delete"),
        "update" => format!("insert or update {limit} or delete"),
        _ => format!("insert or update or delete {limit}"),
    };
    plan(
        &options(&format!("{ops} identified by code")),
        &accounts(&source),
        &accounts(&target),
        &[],
    )
}

#[test]
fn exit_limits_count_over_the_statement_for_each_kind() {
    for kind in ["insert", "update", "delete"] {
        let p = limited(kind, "exit after 3 rows").unwrap();
        // Six wanted of each kind over three companies: three planned, in
        // company order (two in company 1, one in company 2).
        let planned = |c: usize| {
            p.companies[c]
                .operations
                .iter()
                .filter(|o| o.kind().name() == kind)
                .count()
        };
        assert_eq!((planned(0), planned(1), planned(2)), (2, 1, 0), "{kind}");
        assert_eq!(p.totals.skipped_by_limit, 3, "{kind}");
        assert_eq!(p.totals.writes(), 6 + 6 + 6 - 3, "{kind}");
        assert_eq!(p.limits_reached.len(), 1);
        assert_eq!(p.limits_reached[0].kind.name(), kind);
        assert_eq!(
            (p.limits_reached[0].wanted, p.limits_reached[0].skipped),
            (6, 3)
        );
        assert!(p
            .explain_rows()
            .iter()
            .any(|r| r.operation == format!("{kind} (skipped: exit after 3 rows)")));
        // The limit is not reached at exactly N.
        assert!(limited(kind, "exit after 6 rows")
            .unwrap()
            .limits_reached
            .is_empty());
    }
}

#[test]
fn error_limits_fail_the_statement_for_each_kind() {
    for (kind, op) in [
        ("insert", OperationKind::Insert),
        ("update", OperationKind::Update),
        ("delete", OperationKind::Delete),
    ] {
        let e = limited(kind, "error after 5 rows").unwrap_err();
        assert_eq!(
            e,
            Error::LimitExceeded {
                kind: op,
                limit: 5,
                planned: 6
            },
            "{kind}"
        );
        assert!(e.to_string().contains("ERROR AFTER 5 ROWS"));
        let p = limited(kind, "error after 6 rows").unwrap();
        assert_eq!(p.totals.writes(), 18, "{kind}");
    }
}

#[test]
fn continue_on_first_errors_is_carried_for_the_applier() {
    let (source, target) = one_of_each();
    let p = plan(
        &options("insert identified by code continue on first 7 errors"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    assert_eq!(p.options.continue_on_first_errors, Some(7));
    let p = plan(&options("insert identified by code"), &source, &target, &[]).unwrap();
    assert_eq!(p.options.continue_on_first_errors, None);
}

#[test]
fn duplicate_keys_are_errors_naming_key_and_company() {
    let source = accounts(&[(5, "1", Some("A")), (5, "   1", Some("B"))]);
    let target = accounts(&[]);
    let e = plan(&options("insert identified by code"), &source, &target, &[]).unwrap_err();
    assert_eq!(
        e,
        Error::DuplicateKey {
            side: Side::Source,
            company: Some(5),
            key: "code = '1'".into(),
            count: 2
        }
    );
    assert_eq!(
        e.to_string(),
        "2 source rows in company 5 have the key (code = '1'); IDENTIFIED BY must name each row once"
    );

    let target = accounts(&[(6, "2", Some("A")), (6, "2", Some("A")), (6, "2", None)]);
    let e = plan(
        &options("update identified by code"),
        &accounts(&[]),
        &target,
        &[],
    )
    .unwrap_err();
    assert_eq!(
        e,
        Error::DuplicateKey {
            side: Side::Target,
            company: Some(6),
            key: "code = '2'".into(),
            count: 3
        }
    );
    // The same key in two companies is no duplicate.
    let target = accounts(&[(6, "2", Some("A")), (7, "2", Some("A"))]);
    assert!(plan(
        &options("update identified by code"),
        &accounts(&[]),
        &target,
        &[]
    )
    .is_ok());
}

#[test]
fn mass_delete_guard_flags_companies_losing_more_than_half() {
    let source = accounts(&[
        (1, "1", Some("A")),
        (2, "1", Some("A")),
        (2, "2", Some("B")),
    ]);
    let target = accounts(&[
        (1, "1", Some("A")),
        (1, "2", Some("B")),
        (1, "3", Some("C")),
        (2, "1", Some("A")),
        (2, "2", Some("B")),
        (2, "3", Some("C")),
        (2, "4", Some("D")),
    ]);
    let p = plan(
        &options("insert or delete identified by code"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    // Company 1 loses 2 of 3: flagged. Company 2 loses 2 of 4: exactly
    // half, not flagged.
    assert!(p.requires_confirmation());
    assert_eq!(p.needs_confirmation.len(), 1);
    let m = p.needs_confirmation[0];
    assert_eq!((m.company, m.deletes, m.target_rows), (Some(1), 2, 3));
    // Without `or delete` nothing is flagged.
    let p = plan(&options("insert identified by code"), &source, &target, &[]).unwrap();
    assert!(!p.requires_confirmation());
}

#[test]
fn companies_on_one_side_only() {
    // Company 1: source rows, no target rows (all inserts). Company 2:
    // target rows, no source rows (an active company the source skips:
    // with `or delete`, it loses everything, and the guard says so).
    let source = accounts(&[(1, "1", Some("A")), (1, "2", Some("B"))]);
    let target = accounts(&[(2, "1", Some("A"))]);
    let p = plan(
        &options("insert or update or delete identified by code"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    let c1 = p.company(Some(1)).unwrap();
    assert_eq!(
        (c1.counts.inserts, c1.target_rows, c1.source_rows),
        (2, 0, 2)
    );
    let c2 = p.company(Some(2)).unwrap();
    assert_eq!(
        (c2.counts.deletes, c2.target_rows, c2.source_rows),
        (1, 1, 0)
    );
    assert_eq!(p.needs_confirmation.len(), 1);
    assert_eq!(p.needs_confirmation[0].company, Some(2));
    let delete = p
        .explain_rows()
        .into_iter()
        .find(|r| r.operation == "delete")
        .unwrap();
    assert_eq!(delete.company, Some(2));
}

/// Rows as SQL shows them, and the same rows as Exact Online sends them.
fn user_and_raw() -> (RowSet, RowSet) {
    let columns = [
        "division",
        "code",
        "name",
        "country",
        "startdate",
        "modified",
        "credit_line",
        "discount",
        "blocked",
        "is_mailing",
        "remarks",
        "vat_number",
    ];
    let mut source = RowSet::new(columns);
    let mut target = RowSet::new(columns);
    for company in [101, 102] {
        source.push(
            Some(company),
            vec![
                company.into(),
                "1".into(),
                "Aanneming Jansen".into(),
                "NL".into(),
                "2013-10-25".into(),
                "2013-10-25 02:24:32.203".into(),
                12.into(),
                1.5.into(),
                1.into(),
                0.into(),
                "".into(),
                Value::Null,
            ],
        );
        target.push(
            Some(company),
            vec![
                company.to_string().into(),
                "                 1".into(),
                "Aanneming Jansen  ".into(),
                "NL ".into(),
                "/Date(1382659200000)/".into(),
                "/Date(1382667872203)/".into(),
                "12".into(),
                "1.50".into(),
                true.into(),
                false.into(),
                Value::Null,
                "".into(),
            ],
        );
    }
    (source, target)
}

#[test]
fn raw_exact_representation_plans_zero_operations() {
    let (source, target) = user_and_raw();
    let p = plan(
        &options("insert or update or delete identified by division, code"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    assert_eq!(
        p.totals,
        Counts {
            unchanged: 2,
            ..Counts::default()
        }
    );
    assert!(p.is_empty());
    assert!(p.explain_rows().is_empty());
    // And the other way round: a raw source against a clean target.
    let p = plan(
        &options("insert or update or delete identified by division, code"),
        &target,
        &source,
        &[],
    )
    .unwrap();
    assert!(p.is_empty(), "{:?}", p.explain_rows());
}

#[test]
fn a_real_change_among_raw_values_is_the_only_field_sent() {
    let (source, mut target) = user_and_raw();
    target.rows[1].values[4] = "/Date(1382745600000)/".into(); // 2013-10-26
    let p = plan(
        &options("insert or update or delete identified by division, code"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    let rows = p.explain_rows();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (
            r.operation.as_str(),
            r.company,
            r.key.as_str(),
            r.column.as_str()
        ),
        (
            "update",
            Some(102),
            "division = 102, code = '1'",
            "startdate"
        )
    );
    assert_eq!(r.old_value, Value::from("2013-10-26"));
    assert_eq!(r.new_value, Value::from("2013-10-25"));
}

#[test]
fn declared_case_insensitive_columns_pair_and_compare_ignoring_case() {
    let source = accounts(&[(1, "abc", Some("Name"))]);
    let target = accounts(&[(1, "ABC", Some("NAME"))]);
    let o = options("insert or update or delete identified by code");
    let p = plan(&o, &source, &target, &[]).unwrap();
    assert_eq!(counts(&p), (1, 0, 1, 0));
    let specs = [
        ColumnSpec::new("code", ColumnKind::Text).case_insensitive(),
        ColumnSpec::new("name", ColumnKind::Text).case_insensitive(),
    ];
    let p = plan(&o, &source, &target, &specs).unwrap();
    assert_eq!(counts(&p), (0, 0, 0, 1));
}

#[test]
fn empty_text_and_null_are_equal_but_what_is_sent_keeps_the_difference() {
    let source = accounts(&[(1, "1", Some("")), (1, "2", Some(""))]);
    let target = accounts(&[(1, "1", None)]);
    let p = plan(
        &options("insert or update identified by code"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    assert_eq!(counts(&p), (1, 0, 0, 1));
    let sent = p
        .explain_rows()
        .into_iter()
        .find(|r| r.column == "name")
        .unwrap();
    assert_eq!(sent.new_value, Value::from(""));
}

#[test]
fn plan_round_trips_through_json() {
    let (source, target) = one_of_each();
    let p = plan(
        &options("insert or update or delete identified by code"),
        &source,
        &target,
        &[],
    )
    .unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
}
