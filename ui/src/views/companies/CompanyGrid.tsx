// The company list as an ARIA grid that renders only the rows in view, so 500
// (or 5,000) companies scroll and filter without lag. Rows have a fixed height;
// one row at a time is in the tab order (roving tabindex) and the arrow keys
// move between rows. Space or Enter ticks the row, M marks it master.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Company, CompanySelection } from "../../ipc";
import type { Sort, SortKey } from "./companyList";

export const ROW_HEIGHT = 36;
/** Rows rendered beyond the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 8;
/** The viewport height assumed before it is measured (and in jsdom). */
const FALLBACK_HEIGHT = 480;

const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: "code", label: "Code" },
  { key: "name", label: "Name" },
  { key: "country", label: "Country" },
  { key: "city", label: "City" },
];

export function CompanyGrid({
  companies,
  selection,
  sort,
  onSort,
  onToggle,
  onMaster,
}: {
  companies: readonly Company[];
  selection: CompanySelection;
  sort: Sort;
  onSort: (key: SortKey) => void;
  onToggle: (code: number) => void;
  onMaster: (code: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);
  const [focus, setFocus] = useState(0);
  const keyboardMove = useRef(false);

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

  // A new filter or sort: start at the top.
  useEffect(() => {
    setFocus(0);
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [companies]);

  const focusIndex = Math.min(focus, Math.max(companies.length - 1, 0));

  // After an arrow key, bring the row into view and give it focus.
  useEffect(() => {
    if (!keyboardMove.current) return;
    keyboardMove.current = false;
    const el = scroller.current;
    if (!el) return;
    const top = focusIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + height) el.scrollTop = top + ROW_HEIGHT - height;
    setScrollTop(el.scrollTop);
    el.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`)?.focus();
  }, [focusIndex, height]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(companies.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const indices: number[] = [];
  for (let i = first; i < last; i++) indices.push(i);
  // The focused row stays rendered, so the grid never loses its tab stop.
  if (companies.length && (focusIndex < first || focusIndex >= last)) indices.push(focusIndex);

  const chosen = new Set(selection.active);
  const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent) => {
    const company = companies[focusIndex];
    if (!company) return;
    let next: number | null = null;
    switch (e.key) {
      case "ArrowDown":
        next = focusIndex + 1;
        break;
      case "ArrowUp":
        next = focusIndex - 1;
        break;
      case "PageDown":
        next = focusIndex + page;
        break;
      case "PageUp":
        next = focusIndex - page;
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = companies.length - 1;
        break;
      case " ":
      case "Enter":
        e.preventDefault();
        onToggle(company.code);
        return;
      case "m":
      case "M":
        e.preventDefault();
        onMaster(company.code);
        return;
      default:
        return;
    }
    e.preventDefault();
    keyboardMove.current = true;
    setFocus(Math.max(0, Math.min(companies.length - 1, next)));
  };

  return (
    <div
      class="company-grid"
      role="grid"
      aria-label="Companies"
      aria-rowcount={companies.length + 1}
      aria-multiselectable="true"
    >
      <div class="company-row company-head" role="row" aria-rowindex={1}>
        <span role="columnheader" class="cell-check">
          Use
        </span>
        <span role="columnheader" class="cell-master" title="The company synchronize copies from">
          Master
        </span>
        {COLUMNS.map((col) => (
          <span
            key={col.key}
            role="columnheader"
            class={`cell-${col.key}`}
            aria-sort={
              sort.key === col.key ? (sort.descending ? "descending" : "ascending") : undefined
            }
          >
            <button
              type="button"
              class="sort-button"
              data-sort={col.key}
              onClick={() => onSort(col.key)}
              title={`Sort by ${col.label.toLowerCase()}`}
            >
              {col.label}
              <span class="sort-mark" aria-hidden="true">
                {sort.key === col.key ? (sort.descending ? "▼" : "▲") : ""}
              </span>
            </button>
          </span>
        ))}
      </div>
      <div
        class="company-scroll"
        ref={scroller}
        role="rowgroup"
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div class="company-canvas" style={{ height: `${companies.length * ROW_HEIGHT}px` }}>
          {indices.map((i) => {
            const c = companies[i];
            if (!c) return null;
            const used = chosen.has(c.code);
            const master = selection.master === c.code;
            return (
              <div
                key={c.code}
                class={`company-row${used ? " is-used" : ""}${master ? " is-master" : ""}`}
                role="row"
                aria-rowindex={i + 2}
                aria-selected={used}
                tabIndex={i === focusIndex ? 0 : -1}
                data-testid="company-row"
                data-code={c.code}
                data-index={i}
                style={{ transform: `translateY(${i * ROW_HEIGHT}px)` }}
                onClick={() => {
                  setFocus(i);
                  onToggle(c.code);
                }}
                onFocus={() => setFocus(i)}
              >
                <span role="gridcell" class="cell-check">
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    data-testid="company-check"
                    aria-label={`Use ${c.name}`}
                    checked={used}
                    onClick={(e) => {
                      e.stopPropagation();
                      setFocus(i);
                      onToggle(c.code);
                    }}
                  />
                </span>
                <span role="gridcell" class="cell-master">
                  <input
                    type="radio"
                    name="master-company"
                    tabIndex={-1}
                    data-testid="master-radio"
                    aria-label={`Make ${c.name} the master company`}
                    checked={master}
                    onClick={(e) => {
                      e.stopPropagation();
                      setFocus(i);
                      onMaster(c.code);
                    }}
                  />
                </span>
                <span role="gridcell" class="cell-code">
                  {c.code}
                </span>
                <span role="gridcell" class="cell-name" title={c.name}>
                  {c.name}
                  {master && <span class="badge">Master</span>}
                </span>
                <span role="gridcell" class="cell-country">
                  {c.country?.trim() ?? ""}
                </span>
                <span role="gridcell" class="cell-city" title={c.city ?? undefined}>
                  {c.city ?? ""}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
