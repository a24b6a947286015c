import { describe, expect, it } from "vitest";
import { MAX_SCROLL_HEIGHT, ROW_HEIGHT, firstVisible, layout, scrollTopFor } from "./gridLayout";

const VIEWPORT = 480;

describe("grid layout", () => {
  it("uses real pixels while all rows fit under the browser's limit", () => {
    expect(layout(1000)).toEqual({ virtualHeight: 24_000, scrollHeight: 24_000 });
    expect(firstVisible(2400 + 10, 1000, VIEWPORT)).toEqual({ first: 100, shift: -10 });
    expect(scrollTopFor(100, 1000, VIEWPORT)).toBe(2400);
  });

  it("compresses a million rows into a scroll range browsers allow", () => {
    const { scrollHeight, virtualHeight } = layout(1_000_000);
    expect(virtualHeight).toBe(1_000_000 * ROW_HEIGHT);
    expect(scrollHeight).toBe(MAX_SCROLL_HEIGHT);
    expect(scrollHeight).toBeLessThan(16_000_000);
  });

  it("reaches the last row at the end of the scroll range", () => {
    const end = MAX_SCROLL_HEIGHT - VIEWPORT;
    const { first } = firstVisible(end, 1_000_000, VIEWPORT);
    // The last screenful: the final row is in view.
    expect(first + Math.ceil(VIEWPORT / ROW_HEIGHT)).toBeGreaterThanOrEqual(1_000_000);
  });

  it("scrolls to any row so that it is the first one shown", () => {
    for (const row of [0, 1, 12_345, 500_000, 999_000]) {
      const top = scrollTopFor(row, 1_000_000, VIEWPORT);
      expect(firstVisible(top, 1_000_000, VIEWPORT).first).toBe(row);
    }
  });
});
