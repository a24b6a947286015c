// A synchronize's outcome as the engine returns it: a summary result set per
// statement (one row per company) and, when the service refused rows, a
// result set of those rows. They are found by their columns, so a script that
// also returns query results still shows the right ones.
import type { Backend, Cell, ResultSetInfo, RunResult } from "../../ipc";

export interface CompanySummary {
  company: number | null;
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
  notDone: number;
  apiCalls: number;
  elapsedMs: number;
}

const SUMMARY_COLUMNS = [
  "company",
  "inserted",
  "updated",
  "deleted",
  "unchanged",
  "failed",
  "not_done",
  "api_calls",
  "elapsed_ms",
] as const;
const REFUSED_COLUMNS = ["company", "operation", "key", "error"];

function hasColumns(info: ResultSetInfo, names: readonly string[]): boolean {
  return (
    info.columns.length === names.length &&
    info.columns.every((c, i) => c.name.toLowerCase() === names[i])
  );
}

/** The last synchronize's summary and refused rows in a run's results. */
export function findSyncResults(result: RunResult): {
  summary: ResultSetInfo | null;
  refused: ResultSetInfo | null;
} {
  for (let i = result.results.length - 1; i >= 0; i--) {
    const info = result.results[i] as ResultSetInfo;
    if (!hasColumns(info, SUMMARY_COLUMNS)) continue;
    const next = result.results[i + 1];
    return { summary: info, refused: next && hasColumns(next, REFUSED_COLUMNS) ? next : null };
  }
  return { summary: null, refused: null };
}

function num(cell: Cell | undefined): number {
  return typeof cell === "number" ? cell : typeof cell === "string" ? Number(cell) || 0 : 0;
}

export function summaryRow(row: readonly Cell[]): CompanySummary {
  const company = row[0];
  return {
    company: company === null || company === undefined ? null : num(company),
    inserted: num(row[1]),
    updated: num(row[2]),
    deleted: num(row[3]),
    unchanged: num(row[4]),
    failed: num(row[5]),
    notDone: num(row[6]),
    apiCalls: num(row[7]),
    elapsedMs: num(row[8]),
  };
}

export async function loadSummary(
  backend: Pick<Backend, "resultPage">,
  info: ResultSetInfo,
): Promise<CompanySummary[]> {
  const rows = await backend.resultPage(info.id, 0, info.rowCount);
  return rows.map(summaryRow);
}

export function totalOf(rows: readonly CompanySummary[]): CompanySummary {
  const total: CompanySummary = {
    company: null,
    inserted: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    failed: 0,
    notDone: 0,
    apiCalls: 0,
    elapsedMs: 0,
  };
  for (const r of rows) {
    total.inserted += r.inserted;
    total.updated += r.updated;
    total.deleted += r.deleted;
    total.unchanged += r.unchanged;
    total.failed += r.failed;
    total.notDone += r.notDone;
    total.apiCalls += r.apiCalls;
    total.elapsedMs = Math.max(total.elapsedMs, r.elapsedMs);
  }
  return total;
}
