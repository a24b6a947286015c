// The Companies screen's logic without the screen: filtering, sorting and the
// draft selection, as pure functions so they are tested on 500 companies
// without rendering any.
import type { Company, CompanySelection } from "../../ipc";

export type SortKey = "code" | "name" | "country" | "city";

export interface Sort {
  key: SortKey;
  descending: boolean;
}

export const DEFAULT_SORT: Sort = { key: "name", descending: false };

/** Companies whose code or name contains the query (case ignored). */
export function filterCompanies(companies: readonly Company[], query: string): Company[] {
  const q = query.trim().toLowerCase();
  if (!q) return companies.slice();
  return companies.filter((c) => String(c.code).includes(q) || c.name.toLowerCase().includes(q));
}

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** Sorted on one column; empty countries and cities last either way, and
 * ties broken by code so the order never jumps. */
export function sortCompanies(companies: readonly Company[], sort: Sort): Company[] {
  const sign = sort.descending ? -1 : 1;
  const text = (c: Company) => (sort.key === "code" ? "" : (c[sort.key] ?? "").trim());
  return companies.slice().sort((a, b) => {
    if (sort.key === "code") return sign * (a.code - b.code);
    const x = text(a);
    const y = text(b);
    if (!x !== !y) return x ? -1 : 1;
    return sign * collator.compare(x, y) || a.code - b.code;
  });
}

/** Clicking a header: the same column flips, another starts ascending. */
export function nextSort(current: Sort, key: SortKey): Sort {
  return current.key === key
    ? { key, descending: !current.descending }
    : { key, descending: false };
}

/** Ticks or unticks one company. Unticking the master unmarks it. */
export function toggleCompany(selection: CompanySelection, code: number): CompanySelection {
  if (selection.active.includes(code)) {
    return {
      active: selection.active.filter((c) => c !== code),
      master: selection.master === code ? null : selection.master,
    };
  }
  return { ...selection, active: [...selection.active, code] };
}

/** Ticks all of `codes` (those shown), keeping the order already chosen. */
export function selectAll(selection: CompanySelection, codes: readonly number[]): CompanySelection {
  const chosen = new Set(selection.active);
  const added = codes.filter((c) => !chosen.has(c));
  return added.length ? { ...selection, active: [...selection.active, ...added] } : selection;
}

/** Unticks all of `codes`, and the master if it is among them. */
export function unselectAll(
  selection: CompanySelection,
  codes: readonly number[],
): CompanySelection {
  const gone = new Set(codes);
  return {
    active: selection.active.filter((c) => !gone.has(c)),
    master: selection.master !== null && gone.has(selection.master) ? null : selection.master,
  };
}

/** Marks the master; it is ticked too, since it must be among those in use. */
export function setMaster(selection: CompanySelection, code: number | null): CompanySelection {
  if (code === null) return { ...selection, master: null };
  const active = selection.active.includes(code) ? selection.active : [...selection.active, code];
  return { active, master: code };
}

/** How many of `codes` are ticked: none, some or all. */
export function coverage(
  selection: CompanySelection,
  codes: readonly number[],
): "none" | "some" | "all" {
  if (!codes.length) return "none";
  const chosen = new Set(selection.active);
  const n = codes.reduce((sum, c) => sum + (chosen.has(c) ? 1 : 0), 0);
  return n === 0 ? "none" : n === codes.length ? "all" : "some";
}

/** The same companies and master; the order they were ticked in aside, as
 * re-ticking one is no change worth applying. */
export function sameSelection(a: CompanySelection, b: CompanySelection): boolean {
  if (a.master !== b.master || a.active.length !== b.active.length) return false;
  const set = new Set(a.active);
  return b.active.every((c) => set.has(c));
}
