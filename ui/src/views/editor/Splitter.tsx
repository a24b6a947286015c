// The bar between the SQL editor and the results: drag it, or focus it and
// use the arrow keys, to give one more height than the other. It follows the
// WAI-ARIA window splitter pattern (a focusable separator whose value is the
// editor's share in percent), so a screen reader says where it stands.
import { useEffect, useRef } from "preact/hooks";
import {
  DEFAULT_SPLIT,
  HIGHEST_SPLIT,
  KEY_STEP,
  LOWEST_SPLIT,
  PAGE_STEP,
  clampSplit,
} from "./editorSplit";

/** Where the editor starts on screen and the room (px) it shares with the
 * results; `null` while nothing is laid out. */
export interface SplitBox {
  top: number;
  room: number;
}

export interface SplitterProps {
  /** The editor's share of the room, 0..1. */
  share: number;
  measure: () => SplitBox | null;
  /** While dragging; the share is already clamped. */
  onChange: (share: number) => void;
  /** When a move is finished (drag released, key pressed): to remember it. */
  onCommit: (share: number) => void;
  controls?: string;
}

export function Splitter({ share, measure, onChange, onCommit, controls }: SplitterProps) {
  const stopDrag = useRef<(() => void) | null>(null);
  useEffect(() => () => stopDrag.current?.(), []);

  const settle = (next: number) => {
    const box = measure();
    const clamped = clampSplit(next, box?.room ?? 0);
    onChange(clamped);
    onCommit(clamped);
  };

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    const box = measure();
    if (!box) return;
    // No text selection in the editor or the grid while dragging.
    event.preventDefault();
    (event.currentTarget as HTMLElement).focus();
    let latest = share;
    const move = (e: PointerEvent) => {
      latest = clampSplit((e.clientY - box.top) / box.room, box.room);
      onChange(latest);
    };
    const stop = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
      document.body.classList.remove("splitter-dragging");
      stopDrag.current = null;
    };
    const up = () => {
      stop();
      onCommit(latest);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
    document.body.classList.add("splitter-dragging");
    stopDrag.current = stop;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowUp: share - KEY_STEP,
      ArrowDown: share + KEY_STEP,
      PageUp: share - PAGE_STEP,
      PageDown: share + PAGE_STEP,
      Home: 0,
      End: 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    settle(next);
  };

  const percent = Math.round(share * 100);
  return (
    <div
      class="editor-splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Editor height"
      aria-controls={controls}
      aria-valuenow={percent}
      aria-valuemin={Math.round(LOWEST_SPLIT * 100)}
      aria-valuemax={Math.round(HIGHEST_SPLIT * 100)}
      aria-valuetext={`Editor ${percent}%, results ${100 - percent}%`}
      tabIndex={0}
      title="Drag, or use the arrow keys, to share the height between the editor and the results. Double-click: back to the default."
      data-testid="editor-splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDblClick={() => settle(DEFAULT_SPLIT)}
    />
  );
}
