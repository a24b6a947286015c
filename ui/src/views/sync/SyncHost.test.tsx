import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { Backend, Event, PendingPlan, PlanRow, RunResult } from "../../ipc";
import { fakeBackend } from "../../testing/fakeBackend";
import { $, click, key, settle, type } from "../../testing/render";
import { SyncFlow } from "./syncFlow";
import { SyncHost } from "./SyncHost";
import type { Scheduler } from "./frameThrottle";
import { keyColumnWidth } from "./planPages";
import syncCss from "./sync.css?raw";

const plan: PendingPlan = {
  statement:
    "synchronize exactonlinerest..accounts from src with insert or update or delete identified by code",
  undoOf: null,
  companies: [
    {
      company: 101,
      name: "Bakker BV",
      inserts: 2,
      updates: 3,
      deletes: 0,
      unchanged: 10,
      calls: 5,
      dailyRemaining: 4000,
      estimatedSeconds: 3,
      massDelete: false,
    },
    {
      company: 102,
      name: "Visser",
      inserts: 0,
      updates: 0,
      deletes: 40,
      unchanged: 5,
      calls: 40,
      dailyRemaining: 10,
      estimatedSeconds: 30,
      massDelete: true,
    },
  ],
  limits: ["delete: error after 100 rows"],
  rows: 250,
  estimatedSeconds: 30,
};

function planRows(offset: number, limit: number, total: number, company: number | null): PlanRow[] {
  return Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({
    operation: "update",
    company: company ?? 101,
    key: `C${offset + i}`,
    column: "Name",
    oldValue: "old",
    newValue: `new ${offset + i}`,
  }));
}

const col = (name: string) => ({ name, sqlType: "integer" as const });
const summaryInfo = {
  id: 40,
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
const refusedInfo = {
  id: 41,
  rowCount: 1,
  columns: ["company", "operation", "key", "error"].map(col),
};

/** A backend whose run the test drives: events in, result out. */
function harness(overrides: Partial<Backend> = {}) {
  let emit: (e: Event) => void = () => {};
  let finish: (r: RunResult) => void = () => {};
  const backend = fakeBackend({
    pendingPlan: vi.fn(async () => plan),
    pendingPlanRows: vi.fn(async (company, search, offset, limit) => ({
      total: search ? 3 : 250,
      rows: planRows(offset, limit, search ? 3 : 250, company),
    })),
    approveSync: vi.fn(async () => {}),
    cancelRun: vi.fn(async () => {}),
    exportPendingPlan: vi.fn(async () => ({ path: "/tmp/plan.xlsx", rows: 250 })),
    exportResult: vi.fn(async () => ({ path: "/tmp/refused.xlsx", rows: 1 })),
    resultPage: vi.fn(async (id: number) =>
      id === 40
        ? [
            [101, 2, 3, 0, 10, 0, 0, 5, 1200],
            [102, 0, 0, 10, 5, 1, 29, 11, 3400],
          ]
        : [[102, "delete", "C9", "In use by an invoice"]],
    ),
    ...overrides,
  });
  const flow = new SyncFlow(backend, immediate);
  const start = (run = (onEvent: (e: Event) => void) => backend.runScript("x", onEvent)) =>
    flow.track(
      (onEvent) => {
        emit = onEvent;
        return new Promise<RunResult>((resolve) => {
          finish = resolve;
          void run;
        });
      },
      () => {},
    );
  return {
    backend,
    flow,
    start,
    emit: async (e: Event) => {
      await act(() => emit(e));
      await settle();
    },
    finish: async (r: RunResult) => {
      await act(() => finish(r));
      await settle();
    },
  };
}

/** Draws progress right away, so tests see each event's numbers. */
const immediate: Scheduler = { timer: (fn) => fn(), frame: (fn) => fn(), now: () => Date.now() };

async function mount(h: ReturnType<typeof harness>) {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  await act(() => {
    render(<SyncHost flow={h.flow} backend={h.backend} />, root);
  });
  return root;
}

async function showPlan(h: ReturnType<typeof harness>) {
  const root = await mount(h);
  void h.start();
  await h.emit({ kind: "syncAwaitingApproval", writes: 45, companies: 2 });
  return root;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the plan screen", () => {
  it("shows totals, limits, a mass delete in red words and a budget warning", async () => {
    const h = harness();
    const root = await showPlan(h);
    expect($(root, "[data-testid=plan-dialog]").getAttribute("role")).toBe("dialog");
    const total = $(root, "[data-testid=plan-total]").textContent ?? "";
    expect(total).toContain("2 to add");
    expect(total).toContain("3 to change");
    expect(total).toContain("40 to remove");
    expect(total).toContain("45 API calls");
    expect($(root, "[data-testid=plan-limits]").textContent).toContain(
      "delete: error after 100 rows",
    );
    const visser = $(root, "[data-testid=plan-company][data-company='102']");
    expect(visser.classList.contains("danger")).toBe(true);
    expect(visser.textContent).toContain(
      "Would remove more than half of this company's customers.",
    );
    expect($(root, "[data-testid=plan-budget-warning]").textContent).toContain(
      "Visser (102) needs more API calls",
    );
    const bakker = $(root, "[data-testid=plan-company][data-company='101']");
    expect(bakker.textContent).toContain("5 API calls of 4,000 left today");
  });

  it("keeps a long company name's code in view: the name ellipsizes, the code does not", async () => {
    const style = document.createElement("style");
    style.textContent = syncCss;
    document.head.append(style);
    try {
      const long = "Stichting Beheer Administratiekantoor Noord-Holland Holding B.V.";
      const first = plan.companies[0] as (typeof plan.companies)[0];
      const h = harness({
        pendingPlan: vi.fn(async () => ({ ...plan, companies: [{ ...first, name: long }] })),
      });
      const root = await showPlan(h);
      const row = $(root, "[data-testid=plan-company][data-company='101']");
      expect($(row, "[title]").getAttribute("title")).toBe(`${long} (101)`);
      const code = [...row.querySelectorAll("*")].find(
        (el) => el.children.length === 0 && el.textContent === "(101)",
      );
      if (!code) throw new Error("the code is not an element of its own");
      expect(getComputedStyle(code).flexShrink).toBe("0");
      for (let el: Element | null = code; el && el !== row; el = el.parentElement) {
        expect(getComputedStyle(el).textOverflow).not.toBe("ellipsis");
      }
      const name = [...row.querySelectorAll("*")].find((el) => el.textContent === long);
      expect(name && getComputedStyle(name).textOverflow).toBe("ellipsis");
    } finally {
      style.remove();
    }
  });

  it("applies only after the mass delete is acknowledged", async () => {
    const h = harness();
    const root = await showPlan(h);
    const apply = $<HTMLButtonElement>(root, "[data-testid=plan-apply]");
    expect(apply.disabled).toBe(true);
    await click($(root, "[data-testid=plan-confirm-mass-delete]"));
    expect(apply.disabled).toBe(false);
    await click(apply);
    expect(h.backend.approveSync).toHaveBeenCalledWith(true);
    expect(root.querySelector("[data-testid=sync-progress]")).not.toBeNull();
  });

  it("cancels with the button, and Escape cancels too (after clearing a filter)", async () => {
    const h = harness();
    let root = await showPlan(h);
    expect(document.activeElement?.getAttribute("data-testid")).toBe("plan-cancel");
    await click($(root, "[data-testid=plan-cancel]"));
    expect(h.backend.approveSync).toHaveBeenCalledWith(false);
    expect(root.querySelector("[data-testid=plan-dialog]")).toBeNull();

    const h2 = harness();
    root = await showPlan(h2);
    const search = $<HTMLInputElement>(root, "[data-testid=plan-search]");
    await type(search, "C1");
    await key(search, "Escape");
    expect(search.value).toBe("");
    expect(h2.backend.approveSync).not.toHaveBeenCalled();
    await key(search, "Escape");
    expect(h2.backend.approveSync).toHaveBeenCalledWith(false);
  });

  it("sizes the key column to the longest key, within bounds, with the key in full as its title", async () => {
    const guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    const keys = ["C1", "DEB-2024-0001", guid];
    const h = harness({
      pendingPlanRows: vi.fn(async (company, _search, offset, limit) => {
        const rows = planRows(offset, limit, 3, company);
        return { total: 3, rows: rows.map((r, i) => ({ ...r, key: keys[offset + i] ?? "" })) };
      }),
    });
    const root = await showPlan(h);
    const list = $(root, "[data-testid=plan-rows]");
    expect(list.style.getPropertyValue("--plan-key-width")).toBe(keyColumnWidth(guid.length));
    const cells = [...root.querySelectorAll(".plan-key")];
    expect(cells.map((c) => c.getAttribute("title"))).toEqual(keys);

    expect(keyColumnWidth(0)).toBe("6ch"); // room for short codes and "…"
    expect(keyColumnWidth("DEB-2024-0001".length)).toBe("16ch");
    expect(keyColumnWidth(guid.length)).toBe("28ch"); // the values keep their room
  });

  it("drills down per company, a page at a time, filtered and exported", async () => {
    const h = harness();
    const root = await showPlan(h);
    const rowsFn = h.backend.pendingPlanRows as ReturnType<typeof vi.fn>;
    expect(rowsFn).toHaveBeenCalledWith(null, null, 0, 100);
    expect(root.querySelectorAll("[data-testid=plan-row]").length).toBeGreaterThan(0);
    expect(root.querySelectorAll("[data-testid=plan-row]").length).toBeLessThan(60); // virtualised
    expect($(root, "[data-testid=plan-rows-count]").textContent).toContain("250 changed fields");

    const list = $(root, "[data-testid=plan-rows]");
    await act(() => {
      list.scrollTop = 30 * 180;
      list.dispatchEvent(new Event("scroll"));
    });
    await settle();
    expect(rowsFn).toHaveBeenCalledWith(null, null, 100, 100);
    expect(root.textContent).toContain("C180");

    await click($(root, "[data-testid=plan-company][data-company='102']"));
    expect(rowsFn).toHaveBeenLastCalledWith(102, null, 0, 100);
    expect(root.textContent).toContain("Changes in Visser (102)");

    // Keyboard: Home goes back to all companies.
    await key($(root, "[data-testid=plan-companies]"), "Home");
    expect(rowsFn).toHaveBeenLastCalledWith(null, null, 0, 100);

    vi.useFakeTimers();
    await type($(root, "[data-testid=plan-search]"), "Bakker");
    await act(() => {
      vi.advanceTimersByTime(300);
    });
    await settle();
    expect(rowsFn).toHaveBeenLastCalledWith(null, "Bakker", 0, 100);
    expect(root.querySelectorAll("[data-testid=plan-row]").length).toBe(3);
    vi.useRealTimers();

    await click($(root, "[data-testid=plan-export]"));
    expect(h.backend.exportPendingPlan).toHaveBeenCalledWith("xlsx", null);
    expect(root.textContent).toContain("Saved 250 rows to /tmp/plan.xlsx");
  });

  it("says so when the plan is gone", async () => {
    const h = harness({ pendingPlan: async () => null });
    const root = await showPlan(h);
    expect(root.textContent).toContain("The plan is no longer waiting");
  });
});

describe("while it runs and after", () => {
  async function running(h: ReturnType<typeof harness>) {
    const root = await showPlan(h);
    await click($(root, "[data-testid=plan-confirm-mass-delete]"));
    await click($(root, "[data-testid=plan-apply]"));
    await h.emit({
      kind: "syncStarted",
      run: 12,
      companies: [
        { company: 101, inserts: 2, updates: 3, deletes: 0, unchanged: 10 },
        { company: 102, inserts: 0, updates: 0, deletes: 40, unchanged: 5 },
      ],
    });
    return root;
  }

  it("shows a bar per company and in total, refusals as they happen, and stops on request", async () => {
    const h = harness();
    const root = await running(h);
    await h.emit({ kind: "syncProgress", company: 102, planned: 40, done: 10, failed: 2 });
    await h.emit({ kind: "message", level: "warning", text: "C9: In use by an invoice" });
    const company = $(root, "[data-testid=sync-progress-company][data-company='102']");
    expect(company.textContent).toContain("12 / 40");
    expect(company.textContent).toContain("2 refused");
    expect(company.textContent).toContain("Visser (102)");
    expect($(root, "[data-testid=sync-progress-total]").textContent).toContain("12 of 45 changes");
    expect($(root, "[data-testid=sync-errors]").textContent).toContain("In use by an invoice");
    expect($(root, "[data-testid=sync-announcement]").textContent).toContain("0% done");

    await key($(root, "[data-testid=sync-progress]"), "Escape");
    expect(h.backend.cancelRun).not.toHaveBeenCalled(); // never by a stray key
    await click($(root, "[data-testid=sync-cancel]"));
    await click($(root, "[data-testid=sync-stop-confirm]"));
    expect(h.backend.cancelRun).toHaveBeenCalled();
    expect(root.textContent).toContain("Stopping");
  });

  it("shows the summary and refused rows, and undo opens its own plan", async () => {
    let undoEmit: (e: Event) => void = () => {};
    const undoRun = vi.fn(
      (_id: number, onEvent: (e: Event) => void) =>
        new Promise<RunResult>(() => {
          undoEmit = onEvent;
        }),
    );
    const h = harness({ undoRun });
    const root = await running(h);
    await h.finish({
      outcome: "cancelled",
      results: [summaryInfo, refusedInfo],
      errors: [],
      rowErrors: 1,
      historyId: null,
      millis: 4000,
      apiCalls: 16,
    });
    const summary = $(root, "[data-testid=sync-summary]");
    expect(summary.textContent).toContain("Stopped — part of the changes were made");
    expect(summary.textContent).toContain("run 12");
    expect(summary.textContent).toContain("29 changes were not made because you stopped the run");
    expect(summary.querySelector("[data-company='102']")?.textContent).toContain("Visser (102)");
    expect($(root, "[data-testid=sync-refused]").textContent).toContain(
      "Refused by Exact Online: 1 row",
    );
    await click($(root, "[data-testid=refused-export]"));
    expect(h.backend.exportResult).toHaveBeenCalledWith(41, "xlsx", null);

    await click($(root, "[data-testid=undo-run]"));
    expect(undoRun).toHaveBeenCalledWith(12, expect.any(Function));
    expect(root.textContent).toContain("Working out what the undo would change");
    h.backend.pendingPlan = async () => ({ ...plan, undoOf: 12 });
    await act(() => undoEmit({ kind: "syncAwaitingApproval", writes: 5, companies: 1 }));
    await settle();
    expect($(root, "[data-testid=plan-dialog]").textContent).toContain("Undo run 12");
  });
});
