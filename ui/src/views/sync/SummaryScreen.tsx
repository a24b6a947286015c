// After a synchronize: what it did per company (from the engine's summary),
// the rows the service refused with their keys (exportable), and "Undo this
// run", which shows the undo's own plan first.
import { useState } from "preact/hooks";
import type { Backend, ExportKind, ResultSetInfo } from "../../ipc";
import { errorText } from "../../commandError";
import { formatMillis } from "../editor/cells";
import { ResultGrid } from "../editor/ResultGrid";
import type { Outcome, SyncFlow } from "./syncFlow";
import { type CompanySummary, totalOf } from "./summary";
import { VirtualList } from "./VirtualList";
import { plural } from "./words";
import { CompanyName } from "./CompanyName";

const ROW = 30;

function n(value: number): string {
  return value.toLocaleString("en-US");
}

export function outcomeTitle(o: Outcome): string {
  const undo = o.undoOf !== null;
  if (o.failure) return undo ? "The undo could not run" : "The changes could not be made";
  const r = o.result;
  if (o.wroteNothing) return undo ? "There was nothing to undo" : "Nothing was changed";
  if (r?.outcome === "cancelled") return "Stopped — part of the changes were made";
  if (r?.outcome === "failed") return "Stopped at an error — part of the changes were made";
  if ((r?.rowErrors ?? 0) > 0)
    return `Done, but ${plural(r?.rowErrors ?? 0, "row was", "rows were")} refused`;
  return undo ? "The run was undone" : "The changes were made";
}

function SummaryLine({
  c,
  names,
  total,
}: {
  c: CompanySummary;
  names: ReadonlyMap<number | null, string>;
  total?: boolean;
}) {
  return (
    <div
      class={`sync-summary-row${total ? " total" : ""}`}
      role="row"
      data-company={c.company ?? ""}
    >
      <span role="cell" class="sync-company-name">
        {total ? "All companies" : <CompanyName company={c.company} name={names.get(c.company)} />}
      </span>
      <span role="cell" class="num">
        {n(c.inserted)}
      </span>
      <span role="cell" class="num">
        {n(c.updated)}
      </span>
      <span role="cell" class="num">
        {n(c.deleted)}
      </span>
      <span role="cell" class="num muted">
        {n(c.unchanged)}
      </span>
      <span role="cell" class={`num${c.failed ? " sync-error" : ""}`}>
        {n(c.failed)}
      </span>
      <span role="cell" class={`num${c.notDone ? " sync-warn" : ""}`}>
        {n(c.notDone)}
      </span>
      <span role="cell" class="num">
        {n(c.apiCalls)}
      </span>
      <span role="cell" class="num muted">
        {formatMillis(c.elapsedMs)}
      </span>
    </div>
  );
}

function Refused({ backend, info }: { backend: Backend; info: ResultSetInfo }) {
  const [shown, setShown] = useState(info);
  const [sort, setSort] = useState<{ column: number; descending: boolean } | undefined>();
  const [status, setStatus] = useState({ text: "", failed: false, busy: false });
  const exportRows = async (kind: ExportKind) => {
    setStatus({ text: "Exporting…", failed: false, busy: true });
    try {
      const done = await backend.exportResult(info.id, kind, kind === "csv" ? "," : null);
      setStatus({
        text: done ? `Saved ${plural(done.rows, "row", "rows")} to ${done.path}` : "",
        failed: false,
        busy: false,
      });
    } catch (error) {
      setStatus({ text: `Could not export: ${errorText(error)}`, failed: true, busy: false });
    }
  };
  const onSort = async (column: number) => {
    const descending = sort?.column === column ? !sort.descending : false;
    try {
      setShown(await backend.sortResult(info.id, column, descending));
      setSort({ column, descending });
    } catch (error) {
      setStatus({ text: `Could not sort: ${errorText(error)}`, failed: true, busy: false });
    }
  };
  return (
    <section class="sync-refused" aria-labelledby="sync-refused-title" data-testid="sync-refused">
      <div class="sync-buttons">
        <h3 id="sync-refused-title">
          Refused by Exact Online: {plural(info.rowCount, "row", "rows")}
        </h3>
        <span class="spacer" />
        <span class={status.failed ? "sync-error" : "muted"} role="status">
          {status.text}
        </span>
        <button
          type="button"
          class="button"
          data-testid="refused-export"
          disabled={status.busy}
          onClick={() => void exportRows("xlsx")}
        >
          Export to Excel
        </button>
        <button
          type="button"
          class="button"
          data-testid="refused-export-csv"
          disabled={status.busy}
          onClick={() => void exportRows("csv")}
        >
          CSV
        </button>
      </div>
      <p class="muted">
        These rows were skipped; the rest went ahead. Each key says which row it was.
      </p>
      <div class="sync-refused-grid">
        <ResultGrid backend={backend} info={shown} sort={sort} onSort={(c) => void onSort(c)} />
      </div>
    </section>
  );
}

export function SummaryScreen({ flow, backend }: { flow: SyncFlow; backend: Backend }) {
  const o = flow.outcome;
  if (!o) return null;
  const names = new Map<number | null, string>();
  for (const c of flow.plan?.companies ?? []) names.set(c.company, c.name);
  const rows = o.summary ?? [];
  const total = totalOf(rows);
  const cancelled = o.result?.outcome === "cancelled";
  const errors = [
    ...(o.failure ? [o.failure] : []),
    // A stop the user asked for is the title's news, not an error.
    ...(o.result?.errors.filter((e) => !(cancelled && e.kind === "cancelled")) ?? []).map(
      (e) => e.message,
    ),
  ];
  return (
    <div class="sync-body" data-testid="sync-summary" data-outcome={o.result?.outcome ?? "failed"}>
      <h2 id="sync-dialog-title">{outcomeTitle(o)}</h2>
      <div class="sync-sr-only" role="status" aria-live="polite">
        {outcomeTitle(o)}
      </div>
      {o.run !== null && (
        <p>
          {o.undoOf !== null ? `This undid run ${o.undoOf}. ` : ""}
          Everything it did is kept in the run log as run {o.run} (see <strong>Runs</strong>).
          {cancelled &&
            (rows.length > 0
              ? ` ${plural(total.notDone, "change was", "changes were")} not made because you stopped the run.`
              : " It shows which changes were made before you stopped it, and which were not.")}
        </p>
      )}
      {errors.map((e, i) => (
        <p key={i} class="notice notice-error" role="alert">
          {e}
        </p>
      ))}
      {rows.length > 0 && (
        <div class="sync-summary-table" role="table" aria-label="What was done per company">
          <div class="sync-summary-row head" role="row">
            <span role="columnheader">Company</span>
            <span role="columnheader" class="num">
              Added
            </span>
            <span role="columnheader" class="num">
              Changed
            </span>
            <span role="columnheader" class="num">
              Removed
            </span>
            <span role="columnheader" class="num">
              Unchanged
            </span>
            <span role="columnheader" class="num">
              Refused
            </span>
            <span role="columnheader" class="num">
              Not done
            </span>
            <span role="columnheader" class="num">
              API calls
            </span>
            <span role="columnheader" class="num">
              Time
            </span>
          </div>
          <VirtualList
            count={rows.length}
            rowHeight={ROW}
            label="Companies"
            role="rowgroup"
            class="sync-summary-rows"
            renderRow={(i) => <SummaryLine c={rows[i] as CompanySummary} names={names} />}
          />
          <SummaryLine c={total} names={names} total />
        </div>
      )}
      {o.refused && <Refused backend={backend} info={o.refused} />}
      <div class="sync-buttons">
        <span class="spacer" />
        {o.run !== null && !o.wroteNothing && (
          <button
            type="button"
            class="button"
            data-testid="undo-run"
            onClick={() => {
              const run = o.run;
              if (run !== null) void flow.undo(run);
            }}
          >
            Undo this run
          </button>
        )}
        <button
          type="button"
          class="button primary"
          data-testid="sync-close"
          data-autofocus
          onClick={() => flow.close()}
        >
          Close
        </button>
      </div>
    </div>
  );
}
