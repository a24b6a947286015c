// The run log in people's terms: a run's outcome in words, its changes
// grouped by company, and each change's fields before → after from the
// JSON the log keeps.
import type { SyncChangeInfo, SyncRunInfo } from "../../ipc";

export interface FieldChange {
  column: string;
  before: string | null;
  after: string | null;
}

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The fields a change touched: for an update only those that differ. */
export function fieldChanges(
  change: Pick<SyncChangeInfo, "operation" | "before" | "after">,
): FieldChange[] {
  const before = parse(change.before);
  const after = parse(change.after);
  const columns = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const fields = columns.map((column) => ({
    column,
    before: show(before?.[column]),
    after: show(after?.[column]),
  }));
  return change.operation === "update" ? fields.filter((f) => f.before !== f.after) : fields;
}

export interface CompanyGroup {
  company: number | null;
  changes: SyncChangeInfo[];
  /** Per outcome: done, failed, not_done, sending, planned. */
  outcomes: Record<string, number>;
  operations: Record<string, number>;
}

export function groupByCompany(changes: readonly SyncChangeInfo[]): CompanyGroup[] {
  const groups = new Map<number | null, CompanyGroup>();
  for (const change of changes) {
    let group = groups.get(change.company);
    if (!group) {
      group = { company: change.company, changes: [], outcomes: {}, operations: {} };
      groups.set(change.company, group);
    }
    group.changes.push(change);
    group.outcomes[change.outcome] = (group.outcomes[change.outcome] ?? 0) + 1;
    group.operations[change.operation] = (group.operations[change.operation] ?? 0) + 1;
  }
  return [...groups.values()].sort((a, b) => (a.company ?? -1) - (b.company ?? -1));
}

export type RunState = "ok" | "row_errors" | "failed" | "cancelled" | "unfinished";

export function runState(run: Pick<SyncRunInfo, "outcome">): RunState {
  switch (run.outcome) {
    case "ok":
    case "row_errors":
    case "failed":
    case "cancelled":
      return run.outcome;
    default:
      return "unfinished";
  }
}

export function runStateWords(state: RunState): string {
  switch (state) {
    case "ok":
      return "Finished";
    case "row_errors":
      return "Finished, some rows refused";
    case "failed":
      return "Stopped at an error";
    case "cancelled":
      return "Cancelled";
    case "unfinished":
      return "Did not finish";
  }
}

/** What each outcome of a change means, for its badge. */
export function outcomeWords(outcome: string): string {
  switch (outcome) {
    case "done":
      return "Done";
    case "failed":
      return "Refused";
    case "not_done":
      return "Not done";
    case "sending":
      return "Unknown — was being sent";
    case "planned":
      return "Not started";
    default:
      return outcome;
  }
}

export function firstLine(statement: string): string {
  const line = statement.split("\n").find((l) => l.trim()) ?? "";
  return line.trim();
}

/** "12 Mar 2025, 14:05" in the user's own time zone. */
export function when(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
