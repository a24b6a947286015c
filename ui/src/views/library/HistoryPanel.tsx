// Every run, newest first: when, what, with which values and companies, how
// long, how many API calls, and how it ended. A run's script can be opened
// again (with its values ready for the next run) or run again as it was, and
// the results a recent run kept can be opened as they were.
import { useEffect, useRef, useState } from "preact/hooks";
import type { Backend, HistoryEntry } from "../../ipc";
import { errorText } from "../../commandError";
import { formatCount, formatMillis } from "../editor/cells";
import { editorSession } from "../editor/editorSession";
import { editorBusy, openInEditor, runInEditor } from "./editorBridge";
import { KeptResults } from "./KeptResults";
import {
  firstLine,
  keptResultsWords,
  outcomeTone,
  outcomeWords,
  pastOutcome,
  when,
} from "./history";
import { describeParameters } from "./parameters";

const LIMIT = 200;
const SEARCH_DELAY_MS = 250;

export function HistoryPanel({
  backend,
  onOpened,
}: {
  backend: Backend;
  /** The script is in an editor tab now (to show the editor). */
  onOpened: () => void;
}) {
  const [search, setSearch] = useState("");
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const lastSearch = useRef("");

  useEffect(() => {
    let live = true;
    const typed = lastSearch.current !== search;
    lastSearch.current = search;
    const load = () =>
      backend.history(search.trim() || null, LIMIT).then(
        (found) => {
          if (!live) return;
          setEntries(found);
          setProblem(null);
        },
        (error) => live && setProblem(`The history could not be read: ${errorText(error)}`),
      );
    const timer = typed ? setTimeout(() => void load(), SEARCH_DELAY_MS) : null;
    if (!typed) void load();
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
    };
  }, [backend, search, reloads]);

  const title = (e: HistoryEntry) => `Run of ${when(e.startedAt)}`;
  const open = async (e: HistoryEntry) => {
    await openInEditor(backend, title(e), e.script, { parameters: e.parameters });
    onOpened();
  };
  const [opening, setOpening] = useState<number | null>(null);
  const openResults = async (e: HistoryEntry) => {
    // A running script holds the session: its results would wait behind it.
    if (editorBusy(backend)) {
      setProblem("Another script is still running in the editor; wait for it or cancel it first.");
      return;
    }
    if (opening !== null) return;
    setOpening(e.id);
    let results;
    try {
      results = await backend.reopenResults(e.id);
    } catch (error) {
      setProblem(`The results of this run could not be opened: ${errorText(error)}`);
      return;
    } finally {
      setOpening(null);
    }
    setProblem(null);
    const session = editorSession(backend);
    await session.load();
    session.openPastRun(
      title(e),
      e.script,
      { parameters: e.parameters },
      {
        outcome: pastOutcome(e),
        results,
        millis: e.durationMs ?? 0,
        apiCalls: e.apiCalls ?? 0,
      },
      `The results of the run of ${when(e.startedAt)}, as it left them. Run the script again for today's data.`,
    );
    onOpened();
  };
  const again = async (e: HistoryEntry) => {
    if (editorBusy(backend)) {
      setProblem("Another script is still running in the editor; wait for it or cancel it first.");
      return;
    }
    await runInEditor(backend, title(e), e.script, { values: e.parameters, queryId: null });
    onOpened();
  };

  return (
    <div class="history-panel">
      <div class="library-toolbar">
        <input
          type="search"
          class="library-search"
          data-testid="history-search"
          aria-label="Search the history"
          placeholder="Search scripts, values, companies…"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
        <KeptResults backend={backend} onForgotten={() => setReloads((n) => n + 1)} />
      </div>
      {problem && (
        <p class="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      {entries === null && !problem && <p class="muted">Loading the history…</p>}
      {entries?.length === 0 && (
        <p class="muted" data-testid="history-empty">
          {search.trim() ? "No run matches your search." : "Nothing has run yet."}
        </p>
      )}
      {entries && entries.length > 0 && (
        <ol class="history-list" aria-label="Past runs">
          {entries.map((e) => {
            const params = describeParameters(e.parameters);
            return (
              <li key={e.id} class="history-item" data-testid="history-item" data-id={e.id}>
                <div class="history-main">
                  <span class={`outcome outcome-${outcomeTone(e)}`}>{outcomeWords(e)}</span>
                  <code class="history-script" title={e.script}>
                    {firstLine(e.script) || "(empty script)"}
                  </code>
                </div>
                <div class="history-facts muted">
                  <span>
                    {when(e.startedAt)}
                    {e.runBy ? ` · by ${e.runBy}` : ""}
                  </span>
                  {e.durationMs !== null && <span>{formatMillis(e.durationMs)}</span>}
                  {e.apiCalls !== null && (
                    <span>
                      {formatCount(e.apiCalls)} API {e.apiCalls === 1 ? "call" : "calls"}
                    </span>
                  )}
                  {e.resultRows !== null && (
                    <span>
                      {formatCount(e.resultRows)} result {e.resultRows === 1 ? "row" : "rows"}
                    </span>
                  )}
                  {e.companies.length > 0 && (
                    <span title={e.companies.join(", ")}>
                      {e.companies.length === 1
                        ? `Company ${e.companies[0] ?? ""}`
                        : `${e.companies.length} companies`}
                    </span>
                  )}
                  {params && <span class="history-params">{params}</span>}
                </div>
                {e.error && <p class="history-error error-text">{e.error}</p>}
                <div class="history-actions">
                  <button
                    type="button"
                    class="button"
                    data-testid="history-open"
                    onClick={() => void open(e)}
                  >
                    Open script
                  </button>
                  {e.resultsKept ? (
                    <button
                      type="button"
                      class="button"
                      data-testid="history-open-results"
                      disabled={opening !== null}
                      aria-busy={opening === e.id}
                      onClick={() => void openResults(e)}
                    >
                      {opening === e.id ? "Opening…" : "Open results"}
                    </button>
                  ) : (
                    keptResultsWords(e) && (
                      <span class="muted history-no-results" data-testid="history-no-results">
                        {keptResultsWords(e)}
                      </span>
                    )
                  )}
                  <button
                    type="button"
                    class="button"
                    data-testid="history-run"
                    onClick={() => void again(e)}
                  >
                    Run again
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
