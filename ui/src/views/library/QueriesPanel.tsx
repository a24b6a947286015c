// Saved queries by folder with a search, one query's details and script,
// and what can be done with it (run with its form, open in the editor,
// schedule, rename, duplicate, delete with undo); importing and exporting
// the library as a folder of .sql files, and opening a .sql file.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ImportSummary, QueryDetail, QueryInfo, ScheduleHelp } from "../../ipc";
import { errorText } from "../../commandError";
import { DetailsDialog, type QueryDetails } from "./DetailsDialog";
import { editorBusy, fileTitle, openInEditor, runInEditor } from "./editorBridge";
import { groupByFolder } from "./folders";
import { ImportReport } from "./ImportReport";
import { RenameDialog } from "./RenameDialog";
import { ParameterDialog } from "./ParameterDialog";
import { ScheduleDialog } from "./ScheduleDialog";
import type { LibraryViewProps } from "./LibraryView";

const SEARCH_DELAY_MS = 250;
/** How long "Undo" stays offered after a delete. */
export const UNDO_MS = 15_000;

type Dialog =
  | { kind: "rename" }
  | { kind: "details" }
  | { kind: "run" }
  | { kind: "scheduleValues" }
  | { kind: "schedule"; help: ScheduleHelp };

interface Toast {
  text: string;
  undo?: QueryInfo;
}

const systemClipboard = (text: string) => navigator.clipboard.writeText(text);

export function QueriesPanel({ backend, onNavigate, clipboard }: LibraryViewProps) {
  const [search, setSearch] = useState("");
  const [list, setList] = useState<QueryInfo[] | null>(null);
  const [reload, setReload] = useState(0);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [detail, setDetail] = useState<QueryDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [imported, setImported] = useState<ImportSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const lastSearch = useRef("");
  const listRef = useRef<HTMLDivElement>(null);

  // The list, again whenever the search or the library changes; typing
  // waits for a pause, a change in the library shows at once.
  useEffect(() => {
    let live = true;
    const typed = lastSearch.current !== search;
    lastSearch.current = search;
    const load = () =>
      backend.libraryList(search.trim() || null, false).then(
        (found) => {
          if (!live) return;
          setList(found);
          setSelectedId((id) =>
            id !== null && found.some((q) => q.id === id) ? id : (found[0]?.id ?? null),
          );
        },
        (error) => live && setProblem(`The library could not be read: ${errorText(error)}`),
      );
    const timer = typed ? setTimeout(() => void load(), SEARCH_DELAY_MS) : null;
    if (!typed) void load();
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
    };
  }, [backend, search, reload]);

  // The chosen query's script.
  useEffect(() => {
    if (selectedId === null) {
      setDetail(null);
      return;
    }
    let live = true;
    backend.libraryGet(selectedId).then(
      (d) => live && setDetail(d),
      (error) => live && setProblem(`This query could not be opened: ${errorText(error)}`),
    );
    return () => {
      live = false;
    };
  }, [backend, selectedId, reload]);

  useEffect(() => {
    if (!toast?.undo) return;
    const timer = setTimeout(() => setToast(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const refresh = (select?: number) => {
    if (select !== undefined) setSelectedId(select);
    setReload((n) => n + 1);
  };

  /** Runs a backend action, showing its failure instead of losing it. */
  const act = async (what: string, action: () => Promise<void>) => {
    setProblem(null);
    setNotice(null);
    setBusy(true);
    try {
      await action();
    } catch (error) {
      setProblem(`${what}: ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const info = detail && detail.info.id === selectedId ? detail.info : null;
  const folders = [...new Set((list ?? []).map((q) => q.folder).filter(Boolean))].sort();

  const onDelete = (q: QueryInfo) =>
    act(`“${q.name}” could not be deleted`, async () => {
      await backend.libraryDelete(q.id);
      setToast({ text: `Deleted “${q.name}”.`, undo: q });
      setSelectedId(null);
      refresh();
    });

  const onUndo = (q: QueryInfo) =>
    act(`“${q.name}” could not be brought back`, async () => {
      const back = await backend.libraryRestore(q.id);
      setToast({ text: `“${back.name}” is back.` });
      refresh(back.id);
    });

  const onDuplicate = (q: QueryInfo) =>
    act(`“${q.name}” could not be duplicated`, async () => {
      const copy = await backend.libraryDuplicate(q.id);
      setToast({ text: `Made a copy: “${copy.name}”.` });
      refresh(copy.id);
    });

  const onImport = () =>
    act("The library could not be imported", async () => {
      const summary = await backend.libraryImport();
      if (!summary) return;
      setImported(summary);
      refresh();
    });

  const onExport = () =>
    act("The library could not be exported", async () => {
      const folder = await backend.libraryExport();
      if (folder) setNotice(`Exported the library to ${folder}`);
    });

  const onOpenFile = () =>
    act("The file could not be opened", async () => {
      const file = await backend.openSqlFile();
      if (!file) return;
      await openInEditor(backend, fileTitle(file.path), file.text);
      onNavigate("editor");
    });

  const onOpen = (d: QueryDetail) =>
    act("The query could not be opened", async () => {
      await openInEditor(backend, d.info.name, d.script, { queryId: d.info.id });
      onNavigate("editor");
    });

  const startRun = () => {
    if (editorBusy(backend)) {
      setProblem("Another script is still running in the editor; wait for it or cancel it first.");
      return;
    }
    setDialog({ kind: "run" });
  };

  const run = (d: QueryDetail, values: Record<string, string>) => {
    setDialog(null);
    void act("The query could not be run", async () => {
      await runInEditor(
        backend,
        d.info.name,
        d.script,
        { values, queryId: d.info.id },
        {
          queryId: d.info.id,
        },
      );
      onNavigate("editor");
    });
  };

  const schedule = (d: QueryDetail, values: Record<string, string>) => {
    setDialog(null);
    void act("The schedule command could not be made", async () => {
      const help = await backend.scheduleHelp(d.info.id, values);
      setDialog({ kind: "schedule", help });
    });
  };

  const saveDetails = async (d: QueryDetail, details: QueryDetails) => {
    const saved = await backend.librarySave({ id: d.info.id, ...details, script: d.script });
    setDialog(null);
    setToast({ text: `Saved the details of “${saved.name}”.` });
    refresh(saved.id);
  };

  const onListKey = (event: KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const items = [
      ...(listRef.current?.querySelectorAll<HTMLElement>("[data-testid=library-item]") ?? []),
    ];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next =
      items[Math.max(0, Math.min(items.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    next.focus();
    setSelectedId(Number(next.dataset.id));
  };

  return (
    <div class="queries-panel">
      <div class="library-toolbar">
        <input
          type="search"
          class="library-search"
          data-testid="library-search"
          aria-label="Search the library"
          placeholder="Search names, descriptions, tags, scripts…"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
        <span class="spacer" />
        <button
          type="button"
          class="button"
          data-testid="open-sql-file"
          disabled={busy}
          onClick={() => void onOpenFile()}
        >
          Open .sql file…
        </button>
        <button
          type="button"
          class="button"
          data-testid="library-import"
          disabled={busy}
          title="Add the .sql files of a folder (a colleague's export) to your library"
          onClick={() => void onImport()}
        >
          Import library…
        </button>
        <button
          type="button"
          class="button"
          data-testid="library-export"
          disabled={busy}
          title="Write every saved query as a .sql file into a folder, to share"
          onClick={() => void onExport()}
        >
          Export library…
        </button>
      </div>

      {problem && (
        <div class="notice notice-error" role="alert" data-testid="library-problem">
          <strong>Something went wrong.</strong>
          <p>{problem}</p>
        </div>
      )}
      {notice && (
        <p class="notice" role="status" data-testid="library-notice">
          {notice}
        </p>
      )}
      {imported && <ImportReport summary={imported} onClose={() => setImported(null)} />}

      <div class="library-body">
        <div
          class="library-list"
          ref={listRef}
          aria-label="Saved queries"
          role="group"
          onKeyDown={onListKey}
        >
          {list === null && !problem && <p class="muted">Opening the library…</p>}
          {list?.length === 0 && (
            <p class="muted library-empty" data-testid="library-empty">
              {search.trim()
                ? "No saved query matches your search."
                : "Nothing saved yet. In the Editor, use “Save as…” to keep a script here, or import a colleague's library."}
            </p>
          )}
          {list &&
            groupByFolder(list).map((g) => (
              <section key={g.folder} class="library-folder" aria-label={g.folder || "Top level"}>
                {(g.folder || folders.length > 0) && (
                  <h2 class="library-folder-name">
                    <span aria-hidden="true">▸ </span>
                    {g.folder || "Top level"}
                  </h2>
                )}
                <ul>
                  {g.queries.map((q) => (
                    <li key={q.id}>
                      <button
                        type="button"
                        class={`library-item${q.id === selectedId ? " selected" : ""}`}
                        data-testid="library-item"
                        data-id={q.id}
                        aria-current={q.id === selectedId ? "true" : undefined}
                        tabIndex={
                          q.id === selectedId || (selectedId === null && q === list[0]) ? 0 : -1
                        }
                        onClick={() => setSelectedId(q.id)}
                        onDblClick={() => detail?.info.id === q.id && void onOpen(detail)}
                      >
                        <span class="library-item-name">{q.name}</span>
                        {q.description && (
                          <span class="library-item-description muted">{q.description}</span>
                        )}
                        {q.tags.length > 0 && <Tags tags={q.tags} />}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </div>

        <div class="library-detail" aria-live="polite">
          {info && detail ? (
            <article aria-labelledby="library-detail-name">
              <h2 id="library-detail-name" data-testid="library-detail-name">
                {info.name}
              </h2>
              <p class="muted library-detail-where">
                {info.folder ? `In ${info.folder}` : "At the top level"}
                {info.updatedAt && ` · changed ${new Date(info.updatedAt).toLocaleString()}`}
              </p>
              {info.tags.length > 0 && <Tags tags={info.tags} />}
              <p class="library-detail-description">
                {info.description || <span class="muted">No description.</span>}
              </p>
              <div class="actions">
                <button
                  type="button"
                  class="button primary"
                  data-testid="library-run"
                  disabled={busy}
                  onClick={startRun}
                >
                  <span aria-hidden="true">▶ </span>Run…
                </button>
                <button
                  type="button"
                  class="button"
                  data-testid="library-open"
                  disabled={busy}
                  onClick={() => void onOpen(detail)}
                >
                  Open in editor
                </button>
                <button
                  type="button"
                  class="button"
                  data-testid="schedule-button"
                  disabled={busy}
                  onClick={() => setDialog({ kind: "scheduleValues" })}
                >
                  Run on a schedule…
                </button>
              </div>
              <div class="actions secondary-actions">
                <button
                  type="button"
                  class="button"
                  data-testid="library-edit"
                  disabled={busy}
                  onClick={() => setDialog({ kind: "details" })}
                >
                  Edit details…
                </button>
                <button
                  type="button"
                  class="button"
                  data-testid="library-rename"
                  disabled={busy}
                  onClick={() => setDialog({ kind: "rename" })}
                >
                  Rename…
                </button>
                <button
                  type="button"
                  class="button"
                  data-testid="library-duplicate"
                  disabled={busy}
                  onClick={() => void onDuplicate(info)}
                >
                  Duplicate
                </button>
                <button
                  type="button"
                  class="button danger"
                  data-testid="library-delete"
                  disabled={busy}
                  onClick={() => void onDelete(info)}
                >
                  Delete
                </button>
              </div>
              <h3 class="library-script-title">Script</h3>
              <pre
                class="library-script"
                data-testid="library-script"
                tabIndex={0}
                aria-label="Script (read only)"
              >
                {detail.script}
              </pre>
            </article>
          ) : (
            list && list.length > 0 && <p class="muted">Choose a query to see what it does.</p>
          )}
        </div>
      </div>

      {toast && (
        <div class="library-toast" role="status" data-testid="library-toast">
          <span>{toast.text}</span>
          {toast.undo && (
            <button
              type="button"
              class="button link"
              data-testid="library-undo"
              onClick={() => toast.undo && void onUndo(toast.undo)}
            >
              Undo
            </button>
          )}
          <button
            type="button"
            class="button link"
            aria-label="Dismiss"
            onClick={() => setToast(null)}
          >
            ×
          </button>
        </div>
      )}

      {dialog?.kind === "rename" && info && (
        <RenameDialog
          name={info.name}
          onRename={async (name) => {
            const renamed = await backend.libraryRename(info.id, name);
            setDialog(null);
            setToast({ text: `Renamed to “${renamed.name}”.` });
            refresh(renamed.id);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "details" && info && detail && (
        <DetailsDialog
          title="Edit details"
          confirmLabel="Save"
          initial={info}
          folders={folders}
          onSave={(details) => saveDetails(detail, details)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "run" && detail && (
        <ParameterDialog
          backend={backend}
          script={detail.script}
          queryId={detail.info.id}
          title={`Run “${detail.info.name}”`}
          submitLabel="Run"
          onSubmit={(values) => run(detail, values)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "scheduleValues" && detail && (
        <ParameterDialog
          backend={backend}
          script={detail.script}
          queryId={detail.info.id}
          title={`Schedule “${detail.info.name}”: its values`}
          submitLabel="Show the command"
          onSubmit={(values) => schedule(detail, values)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "schedule" && (
        <ScheduleDialog
          help={dialog.help}
          clipboard={clipboard ?? systemClipboard}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

function Tags({ tags }: { tags: string[] }) {
  return (
    <span class="tags" aria-label={`Tags: ${tags.join(", ")}`}>
      {tags.map((t) => (
        <span key={t} class="tag">
          {t}
        </span>
      ))}
    </span>
  );
}
