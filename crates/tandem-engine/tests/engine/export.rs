//! `local export results`: the files are read back and checked.

use std::io::Read;

use tandem_engine::RunOutcome;

use crate::support::{demo, run};

fn temp_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-engine-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The worksheet XML of an .xlsx file, and its shared strings.
fn sheet_xml(path: &std::path::Path) -> (String, String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    (
        read("xl/worksheets/sheet1.xml"),
        read("xl/sharedStrings.xml"),
    )
}

const TYPED: &str = "create table t (name text, amount integer, rate real, booked date)
insert into t values ('Aanneming Bos', 12, 0.5, '2026-11-26')
insert into t values (null, null, null, null)
select * from t";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xlsx_cells_are_typed() {
    let path = temp_file("typed.xlsx");
    let mut session = demo().await;
    let script = format!(
        "{TYPED}\nlocal export results as \"{}\" format xlsx include headers",
        path.display()
    );
    let report = run(&mut session, &script).await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);

    let (sheet, strings) = sheet_xml(&path);
    // Headers and text are shared strings; numbers and dates are numbers.
    for text in ["name", "amount", "rate", "booked", "Aanneming Bos"] {
        assert!(
            strings.contains(&format!(">{text}<")),
            "{text} in {strings}"
        );
    }
    assert!(sheet.contains("<v>12</v>"), "{sheet}");
    assert!(sheet.contains("<v>0.5</v>"), "{sheet}");
    // 2026-11-26 is day 46352 of Excel's calendar.
    assert!(sheet.contains("<v>46352</v>"), "{sheet}");
    // The NULL row writes no cells: row 3 has none.
    assert!(!sheet.contains("r=\"A3\""), "{sheet}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_export_reads_back() {
    let path = temp_file("typed.csv");
    let mut session = demo().await;
    let script = format!(
        "{TYPED}\nlocal export results as \"{}\" format csv include headers",
        path.display()
    );
    let report = run(&mut session, &script).await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "name,amount,rate,booked\nAanneming Bos,12,0.5,2026-11-26\n,,,\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_to_a_missing_folder_says_where() {
    let mut session = demo().await;
    let script =
        format!("{TYPED}\nlocal export results as \"/nonexistent-folder/out.xlsx\" format xlsx");
    let report = run(&mut session, &script).await;
    assert_eq!(report.outcome, RunOutcome::Failed);
    let message = report.errors[0].to_string();
    assert!(
        message.contains("/nonexistent-folder/out.xlsx"),
        "{message}"
    );
}
