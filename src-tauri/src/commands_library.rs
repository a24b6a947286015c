//! IPC commands of the saved-query library, parameter forms, the run
//! history and scheduling help. Each unpacks its arguments, calls the app
//! database or the engine, and maps the error to one the window can say
//! plainly (a name already taken, a file that is not UTF-8).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use tandem_engine::{
    schedule_command, schedule_explanation, write_scheduled_script, ConnectionState, ResultSetInfo,
    SchedulePlatform,
};
use tandem_store::{ListFilter, NewQuery, QueryChange, SavedQuery};

use crate::errors::command_error;
use crate::ipc::{
    CommandError, HistoryEntry, ImportSummary, OpenedFile, ParameterField, ParameterKind,
    QueryDetail, QueryInfo, QueryInput, ScheduleHelp, SkippedImport,
};
use crate::AppState;

type Result<T> = std::result::Result<T, CommandError>;

/// The largest `.sql` file "Open" reads: a script, not a data dump.
const MAX_SQL_FILE: u64 = 20 * 1024 * 1024;

/// The app database's errors as the window shows them: `nameTaken`,
/// `notFound` and `invalid` let a dialog point at the field; `io` names
/// the file.
pub fn store_error(e: tandem_store::Error) -> CommandError {
    use tandem_store::Error as E;
    let kind = match &e {
        E::NameTaken { .. } => "nameTaken",
        E::NoQuery { .. } | E::NotDeleted { .. } => "notFound",
        E::InvalidQuery { .. } | E::BadHeader { .. } | E::NotUtf8 { .. } => "invalid",
        E::LibraryFile { .. } | E::CreateFolder { .. } | E::NotAFolder { .. } => "io",
        _ => "engine",
    };
    CommandError {
        message: e.to_string(),
        kind: kind.into(),
    }
}

/// The session has no app database (it could not be opened at start).
pub fn no_store() -> CommandError {
    CommandError {
        message: "the app database is not open, so nothing can be saved or read from it; \
                  see the log for why it could not be opened"
            .into(),
        kind: "io".into(),
    }
}

fn info(q: SavedQuery) -> QueryInfo {
    QueryInfo {
        id: q.id,
        name: q.name,
        description: q.description,
        folder: q.folder,
        tags: q.tags,
        updated_at: q.updated_at,
        deleted: q.deleted_at.is_some(),
    }
}

/// Runs `f` on the app database.
async fn with_store<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&tandem_store::Store) -> std::result::Result<T, tandem_store::Error>,
) -> Result<T> {
    let session = state.session.lock().await;
    let store = session.store().ok_or_else(no_store)?;
    f(store).map_err(store_error)
}

fn saved(
    store: &tandem_store::Store,
    id: i64,
) -> std::result::Result<SavedQuery, tandem_store::Error> {
    store
        .library()
        .get(id)?
        .ok_or(tandem_store::Error::NoQuery { id })
}

/// The library, or with `search` the queries whose name, description, tags
/// or script contain it.
#[tauri::command]
pub async fn library_list(
    state: State<'_, AppState>,
    search: Option<String>,
    include_deleted: bool,
) -> Result<Vec<QueryInfo>> {
    let search = search.filter(|s| !s.trim().is_empty());
    let queries = with_store(&state, |store| match &search {
        Some(text) => store.library().search(text.trim()),
        None => store.library().list(&ListFilter {
            folder: None,
            include_deleted,
        }),
    })
    .await?;
    Ok(queries.into_iter().map(info).collect())
}

/// A saved query with its script.
#[tauri::command]
pub async fn library_get(state: State<'_, AppState>, id: i64) -> Result<QueryDetail> {
    let q = with_store(&state, |store| saved(store, id)).await?;
    Ok(QueryDetail {
        script: q.script.clone(),
        info: info(q),
    })
}

/// Creates (without `id`) or changes a saved query.
#[tauri::command]
pub async fn library_save(state: State<'_, AppState>, query: QueryInput) -> Result<QueryInfo> {
    let q = with_store(&state, |store| {
        let library = store.library();
        let id = match query.id {
            None => library.create(&NewQuery {
                name: &query.name,
                description: &query.description,
                folder: &query.folder,
                script: &query.script,
                tags: &query.tags,
            })?,
            Some(id) => {
                library.update(
                    id,
                    &QueryChange {
                        name: Some(&query.name),
                        description: Some(&query.description),
                        folder: Some(&query.folder),
                        script: Some(&query.script),
                        tags: Some(&query.tags),
                    },
                )?;
                id
            }
        };
        saved(store, id)
    })
    .await?;
    Ok(info(q))
}

/// Gives a saved query another name.
#[tauri::command]
pub async fn library_rename(
    state: State<'_, AppState>,
    id: i64,
    name: String,
) -> Result<QueryInfo> {
    let q = with_store(&state, |store| {
        store.library().rename(id, &name)?;
        saved(store, id)
    })
    .await?;
    Ok(info(q))
}

/// Copies a saved query (with its parameters) as "<name> (copy)".
#[tauri::command]
pub async fn library_duplicate(state: State<'_, AppState>, id: i64) -> Result<QueryInfo> {
    let q = with_store(&state, |store| {
        let copy = store.library().duplicate(id)?;
        saved(store, copy)
    })
    .await?;
    Ok(info(q))
}

/// Deletes a saved query, undoably.
#[tauri::command]
pub async fn library_delete(state: State<'_, AppState>, id: i64) -> Result<()> {
    with_store(&state, |store| store.library().delete(id)).await
}

/// Brings a deleted query back.
#[tauri::command]
pub async fn library_restore(state: State<'_, AppState>, id: i64) -> Result<QueryInfo> {
    let q = with_store(&state, |store| {
        store.library().restore(id)?;
        saved(store, id)
    })
    .await?;
    Ok(info(q))
}

/// The native folder picker, answered on the dialog's own thread.
async fn pick_folder<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .pick_folder(move |chosen| drop(tx.send(chosen)));
    rx.await.ok().flatten().and_then(|p| p.into_path().ok())
}

/// The folder for a library export or import: the test hook's, else the
/// user's choice; `None` when the user cancelled.
async fn library_folder<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Option<PathBuf> {
    match &state.hooks.library_dir {
        Some(dir) => Some(dir.clone()),
        None => pick_folder(app).await,
    }
}

/// Writes the library as `.sql` files into a folder the user picks;
/// the folder, or `None` when cancelled.
#[tauri::command]
pub async fn library_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>> {
    let Some(dir) = library_folder(&app, &state).await else {
        return Ok(None);
    };
    with_store(&state, |store| store.library().export_folder(&dir)).await?;
    Ok(Some(dir.display().to_string()))
}

/// Imports the `.sql` files of a folder the user picks; what it did, or
/// `None` when cancelled. Files that cannot be imported are listed, each
/// with its reason; the others are imported all the same.
#[tauri::command]
pub async fn library_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ImportSummary>> {
    let Some(dir) = library_folder(&app, &state).await else {
        return Ok(None);
    };
    let report = with_store(&state, |store| store.library().import_folder(&dir)).await?;
    let count = |v: &Vec<_>| v.len() as u32;
    Ok(Some(ImportSummary {
        folder: dir.display().to_string(),
        imported: count(&report.imported),
        updated: count(&report.updated),
        copied: count(&report.copied),
        unchanged: count(&report.unchanged),
        skipped: report
            .skipped
            .into_iter()
            .map(|s| SkippedImport {
                path: s.path.display().to_string(),
                reason: s.reason,
            })
            .collect(),
    }))
}

/// A script file's text: refused, with a reason the user can act on, when
/// it is larger than `max` bytes or not UTF-8.
pub fn read_sql_file(path: &Path, max: u64) -> Result<String> {
    let io = |e: std::io::Error| CommandError {
        message: format!("cannot read {}: {e}", path.display()),
        kind: "io".into(),
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > max {
        return Err(CommandError {
            message: format!(
                "{} is {} MB; Tandem opens scripts of at most {} MB",
                path.display(),
                size.div_ceil(1024 * 1024),
                max / (1024 * 1024)
            ),
            kind: "invalid".into(),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|_| CommandError {
        message: format!(
            "{} is not UTF-8 text; save it as UTF-8 and open it again",
            path.display()
        ),
        kind: "invalid".into(),
    })
}

/// Opens a `.sql` file from disk (the test hook's file, else the user's
/// choice); `None` when cancelled.
#[tauri::command]
pub async fn open_sql_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<OpenedFile>> {
    let path = match &state.hooks.open_file {
        Some(path) => path.clone(),
        None => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            app.dialog()
                .file()
                .add_filter("SQL", &["sql"])
                .pick_file(move |chosen| drop(tx.send(chosen)));
            match rx.await.ok().flatten().and_then(|p| p.into_path().ok()) {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let text = read_sql_file(&path, MAX_SQL_FILE)?;
    Ok(Some(OpenedFile {
        path: path.display().to_string(),
        text,
    }))
}

fn to_ipc_kind(kind: tandem_store::ParameterKind) -> ParameterKind {
    use tandem_store::ParameterKind as K;
    match kind {
        K::Text => ParameterKind::Text,
        K::Number => ParameterKind::Number,
        K::Date => ParameterKind::Date,
        K::Yesno => ParameterKind::Yesno,
        K::List => ParameterKind::List,
        K::Company => ParameterKind::Company,
        K::Companies => ParameterKind::Companies,
    }
}

fn from_ipc_kind(kind: ParameterKind) -> tandem_store::ParameterKind {
    use tandem_store::ParameterKind as K;
    match kind {
        ParameterKind::Text => K::Text,
        ParameterKind::Number => K::Number,
        ParameterKind::Date => K::Date,
        ParameterKind::Yesno => K::Yesno,
        ParameterKind::List => K::List,
        ParameterKind::Company => K::Company,
        ParameterKind::Companies => K::Companies,
    }
}

/// The form `script`'s `${NAME}`s become, with the values remembered for
/// saved query `query_id`.
#[tauri::command]
pub async fn parameter_fields(
    state: State<'_, AppState>,
    script: String,
    query_id: Option<i64>,
) -> Result<Vec<ParameterField>> {
    let session = state.session.lock().await;
    let fields = session
        .parameter_fields(&script, query_id)
        .map_err(command_error)?;
    Ok(fields
        .into_iter()
        .map(|f| ParameterField {
            name: f.name,
            label: f.label,
            kind: to_ipc_kind(f.kind),
            guessed: f.guessed,
            options: f.options,
            value: f.value,
            required: f.required,
        })
        .collect())
}

/// Fixes (or with `None`, frees) the kind of a saved query's parameter.
#[tauri::command]
pub async fn set_parameter_kind(
    state: State<'_, AppState>,
    query_id: i64,
    name: String,
    kind: Option<ParameterKind>,
    options: Vec<String>,
) -> Result<()> {
    with_store(&state, |store| {
        store
            .library()
            .set_parameter_kind(query_id, &name, kind.map(from_ipc_kind), &options)
    })
    .await
}

/// Script runs, newest first; with `search`, those whose script has it.
#[tauri::command]
pub async fn history(
    state: State<'_, AppState>,
    search: Option<String>,
    limit: u32,
) -> Result<Vec<HistoryEntry>> {
    let runs = with_store(&state, |store| {
        store
            .history()
            .list(search.as_deref().map(str::trim), limit)
    })
    .await?;
    Ok(runs
        .into_iter()
        .map(|r| HistoryEntry {
            id: r.id,
            started_at: r.started_at,
            run_by: r.run_by,
            finished_at: r.finished_at,
            script: r.script,
            parameters: r.parameters,
            companies: r.companies,
            duration_ms: r.duration_ms,
            api_calls: r.api_calls,
            outcome: r.outcome.map(|o| o.as_str().to_string()),
            error: r.error,
            result_rows: r.result_rows,
            results_kept: r.results_kept,
        })
        .collect())
}

/// Reopens the result sets past run `history_id` kept, as new result sets
/// of this session.
#[tauri::command]
pub async fn reopen_results(
    state: State<'_, AppState>,
    history_id: i64,
) -> Result<Vec<ResultSetInfo>> {
    state
        .session
        .lock()
        .await
        .reopen_results(history_id)
        .map_err(command_error)
}

/// Removes every kept results file (the history stays); how many runs'
/// results went.
#[tauri::command]
pub async fn forget_kept_results(state: State<'_, AppState>) -> Result<u64> {
    state
        .session
        .lock()
        .await
        .forget_kept_results()
        .map_err(command_error)
}

/// Writes saved query `query_id`'s script where a scheduler can run it and
/// returns the `tandem run` command with `parameters`, and how to schedule
/// it on this computer.
#[tauri::command]
pub async fn schedule_help(
    state: State<'_, AppState>,
    query_id: i64,
    parameters: BTreeMap<String, String>,
) -> Result<ScheduleHelp> {
    let session = state.session.lock().await;
    let store = session.store().ok_or_else(no_store)?;
    let query = saved(store, query_id).map_err(store_error)?;
    let file = write_scheduled_script(&state.data_dir, query.id, &query.name, &query.script)
        .map_err(command_error)?;
    let connection = session.info().connection;
    let demo = connection == ConnectionState::Demo;
    // A data folder of its own (TANDEM_HOME) must go along: the command's
    // default is the app's default folder.
    let home = state
        .hooks
        .home
        .is_some()
        .then_some(state.data_dir.as_path());
    let platform = SchedulePlatform::current();
    let command = schedule_command(&parameters, &file, demo, home, platform);
    Ok(ScheduleHelp {
        explanation: schedule_explanation(&command, &connection, platform),
        command,
        file: file.display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_get_kinds_a_dialog_can_act_on() {
        let taken = store_error(tandem_store::Error::NameTaken {
            name: "Monthly".into(),
            folder: String::new(),
        });
        assert_eq!(taken.kind, "nameTaken");
        assert!(taken.message.contains("Monthly"), "{}", taken.message);
        assert_eq!(
            store_error(tandem_store::Error::NoQuery { id: 4 }).kind,
            "notFound"
        );
        assert_eq!(
            store_error(tandem_store::Error::InvalidQuery {
                problem: "a name is needed".into()
            })
            .kind,
            "invalid"
        );
        assert_eq!(
            store_error(tandem_store::Error::NotUtf8 {
                path: "x.sql".into()
            })
            .kind,
            "invalid"
        );
        assert_eq!(no_store().kind, "io");
    }

    #[test]
    fn sql_files_must_be_utf8_and_not_too_large() {
        let dir = std::env::temp_dir().join(format!("tandem-open-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.sql");
        std::fs::write(&good, "select 'é'").unwrap();
        assert_eq!(read_sql_file(&good, 1024).unwrap(), "select 'é'");

        let latin1 = dir.join("latin1.sql");
        std::fs::write(&latin1, b"select '\xe9'").unwrap();
        let e = read_sql_file(&latin1, 1024).unwrap_err();
        assert_eq!(e.kind, "invalid");
        assert!(e.message.contains("not UTF-8"), "{}", e.message);

        let e = read_sql_file(&good, 4).unwrap_err();
        assert_eq!(e.kind, "invalid");
        assert!(e.message.contains("at most"), "{}", e.message);

        let e = read_sql_file(&dir.join("missing.sql"), 1024).unwrap_err();
        assert_eq!(e.kind, "io");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn every_parameter_kind_maps_both_ways() {
        for kind in tandem_store::ParameterKind::ALL {
            assert_eq!(from_ipc_kind(to_ipc_kind(kind)), kind);
        }
    }
}
