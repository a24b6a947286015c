// The plan and the run in an accountant's words: durations, what a
// statement's target holds, and the budget it needs.
import type { PlanCompany } from "../../ipc";

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** "under a minute", "about 4 minutes", "about 2 hours 10 minutes". */
export function duration(seconds: number): string {
  if (seconds < 60) return seconds < 5 ? "a few seconds" : "under a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${plural(minutes, "minute", "minutes")}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${plural(hours, "hour", "hours")}${rest ? ` ${plural(rest, "minute", "minutes")}` : ""}`;
}

/** What the target table holds, for sentences like "more than half of this
 * company's customers". Falls back to "records" for a table we do not know. */
export function recordNoun(statement: string): string {
  const target =
    /synchronize\s+([\w.]+)\s+from/i.exec(statement)?.[1] ??
    /\bto\s+([\w.]+)/i.exec(statement)?.[1] ??
    "";
  const name = target.toLowerCase();
  if (/account|customer|relation|debtor/.test(name)) return "customers";
  if (/supplier|creditor/.test(name)) return "suppliers";
  if (/item|article|product/.test(name)) return "items";
  if (/contact/.test(name)) return "contacts";
  if (/employee/.test(name)) return "employees";
  if (/project/.test(name)) return "projects";
  return "records";
}

export function companyLabel(company: number | null, name = ""): string {
  if (company === null) return name || "All rows (no companies)";
  return name ? `${name} (${company})` : `Company ${company}`;
}

export function writesOf(c: Pick<PlanCompany, "inserts" | "updates" | "deletes">): number {
  return c.inserts + c.updates + c.deletes;
}

export function overBudget(c: PlanCompany): boolean {
  return c.dailyRemaining !== null && c.calls > c.dailyRemaining;
}

/** Operations as people say them. */
export function operationWord(operation: string): string {
  switch (operation) {
    case "insert":
      return "Add";
    case "update":
      return "Change";
    case "delete":
      return "Remove";
    default:
      return operation;
  }
}
