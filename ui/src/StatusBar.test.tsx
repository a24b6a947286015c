import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EditorView } from "@codemirror/view";
import type { AppInfo, CompanySelection, Usage } from "./ipc";
import { observeRuns, USAGE_INTERVAL_MS } from "./session";
import { demoInfo, fakeBackend } from "./testing/fakeBackend";
import { $, click, manyCompanies, mountApp, openView, settle, text } from "./testing/render";

// jsdom lays nothing out; CodeMirror measures text ranges to draw the
// cursor and selection. Empty rectangles are enough for these tests.
beforeAll(() => {
  const empty = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects = empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

afterEach(() => {
  vi.useRealTimers();
});

const usage = (calls: number, minutely: number | null, daily: number | null): Usage => ({
  calls,
  minutelyRemaining: minutely,
  dailyRemaining: daily,
});

describe("status bar", () => {
  it("shows the remembered companies and the API budget when connected", async () => {
    const root = await mountApp(
      fakeBackend({
        selection: async () => ({ active: [102673, 5, 6], master: 102673 }),
        usage: async () => usage(1234, 58, 4950),
      }),
    );
    expect(text(root, "[data-testid=status-companies]")).toBe("3 companies · master 102673");
    expect(text(root, "[data-testid=status-usage]")).toBe(
      "1,234 API calls · 58/min, 4,950 today left",
    );
    expect(root.querySelector("[data-testid=status-usage]")?.className).toBe("muted");
  });

  it("warns when the budget runs low and leaves out unknown limits", async () => {
    const root = await mountApp(fakeBackend({ usage: async () => usage(1, 3, null) }));
    const el = root.querySelector("[data-testid=status-usage]");
    expect(el?.textContent).toBe("1 API call · 3/min left");
    expect(el?.className).toBe("status-warn");
  });

  it("shows neither companies nor usage when not connected", async () => {
    const offline: AppInfo = {
      ...demoInfo,
      connection: { kind: "notConnected" },
      connectionLabel: "Not connected",
    };
    const usageCall = vi.fn(async () => usage(0, null, null));
    const root = await mountApp(fakeBackend({ appInfo: async () => offline, usage: usageCall }));
    expect(root.querySelector("[data-testid=status-companies]")).toBeNull();
    expect(root.querySelector("[data-testid=status-usage]")).toBeNull();
    expect(usageCall).not.toHaveBeenCalled();
  });

  it("refreshes the budget every few seconds while the window shows", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const root = await mountApp(fakeBackend({ usage: async () => usage(calls++, 60, 5000) }));
    expect(text(root, "[data-testid=status-usage]")).toContain("0 API calls");
    vi.advanceTimersByTime(USAGE_INTERVAL_MS);
    await settle();
    expect(text(root, "[data-testid=status-usage]")).toContain("1 API call ");

    const hidden = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    vi.advanceTimersByTime(USAGE_INTERVAL_MS * 3);
    await settle();
    expect(calls).toBe(2);
    hidden.mockRestore();
  });

  it("refreshes the budget after a run, whether it succeeded or failed", async () => {
    const after = vi.fn();
    const failing = observeRuns(
      fakeBackend({ runScript: () => Promise.reject({ kind: "engine", message: "x" }) }),
      after,
    );
    await expect(failing.runScript("select 1", () => {})).rejects.toBeTruthy();
    const ok = observeRuns(fakeBackend(), after);
    await ok.runScript("select 1", () => {});
    expect(after).toHaveBeenCalledTimes(2);
  });

  it("shows the companies a script switched to with use, until others are applied", async () => {
    // The backend's session list: what Apply set, then what `use` set.
    let live: CompanySelection = { active: [100001, 100002], master: 100001 };
    const companies = manyCompanies(10);
    const named = (codes: number[]) =>
      codes.map((code) => ({ alias: "eol", code, name: `Company ${code - 100000}` }));
    const backend = fakeBackend({
      companies: async () => companies,
      selection: async () => live,
      setSelection: async (next) => {
        live = next;
        return named(next.active);
      },
      runScript: async (script) => {
        live = { ...live, active: script === "use 100003" ? [100003] : [100005, 100009] };
        return {
          outcome: "completed",
          results: [],
          errors: [],
          rowErrors: 0,
          historyId: null,
          millis: 1,
          apiCalls: 0,
        };
      },
    });
    const root = await mountApp(backend);
    expect(text(root, "[data-testid=status-companies]")).toBe("2 companies · master 100001");

    const run = async (script: string) => {
      await openView(root, "editor");
      await settle();
      const dom = root.querySelector<HTMLElement>("[data-testid=editor] .cm-editor");
      const view = dom && EditorView.findFromDOM(dom);
      if (!view) throw new Error("no editor");
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: script } });
      await click($(root, "[data-testid=run-button]"));
      await settle();
    };
    await run("use 100003");
    expect(text(root, "[data-testid=status-companies]")).toBe("1 company · master 100001");

    // Applying on the Companies screen is newer than the run: it shows.
    await openView(root, "companies");
    const check = root.querySelector(
      '[data-testid=company-row][data-code="100005"] [data-testid=company-check]',
    );
    if (!check) throw new Error("no company 100005");
    await click(check);
    await click($(root, "[data-testid=apply-companies]"));
    expect(text(root, "[data-testid=status-companies]")).toBe("3 companies · master 100001");

    // Names are known for the applied companies; others go by their code.
    await run("use 100005, 100009");
    const status = $(root, "[data-testid=status-companies]");
    expect(status.textContent).toBe("2 companies · master 100001");
    expect(status.title).toBe("100005 Company 5\n100009");
  });
});
