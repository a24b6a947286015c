// The synchronize flow that every run goes through, wherever it was started
// (editor, library, undo): when the engine pauses a run for approval, the
// plan screen opens; once approved, the progress screen follows the writes;
// when the run ends, the summary stays until closed. `watchSyncs` wraps the
// backend the views use, so no view has to forward its events here.
import type { Backend, Event, PendingPlan, ResultSetInfo, RunResult } from "../../ipc";
import { errorText } from "../../commandError";
import { FrameThrottle, type Scheduler, browserScheduler } from "./frameThrottle";
import { ProgressTracker } from "./progress";
import { type CompanySummary, findSyncResults, loadSummary } from "./summary";
import { percent } from "./progress";

export type Phase = "idle" | "preparing" | "plan" | "running" | "done";

export interface FlowMessage {
  id: number;
  level: "info" | "warning" | "error";
  text: string;
}

export interface Outcome {
  result: RunResult | null;
  /** Why the run could not even end normally (the command failed). */
  failure: string | null;
  run: number | null;
  undoOf: number | null;
  summary: CompanySummary[] | null;
  refused: ResultSetInfo | null;
  /** The run ended without writing (declined, nothing to do). */
  wroteNothing: boolean;
}

/** How often the screen may redraw for progress, and the screen reader hear. */
const REDRAW_MS = 250;
const ANNOUNCE_MS = 5000;
const KEPT_MESSAGES = 200;
const USAGE_POLL_MS = 3000;

type RunFn = (onEvent: (event: Event) => void) => Promise<RunResult>;

export class SyncFlow {
  phase: Phase = "idle";
  /** While the plan is shown. */
  awaiting: { writes: number; companies: number } | null = null;
  plan: PendingPlan | null = null;
  planError: string | null = null;
  deciding = false;
  /** While it applies. */
  progress: ProgressTracker | null = null;
  messages: FlowMessage[] = [];
  cancelling = false;
  callsUsed: number | null = null;
  /** Polite, throttled words for screen readers. */
  announcement = "";
  /** Bumped on each redraw, so a view can tell that numbers moved. */
  version = 0;
  outcome: Outcome | null = null;

  private readonly listeners = new Set<() => void>();
  private readonly throttle: FrameThrottle;
  private lastAnnounced = Number.NEGATIVE_INFINITY;
  private messageId = 1;
  private runs = 0;
  private sawSync = false;
  private undoOf: number | null = null;
  private declinedByUser = false;
  private usageTimer: ReturnType<typeof setInterval> | null = null;
  private usageBase: number | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly scheduler: Scheduler = browserScheduler,
  ) {
    this.throttle = new FrameThrottle(() => this.redraw(), REDRAW_MS, scheduler);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    this.throttle.cancel();
    this.version++;
    for (const l of [...this.listeners]) l();
  }

  private redraw(): void {
    this.announce(false);
    this.notify();
  }

  private announce(force: boolean): void {
    const p = this.progress;
    if (!p) return;
    const now = this.scheduler.now();
    if (!force && now - this.lastAnnounced < ANNOUNCE_MS) return;
    this.lastAnnounced = now;
    const refused = p.failed ? `, ${p.failed.toLocaleString("en-US")} refused` : "";
    this.announcement = `${percent(p.finished, p.planned)}% done: ${p.finished.toLocaleString("en-US")} of ${p.planned.toLocaleString("en-US")} changes${refused}.`;
  }

  // ---- runs ----------------------------------------------------------------

  /** Runs `run`, following its synchronize events; events still reach
   * `onEvent` (the editor's progress line). */
  async track(run: RunFn, onEvent: (event: Event) => void): Promise<RunResult> {
    this.runs++;
    const forward = (event: Event) => {
      this.event(event);
      onEvent(event);
    };
    try {
      const result = await run(forward);
      await this.ended(result, null);
      return result;
    } catch (error) {
      await this.ended(null, errorText(error));
      throw error;
    } finally {
      this.runs--;
    }
  }

  /** Undoes a run; its plan is shown first, like any synchronize. */
  undo(runId: number): Promise<RunResult | null> {
    if (this.busy) return Promise.resolve(null);
    this.undoOf = runId;
    this.outcome = null;
    this.progress = null;
    this.plan = null;
    this.phase = "preparing";
    this.notify();
    return this.track(
      (onEvent) => this.backend.undoRun(runId, onEvent),
      () => {},
    ).catch(() => null);
  }

  /** A run is going through the backend (the plan may come any moment). */
  get busy(): boolean {
    return this.runs > 0;
  }

  event(event: Event): void {
    switch (event.kind) {
      case "syncAwaitingApproval":
        this.sawSync = true;
        this.declinedByUser = false;
        this.stopUsage();
        this.phase = "plan";
        this.awaiting = { writes: event.writes, companies: event.companies };
        this.plan = null;
        this.planError = null;
        this.deciding = false;
        this.outcome = null;
        this.notify();
        void this.loadPlan();
        return;
      case "syncStarted": {
        this.sawSync = true;
        const names = new Map<number | null, string>();
        for (const c of this.plan?.companies ?? []) names.set(c.company, c.name);
        this.progress = new ProgressTracker(
          event.run,
          event.companies,
          this.scheduler.now(),
          names,
        );
        this.phase = "running";
        this.cancelling = false;
        this.messages = [];
        this.announce(true);
        this.startUsage();
        this.notify();
        return;
      }
      case "syncProgress":
        if (!this.progress) return;
        this.progress.apply(event);
        this.throttle.request();
        return;
      case "message":
        if (this.phase !== "running") return;
        this.addMessage(event.level === "warning" ? "warning" : "info", event.text);
        this.throttle.request();
        return;
      case "statementFailed":
        if (this.phase !== "running") return;
        this.addMessage("error", event.message);
        this.throttle.request();
        return;
      default:
        return;
    }
  }

  private addMessage(level: FlowMessage["level"], text: string): void {
    this.messages.push({ id: this.messageId++, level, text });
    if (this.messages.length > KEPT_MESSAGES)
      this.messages.splice(0, this.messages.length - KEPT_MESSAGES);
  }

  private async loadPlan(): Promise<void> {
    try {
      const plan = await this.backend.pendingPlan();
      if (this.phase !== "plan") return;
      this.plan = plan;
      if (!plan) this.planError = "The plan is no longer waiting. Nothing was changed.";
    } catch (error) {
      if (this.phase !== "plan") return;
      this.planError = `The plan could not be loaded: ${errorText(error)}`;
    }
    this.notify();
  }

  /** Apply (true) or cancel (false) the plan on screen. */
  async decide(approved: boolean): Promise<void> {
    if (this.phase !== "plan" || this.deciding) return;
    this.deciding = true;
    this.notify();
    try {
      await this.backend.approveSync(approved);
      if (approved) {
        // The writes start when the engine says so (syncStarted).
        this.phase = "running";
        this.progress = null;
        this.messages = [];
      } else {
        this.declinedByUser = true;
        this.phase = "idle";
        this.plan = null;
        this.awaiting = null;
      }
    } catch (error) {
      this.planError = `${approved ? "The changes could not be started" : "Could not cancel"}: ${errorText(error)}`;
    } finally {
      this.deciding = false;
      this.notify();
    }
  }

  /** Stops the run: no new change starts; those made stay made. */
  async cancelRun(): Promise<void> {
    if (this.phase !== "running" || this.cancelling) return;
    this.cancelling = true;
    this.notify();
    try {
      await this.backend.cancelRun();
    } catch (error) {
      this.cancelling = false;
      this.addMessage("error", `Could not cancel: ${errorText(error)}`);
      this.notify();
    }
  }

  private async ended(result: RunResult | null, failure: string | null): Promise<void> {
    const undoOf = this.undoOf;
    this.undoOf = null;
    const saw = this.sawSync;
    this.sawSync = false;
    this.stopUsage();
    if (!saw && undoOf === null) return;
    const declined = this.phase === "idle" || this.phase === "plan" || this.phase === "preparing";
    if (this.phase === "plan") this.awaiting = null;
    const byUser = this.declinedByUser;
    this.declinedByUser = false;
    if (byUser || (declined && undoOf === null)) {
      // Cancelled at the plan: the user knows nothing was written.
      this.phase = "idle";
      this.plan = null;
      this.notify();
      return;
    }
    const found = result ? findSyncResults(result) : { summary: null, refused: null };
    let summary: CompanySummary[] | null = null;
    if (found.summary) {
      try {
        summary = await loadSummary(this.backend, found.summary);
      } catch (error) {
        this.addMessage("error", `The summary could not be read: ${errorText(error)}`);
      }
    }
    this.outcome = {
      result,
      failure,
      run: this.progress?.run ?? null,
      undoOf: this.plan?.undoOf ?? undoOf,
      summary,
      refused: found.refused,
      wroteNothing: !this.progress,
    };
    if (this.progress) this.announce(true);
    this.phase = "done";
    this.cancelling = false;
    this.notify();
  }

  close(): void {
    if (this.phase !== "done") return;
    this.phase = "idle";
    this.outcome = null;
    this.progress = null;
    this.plan = null;
    this.messages = [];
    this.notify();
  }

  // ---- calls used, from the session's own counter ----------------------------

  private startUsage(): void {
    this.stopUsage();
    this.callsUsed = null;
    this.usageBase = null;
    void this.pollUsage();
    this.usageTimer = setInterval(() => void this.pollUsage(), USAGE_POLL_MS);
  }

  private stopUsage(): void {
    if (this.usageTimer !== null) clearInterval(this.usageTimer);
    this.usageTimer = null;
  }

  private async pollUsage(): Promise<void> {
    try {
      const usage = await this.backend.usage();
      if (this.usageBase === null) this.usageBase = usage.calls;
      else this.callsUsed = usage.calls - this.usageBase;
    } catch {
      // The count is a nicety; the summary has the exact calls per company.
    }
  }
}

const flows = new WeakMap<Backend, SyncFlow>();

/** The backend the views use: every run feeds `flow`. */
export function watchSyncs(backend: Backend, flow: SyncFlow): Backend {
  const watched: Backend = {
    ...backend,
    runScript: (script, onEvent) => flow.track((ev) => backend.runScript(script, ev), onEvent),
    runQuery: (script, parameters, queryId, onEvent) =>
      flow.track((ev) => backend.runQuery(script, parameters, queryId, ev), onEvent),
    undoRun: (runId, onEvent) => flow.track((ev) => backend.undoRun(runId, ev), onEvent),
  };
  flows.set(watched, flow);
  return watched;
}

/** The flow a watched backend feeds, for views that follow it (Runs). */
export function syncFlowOf(backend: Backend): SyncFlow | undefined {
  return flows.get(backend);
}
