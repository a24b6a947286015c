// The drill-down's rows, fetched a page at a time for the rows in view.
// A new company or search starts a new PlanPages; answers for an old one
// are dropped, so a slow answer never shows under a newer filter.
import type { Backend, PlanRow } from "../../ipc";
import { errorText } from "../../commandError";

export const PLAN_PAGE = 100;
const KEPT_PAGES = 40;

// Keys range from "C1" to a 36-character GUID. Narrower than the minimum,
// "Key" and short codes crowd the operation; wider than the maximum, the key
// takes the room the old and new values need (the title has the rest).
const KEY_MIN_CH = 6;
const KEY_MAX_CH = 28;

/** The key column's CSS width for keys of up to `chars` characters. `ch` is
 * the width of a digit; letters run a little wider, hence the margin. */
export function keyColumnWidth(chars: number): string {
  const wanted = Math.ceil(chars * 1.15) + 1;
  return `${Math.min(KEY_MAX_CH, Math.max(KEY_MIN_CH, wanted))}ch`;
}

export class PlanPages {
  total: number | null = null;
  error: string | null = null;
  /** The longest key fetched so far, in characters. It only grows, so the
   * columns do not shift back and forth while scrolling. */
  keyChars = 0;
  private readonly pages = new Map<number, PlanRow[]>();
  private readonly inflight = new Set<number>();
  private disposed = false;

  constructor(
    private readonly backend: Pick<Backend, "pendingPlanRows">,
    readonly company: number | null,
    readonly search: string,
    private readonly onChange: () => void,
  ) {}

  row(index: number): PlanRow | undefined {
    return this.pages.get(Math.floor(index / PLAN_PAGE))?.[index % PLAN_PAGE];
  }

  /** Makes sure rows first..last (exclusive) are here or on their way. */
  want(first: number, last: number): void {
    const from = Math.floor(first / PLAN_PAGE);
    const to = Math.floor(Math.max(first, last - 1) / PLAN_PAGE);
    for (let p = from; p <= to; p++) void this.fetch(p);
  }

  private async fetch(page: number): Promise<void> {
    if (this.pages.has(page) || this.inflight.has(page)) return;
    if (this.total !== null && page * PLAN_PAGE >= this.total && page > 0) return;
    this.inflight.add(page);
    try {
      const answer = await this.backend.pendingPlanRows(
        this.company,
        this.search.trim() || null,
        page * PLAN_PAGE,
        PLAN_PAGE,
      );
      if (this.disposed) return;
      this.total = answer.total;
      this.error = null;
      this.pages.set(page, answer.rows);
      for (const row of answer.rows) this.keyChars = Math.max(this.keyChars, row.key.length);
      if (this.pages.size > KEPT_PAGES) {
        const oldest = this.pages.keys().next().value;
        if (oldest !== undefined && oldest !== page) this.pages.delete(oldest);
      }
    } catch (error) {
      if (this.disposed) return;
      this.error = `The changes could not be read: ${errorText(error)}`;
    } finally {
      this.inflight.delete(page);
    }
    this.onChange();
  }

  dispose(): void {
    this.disposed = true;
  }
}
