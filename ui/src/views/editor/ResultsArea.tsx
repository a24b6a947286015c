// Below the editor: one tab per result set and a Messages tab, the grid of
// the chosen result with its row count, sort and export, and the log of
// the run (remarks, warnings, row counts, errors you can click to reach).
import { useState } from "preact/hooks";
import type { Backend, ExportKind, ResultSetInfo } from "../../ipc";
import { formatCount, formatMillis } from "./cells";
import type { EditorSession, Message, RunOutput, Tab } from "./editorSession";
import { errorText } from "../../commandError";
import { ResultGrid } from "./ResultGrid";

export interface ResultsProps {
  backend: Backend;
  session: EditorSession;
  tab: Tab;
  output: RunOutput;
  clipboard?: (text: string) => Promise<void>;
}

export function ResultsArea({ backend, session, tab, output, clipboard }: ResultsProps) {
  const shown = output.shown;
  const errors = output.messages.filter((m) => m.level === "error" && !m.summary).length;
  const tabs: { key: number | "messages"; label: string; testid: string }[] = [
    ...output.results.map((r, i) => ({
      key: i,
      label: `Result ${i + 1} (${formatCount(output.sorts[i]?.info.rowCount ?? r.rowCount)})`,
      testid: "result-tab",
    })),
    {
      key: "messages" as const,
      label: errors ? `Messages (${errors} ${errors === 1 ? "error" : "errors"})` : "Messages",
      testid: "messages-tab",
    },
  ];
  const onTabKey = (event: KeyboardEvent, index: number) => {
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = tabs[(index + delta + tabs.length) % tabs.length];
    if (!next) return;
    session.showResult(tab.id, next.key);
    const list = (event.currentTarget as HTMLElement).parentElement;
    requestAnimationFrame(() =>
      list?.querySelector<HTMLElement>(`[data-result-key="${String(next.key)}"]`)?.focus(),
    );
  };
  const result = typeof shown === "number" ? output.results[shown] : undefined;
  return (
    <section class="results" aria-label="Results">
      <div class="result-tabs" role="tablist" aria-label="Result sets and messages">
        {tabs.map((t, i) => (
          <button
            key={String(t.key)}
            type="button"
            role="tab"
            class={`result-tab${t.key === "messages" && errors ? " has-errors" : ""}`}
            id={`result-tab-${String(t.key)}`}
            data-testid={t.testid}
            data-result-key={String(t.key)}
            aria-selected={shown === t.key}
            aria-controls="result-panel"
            tabIndex={shown === t.key ? 0 : -1}
            onClick={() => session.showResult(tab.id, t.key)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.label}
          </button>
        ))}
        <span class="spacer" />
        {output.outcome !== "running" && output.outcome !== "nothing" && (
          <span class="muted result-summary" data-testid="run-summary">
            {formatMillis(output.millis)} · {formatCount(output.apiCalls)} API{" "}
            {output.apiCalls === 1 ? "call" : "calls"}
          </span>
        )}
      </div>
      <div
        class="result-panel"
        id="result-panel"
        role="tabpanel"
        aria-labelledby={`result-tab-${String(shown)}`}
      >
        {result && typeof shown === "number" ? (
          <ResultView
            key={`${tab.id}-${shown}-${result.id}`}
            backend={backend}
            session={session}
            tab={tab}
            index={shown}
            original={result}
            output={output}
            clipboard={clipboard}
          />
        ) : (
          <Messages messages={output.messages} onGoTo={(m) => session.goTo(m)} />
        )}
      </div>
    </section>
  );
}

function Messages({ messages, onGoTo }: { messages: Message[]; onGoTo: (m: Message) => void }) {
  if (messages.length === 0) return <p class="muted messages-empty">No messages yet.</p>;
  return (
    <ol class="messages" data-testid="messages" aria-live="polite">
      {messages.map((m) => (
        <li key={m.id} class={`message message-${m.level}`} data-level={m.level}>
          <span class="message-level">{LEVEL_LABEL[m.level]}</span>
          {m.line !== undefined ? (
            <button type="button" class="link" onClick={() => onGoTo(m)} title="Show in the editor">
              {m.text}
            </button>
          ) : (
            <span>{m.text}</span>
          )}
        </li>
      ))}
    </ol>
  );
}

const LEVEL_LABEL: Record<Message["level"], string> = {
  info: "Info",
  warning: "Warning",
  error: "Error",
  success: "Done",
};

type ExportState =
  | { state: "idle" }
  | { state: "busy"; kind: ExportKind }
  | { state: "done"; text: string }
  | { state: "failed"; text: string };

const SEPARATORS: { value: string; label: string }[] = [
  { value: ",", label: "Comma ( , )" },
  { value: ";", label: "Semicolon ( ; )" },
  { value: "\t", label: "Tab" },
];

function ResultView(props: {
  backend: Backend;
  session: EditorSession;
  tab: Tab;
  index: number;
  original: ResultSetInfo;
  output: RunOutput;
  clipboard?: ((text: string) => Promise<void>) | undefined;
}) {
  const { backend, session, tab, index, original, output } = props;
  const sort = output.sorts[index];
  const info = sort?.info ?? original;
  const [sorting, setSorting] = useState(false);
  const [sortError, setSortError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<ExportState>({ state: "idle" });
  const [separator, setSeparator] = useState(",");

  const onSort = async (column: number) => {
    // ascending → descending → as the query returned it
    let next: { column: number; descending: boolean } | null;
    if (sort?.column !== column) next = { column, descending: false };
    else if (!sort.descending) next = { column, descending: true };
    else next = null;
    setSortError(null);
    if (!next) {
      session.setSort(tab.id, index, undefined);
      return;
    }
    setSorting(true);
    try {
      const sorted = await backend.sortResult(original.id, next.column, next.descending);
      session.setSort(tab.id, index, { ...next, info: sorted });
    } catch (error) {
      setSortError(`Could not sort: ${errorText(error)}`);
    } finally {
      setSorting(false);
    }
  };

  const onExport = async (kind: ExportKind) => {
    setExporting({ state: "busy", kind });
    try {
      const done = await backend.exportResult(info.id, kind, kind === "csv" ? separator : null);
      if (!done) {
        setExporting({ state: "idle" });
        return;
      }
      const text = `Exported ${formatCount(done.rows)} ${done.rows === 1 ? "row" : "rows"} to ${done.path}`;
      setExporting({ state: "done", text });
      session.addMessage(tab.id, "success", text);
    } catch (error) {
      const text = `Could not export: ${errorText(error)}`;
      setExporting({ state: "failed", text });
      session.addMessage(tab.id, "error", text);
    }
  };

  const busy = exporting.state === "busy";
  return (
    <div class="result-view">
      <div class="result-toolbar">
        <span class="row-count" data-testid="row-count">
          {formatCount(info.rowCount)} {info.rowCount === 1 ? "row" : "rows"}
        </span>
        <span class="muted" data-testid="elapsed">
          run took {formatMillis(output.millis)}
        </span>
        {sorting && <span class="muted">Sorting…</span>}
        {sortError && (
          <span class="error-text" role="alert">
            {sortError}
          </span>
        )}
        <span class="spacer" />
        <span
          class={`export-status${exporting.state === "failed" ? " error-text" : ""}`}
          role="status"
          data-testid="export-status"
        >
          {exporting.state === "busy" &&
            `Exporting to ${exporting.kind === "xlsx" ? "Excel" : "CSV"}…`}
          {(exporting.state === "done" || exporting.state === "failed") && exporting.text}
        </span>
        <button
          type="button"
          class="button"
          data-testid="export-xlsx"
          disabled={busy}
          aria-busy={busy && exporting.kind === "xlsx"}
          onClick={() => void onExport("xlsx")}
        >
          Export to Excel
        </button>
        <span class="button-group">
          <button
            type="button"
            class="button"
            data-testid="export-csv"
            disabled={busy}
            aria-busy={busy && exporting.kind === "csv"}
            onClick={() => void onExport("csv")}
          >
            Export to CSV
          </button>
          <select
            class="select"
            aria-label="CSV separator"
            data-testid="csv-separator"
            value={separator}
            disabled={busy}
            onChange={(e) => setSeparator((e.target as HTMLSelectElement).value)}
          >
            {SEPARATORS.map((s) => (
              <option key={s.label} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </span>
      </div>
      <ResultGrid
        backend={backend}
        info={info}
        sort={sort ? { column: sort.column, descending: sort.descending } : undefined}
        sorting={sorting}
        onSort={(c) => void onSort(c)}
        clipboard={props.clipboard}
      />
    </div>
  );
}
