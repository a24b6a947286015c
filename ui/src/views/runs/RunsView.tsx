// The run log as screens: every synchronize (who, when, what, how it ended),
// a run's changes grouped by company with each field before → after, a
// search by key across all runs, and undo. A cancelled or killed run shows
// exactly which changes were made and which were not.
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Backend, SyncChangeInfo, SyncRunInfo } from "../../ipc";
import { errorText } from "../../commandError";
import { syncFlowOf } from "../sync/syncFlow";
import { plural } from "../sync/words";
import { ChangeItem, RunChanges } from "./RunChanges";
import { firstLine, runState, runStateWords, when } from "./changes";
import "./runs.css";

const RUNS_SHOWN = 200;
const KEY_RESULTS = 500;

function RunItem({
  run,
  undoneBy,
  selected,
  onSelect,
}: {
  run: SyncRunInfo;
  undoneBy: number[];
  selected: boolean;
  onSelect: () => void;
}) {
  const state = runState(run);
  return (
    <li>
      <button
        type="button"
        class={`run-item${selected ? " selected" : ""}`}
        data-testid="run-item"
        data-run={run.id}
        data-state={state}
        aria-current={selected ? "true" : undefined}
        onClick={onSelect}
      >
        <span class="run-item-top">
          <strong>Run {run.id}</strong>
          <span class={`run-badge state-${state}`}>{runStateWords(state)}</span>
        </span>
        <span class="run-item-statement" title={run.statement}>
          {firstLine(run.statement)}
        </span>
        <span class="muted">
          {when(run.startedAt)} · {run.user} ·{" "}
          {plural(run.companies.length, "company", "companies")}
        </span>
        <span class="muted">
          {run.inserted} added · {run.updated} changed · {run.deleted} removed
          {run.failed > 0 && <span class="runs-error"> · {run.failed} refused</span>}
        </span>
        {run.undoOf !== null && <span class="run-link">Undid run {run.undoOf}</span>}
        {undoneBy.length > 0 && <span class="run-link">Undone by run {undoneBy.join(", ")}</span>}
      </button>
    </li>
  );
}

function KeySearch({ backend, runs }: { backend: Backend; runs: SyncRunInfo[] }) {
  const [text, setText] = useState("");
  const [found, setFound] = useState<{ text: string; changes: SyncChangeInfo[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async (event: Event) => {
    event.preventDefault();
    const wanted = text.trim();
    if (!wanted) {
      setFound(null);
      return;
    }
    try {
      setError(null);
      setFound({ text: wanted, changes: await backend.syncChangesByKey(wanted, KEY_RESULTS) });
    } catch (e) {
      setError(`The search failed: ${errorText(e)}`);
    }
  };
  const byId = new Map(runs.map((r) => [r.id, r]));
  return (
    <section class="runs-key" aria-label="Find a row in every run">
      <form class="runs-key-form" role="search" onSubmit={(e) => void search(e)}>
        <input
          type="search"
          data-testid="key-search"
          aria-label="Key to look for, for example a customer code"
          placeholder="What happened to… (a customer code or other key)"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="button">
          Search all runs
        </button>
      </form>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {found && (
        <div
          data-testid="key-results"
          role="region"
          aria-label={`Changes to ${found.text}`}
          class="runs-key-results"
        >
          <p role="status">
            {found.changes.length === 0
              ? `No run changed a row whose key contains “${found.text}”.`
              : `${plural(found.changes.length, "change", "changes")} to rows matching “${found.text}”${found.changes.length >= KEY_RESULTS ? " (the first ones)" : ""}:`}
          </p>
          <ul class="runs-change-list">
            {found.changes.map((c) => (
              <ChangeItem
                key={`${c.runId}-${c.seq}`}
                change={c}
                context={`Run ${c.runId}${byId.get(c.runId) ? `, ${when(byId.get(c.runId)?.startedAt ?? "")}` : ""} · company ${c.company ?? "—"}`}
              />
            ))}
          </ul>
          <button type="button" class="button link" onClick={() => setFound(null)}>
            Clear the search
          </button>
        </div>
      )}
    </section>
  );
}

export function RunsView({ backend }: { backend: Backend }) {
  const [runs, setRuns] = useState<SyncRunInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [reloads, setReloads] = useState(0);

  const load = useCallback(async () => {
    try {
      setRuns(await backend.syncRuns(RUNS_SHOWN));
      setError(null);
    } catch (e) {
      setError(`The run log could not be read: ${errorText(e)}`);
    }
  }, [backend]);

  useEffect(() => {
    void load();
  }, [load]);

  // After a run or an undo (from anywhere), the log has news.
  useEffect(() => {
    const flow = syncFlowOf(backend);
    if (!flow) return;
    let phase = flow.phase;
    return flow.subscribe(() => {
      if (flow.phase === phase) return;
      phase = flow.phase;
      if (phase === "done" || phase === "idle") {
        void load();
        setReloads((n) => n + 1);
      }
    });
  }, [backend, load]);

  const undo = (runId: number) => {
    const flow = syncFlowOf(backend);
    if (flow) void flow.undo(runId);
    else void backend.undoRun(runId, () => {}).catch(() => {});
  };

  const run = runs?.find((r) => r.id === selected) ?? null;
  const undoneBy = (id: number) => (runs ?? []).filter((r) => r.undoOf === id).map((r) => r.id);

  return (
    <div class="runs">
      <KeySearch backend={backend} runs={runs ?? []} />
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div class="runs-panes">
        <nav class="runs-list-pane" aria-label="Runs">
          {runs === null ? (
            <p class="muted">Reading the run log…</p>
          ) : runs.length === 0 ? (
            <p class="muted" data-testid="runs-list">
              No synchronize has run yet. When one does, everything it changes is listed here.
            </p>
          ) : (
            <ul class="runs-list" data-testid="runs-list">
              {runs.map((r) => (
                <RunItem
                  key={r.id}
                  run={r}
                  undoneBy={undoneBy(r.id)}
                  selected={r.id === selected}
                  onSelect={() => setSelected(r.id)}
                />
              ))}
            </ul>
          )}
        </nav>
        <div class="runs-detail">
          {run ? (
            <RunChanges
              key={`${run.id}-${reloads}`}
              backend={backend}
              run={run}
              undoneBy={undoneBy(run.id)}
              onUndo={() => undo(run.id)}
              onOpenRun={setSelected}
            />
          ) : (
            runs && runs.length > 0 && <p class="muted">Choose a run to see what it changed.</p>
          )}
        </div>
      </div>
    </div>
  );
}
