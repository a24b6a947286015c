// How a past run reads in the history list.
import type { HistoryEntry, RunOutcome } from "../../ipc";

/** The script's first line that says something (not blank, not a comment). */
export function firstLine(script: string): string {
  const lines = script.split(/\r?\n/).map((l) => l.trim());
  const line = lines.find((l) => l && !l.startsWith("--")) ?? lines.find((l) => l) ?? "";
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

export const OUTCOME_WORDS: Record<string, string> = {
  ok: "Finished",
  failed: "Failed",
  cancelled: "Cancelled",
  row_errors: "Finished, some rows refused",
};

export function outcomeWords(entry: HistoryEntry): string {
  if (entry.outcome === null) return "Did not finish";
  return OUTCOME_WORDS[entry.outcome] ?? entry.outcome;
}

export function outcomeTone(entry: HistoryEntry): "ok" | "warn" | "error" {
  if (entry.outcome === "ok") return "ok";
  if (entry.outcome === "failed" || entry.outcome === null) return "error";
  return "warn";
}

/** "12 Mar 2025, 14:05" in the reader's own locale. */
export function when(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** How a past run ended, in the editor's terms. */
export function pastOutcome(entry: HistoryEntry): RunOutcome {
  if (entry.outcome === "ok" || entry.outcome === "row_errors") return "completed";
  if (entry.outcome === "cancelled") return "cancelled";
  return "failed";
}

/** Why a run that made results cannot reopen them; null if it made none. */
export function keptResultsWords(entry: HistoryEntry): string | null {
  if (entry.resultsKept || !entry.resultRows) return null;
  return "Results not kept (too large, removed, or keeping is switched off)";
}
