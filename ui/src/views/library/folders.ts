// The library list grouped by folder, and tags as people type them.
import type { QueryInfo } from "../../ipc";

export interface FolderGroup {
  /** The folder (`Monthly/Sales`), empty for the top. */
  folder: string;
  queries: QueryInfo[];
}

/** Queries by folder: the top first, then folders in alphabetical order,
 * each folder's queries by name. */
export function groupByFolder(queries: readonly QueryInfo[]): FolderGroup[] {
  const groups = new Map<string, QueryInfo[]>();
  for (const q of queries) {
    const list = groups.get(q.folder) ?? [];
    list.push(q);
    groups.set(q.folder, list);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "base" });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : byName(a, b)))
    .map(([folder, list]) => ({
      folder,
      queries: [...list].sort((a, b) => byName(a.name, b.name)),
    }));
}

/** "month end, Sales ,,vat" → ["month end", "Sales", "vat"], without repeats. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(",")) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      tags.push(tag);
    }
  }
  return tags;
}

/** "Monthly / Sales/" → "Monthly/Sales". */
export function cleanFolder(text: string): string {
  return text
    .split("/")
    .map((part) => part.trim())
    .filter(Boolean)
    .join("/");
}
