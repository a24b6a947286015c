// What a run is doing right now, in words: the statement, the companies
// being read and the rows that arrived, a synchronize's progress per
// company, and the time so far. The clock ticks in its own component so
// that only it redraws every quarter second.
import { useEffect, useState } from "preact/hooks";
import { formatCount, formatMillis } from "./cells";
import type { RunProgress as Progress } from "./editorSession";

const SHOWN_FETCHES = 6;

export function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="run-elapsed">{formatMillis(Math.max(0, now - since))}</span>;
}

function company(partition: number | null): string {
  return partition === null ? "" : ` for company ${partition}`;
}

export function RunProgress({
  progress,
  tabTitle,
}: {
  progress: Progress;
  tabTitle?: string | undefined;
}) {
  const reading = progress.fetches.filter((f) => f.rows === null);
  const done = progress.fetches.filter((f) => f.rows !== null);
  const statement = progress.statement;
  return (
    <div class="run-progress" role="status" aria-live="polite" data-testid="run-progress">
      <div class="run-progress-line">
        <span class="spinner" aria-hidden="true" />
        <strong>{progress.cancelling ? "Cancelling…" : "Running"}</strong>
        {tabTitle && <span class="muted">in {tabTitle}</span>}
        {statement && (
          <span data-testid="current-statement" class="run-statement">
            statement {statement.index} (line {statement.line}): <code>{statement.summary}</code>
          </span>
        )}
        <span class="spacer" />
        <span class="muted">
          {formatCount(progress.rowsArrived)} {progress.rowsArrived === 1 ? "row" : "rows"} arrived
          · <Elapsed since={progress.startedAt} />
        </span>
      </div>
      {(reading.length > 0 || done.length > 0) && (
        <ul class="run-fetches" data-testid="run-fetches">
          {reading.slice(0, SHOWN_FETCHES).map((f, i) => (
            <li key={`r${i}`}>
              Reading {f.table}
              {company(f.partition)}…
            </li>
          ))}
          {reading.length > SHOWN_FETCHES && (
            <li>and {reading.length - SHOWN_FETCHES} more being read…</li>
          )}
          {done.length > 0 && (
            <li class="muted">
              {formatCount(done.length)} {done.length === 1 ? "read" : "reads"} finished, last:{" "}
              {done[done.length - 1]?.table}
              {company(done[done.length - 1]?.partition ?? null)} (
              {formatCount(done[done.length - 1]?.rows ?? 0)} rows)
            </li>
          )}
        </ul>
      )}
      {progress.sync && (
        <ul class="run-fetches" data-testid="run-sync-progress">
          {progress.sync.companies.map((c) => (
            <li key={String(c.company)}>
              {c.company === null ? "Synchronize" : `Company ${c.company}`}: {formatCount(c.done)}{" "}
              of {formatCount(c.planned)} changes
              {c.failed > 0 && <span class="error-text"> · {formatCount(c.failed)} refused</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
