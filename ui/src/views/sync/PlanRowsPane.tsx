// The drill-down of a plan: each changed field of each row (old → new) for
// one company or all, filtered by text, fetched a page at a time as the list
// scrolls, and exportable as a whole.
import { useCallback, useEffect, useMemo, useReducer, useState } from "preact/hooks";
import type { Backend, ExportKind, PlanRow } from "../../ipc";
import { errorText } from "../../commandError";
import { cellText } from "../editor/cells";
import { keyColumnWidth, PlanPages } from "./planPages";
import { VirtualList } from "./VirtualList";
import { operationWord, plural } from "./words";

const ROW = 30;
const SEARCH_DELAY_MS = 250;

function PlanRowView({ row, showCompany }: { row: PlanRow | undefined; showCompany: boolean }) {
  if (!row) {
    return (
      <div class="plan-row loading" role="listitem" aria-busy="true">
        <span class="muted">…</span>
      </div>
    );
  }
  const oldText = row.operation === "insert" ? "" : cellText(row.oldValue);
  const newText = row.operation === "delete" ? "" : cellText(row.newValue);
  return (
    <div class={`plan-row op-${row.operation}`} role="listitem" data-testid="plan-row">
      <span class="plan-op">{operationWord(row.operation)}</span>
      {showCompany && <span class="plan-row-company">{row.company ?? ""}</span>}
      <span class="plan-key" title={row.key}>
        {row.key}
      </span>
      <span class="plan-column" title={row.column}>
        {row.column}
      </span>
      <span class="plan-old" title={oldText}>
        {row.operation === "insert" ? (
          <span class="muted">new</span>
        ) : (
          oldText || <em class="muted">empty</em>
        )}
      </span>
      <span class="plan-arrow" aria-label="becomes">
        →
      </span>
      <span class="plan-new" title={newText}>
        {row.operation === "delete" ? (
          <span class="muted">removed</span>
        ) : (
          newText || <em class="muted">empty</em>
        )}
      </span>
    </div>
  );
}

type ExportState = { busy: boolean; text: string; failed: boolean };

export function PlanRowsPane({
  backend,
  company,
  label,
  showCompany,
}: {
  backend: Backend;
  company: number | null;
  label: string;
  showCompany: boolean;
}) {
  const [search, setSearch] = useState("");
  const [applied, setApplied] = useState("");
  const [, bump] = useReducer((x: number) => x + 1, 0);
  const redraw = useCallback(() => bump(undefined), []);
  const [exporting, setExporting] = useState<ExportState>({ busy: false, text: "", failed: false });

  useEffect(() => {
    if (search === applied) return;
    const timer = setTimeout(() => setApplied(search), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, applied]);

  const pages = useMemo(
    () => new PlanPages(backend, company, applied, redraw),
    [backend, company, applied],
  );
  useEffect(() => {
    pages.want(0, 1);
    return () => pages.dispose();
  }, [pages]);
  const onRange = useCallback((first: number, last: number) => pages.want(first, last), [pages]);

  const exportPlan = async (kind: ExportKind) => {
    setExporting({
      busy: true,
      text: `Exporting to ${kind === "xlsx" ? "Excel" : "CSV"}…`,
      failed: false,
    });
    try {
      const done = await backend.exportPendingPlan(kind, kind === "csv" ? "," : null);
      setExporting({
        busy: false,
        text: done ? `Saved ${plural(done.rows, "row", "rows")} to ${done.path}` : "",
        failed: false,
      });
    } catch (error) {
      setExporting({ busy: false, text: `Could not export: ${errorText(error)}`, failed: true });
    }
  };

  const total = pages.total;
  return (
    <section class="plan-rows-pane" aria-label={`Changes in ${label}`}>
      <div class="plan-rows-head">
        <h3>
          Changes in {label}
          <span class="muted" data-testid="plan-rows-count">
            {total === null ? "" : ` · ${plural(total, "changed field", "changed fields")}`}
          </span>
        </h3>
        <input
          type="search"
          data-testid="plan-search"
          placeholder="Filter by key, field or value"
          aria-label="Filter the changes by key, field or value"
          value={search}
          onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            // Escape clears the filter first; with none, it reaches the dialog.
            if (e.key === "Escape" && search) {
              e.preventDefault();
              e.stopPropagation();
              setSearch("");
              setApplied("");
            }
          }}
        />
      </div>
      {pages.error && (
        <p class="notice notice-error" role="alert">
          {pages.error}
        </p>
      )}
      {total === 0 ? (
        <p class="muted plan-rows-empty" data-testid="plan-rows">
          {applied ? `No changes match “${applied}”.` : "No changes here."}
        </p>
      ) : (
        <VirtualList
          // A new company or filter starts at the top.
          key={`${String(company)}|${applied}`}
          count={total ?? 0}
          rowHeight={ROW}
          label={`Changed fields in ${label}`}
          class="plan-rows"
          style={{ "--plan-key-width": keyColumnWidth(pages.keyChars) }}
          testid="plan-rows"
          onRange={onRange}
          renderRow={(i) => <PlanRowView row={pages.row(i)} showCompany={showCompany} />}
        />
      )}
      <div class="plan-export">
        <span class={exporting.failed ? "sync-error" : "muted"} role="status">
          {exporting.text}
        </span>
        <span class="spacer" />
        <button
          type="button"
          class="button"
          data-testid="plan-export"
          disabled={exporting.busy}
          onClick={() => void exportPlan("xlsx")}
        >
          Export all changes to Excel
        </button>
        <button
          type="button"
          class="button"
          data-testid="plan-export-csv"
          disabled={exporting.busy}
          onClick={() => void exportPlan("csv")}
        >
          CSV
        </button>
      </div>
    </section>
  );
}
