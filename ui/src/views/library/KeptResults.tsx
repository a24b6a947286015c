// Whether this computer keeps the results of recent runs for History's
// "Open results", and a way to remove the ones it kept. Past answers are
// the firm's clients' data: a shared computer may not want them on disk.
import { useEffect, useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import { errorText } from "../../commandError";
import { ConfirmDialog } from "../editor/ConfirmDialog";

/** The setting the engine reads before it keeps a run's results. */
export const KEEP_RESULTS_SETTING = "keepResults";

export function KeptResults({
  backend,
  onForgotten,
}: {
  backend: Backend;
  /** Kept results were removed (the list's "Open results" must go). */
  onForgotten: () => void;
}) {
  const [keep, setKeep] = useState<boolean | null>(null);
  const [asking, setAsking] = useState(false);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);

  useEffect(() => {
    let live = true;
    backend.getSetting(KEEP_RESULTS_SETTING).then(
      (value) => live && setKeep(value !== "off"),
      () => live && setKeep(true),
    );
    return () => {
      live = false;
    };
  }, [backend]);

  const change = async (next: boolean) => {
    setKeep(next);
    try {
      await backend.setSetting(KEEP_RESULTS_SETTING, next ? "on" : "off");
      setStatus(null);
    } catch (error) {
      setKeep(!next);
      setStatus({ text: `The choice could not be saved: ${errorText(error)}`, failed: true });
    }
  };

  const forget = async () => {
    setAsking(false);
    try {
      const runs = await backend.forgetKeptResults();
      setStatus({
        text:
          runs === 0
            ? "No results were kept."
            : `The results of ${runs} ${runs === 1 ? "run were" : "runs were"} removed.`,
        failed: false,
      });
      onForgotten();
    } catch (error) {
      setStatus({ text: `The results could not be removed: ${errorText(error)}`, failed: true });
    }
  };

  return (
    <div class="kept-results">
      <label class="checkbox-line">
        <input
          type="checkbox"
          data-testid="keep-results"
          checked={keep ?? true}
          disabled={keep === null}
          onChange={(e) => void change((e.target as HTMLInputElement).checked)}
        />
        Keep the results of recent runs on this computer
      </label>
      <button
        type="button"
        class="button"
        data-testid="forget-results"
        onClick={() => setAsking(true)}
      >
        Remove kept results…
      </button>
      {status && (
        <span
          class={status.failed ? "error-text" : "muted"}
          role={status.failed ? "alert" : "status"}
          data-testid="kept-results-status"
        >
          {status.text}
        </span>
      )}
      {asking && (
        <ConfirmDialog
          title="Remove the kept results?"
          body="The results of past runs are removed from this computer; the history of what ran, when and by whom stays. To see those results again, run the scripts again."
          confirmLabel="Remove results"
          cancelLabel="Keep them"
          onConfirm={() => void forget()}
          onCancel={() => setAsking(false)}
        />
      )}
    </div>
  );
}
