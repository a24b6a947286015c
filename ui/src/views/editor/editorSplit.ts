// How the Editor view shares its height between the SQL editor and the
// results. The share is the editor's part of the room the two have between
// them (not of the window), so it means the same in any window size, and it
// is kept in localStorage: a layout preference of this machine, not data the
// backend needs to know about.

export const SPLIT_KEY = "tandem.editorSplit";

/** The editor's share by default: the grid gets the larger part, as the
 * results are what an accountant reads (the editor used to be a fixed 34%
 * of the window, which left a 1280×800 window about six grid rows). */
export const DEFAULT_SPLIT = 0.35;

/** The smallest heights, in px, that the splitter allows: a few lines of
 * SQL, and the result tabs, toolbar, header and a few rows. editor.css
 * gives .editor-host and .results the same min-height, so a window made
 * smaller later keeps them too. */
export const MIN_EDITOR_PX = 90;
export const MIN_RESULTS_PX = 160;

/** Bounds when the room is not known (nothing measured yet). */
export const LOWEST_SPLIT = 0.1;
export const HIGHEST_SPLIT = 0.9;

/** Arrow keys move the splitter by this much, Page Up/Down by `PAGE_STEP`. */
export const KEY_STEP = 0.05;
export const PAGE_STEP = 0.2;

/** `share` kept within the bounds and, when `room` (px) is known, so that
 * neither pane is smaller than its minimum. */
export function clampSplit(share: number, room = 0): number {
  let low = LOWEST_SPLIT;
  let high = HIGHEST_SPLIT;
  if (room > 0) {
    low = Math.max(low, MIN_EDITOR_PX / room);
    high = Math.min(high, 1 - MIN_RESULTS_PX / room);
  }
  // Too little room for both minimums: the editor gets its own.
  if (low > high) return low;
  if (!Number.isFinite(share)) return DEFAULT_SPLIT;
  return Math.min(high, Math.max(low, share));
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    // A web view may refuse storage altogether; the default will do.
    return null;
  }
}

/** The remembered share, or the default for a missing or damaged value. */
export function loadSplit(): number {
  let saved: string | null = null;
  try {
    saved = storage()?.getItem(SPLIT_KEY) ?? null;
  } catch {
    return DEFAULT_SPLIT;
  }
  const share = saved === null || saved.trim() === "" ? NaN : Number(saved);
  return Number.isFinite(share) ? clampSplit(share) : DEFAULT_SPLIT;
}

export function saveSplit(share: number): void {
  try {
    storage()?.setItem(SPLIT_KEY, clampSplit(share).toFixed(3));
  } catch {
    // Full or refused storage: the layout holds for this session only.
  }
}
