// A synchronize while it writes: a bar per company and in total, the pace,
// the API calls used and the refusals as they happen. It redraws when the
// flow says (at most every 100 ms, on an animation frame); screen readers
// hear a short sentence at most every few seconds.
import { useState } from "preact/hooks";
import type { SyncFlow } from "./syncFlow";
import { type CompanyProgress, percent } from "./progress";
import { VirtualList } from "./VirtualList";
import { companyLabel, plural } from "./words";
import { CompanyName } from "./CompanyName";
import { Elapsed } from "../editor/RunProgress";

const ROW = 34;
const SHOWN_MESSAGES = 50;

function n(value: number): string {
  return value.toLocaleString("en-US");
}

function Bar({
  finished,
  planned,
  failed,
  label,
}: {
  finished: number;
  planned: number;
  failed: number;
  label: string;
}) {
  const p = percent(finished, planned);
  const failedPart = planned > 0 ? Math.min(100, (failed / planned) * 100) : 0;
  return (
    <div
      class="sync-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={p}
    >
      <div class="sync-bar-done" style={{ width: `${Math.max(0, p - failedPart)}%` }} />
      {failedPart > 0 && <div class="sync-bar-failed" style={{ width: `${failedPart}%` }} />}
    </div>
  );
}

function CompanyLine({ c }: { c: CompanyProgress }) {
  const finished = c.done + c.failed;
  const label = companyLabel(c.company, c.name);
  return (
    <div
      class="sync-company"
      role="listitem"
      data-testid="sync-progress-company"
      data-company={c.company === null ? "" : String(c.company)}
    >
      <CompanyName company={c.company} name={c.name} />
      <Bar finished={finished} planned={c.planned} failed={c.failed} label={label} />
      <span class="num">
        {n(finished)} / {n(c.planned)}
      </span>
      <span class={`num${c.failed ? " sync-error" : " muted"}`}>
        {c.failed ? `${n(c.failed)} refused` : ""}
      </span>
    </div>
  );
}

export function ProgressScreen({ flow }: { flow: SyncFlow }) {
  const [confirming, setConfirming] = useState(false);
  const p = flow.progress;
  const now = performance.now();
  const messages = flow.messages.slice(-SHOWN_MESSAGES);
  const problems = messages.filter((m) => m.level !== "info");
  return (
    <div class="sync-body" data-testid="sync-progress">
      <h2 id="sync-dialog-title">
        {flow.cancelling ? "Stopping — finishing the changes already sent…" : "Making the changes"}
      </h2>
      <div class="sync-sr-only" role="status" aria-live="polite" data-testid="sync-announcement">
        {flow.announcement}
      </div>
      {!p ? (
        <p class="muted">
          <span class="spinner" aria-hidden="true" /> Starting…
        </p>
      ) : (
        <>
          <div class="sync-total" data-testid="sync-progress-total">
            <Bar
              finished={p.finished}
              planned={p.planned}
              failed={p.failed}
              label="All companies"
            />
            <p>
              <strong>
                {n(p.finished)} of {n(p.planned)} changes
              </strong>{" "}
              ({percent(p.finished, p.planned)}%) · {n(Math.round(p.rate(now)))} per second ·{" "}
              {flow.callsUsed === null
                ? "counting API calls…"
                : plural(flow.callsUsed, "API call", "API calls")}{" "}
              used · <Elapsed since={p.startedAt} />
              {p.failed > 0 && (
                <span class="sync-error" data-testid="sync-failed-total">
                  {" "}
                  · {plural(p.failed, "row", "rows")} refused
                </span>
              )}
            </p>
          </div>
          <VirtualList
            count={p.companies.length}
            rowHeight={ROW}
            label="Progress per company"
            class="sync-companies"
            renderRow={(i) => <CompanyLine c={p.companies[i] as CompanyProgress} />}
          />
        </>
      )}
      {problems.length > 0 && (
        <ul class="sync-messages" aria-label="Problems so far" data-testid="sync-errors">
          {problems.map((m) => (
            <li key={m.id} class={m.level === "error" ? "sync-error" : "sync-warn"}>
              {m.text}
            </li>
          ))}
        </ul>
      )}
      {confirming && !flow.cancelling ? (
        <div class="notice sync-stop" role="group" aria-labelledby="sync-stop-q">
          <p id="sync-stop-q">
            <strong>Stop making changes?</strong> Changes already made stay made; the rest is not
            done. The run log shows exactly which, and the part that was done can be undone.
          </p>
          <div class="sync-buttons">
            <span class="spacer" />
            <button
              type="button"
              class="button"
              data-autofocus
              onClick={() => setConfirming(false)}
            >
              Keep going
            </button>
            <button
              type="button"
              class="button danger"
              data-testid="sync-stop-confirm"
              onClick={() => {
                setConfirming(false);
                void flow.cancelRun();
              }}
            >
              Stop now
            </button>
          </div>
        </div>
      ) : (
        <div class="sync-buttons">
          <span class="spacer" />
          <button
            type="button"
            class="button"
            data-testid="sync-cancel"
            disabled={flow.cancelling}
            onClick={() => setConfirming(true)}
          >
            {flow.cancelling ? "Stopping…" : "Stop"}
          </button>
        </div>
      )}
    </div>
  );
}
