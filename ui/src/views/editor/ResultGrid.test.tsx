import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { Cell, ResultSetInfo } from "../../ipc";
import { ResultGrid } from "./ResultGrid";
import { MAX_SCROLL_HEIGHT } from "./gridLayout";

const MILLION: ResultSetInfo = {
  id: 7,
  rowCount: 1_000_000,
  columns: [
    { name: "code", sqlType: "integer" },
    { name: "name", sqlType: "text" },
    { name: "closed", sqlType: "date" },
  ],
};

/** Row i: [i, "Account i", null every third row]. */
function pages() {
  const calls: [number, number, number][] = [];
  const resultPage = vi.fn(async (id: number, offset: number, limit: number) => {
    calls.push([id, offset, limit]);
    const end = Math.min(offset + limit, 1_000_000);
    const rows: Cell[][] = [];
    for (let i = offset; i < end; i++)
      rows.push([i, `Account ${i}`, i % 3 === 0 ? null : "2026-11-26"]);
    return rows;
  });
  return { calls, resultPage };
}

async function settle() {
  for (let i = 0; i < 5; i++) await act(async () => {});
}

async function mount(props: Partial<Parameters<typeof ResultGrid>[0]> = {}) {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  const source = pages();
  const onSort = vi.fn();
  const copied: string[] = [];
  await act(() => {
    render(
      <ResultGrid
        backend={source}
        info={MILLION}
        onSort={onSort}
        clipboard={async (text) => void copied.push(text)}
        {...props}
      />,
      root,
    );
  });
  await settle();
  return { root, source, onSort, copied };
}

function shownRows(root: HTMLElement): number[] {
  return [...root.querySelectorAll<HTMLElement>("[data-testid=grid-row]")].map((r) =>
    Number(r.dataset.row),
  );
}

function scrollTo(root: HTMLElement, top: number) {
  const scroller = root.querySelector<HTMLElement>(".grid-scroll");
  if (!scroller) throw new Error("no scroller");
  scroller.scrollTop = top;
  scroller.dispatchEvent(new Event("scroll"));
}

function mouseDown(el: Element | null | undefined, init: MouseEventInit = {}) {
  el?.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, button: 0, ...init }));
}

function key(root: HTMLElement, init: KeyboardEventInit) {
  root
    .querySelector(".grid-scroll")
    ?.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, ...init }));
}

function cell(root: HTMLElement, row: number, col: number) {
  return root.querySelector(`[data-row="${row}"]`)?.querySelectorAll("[role=gridcell]")[col];
}

afterEach(() => document.body.replaceChildren());

describe("result grid", () => {
  it("puts only a window of a million rows in the DOM, over a full-height scroll range", async () => {
    const { root } = await mount();
    const rows = shownRows(root);
    expect(rows[0]).toBe(0);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    const spacer = root.querySelector<HTMLElement>(".grid-spacer");
    expect(spacer?.style.height).toBe(`${MAX_SCROLL_HEIGHT}px`);
    expect(cell(root, 3, 1)?.textContent).toBe("Account 3");
  });

  it("fetches the first page only, then the page at the scroll position", async () => {
    const { root, source } = await mount();
    expect(source.calls).toEqual([[7, 0, 200]]);
    await act(() => scrollTo(root, MAX_SCROLL_HEIGHT)); // drag to the very end
    await settle();
    const rows = shownRows(root);
    expect(rows).toContain(999_999);
    expect(Math.min(...rows)).toBeGreaterThan(999_900);
    expect(cell(root, 999_999, 1)?.textContent).toBe("Account 999999");
    expect(source.calls.map(([, offset]) => offset)).toEqual([0, 999_800]);
  });

  it("jumps to a row typed in Go to row", async () => {
    const { root } = await mount();
    const input = root.querySelector<HTMLInputElement>("[data-testid=goto-row]");
    if (!input) throw new Error("no input");
    await act(() => {
      input.value = "500,001";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await act(() => {
      input.form?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await settle();
    expect(shownRows(root)).toContain(500_000);
    expect(cell(root, 500_000, 0)?.textContent).toBe("500000");
  });

  it("right-aligns numbers, dims NULL and shows dates as text", async () => {
    const { root } = await mount();
    expect(cell(root, 1, 0)?.classList.contains("num")).toBe(true);
    expect(cell(root, 1, 2)?.textContent).toBe("2026-11-26");
    const empty = cell(root, 3, 2);
    expect(empty?.textContent).toBe("NULL");
    expect(empty?.classList.contains("null")).toBe(true);
  });

  it("copies a shift-click range as TSV, NULL as an empty cell", async () => {
    const { root, copied } = await mount();
    await act(() => mouseDown(cell(root, 2, 1)));
    await act(() => mouseDown(cell(root, 3, 2), { shiftKey: true }));
    await act(() => key(root, { key: "c", ctrlKey: true }));
    await settle();
    expect(copied).toEqual(["Account 2\t2026-11-26\nAccount 3\t"]);
    expect(root.querySelector("[data-testid=grid-note]")?.textContent).toBe("Copied 2 rows.");
  });

  it("copies whole rows from the row numbers, with headers on Ctrl+Shift+C", async () => {
    const { root, copied } = await mount();
    await act(() => mouseDown(root.querySelector('[data-row="4"] [role=rowheader]')));
    await act(() => key(root, { key: "C", ctrlKey: true, shiftKey: true }));
    await settle();
    expect(copied).toEqual(["code\tname\tclosed\n4\tAccount 4\t2026-11-26"]);
  });

  it("refuses a copy too large for the clipboard, and copies across a page boundary", async () => {
    const { root, copied, source } = await mount();
    await act(() => mouseDown(cell(root, 0, 0)));
    await act(() => key(root, { key: "End", ctrlKey: true, shiftKey: true }));
    await act(() => key(root, { key: "c", ctrlKey: true }));
    await settle();
    expect(copied).toEqual([]);
    expect(root.querySelector("[data-testid=grid-note]")?.textContent).toMatch(
      /too many for the clipboard/,
    );

    await act(() => mouseDown(cell(root, 0, 0)));
    await act(() => mouseDown(cell(root, 10, 0)));
    const input = root.querySelector<HTMLInputElement>("[data-testid=goto-row]");
    if (!input) throw new Error("no input");
    await act(() => {
      input.value = "1000";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await act(() => {
      input.form?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await settle();
    await act(() => mouseDown(cell(root, 999, 0), { shiftKey: false }));
    await act(() => key(root, { key: "ArrowDown", shiftKey: true }));
    await act(() => key(root, { key: "ArrowDown", shiftKey: true }));
    await act(() => key(root, { key: "c", ctrlKey: true }));
    await settle();
    expect(copied).toEqual(["999\n1000\n1001"]);
    // Never the whole set: every request is at most a few pages.
    expect(Math.max(...source.calls.map(([, , limit]) => limit))).toBeLessThanOrEqual(2000);
  });

  it("sorts by a clicked header and marks the sorted column", async () => {
    const { root, onSort } = await mount({ sort: { column: 1, descending: true } });
    const headers = root.querySelectorAll<HTMLButtonElement>("[data-testid=grid-header]");
    await act(() => headers[0]?.click());
    expect(onSort).toHaveBeenCalledWith(0);
    const th = root.querySelectorAll("[role=columnheader]");
    expect(th[1]?.getAttribute("aria-sort")).toBe("descending");
    expect(th[0]?.getAttribute("aria-sort")).toBe("none");
  });

  it("resizes a column by dragging its header edge", async () => {
    const { root } = await mount();
    const handle = root.querySelector(".grid-resize");
    const before = parseInt(
      root.querySelector<HTMLElement>("[role=columnheader]")?.style.width ?? "0",
      10,
    );
    await act(() => {
      handle?.dispatchEvent(new MouseEvent("pointerdown", { bubbles: true, clientX: 100 }));
      window.dispatchEvent(new MouseEvent("pointermove", { clientX: 160 }));
      window.dispatchEvent(new MouseEvent("pointerup", {}));
    });
    const after = parseInt(
      root.querySelector<HTMLElement>("[role=columnheader]")?.style.width ?? "0",
      10,
    );
    expect(after).toBe(before + 60);
    expect(
      parseInt(
        cell(root, 0, 0)
          ?.getAttribute("style")
          ?.match(/width: (\d+)/)?.[1] ?? "0",
        10,
      ),
    ).toBe(after);
  });
});
