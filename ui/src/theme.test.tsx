import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeBackend } from "./testing/fakeBackend";
import { $, choose, mountApp } from "./testing/render";

afterEach(() => {
  delete document.documentElement.dataset.theme;
});

describe("theme", () => {
  it("follows the OS until a theme is saved", async () => {
    const root = await mountApp(fakeBackend());
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect($<HTMLSelectElement>(root, "[data-testid=theme-select]").value).toBe("system");
  });

  it("applies the saved theme at start", async () => {
    const getSetting = vi.fn(async (key: string) => (key === "theme" ? "dark" : null));
    const root = await mountApp(fakeBackend({ getSetting }));
    expect(getSetting).toHaveBeenCalledWith("theme");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect($<HTMLSelectElement>(root, "[data-testid=theme-select]").value).toBe("dark");
  });

  it("ignores a saved value it does not know", async () => {
    await mountApp(fakeBackend({ getSetting: async () => "purple" }));
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it("applies and saves a choice, and System hands back to the OS", async () => {
    const setSetting = vi.fn(async () => {});
    const root = await mountApp(fakeBackend({ setSetting }));
    const select = $(root, "[data-testid=theme-select]");
    await choose(select, "light");
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(setSetting).toHaveBeenLastCalledWith("theme", "light");
    await choose(select, "system");
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(setSetting).toHaveBeenLastCalledWith("theme", "system");
  });
});
