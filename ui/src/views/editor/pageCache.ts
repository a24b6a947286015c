// Rows of one result set, fetched from the backend a page at a time. The
// grid asks for the pages it shows; the cache keeps the most recently used
// ones (a result may hold a million rows, the window never holds them all)
// and, when the user scrolls faster than pages arrive, fetches only the
// pages still wanted instead of every page scrolled past.
import type { Cell } from "../../ipc";

export type FetchRows = (offset: number, limit: number) => Promise<Cell[][]>;

export const PAGE_SIZE = 200;
const CAPACITY = 60;
const CONCURRENCY = 2;

export class PageCache {
  private readonly pages = new Map<number, Cell[][]>();
  private readonly inflight = new Set<number>();
  private wanted: number[] = [];
  private failed: unknown = null;

  constructor(
    private readonly fetchRows: FetchRows,
    private readonly rowCount: number,
    /** Called whenever a page arrives (or fails), so the view redraws. */
    private readonly onChange: () => void,
    readonly pageSize = PAGE_SIZE,
    private readonly capacity = CAPACITY,
  ) {}

  /** The row if its page is here, and marks that page as recently used. */
  row(index: number): Cell[] | undefined {
    const page = Math.floor(index / this.pageSize);
    const rows = this.pages.get(page);
    if (!rows) return undefined;
    this.pages.delete(page);
    this.pages.set(page, rows);
    return rows[index - page * this.pageSize];
  }

  /** The last fetch error, for the grid to show. */
  get error(): unknown {
    return this.failed;
  }

  /** Pages currently held, for tests. */
  get cachedPages(): number[] {
    return [...this.pages.keys()];
  }

  /** Asks for rows [first, last]; forgets earlier wishes not yet under way. */
  want(first: number, last: number): void {
    if (this.rowCount === 0) return;
    const lo = Math.max(0, Math.floor(first / this.pageSize));
    const hi = Math.min(
      Math.floor((this.rowCount - 1) / this.pageSize),
      Math.floor(last / this.pageSize),
    );
    const wanted: number[] = [];
    for (let p = lo; p <= hi; p++) if (!this.pages.has(p)) wanted.push(p);
    this.wanted = wanted;
    this.pump();
  }

  private pump(): void {
    while (this.inflight.size < CONCURRENCY) {
      const page = this.wanted.find((p) => !this.pages.has(p) && !this.inflight.has(p));
      if (page === undefined) return;
      this.inflight.add(page);
      this.fetchRows(page * this.pageSize, this.pageSize).then(
        (rows) => {
          this.inflight.delete(page);
          this.failed = null;
          this.store(page, rows);
          this.wanted = this.wanted.filter((p) => p !== page);
          this.onChange();
          this.pump();
        },
        (error: unknown) => {
          this.inflight.delete(page);
          this.failed = error;
          this.wanted = this.wanted.filter((p) => p !== page);
          this.onChange();
        },
      );
    }
  }

  private store(page: number, rows: Cell[][]): void {
    this.pages.delete(page);
    this.pages.set(page, rows);
    while (this.pages.size > this.capacity) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }

  /** Rows [first, last] for a copy: from the cache where present, the rest
   * fetched in large requests without filling the cache. */
  async range(first: number, last: number): Promise<Cell[][]> {
    const out: Cell[][] = [];
    let i = first;
    const chunk = this.pageSize * 10;
    while (i <= last) {
      const cached = this.row(i);
      if (cached) {
        out.push(cached);
        i++;
        continue;
      }
      const limit = Math.min(chunk, last - i + 1);
      const rows = await this.fetchRows(i, limit);
      if (rows.length === 0) break;
      for (const r of rows) out.push(r);
      i += rows.length;
    }
    return out;
  }
}
