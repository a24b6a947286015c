// A result set as a grid that stays smooth at a million rows: a fixed row
// height, only the rows in view in the DOM, rows fetched a page at a time
// (PageCache) and a scroll range compressed beyond what browsers allow
// (gridLayout). Cells are selected like a spreadsheet's (click, shift-click,
// the row numbers, Ctrl+A, arrows) and copied as TSV, which pastes into
// Excel as cells.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Backend, ResultColumn, ResultSetInfo } from "../../ipc";
import { cellText, formatCount, isNumeric, toTsv } from "./cells";
import { ROW_HEIGHT, firstVisible, layout, rowsInView, scrollTopFor } from "./gridLayout";
import { PageCache } from "./pageCache";

/** More rows than this are not put on the clipboard: Export is for those. */
export const COPY_LIMIT = 100_000;
const OVERSCAN = 4;
/** jsdom and a not-yet-laid-out window report 0; this stands in. */
const FALLBACK_VIEWPORT = 480;

interface Point {
  row: number;
  col: number;
}
interface Selection {
  anchor: Point;
  focus: Point;
}

export interface GridProps {
  backend: Pick<Backend, "resultPage">;
  info: ResultSetInfo;
  sort?: { column: number; descending: boolean } | undefined;
  sorting?: boolean;
  onSort: (column: number) => void;
  /** Where copies go; the system clipboard by default. */
  clipboard?: (text: string) => Promise<void>;
}

export function initialWidth(column: ResultColumn): number {
  const byType: Record<string, number> = {
    integer: 96,
    decimal: 120,
    boolean: 72,
    date: 112,
    datetime: 172,
    guid: 300,
    text: 180,
  };
  const base = byType[column.sqlType] ?? 160;
  return Math.min(420, Math.max(base, column.name.length * 8 + 40));
}

async function systemClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

function bounds(selection: Selection) {
  return {
    r0: Math.min(selection.anchor.row, selection.focus.row),
    r1: Math.max(selection.anchor.row, selection.focus.row),
    c0: Math.min(selection.anchor.col, selection.focus.col),
    c1: Math.max(selection.anchor.col, selection.focus.col),
  };
}

export function ResultGrid({ backend, info, sort, sorting, onSort, clipboard }: GridProps) {
  const { rowCount, columns } = info;
  const scroller = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [widths, setWidths] = useState<number[]>(() => columns.map(initialWidth));
  const [selection, setSelection] = useState<Selection | null>(null);
  const [, setVersion] = useState(0);
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const [gotoText, setGotoText] = useState("");

  const cache = useMemo(
    () =>
      new PageCache(
        (offset, limit) => backend.resultPage(info.id, offset, limit),
        rowCount,
        () => setVersion((v) => v + 1),
      ),
    [backend, info.id, rowCount],
  );

  // A sorted result is a new result set with the same columns: keep the
  // widths, the selection and the place; start afresh for another result.
  const columnKey = columns.map((c) => c.name).join("\u0000");
  useEffect(() => {
    setWidths(columns.map(initialWidth));
    setSelection(null);
    setNote(null);
    scroller.current?.scrollTo?.({ top: 0, left: 0 });
    setScroll({ top: 0, left: 0 });
  }, [columnKey]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight || FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const { scrollHeight } = layout(rowCount);
  const windowHeight = Math.min(viewport, scrollHeight);
  const { first, shift } = firstVisible(scroll.top, rowCount, viewport);
  const visible = rowsInView(viewport);
  const last = Math.min(rowCount - 1, first + visible - 1);
  const from = Math.max(0, first - OVERSCAN);
  const to = Math.min(rowCount - 1, last + OVERSCAN);

  useEffect(() => {
    cache.want(from, to);
  }, [cache, from, to]);

  const gutterWidth = Math.max(44, String(rowCount).length * 8 + 20);
  const totalWidth = gutterWidth + widths.reduce((a, b) => a + b, 0);

  const onScroll = () => {
    const el = scroller.current;
    if (el) setScroll({ top: el.scrollTop, left: el.scrollLeft });
  };

  /** Scrolls so that `row` is in view (at the top when jumping). */
  const reveal = (row: number, atTop = false) => {
    const el = scroller.current;
    if (!el) return;
    const fullyVisible = Math.max(1, Math.floor(viewport / ROW_HEIGHT));
    let target: number | null = null;
    if (atTop || row < first) target = scrollTopFor(row, rowCount, viewport);
    else if (row > first + fullyVisible - 1) {
      target = scrollTopFor(Math.max(0, row - fullyVisible + 1), rowCount, viewport);
    }
    if (target === null) return;
    el.scrollTop = target;
    setScroll({ top: target, left: el.scrollLeft });
  };

  const select = (next: Selection | null, revealRow?: number) => {
    setSelection(next);
    setNote(null);
    if (revealRow !== undefined) reveal(revealRow);
  };

  const onCellDown = (event: MouseEvent, row: number, col: number) => {
    if (event.button !== 0) return;
    const point = { row, col };
    select(
      event.shiftKey && selection
        ? { anchor: selection.anchor, focus: point }
        : { anchor: point, focus: point },
    );
  };

  const onRowHeaderDown = (event: MouseEvent, row: number) => {
    if (event.button !== 0) return;
    const lastCol = Math.max(0, columns.length - 1);
    if (event.shiftKey && selection) {
      select({ anchor: { row: selection.anchor.row, col: 0 }, focus: { row, col: lastCol } });
    } else {
      select({ anchor: { row, col: 0 }, focus: { row, col: lastCol } });
    }
  };

  const copy = async (withHeaders: boolean) => {
    if (!selection || rowCount === 0) return;
    const { r0, r1, c0, c1 } = bounds(selection);
    const count = r1 - r0 + 1;
    if (count > COPY_LIMIT) {
      setNote({
        text: `${formatCount(count)} rows are too many for the clipboard (at most ${formatCount(COPY_LIMIT)}). Use Export for the whole result.`,
        error: true,
      });
      return;
    }
    setNote({ text: `Copying ${formatCount(count)} ${count === 1 ? "row" : "rows"}…` });
    try {
      const rows = await cache.range(r0, r1);
      const cells = rows.map((r) => r.slice(c0, c1 + 1));
      const header = withHeaders ? columns.slice(c0, c1 + 1).map((c) => c.name) : undefined;
      await (clipboard ?? systemClipboard)(toTsv(cells, header));
      setNote({
        text: `Copied ${formatCount(rows.length)} ${rows.length === 1 ? "row" : "rows"}.`,
      });
    } catch (error) {
      setNote({
        text: `Could not copy: ${String((error as { message?: unknown })?.message ?? error)}`,
        error: true,
      });
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    const lastRow = rowCount - 1;
    const lastCol = columns.length - 1;
    if (lastRow < 0 || lastCol < 0) return;
    if (mod && event.key.toLowerCase() === "a") {
      event.preventDefault();
      select({ anchor: { row: 0, col: 0 }, focus: { row: lastRow, col: lastCol } });
      return;
    }
    if (mod && event.key.toLowerCase() === "c") {
      event.preventDefault();
      void copy(event.shiftKey);
      return;
    }
    const focus = selection?.focus ?? { row: first, col: 0 };
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    let next: Point | null = null;
    switch (event.key) {
      case "ArrowDown":
        next = { row: Math.min(lastRow, focus.row + 1), col: focus.col };
        break;
      case "ArrowUp":
        next = { row: Math.max(0, focus.row - 1), col: focus.col };
        break;
      case "ArrowRight":
        next = { row: focus.row, col: Math.min(lastCol, focus.col + 1) };
        break;
      case "ArrowLeft":
        next = { row: focus.row, col: Math.max(0, focus.col - 1) };
        break;
      case "PageDown":
        next = { row: Math.min(lastRow, focus.row + page), col: focus.col };
        break;
      case "PageUp":
        next = { row: Math.max(0, focus.row - page), col: focus.col };
        break;
      case "Home":
        next = mod ? { row: 0, col: 0 } : { row: focus.row, col: 0 };
        break;
      case "End":
        next = mod ? { row: lastRow, col: lastCol } : { row: focus.row, col: lastCol };
        break;
      case "Escape":
        if (selection) {
          event.preventDefault();
          select(null);
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    const anchor = event.shiftKey && selection ? selection.anchor : next;
    select({ anchor, focus: next }, next.row);
  };

  const goTo = (event: Event) => {
    event.preventDefault();
    const n = Number.parseInt(gotoText.replace(/[\s,.]/g, ""), 10);
    if (!Number.isFinite(n) || rowCount === 0) return;
    const row = Math.min(rowCount, Math.max(1, n)) - 1;
    select({ anchor: { row, col: 0 }, focus: { row, col: 0 } });
    reveal(row, true);
    scroller.current?.focus();
  };

  const startResize = (event: PointerEvent, col: number) => {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    const startWidth = widths[col] ?? 120;
    const move = (e: PointerEvent) => {
      const width = Math.max(48, Math.round(startWidth + e.clientX - startX));
      setWidths((ws) => ws.map((w, i) => (i === col ? width : w)));
    };
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  const resizeByKey = (event: KeyboardEvent, col: number) => {
    const step = event.shiftKey ? 40 : 10;
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const delta = event.key === "ArrowRight" ? step : -step;
    setWidths((ws) => ws.map((w, i) => (i === col ? Math.max(48, w + delta) : w)));
  };

  const sel = selection ? bounds(selection) : null;
  const rows = [];
  for (let row = from; row <= to; row++) {
    const values = cache.row(row);
    const top = shift + (row - first) * ROW_HEIGHT;
    const rowSelected = !!sel && row >= sel.r0 && row <= sel.r1;
    const wholeRow = rowSelected && sel.c0 === 0 && sel.c1 === columns.length - 1;
    rows.push(
      <div
        key={row}
        role="row"
        class={`grid-row${row % 2 ? " odd" : ""}${values ? "" : " loading"}`}
        data-testid="grid-row"
        data-row={row}
        aria-rowindex={row + 2}
        style={{ transform: `translateY(${top}px)`, width: `${totalWidth}px` }}
      >
        <div
          role="rowheader"
          class={`grid-gutter${wholeRow ? " selected" : ""}`}
          style={{ width: `${gutterWidth}px` }}
          onMouseDown={(e) => onRowHeaderDown(e, row)}
        >
          {row + 1}
        </div>
        {columns.map((column, col) => {
          const value = values?.[col];
          const selected = rowSelected && col >= sel.c0 && col <= sel.c1;
          const focused = selection?.focus.row === row && selection.focus.col === col;
          const classes = ["grid-cell"];
          if (values && value === null) classes.push("null");
          if (values && value !== undefined && isNumeric(column, value)) classes.push("num");
          if (selected) classes.push("selected");
          if (focused) classes.push("focused");
          return (
            <div
              key={col}
              role="gridcell"
              aria-colindex={col + 2}
              aria-selected={selected}
              class={classes.join(" ")}
              style={{ width: `${widths[col] ?? 120}px` }}
              onMouseDown={(e) => onCellDown(e, row, col)}
            >
              {values ? cellText(value) : ""}
            </div>
          );
        })}
      </div>,
    );
  }

  const loadError = cache.error;
  return (
    <div class="grid" data-testid="grid" data-first-row={first}>
      <div class="grid-header-clip">
        <div
          class="grid-header"
          role="row"
          aria-rowindex={1}
          style={{ transform: `translateX(${-scroll.left}px)`, width: `${totalWidth}px` }}
        >
          <div
            class="grid-gutter grid-corner"
            style={{ width: `${gutterWidth}px` }}
            aria-hidden="true"
          />
          {columns.map((column, col) => {
            const sorted = sort?.column === col;
            const ariaSort = sorted ? (sort?.descending ? "descending" : "ascending") : "none";
            return (
              <div
                key={col}
                role="columnheader"
                aria-sort={ariaSort}
                aria-colindex={col + 2}
                class={`grid-th${numericColumn(column) ? " num" : ""}`}
                style={{ width: `${widths[col] ?? 120}px` }}
              >
                <button
                  type="button"
                  class="grid-sort"
                  data-testid="grid-header"
                  disabled={sorting}
                  title={`Sort by ${column.name} (${column.sqlType})`}
                  onClick={() => onSort(col)}
                >
                  <span class="grid-th-name">{column.name}</span>
                  {sorted && <span aria-hidden="true">{sort?.descending ? " ▼" : " ▲"}</span>}
                </button>
                <span
                  class="grid-resize"
                  role="separator"
                  aria-orientation="vertical"
                  aria-label={`Resize column ${column.name}`}
                  tabIndex={0}
                  onPointerDown={(e) => startResize(e, col)}
                  onKeyDown={(e) => resizeByKey(e, col)}
                />
              </div>
            );
          })}
        </div>
      </div>
      <div
        ref={scroller}
        class="grid-scroll"
        role="grid"
        aria-label="Result rows"
        aria-rowcount={rowCount + 1}
        aria-colcount={columns.length + 1}
        aria-multiselectable="true"
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div class="grid-spacer" style={{ height: `${scrollHeight}px`, width: `${totalWidth}px` }}>
          <div class="grid-window" style={{ height: `${windowHeight}px` }}>
            {rows}
          </div>
        </div>
        {rowCount === 0 && <p class="grid-empty">No rows.</p>}
      </div>
      <div class="grid-footer">
        <span
          role="status"
          class={note?.error ? "grid-note error" : "grid-note"}
          data-testid="grid-note"
        >
          {loadError
            ? `Rows could not be loaded: ${String((loadError as { message?: unknown }).message ?? loadError)}`
            : note?.text}
        </span>
        <span class="spacer" />
        <span class="muted grid-hint">Ctrl+C copies · Ctrl+Shift+C with headers</span>
        <form class="grid-goto" onSubmit={goTo}>
          <label>
            Go to row{" "}
            <input
              type="text"
              inputMode="numeric"
              data-testid="goto-row"
              value={gotoText}
              size={9}
              onInput={(e) => setGotoText((e.target as HTMLInputElement).value)}
            />
          </label>
        </form>
      </div>
    </div>
  );
}

function numericColumn(column: ResultColumn): boolean {
  return column.sqlType === "integer" || column.sqlType === "decimal";
}
