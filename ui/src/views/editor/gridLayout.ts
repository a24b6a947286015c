// Where rows sit in the grid's scroll area. A million rows of 24 px would
// need a 24,000,000 px tall element; browsers stop somewhere between 16 and
// 33 million, so beyond MAX_SCROLL_HEIGHT the scroll range is compressed and
// a scroll position maps to a row proportionally. Below it, one pixel of
// scrolling is one pixel of rows.

export const ROW_HEIGHT = 24;
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface Layout {
  /** Height of the element that gives the scroll bar its range. */
  scrollHeight: number;
  /** Height of all rows at their real size. */
  virtualHeight: number;
}

export function layout(rowCount: number): Layout {
  const virtualHeight = rowCount * ROW_HEIGHT;
  return { virtualHeight, scrollHeight: Math.min(virtualHeight, MAX_SCROLL_HEIGHT) };
}

/** Position within all rows (in real pixels) for a scroll position. */
function virtualTop(scrollTop: number, rowCount: number, viewport: number): number {
  const { virtualHeight, scrollHeight } = layout(rowCount);
  if (virtualHeight <= scrollHeight) return scrollTop;
  const range = scrollHeight - viewport;
  if (range <= 0) return 0;
  const ratio = Math.min(1, Math.max(0, scrollTop / range));
  return ratio * (virtualHeight - viewport);
}

/** The first row showing at a scroll position and how far (px, ≤ 0) it is
 * shifted up, partly scrolled out of view. */
export function firstVisible(
  scrollTop: number,
  rowCount: number,
  viewport: number,
): { first: number; shift: number } {
  const top = virtualTop(scrollTop, rowCount, viewport);
  const first = Math.min(Math.max(0, rowCount - 1), Math.floor(top / ROW_HEIGHT));
  return { first: Math.max(0, first), shift: Math.max(0, first) * ROW_HEIGHT - top };
}

/** The scroll position that shows `row` at the top of the viewport. */
export function scrollTopFor(row: number, rowCount: number, viewport: number): number {
  const { virtualHeight, scrollHeight } = layout(rowCount);
  const top = row * ROW_HEIGHT;
  if (virtualHeight <= scrollHeight) return top;
  const range = virtualHeight - viewport;
  if (range <= 0) return 0;
  // Round up so that firstVisible() lands on `row`, not the one before it.
  return Math.min(scrollHeight - viewport, Math.ceil((top / range) * (scrollHeight - viewport)));
}

/** How many rows fit, counting a partly visible one. */
export function rowsInView(viewport: number): number {
  return Math.ceil(viewport / ROW_HEIGHT) + 1;
}
