// One run's changes, grouped by company: each group collapsible with its
// counts, each change with its fields before → after and how it ended.
import { useEffect, useState } from "preact/hooks";
import type { Backend, SyncChangeInfo, SyncRunInfo } from "../../ipc";
import { errorText } from "../../commandError";
import { operationWord, plural } from "../sync/words";
import {
  type CompanyGroup,
  fieldChanges,
  groupByCompany,
  outcomeWords,
  runState,
  runStateWords,
  when,
} from "./changes";

const SHOWN_STEP = 200;

export function ChangeItem({ change, context }: { change: SyncChangeInfo; context?: string }) {
  const fields = fieldChanges(change);
  return (
    <li
      class={`change-item outcome-${change.outcome}`}
      data-testid="change-item"
      data-outcome={change.outcome}
    >
      <div class="change-head">
        <strong class={`op op-${change.operation}`}>{operationWord(change.operation)}</strong>
        <span class="change-key">{change.key}</span>
        {context && <span class="muted">{context}</span>}
        <span class="spacer" />
        <span class={`run-badge change-${change.outcome}`}>{outcomeWords(change.outcome)}</span>
      </div>
      {fields.length > 0 && (
        <table class="change-fields">
          <tbody>
            {fields.map((f) => (
              <tr key={f.column}>
                <th scope="row">{f.column}</th>
                <td class="before">{f.before ?? <em class="muted">empty</em>}</td>
                <td aria-label="becomes">→</td>
                <td class="after">{f.after ?? <em class="muted">empty</em>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {change.error && <p class="runs-error">Exact Online said: {change.error}</p>}
    </li>
  );
}

function counts(group: CompanyGroup): string {
  const o = group.outcomes;
  const parts = [
    o.done ? `${o.done} done` : "",
    o.failed ? `${o.failed} refused` : "",
    o.not_done ? `${o.not_done} not done` : "",
    o.sending ? `${o.sending} unknown` : "",
    o.planned ? `${o.planned} not started` : "",
  ].filter(Boolean);
  return parts.join(" · ");
}

function Group({ group, startOpen }: { group: CompanyGroup; startOpen: boolean }) {
  const [open, setOpen] = useState(startOpen);
  const [shown, setShown] = useState(SHOWN_STEP);
  const id = `run-group-${group.company ?? "none"}`;
  return (
    <section
      class="run-company-group"
      data-testid="run-company-group"
      data-company={group.company ?? ""}
    >
      <h3>
        <button
          type="button"
          class="run-group-toggle"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? "▾" : "▸"}</span>{" "}
          {group.company === null ? "Rows without a company" : `Company ${group.company}`}
          <span class="muted">
            {" "}
            — {plural(group.changes.length, "change", "changes")}: {counts(group)}
          </span>
        </button>
      </h3>
      {open && (
        <ul id={id} class="runs-change-list">
          {group.changes.slice(0, shown).map((c) => (
            <ChangeItem key={c.seq} change={c} />
          ))}
          {group.changes.length > shown && (
            <li>
              <button
                type="button"
                class="button link"
                onClick={() => setShown(shown + SHOWN_STEP)}
              >
                Show {Math.min(SHOWN_STEP, group.changes.length - shown)} more of{" "}
                {group.changes.length - shown} left
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

function explain(run: SyncRunInfo, changes: SyncChangeInfo[]): string {
  const done = changes.filter((c) => c.outcome === "done").length;
  const notDone = changes.filter((c) => c.outcome === "not_done" || c.outcome === "planned").length;
  const sending = changes.filter((c) => c.outcome === "sending").length;
  const state = runState(run);
  if (state === "cancelled")
    return `It was stopped before the end: ${plural(done, "change was", "changes were")} made and ${plural(notDone, "change was", "changes were")} not.`;
  if (state === "unfinished")
    return `It never finished (the app was closed or stopped while it ran). ${plural(done, "change was", "changes were")} made, ${plural(notDone, "was", "were")} not${sending ? `, and for ${plural(sending, "change", "changes")} it is not known: it was being sent when the run stopped. Running the script again checks the companies and finishes the work` : ""}.`;
  if (state === "failed")
    return `It stopped at an error${run.error ? `: ${run.error}` : ""}. ${plural(done, "change was", "changes were")} made before that.`;
  return `${plural(done, "change was", "changes were")} made.`;
}

export function RunChanges({
  backend,
  run,
  undoneBy,
  onUndo,
  onOpenRun,
}: {
  backend: Backend;
  run: SyncRunInfo;
  undoneBy: number[];
  onUndo: () => void;
  onOpenRun: (id: number) => void;
}) {
  const [changes, setChanges] = useState<SyncChangeInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    backend.syncRunChanges(run.id).then(
      (c) => live && setChanges(c),
      (e) => live && setError(`The changes could not be read: ${errorText(e)}`),
    );
    return () => {
      live = false;
    };
  }, [backend, run.id]);
  const groups = changes ? groupByCompany(changes) : [];
  const state = runState(run);
  return (
    <article class="run-detail" aria-labelledby="run-detail-title">
      <div class="run-detail-head">
        <h2 id="run-detail-title">
          Run {run.id} <span class={`run-badge state-${state}`}>{runStateWords(state)}</span>
        </h2>
        <span class="spacer" />
        <button type="button" class="button" data-testid="undo-run" onClick={onUndo}>
          Undo this run
        </button>
      </div>
      <p class="muted">
        {when(run.startedAt)}
        {run.finishedAt ? ` to ${when(run.finishedAt)}` : ""} · by {run.user} ·{" "}
        {plural(run.apiCalls, "API call", "API calls")}
      </p>
      {run.undoOf !== null && (
        <p>
          This run undid{" "}
          <button type="button" class="button link" onClick={() => onOpenRun(run.undoOf as number)}>
            run {run.undoOf}
          </button>
          .
        </p>
      )}
      {undoneBy.length > 0 && (
        <p>
          It was undone by{" "}
          {undoneBy.map((id) => (
            <button key={id} type="button" class="button link" onClick={() => onOpenRun(id)}>
              run {id}
            </button>
          ))}
          .
        </p>
      )}
      <pre class="run-statement">{run.statement}</pre>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {changes && (
        <p class={state === "ok" ? "" : "notice"} data-testid="run-explain">
          {explain(run, changes)}
        </p>
      )}
      <div data-testid="run-changes" class="run-changes">
        {changes === null && !error && <p class="muted">Reading the changes…</p>}
        {changes && changes.length === 0 && <p class="muted">This run changed nothing.</p>}
        {groups.map((g) => (
          <Group key={String(g.company)} group={g} startOpen={groups.length === 1} />
        ))}
      </div>
    </article>
  );
}
