// How values look in the grid and on the clipboard. Values arrive as the
// engine shows them (dates as ISO text, flags as 0/1), so the grid shows
// them as they are: no locale formatting that a copy to Excel would have to
// undo.
import type { Cell, ResultColumn } from "../../ipc";

export function isNumeric(column: ResultColumn | undefined, value: Cell): boolean {
  if (typeof value === "number") return true;
  return column?.sqlType === "integer" || column?.sqlType === "decimal";
}

/** The text of a value; NULL as the word, which the grid dims. */
export function cellText(value: Cell | undefined): string {
  if (value === null || value === undefined) return "NULL";
  if (Array.isArray(value)) return `(${value.length.toLocaleString("en-US")} bytes)`;
  return String(value);
}

/** A value for a TSV cell: empty for NULL (so it pastes as an empty cell),
 * quoted when it holds a tab, a line break or a quote, as Excel expects. */
export function tsvValue(value: Cell | undefined): string {
  if (value === null || value === undefined) return "";
  const text = Array.isArray(value) ? cellText(value) : String(value);
  return /[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toTsv(rows: readonly (readonly (Cell | undefined)[])[], header?: string[]): string {
  const lines = rows.map((row) => row.map(tsvValue).join("\t"));
  if (header) lines.unshift(header.map((h) => tsvValue(h)).join("\t"));
  return lines.join("\n");
}

/** 1,234,567 — counts are shown the same way everywhere. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** 850 ms · 2.4 s · 3 min 05 s */
export function formatMillis(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}
