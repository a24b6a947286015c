import { describe, expect, it } from "vitest";
import type { Cell } from "../../ipc";
import { PageCache } from "./pageCache";

function source() {
  const calls: [number, number][] = [];
  const pending: (() => void)[] = [];
  const fetch = (offset: number, limit: number) => {
    calls.push([offset, limit]);
    return new Promise<Cell[][]>((resolve) => {
      pending.push(() =>
        resolve(Array.from({ length: limit }, (_, i) => [offset + i, `row ${offset + i}`])),
      );
    });
  };
  const settle = async () => {
    while (pending.length) {
      pending.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { calls, fetch, settle };
}

describe("page cache", () => {
  it("fetches the pages of the wanted rows, a page at a time", async () => {
    const s = source();
    const cache = new PageCache(s.fetch, 1_000_000, () => {}, 200);
    cache.want(150, 420);
    await s.settle();
    expect(s.calls).toEqual([
      [0, 200],
      [200, 200],
      [400, 200],
    ]);
    expect(cache.row(420)).toEqual([420, "row 420"]);
    expect(cache.row(600)).toBeUndefined();
  });

  it("forgets wishes the user scrolled past before they were fetched", async () => {
    const s = source();
    const cache = new PageCache(s.fetch, 1_000_000, () => {}, 200);
    cache.want(0, 1999); // ten pages; two go out at once
    cache.want(999_800, 999_999); // jump to the end
    await s.settle();
    expect(s.calls).toEqual([
      [0, 200],
      [200, 200],
      [999_800, 200],
    ]);
  });

  it("keeps only the most recently used pages", async () => {
    const s = source();
    const cache = new PageCache(s.fetch, 1_000_000, () => {}, 10, 3);
    for (const first of [0, 10, 20]) {
      cache.want(first, first);
      await s.settle();
    }
    cache.row(0); // page 0 used again: page 1 is now the oldest
    cache.want(30, 30);
    await s.settle();
    expect(cache.cachedPages.sort((a, b) => a - b)).toEqual([0, 2, 3]);
  });

  it("reads a range for copying from the cache and fetches the rest", async () => {
    const s = source();
    const cache = new PageCache(s.fetch, 10_000, () => {}, 10);
    cache.want(0, 9);
    await s.settle();
    const range = cache.range(5, 24);
    await s.settle();
    const rows = await range;
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
    expect(s.calls).toEqual([
      [0, 10],
      [10, 15],
    ]);
  });
});
