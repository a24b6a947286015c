import { describe, expect, it, vi } from "vitest";
import type { AppInfo, CompanySelection } from "../../ipc";
import { demoInfo, fakeBackend } from "../../testing/fakeBackend";
import { $, click, key, manyCompanies, mountApp, openView, text, type } from "../../testing/render";

const companies = manyCompanies(500);
const codes = (root: HTMLElement) =>
  [...root.querySelectorAll("[data-testid=company-row]")].map((r) =>
    Number(r.getAttribute("data-code")),
  );
const row = (root: HTMLElement, code: number) =>
  $(root, `[data-testid=company-row][data-code="${code}"]`);

async function mountCompanies(overrides: Parameters<typeof fakeBackend>[0] = {}) {
  const setSelection = vi.fn(async (s: CompanySelection) =>
    s.active.map((code) => ({ alias: "eol", code, name: `Company ${code - 100000}` })),
  );
  const root = await mountApp(
    fakeBackend({ companies: async () => companies, setSelection, ...overrides }),
  );
  await openView(root, "companies");
  return { root, setSelection };
}

describe("Companies view", () => {
  it("asks to connect first when not connected", async () => {
    const offline: AppInfo = {
      ...demoInfo,
      connection: { kind: "notConnected" },
      connectionLabel: "Not connected",
    };
    const companiesCall = vi.fn(async () => companies);
    const root = await mountApp(
      fakeBackend({ appInfo: async () => offline, companies: companiesCall }),
    );
    await openView(root, "companies");
    expect(text(root, "[data-testid=companies-empty] h2")).toBe("Connect first");
    expect(companiesCall).not.toHaveBeenCalled();
    await click($(root, "[data-testid=connect-first]"));
    expect(text(root, "#view-title")).toBe("Connect");
  });

  it("renders only the rows in view of 500 companies", async () => {
    const { root } = await mountCompanies();
    expect(text(root, "[data-testid=company-count]")).toBe("500 companies");
    const shown = codes(root);
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(60);
    expect($(root, "[role=grid]").getAttribute("aria-rowcount")).toBe("501");
  });

  it("searches on code or name and sorts by clicking headers", async () => {
    const { root } = await mountCompanies();
    await type($(root, "[data-testid=company-search]"), "company 49");
    expect(text(root, "[data-testid=company-count]")).toBe("11 of 500 companies match");
    expect(codes(root)).toEqual([100049, ...Array.from({ length: 10 }, (_, i) => 100490 + i)]);

    await click($(root, "[data-sort=code]"));
    expect($(root, "[data-sort=code]").parentElement?.getAttribute("aria-sort")).toBe("ascending");
    await click($(root, "[data-sort=code]"));
    expect($(root, "[data-sort=code]").parentElement?.getAttribute("aria-sort")).toBe("descending");
    expect(codes(root)[0]).toBe(100499);

    await type($(root, "[data-testid=company-search]"), "100123");
    expect(codes(root)).toEqual([100123]);
  });

  it("selects all visible companies only, then applies with a master", async () => {
    const { root, setSelection } = await mountCompanies();
    const apply = $<HTMLButtonElement>(root, "[data-testid=apply-companies]");
    expect(apply.disabled).toBe(true);

    await type($(root, "[data-testid=company-search]"), "company 49");
    await click($(root, "[data-testid=select-all-visible]"));
    expect(text(root, "[data-testid=draft-summary]")).toBe("11 companies");
    expect($<HTMLInputElement>(root, "[data-testid=select-all-visible]").checked).toBe(true);

    // Cleared search: the 11 stay ticked, and "select all" is now partial.
    await type($(root, "[data-testid=company-search]"), "");
    const all = $<HTMLInputElement>(root, "[data-testid=select-all-visible]");
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(true);

    await click($(row(root, 100001), "[data-testid=master-radio]"));
    expect(text(root, "[data-testid=draft-summary]")).toBe("12 companies · master 100001");
    expect(text(root, "[data-testid=status-companies]")).toBe("No companies chosen");

    await click($(root, "[data-testid=apply-companies]"));
    expect(setSelection).toHaveBeenCalledOnce();
    const sent = setSelection.mock.calls[0]?.[0];
    expect(sent?.master).toBe(100001);
    expect([...(sent?.active ?? [])].sort()).toEqual(
      [100001, 100049, ...Array.from({ length: 10 }, (_, i) => 100490 + i)].sort(),
    );
    expect(text(root, "[data-testid=status-companies]")).toBe("12 companies · master 100001");
    expect(text(root, "[data-testid=apply-message]")).toBe(
      "Now working in 12 companies · master 100001.",
    );
    expect($<HTMLButtonElement>(root, "[data-testid=apply-companies]").disabled).toBe(true);
  });

  it("unticks everything shown when all shown are ticked", async () => {
    const { root } = await mountCompanies();
    await click($(root, "[data-testid=select-all-visible]"));
    expect(text(root, "[data-testid=draft-summary]")).toBe("500 companies");
    await click($(root, "[data-testid=select-all-visible]"));
    expect(text(root, "[data-testid=draft-summary]")).toBe("No companies chosen");
  });

  it("starts from the remembered selection and can undo changes", async () => {
    const { root } = await mountCompanies({
      selection: async () => ({ active: [100002, 100003], master: 100003 }),
    });
    expect(text(root, "[data-testid=status-companies]")).toBe("2 companies · master 100003");
    expect($<HTMLInputElement>(row(root, 100002), "[data-testid=company-check]").checked).toBe(
      true,
    );
    expect($<HTMLInputElement>(row(root, 100003), "[data-testid=master-radio]").checked).toBe(true);

    await click($(row(root, 100003), "[data-testid=company-check]"));
    expect(text(root, "[data-testid=draft-summary]")).toContain("1 company");
    const undo = [...root.querySelectorAll("button")].find((b) => b.textContent === "Undo changes");
    await click(undo ?? root);
    expect(text(root, "[data-testid=draft-summary]")).toBe("2 companies · master 100003");
  });

  it("works from the keyboard: arrows move, Space ticks, M marks master", async () => {
    const { root } = await mountCompanies();
    const first = row(root, 100001);
    expect(first.tabIndex).toBe(0);
    await key(first, "ArrowDown");
    const second = row(root, 100002); // Company 2 sorts after Company 1
    expect(second.tabIndex).toBe(0);
    expect(document.activeElement).toBe(second);
    await key(second, " ");
    await key(second, "m");
    expect(text(root, "[data-testid=draft-summary]")).toBe("1 company · master 100002");
    expect(second.getAttribute("aria-selected")).toBe("true");
    await key(second, "End");
    expect(document.activeElement?.getAttribute("data-code")).toBe("100500");
  });

  it("says so when applying fails, keeping the draft", async () => {
    const { root } = await mountCompanies({
      setSelection: () => Promise.reject({ kind: "engine", message: "disk full" }),
    });
    await click($(row(root, 100001), "[data-testid=company-check]"));
    await click($(root, "[data-testid=apply-companies]"));
    expect(text(root, "[data-testid=apply-message]")).toBe(
      "The companies were not changed: disk full",
    );
    expect(text(root, "[data-testid=status-companies]")).toBe("No companies chosen");
    expect(text(root, "[data-testid=draft-summary]")).toBe("1 company");
  });
});
