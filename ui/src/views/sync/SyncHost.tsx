// The synchronize screens as one modal window over whatever view is open:
// plan → progress → summary. It belongs to the app, not to a view, so a run
// started in the editor or the library (or an undo from Runs) shows the same
// screens, and leaving a view does not hide a plan that waits for an answer.
import { useCallback, useEffect, useReducer, useRef } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { SyncFlow } from "./syncFlow";
import { PlanScreen } from "./PlanScreen";
import { ProgressScreen } from "./ProgressScreen";
import { SummaryScreen } from "./SummaryScreen";
import "./sync.css";

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), summary, [tabindex="0"], a[href]';

export function SyncHost({ flow, backend }: { flow: SyncFlow; backend: Backend }) {
  const [, bump] = useReducer((x: number) => x + 1, 0);
  const redraw = useCallback(() => bump(undefined), []);
  useEffect(() => flow.subscribe(redraw), [flow]);
  const dialog = useRef<HTMLDivElement>(null);
  const phase = flow.phase;
  const open = phase !== "idle";

  // Focus moves into the window when it opens and when its screen changes
  // (to the safe button: Cancel, Stop or Close), and back where it was after.
  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    return () => previous?.focus?.();
  }, [open]);
  const planReady = flow.plan !== null;
  useEffect(() => {
    if (!open) return;
    const el = dialog.current;
    const target = el?.querySelector<HTMLElement>("[data-autofocus]:not([disabled])") ?? el;
    target?.focus();
  }, [open, phase, planReady]);

  if (!open) return null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      // Escape is always the safe answer: cancel a plan (nothing written),
      // close a summary. A run that writes is stopped only by its button,
      // with a question, never by a stray key.
      if (phase === "plan" && !flow.deciding) void flow.decide(false);
      else if (phase === "done") flow.close();
      return;
    }
    if (event.key !== "Tab") return;
    const items = [...(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div class="sync-backdrop">
      <div
        ref={dialog}
        class={`sync-dialog phase-${phase}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="sync-dialog-title"
        aria-describedby={phase === "plan" ? "sync-dialog-desc" : undefined}
        data-testid={phase === "plan" ? "plan-dialog" : "sync-dialog"}
        data-phase={phase}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {phase === "preparing" && (
          <div class="sync-body">
            <h2 id="sync-dialog-title">Working out what the undo would change…</h2>
            <p class="muted" role="status">
              <span class="spinner" aria-hidden="true" /> Reading the companies as they are now.
              Nothing is changed before you have seen the plan.
            </p>
          </div>
        )}
        {phase === "plan" && (
          <PlanScreen key={flow.plan ? "plan" : "wait"} flow={flow} backend={backend} />
        )}
        {phase === "running" && <ProgressScreen flow={flow} />}
        {phase === "done" && <SummaryScreen flow={flow} backend={backend} />}
      </div>
    </div>
  );
}
