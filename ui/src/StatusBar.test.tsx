import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppInfo, Usage } from "./ipc";
import { observeRuns, USAGE_INTERVAL_MS } from "./session";
import { demoInfo, fakeBackend } from "./testing/fakeBackend";
import { mountApp, settle, text } from "./testing/render";

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
});
