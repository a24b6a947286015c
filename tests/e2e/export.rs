//! Exporting a result to Excel and CSV (into `TANDEM_EXPORT_DIR`, without
//! the save dialog), read back here; and an export into a folder that
//! cannot be written.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use tandem_e2e::{artifacts_dir, App, Launch};

use crate::steps::{demo_app, messages, open_editor, run_script, script};

/// Typed columns, a NULL row, and text that needs quoting in CSV.
const TYPED: &str =
    "create or replace table t@inmemorystorage (name text, amount integer, rate real, booked date)
insert into t@inmemorystorage values ('Aanneming Bos, Zn.', 12, 0.5, '2026-11-26')
insert into t@inmemorystorage values (null, null, null, null)
select * from t@inmemorystorage";

fn export_app(test: &str) -> (App, PathBuf) {
    let dir = artifacts_dir(test).join("exports");
    let app = demo_app(
        test,
        Launch {
            export_dir: Some(dir.clone()),
            ..Launch::default()
        },
    );
    // The harness empties the artifacts folder when it starts the app.
    std::fs::create_dir_all(&dir).unwrap();
    (app, dir)
}

/// Clicks an export button and returns the path the app says it wrote.
fn export(app: &App, button: &str) -> PathBuf {
    app.click(&format!("[data-testid={button}]")).unwrap();
    app.wait_until(
        "the export to finish",
        "const s = document.querySelector('[data-testid=export-status]');
         return !!s && /^(Exported|Could not)/.test(s.innerText.trim());",
    )
    .unwrap();
    let status = app.text("[data-testid=export-status]").unwrap();
    let path = status
        .strip_prefix("Exported 2 rows to ")
        .unwrap_or_else(|| panic!("unexpected export status: {status}"));
    PathBuf::from(path)
}

/// A cell of a worksheet: its type attribute (`s` for a shared string,
/// none for a number) and its value, resolved for shared strings.
#[derive(Debug, PartialEq)]
struct XlsxCell {
    kind: Option<String>,
    value: String,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// The cells of the first worksheet by reference (`A1`), read with a few
/// string searches: rust_xlsxwriter writes one `<c>` per cell with its
/// value in `<v>`, and text as indexes into `sharedStrings.xml`.
fn read_xlsx(path: &Path) -> (usize, HashMap<String, XlsxCell>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let sheet = read("xl/worksheets/sheet1.xml");
    let strings_xml = read("xl/sharedStrings.xml");
    let strings: Vec<String> = strings_xml
        .split("<si>")
        .skip(1)
        .map(|si| {
            let t = si.find("<t").map(|i| &si[i..]).unwrap_or("");
            between(t, ">", "</t>").unwrap_or("").to_owned()
        })
        .collect();
    let rows = sheet.matches("<row ").count();
    let mut cells = HashMap::new();
    for c in sheet.split("<c ").skip(1) {
        let tag = &c[..c.find('>').unwrap()];
        let tag = format!(" {tag}");
        let reference = attribute(&tag, "r").unwrap();
        let kind = attribute(&tag, "t");
        let raw = between(c, "<v>", "</v>").unwrap_or("").to_owned();
        let value = if kind.as_deref() == Some("s") {
            strings[raw.parse::<usize>().unwrap()].clone()
        } else {
            raw
        };
        cells.insert(reference, XlsxCell { kind, value });
    }
    (rows, cells)
}

#[test]
fn export_to_excel_and_csv_reads_back() {
    let (app, dir) = export_app("export_to_excel_and_csv_reads_back");
    open_editor(&app);
    run_script(&app, TYPED);
    app.wait_for_text("[data-testid=row-count]", "2 rows")
        .unwrap();

    let xlsx = export(&app, "export-xlsx");
    assert_eq!(xlsx.parent(), Some(dir.as_path()));
    assert_eq!(xlsx.extension().and_then(|e| e.to_str()), Some("xlsx"));
    let (rows, cells) = read_xlsx(&xlsx);
    // The header row, the typed row; the NULL row has no cells, but a row
    // element may or may not be written for it.
    assert!((2..=3).contains(&rows), "{rows} rows");
    let cell = |r: &str| cells.get(r).unwrap_or_else(|| panic!("no cell {r}"));
    assert_eq!(cell("A1").value, "name");
    assert_eq!(cell("D1").value, "booked");
    assert_eq!(cell("A2").kind.as_deref(), Some("s"));
    assert_eq!(cell("A2").value, "Aanneming Bos, Zn.");
    // Numbers and dates are numbers, not text.
    assert_eq!(
        cell("B2"),
        &XlsxCell {
            kind: None,
            value: "12".into()
        }
    );
    assert_eq!(
        cell("C2"),
        &XlsxCell {
            kind: None,
            value: "0.5".into()
        }
    );
    // 2026-11-26 is day 46352 of Excel's calendar.
    assert_eq!(
        cell("D2"),
        &XlsxCell {
            kind: None,
            value: "46352".into()
        }
    );
    assert!(
        !cells.keys().any(|r| r.ends_with('3')),
        "the NULL row is empty"
    );

    let csv = export(&app, "export-csv");
    assert_eq!(csv.parent(), Some(dir.as_path()));
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        "name,amount,rate,booked\n\"Aanneming Bos, Zn.\",12,0.5,2026-11-26\n,,,\n"
    );
    let shown = {
        app.click("[data-testid=messages-tab]").unwrap();
        messages(&app)
    };
    assert_eq!(
        shown
            .iter()
            .filter(|m| m.contains("Exported 2 rows to"))
            .count(),
        2,
        "{shown:?}"
    );
}

/// A folder no one may create files in. A 0555 folder stops everyone but
/// root; the tests may run as root (containers), and then sysfs, which
/// refuses new files even to root, stands in.
fn unwritable_folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-e2e-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut perms = std::fs::metadata(&dir).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(&dir, perms).unwrap();
    if std::fs::File::create(dir.join("probe")).is_ok() {
        return PathBuf::from("/sys");
    }
    dir
}

#[test]
fn export_into_an_unwritable_folder_says_so() {
    let test = "export_into_an_unwritable_folder_says_so";
    let dir = unwritable_folder(test);
    let app = demo_app(
        test,
        Launch {
            export_dir: Some(dir.clone()),
            ..Launch::default()
        },
    );
    open_editor(&app);
    run_script(&app, TYPED);
    app.wait_for_text("[data-testid=row-count]", "2 rows")
        .unwrap();
    for button in ["export-xlsx", "export-csv"] {
        app.click(&format!("[data-testid={button}]")).unwrap();
        app.wait_until(
            "the export to fail",
            "const s = document.querySelector('[data-testid=export-status]');
             return !!s && s.innerText.trim().startsWith('Could not export');",
        )
        .unwrap();
        let status = app.text("[data-testid=export-status]").unwrap();
        assert!(status.contains(&dir.display().to_string()), "{status}");
        assert!(
            app.attribute("[data-testid=export-status]", "class")
                .unwrap()
                .unwrap_or_default()
                .contains("error-text"),
            "the failure is shown as an error"
        );
    }
    assert_eq!(script(&app), TYPED, "the editor's text is unchanged");
    app.click("[data-testid=messages-tab]").unwrap();
    let shown = messages(&app);
    assert_eq!(
        shown
            .iter()
            .filter(|m| m.contains("Could not export"))
            .count(),
        2,
        "{shown:?}"
    );
}
