// A list with a fixed row height that keeps only the rows in view in the
// DOM, so 500 companies or 50,000 planned changes scroll like 20.
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";

/** jsdom and a window not yet laid out report 0; this stands in. */
const FALLBACK_HEIGHT = 480;
const OVERSCAN = 6;

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ComponentChildren;
  /** Told which rows are on screen (to fetch their page). */
  onRange?: (first: number, last: number) => void;
  class?: string;
  /** Custom properties for the rows' layout, e.g. a column width. */
  style?: Record<string, string>;
  testid?: string;
  label: string;
  role?: "list" | "listbox" | "rowgroup";
  tabIndex?: number;
  activeDescendant?: string | undefined;
  onKeyDown?: (event: KeyboardEvent) => void;
  /** Scrolls so that this row is visible. */
  revealIndex?: number | undefined;
}

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || FALLBACK_HEIGHT);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    const i = props.revealIndex;
    if (!el || i === undefined || i < 0) return;
    const rowTop = i * rowHeight;
    if (rowTop < el.scrollTop) el.scrollTop = rowTop;
    else if (rowTop + rowHeight > el.scrollTop + height) el.scrollTop = rowTop + rowHeight - height;
    setTop(el.scrollTop);
  }, [props.revealIndex, rowHeight, height]);

  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + OVERSCAN);
  const { onRange } = props;
  useLayoutEffect(() => {
    if (count > 0) onRange?.(first, last);
  }, [first, last, count, onRange]);

  const rows: ComponentChildren[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div
        key={i}
        class="vlist-row"
        style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
      >
        {props.renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={scroller}
      class={`vlist ${props.class ?? ""}`}
      style={props.style}
      data-testid={props.testid}
      role={props.role ?? "list"}
      aria-label={props.label}
      tabIndex={props.tabIndex}
      aria-activedescendant={props.activeDescendant}
      onKeyDown={props.onKeyDown}
      onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div class="vlist-space" style={{ height: `${count * rowHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
