import { describe, expect, it, vi } from "vitest";
import type { Event, RunResult } from "../../ipc";
import { fakeBackend } from "../../testing/fakeBackend";
import { FrameThrottle, type Scheduler } from "./frameThrottle";
import { ProgressTracker, percent } from "./progress";
import { findSyncResults } from "./summary";
import { SyncFlow, syncFlowOf, watchSyncs } from "./syncFlow";
import { duration, recordNoun } from "./words";

/** A scheduler the test advances by hand. */
function manualScheduler() {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const frames: (() => void)[] = [];
  const scheduler: Scheduler = {
    timer: (fn, ms) => timers.push({ at: now + ms, fn }),
    frame: (fn) => frames.push(fn),
    now: () => now,
  };
  return {
    scheduler,
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
    paint() {
      for (const f of frames.splice(0)) f();
    },
  };
}

const ok: RunResult = {
  outcome: "completed",
  results: [],
  errors: [],
  rowErrors: 0,
  historyId: null,
  millis: 1,
  apiCalls: 0,
};

describe("FrameThrottle", () => {
  it("turns a burst of requests into one redraw, at most every interval, on a frame", () => {
    const clock = manualScheduler();
    const flush = vi.fn();
    const throttle = new FrameThrottle(flush, 100, clock.scheduler);
    for (let i = 0; i < 5000; i++) throttle.request();
    clock.advance(0);
    expect(flush).not.toHaveBeenCalled(); // waits for the frame
    clock.paint();
    expect(flush).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5000; i++) throttle.request();
    clock.advance(50);
    clock.paint();
    expect(flush).toHaveBeenCalledTimes(1); // too soon after the last
    clock.advance(50);
    clock.paint();
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it("drops a pending redraw when cancelled", () => {
    const clock = manualScheduler();
    const flush = vi.fn();
    const throttle = new FrameThrottle(flush, 100, clock.scheduler);
    throttle.request();
    throttle.cancel();
    clock.advance(200);
    clock.paint();
    expect(flush).not.toHaveBeenCalled();
  });
});

describe("ProgressTracker", () => {
  it("keeps per-company and total counts from cumulative events", () => {
    const p = new ProgressTracker(
      7,
      [
        { company: 1, inserts: 2, updates: 2, deletes: 0, unchanged: 5 },
        { company: 2, inserts: 0, updates: 6, deletes: 0, unchanged: 0 },
      ],
      0,
      new Map([[1, "One"]]),
    );
    expect(p.planned).toBe(10);
    p.apply({ kind: "syncProgress", company: 1, planned: 4, done: 2, failed: 1 });
    p.apply({ kind: "syncProgress", company: 1, planned: 4, done: 3, failed: 1 });
    p.apply({ kind: "syncProgress", company: 2, planned: 6, done: 6, failed: 0 });
    expect(p.done).toBe(9);
    expect(p.failed).toBe(1);
    expect(p.companies[0]).toMatchObject({ name: "One", done: 3, failed: 1 });
    expect(p.rate(2000)).toBe(5);
    expect(percent(5, 10)).toBe(50);
    expect(percent(0, 0)).toBe(100);
  });
});

describe("words", () => {
  it("names what a target holds and how long things take", () => {
    expect(
      recordNoun("synchronize exactonlinerest..accounts from src with insert identified by code"),
    ).toBe("customers");
    expect(
      recordNoun("synchronize src to exactonlinerest..items with insert identified by code"),
    ).toBe("items");
    expect(recordNoun("synchronize x from y")).toBe("records");
    expect(duration(3)).toBe("a few seconds");
    expect(duration(240)).toBe("about 4 minutes");
    expect(duration(7800)).toBe("about 2 hours 10 minutes");
  });
});

describe("findSyncResults", () => {
  const col = (name: string) => ({ name, sqlType: "integer" as const });
  it("finds the summary by its columns and the refused rows right after it", () => {
    const summary = {
      id: 5,
      rowCount: 2,
      columns: [
        "company",
        "inserted",
        "updated",
        "deleted",
        "unchanged",
        "failed",
        "not_done",
        "api_calls",
        "elapsed_ms",
      ].map(col),
    };
    const refused = {
      id: 6,
      rowCount: 1,
      columns: ["company", "operation", "key", "error"].map(col),
    };
    const other = { id: 4, rowCount: 1, columns: [col("x")] };
    expect(findSyncResults({ ...ok, results: [other, summary, refused] })).toEqual({
      summary,
      refused,
    });
    expect(findSyncResults({ ...ok, results: [summary, other] })).toEqual({
      summary,
      refused: null,
    });
    expect(findSyncResults({ ...ok, results: [other] })).toEqual({ summary: null, refused: null });
  });
});

describe("watchSyncs", () => {
  it("feeds every run's events to the flow and still to the caller", async () => {
    const events: Event[] = [
      { kind: "statementStarted", index: 1, line: 1, summary: "synchronize" },
      { kind: "syncAwaitingApproval", writes: 3, companies: 1 },
    ];
    const backend = fakeBackend({
      runScript: async (_script, onEvent) => {
        events.forEach(onEvent);
        return ok;
      },
    });
    const flow = new SyncFlow(backend);
    const watched = watchSyncs(backend, flow);
    expect(syncFlowOf(watched)).toBe(flow);
    const seen: Event[] = [];
    const phases: string[] = [];
    flow.subscribe(() => phases.push(flow.phase));
    await watched.runScript("x", (e) => seen.push(e));
    expect(seen).toEqual(events);
    expect(phases).toContain("plan");
    // The run ended while the plan was up (declined elsewhere): nothing to show.
    expect(flow.phase).toBe("idle");
  });

  it("ignores runs without a synchronize", async () => {
    const flow = new SyncFlow(fakeBackend());
    await watchSyncs(fakeBackend(), flow).runScript("select 1", () => {});
    expect(flow.phase).toBe("idle");
  });
});
