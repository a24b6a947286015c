import { describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { Backend, SyncChangeInfo, SyncRunInfo } from "../../ipc";
import { fakeBackend } from "../../testing/fakeBackend";
import { $, click, settle, type } from "../../testing/render";
import { RunsView } from "./RunsView";
import { fieldChanges, groupByCompany } from "./changes";
import { SyncFlow, watchSyncs } from "../sync/syncFlow";

function run(id: number, over: Partial<SyncRunInfo> = {}): SyncRunInfo {
  return {
    id,
    startedAt: "2025-03-12T13:05:00Z",
    finishedAt: "2025-03-12T13:06:00Z",
    statement:
      "synchronize exactonlinerest..accounts from src\n  with insert or update identified by code",
    user: "anna@firm.nl",
    companies: [101, 102],
    undoOf: null,
    outcome: "ok",
    planned: 4,
    inserted: 1,
    updated: 2,
    deleted: 0,
    failed: 0,
    apiCalls: 9,
    error: null,
    ...over,
  };
}

function change(
  seq: number,
  company: number,
  outcome: string,
  over: Partial<SyncChangeInfo> = {},
): SyncChangeInfo {
  return {
    runId: 3,
    seq,
    company,
    operation: "update",
    key: `code=${1230 + seq}`,
    before: JSON.stringify({ Name: "Old", City: "Zwolle" }),
    after: JSON.stringify({ Name: "New", City: "Zwolle" }),
    outcome,
    error: null,
    ...over,
  };
}

const runs = [
  run(4, { undoOf: 2, statement: "undo run 2" }),
  run(3, { outcome: "cancelled", planned: 4 }),
  run(2),
  run(1, { outcome: null, finishedAt: null }),
];
const changes3 = [
  change(1, 101, "done"),
  change(2, 101, "failed", { error: "Name is too long" }),
  change(3, 102, "done", {
    operation: "insert",
    before: null,
    after: JSON.stringify({ Code: "1234", Name: "Nieuw" }),
  }),
  change(4, 102, "not_done"),
];

async function mount(backend: Backend) {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  await act(() => {
    render(<RunsView backend={backend} />, root);
  });
  await settle();
  return root;
}

function backendWith(over: Partial<Backend> = {}) {
  return fakeBackend({
    syncRuns: vi.fn(async () => runs),
    syncRunChanges: vi.fn(async (id: number) =>
      id === 3
        ? changes3
        : id === 1
          ? [change(1, 101, "done"), change(2, 101, "sending"), change(3, 101, "planned")]
          : [],
    ),
    syncChangesByKey: vi.fn(async () => [change(5, 101, "done", { key: "code=1234" })]),
    ...over,
  });
}

describe("changes", () => {
  it("lists only the fields an update changed, every field of an insert", () => {
    expect(fieldChanges(changes3[0] as SyncChangeInfo)).toEqual([
      { column: "Name", before: "Old", after: "New" },
    ]);
    expect(fieldChanges(changes3[2] as SyncChangeInfo).map((f) => f.column)).toEqual([
      "Code",
      "Name",
    ]);
    expect(fieldChanges({ operation: "update", before: "not json", after: null })).toEqual([]);
  });

  it("groups by company with counts", () => {
    const groups = groupByCompany(changes3);
    expect(groups.map((g) => g.company)).toEqual([101, 102]);
    expect(groups[0]?.outcomes).toEqual({ done: 1, failed: 1 });
  });
});

describe("the Runs view", () => {
  it("lists runs with their outcome, including one that did not finish, and undo links", async () => {
    const root = await mount(backendWith());
    const items = root.querySelectorAll("[data-testid=run-item]");
    expect(items.length).toBe(4);
    expect($(root, "[data-run='1']").textContent).toContain("Did not finish");
    expect($(root, "[data-run='3']").textContent).toContain("Cancelled");
    expect($(root, "[data-run='2']").textContent).toContain("Undone by run 4");
    expect($(root, "[data-run='4']").textContent).toContain("Undid run 2");
    expect($(root, "[data-run='2']").textContent).toContain("anna@firm.nl");
  });

  it("shows a cancelled run's changes by company: what was done and what was not", async () => {
    const root = await mount(backendWith());
    await click($(root, "[data-run='3']"));
    expect($(root, "[data-testid=run-explain]").textContent).toContain(
      "2 changes were made and 1 change was not",
    );
    const groups = root.querySelectorAll("[data-testid=run-company-group]");
    expect(groups.length).toBe(2);
    expect(groups[0]?.textContent).toContain("2 changes: 1 done · 1 refused");
    expect(groups[1]?.textContent).toContain("1 done · 1 not done");
    expect(root.querySelectorAll("[data-testid=change-item]").length).toBe(0); // collapsed
    await click($(groups[0] as HTMLElement, "button[aria-expanded]"));
    const items = root.querySelectorAll("[data-testid=change-item]");
    expect(items.length).toBe(2);
    expect(items[0]?.textContent).toContain("Name");
    expect(items[0]?.textContent).toContain("Old");
    expect(items[0]?.textContent).not.toContain("City");
    expect(items[1]?.textContent).toContain("Refused");
    expect(items[1]?.textContent).toContain("Name is too long");
  });

  it("says a killed run did not finish, and what is unknown", async () => {
    const root = await mount(backendWith());
    await click($(root, "[data-run='1']"));
    const text = $(root, "[data-testid=run-explain]").textContent ?? "";
    expect(text).toContain("never finished");
    expect(text).toContain("1 change was made, 1 was not");
    expect(text).toContain("for 1 change it is not known");
  });

  it("finds a key across all runs", async () => {
    const backend = backendWith();
    const root = await mount(backend);
    await type($(root, "[data-testid=key-search]"), "1234");
    await act(() => {
      $(root, "form[role=search]").dispatchEvent(
        new Event("submit", { cancelable: true, bubbles: true }),
      );
    });
    await settle();
    expect(backend.syncChangesByKey).toHaveBeenCalledWith("1234", 500);
    const results = $(root, "[data-testid=key-results]");
    expect(results.textContent).toContain("1 change to rows matching “1234”");
    expect(results.textContent).toContain("code=1234");
    expect(results.textContent).toContain("Run 3");
  });

  it("undoes a run through the sync flow, so its plan shows first", async () => {
    const undoRun = vi.fn(async () => ({
      outcome: "completed" as const,
      results: [],
      errors: [],
      rowErrors: 0,
      historyId: null,
      millis: 0,
      apiCalls: 0,
    }));
    const raw = backendWith({ undoRun });
    const flow = new SyncFlow(raw);
    const root = await mount(watchSyncs(raw, flow));
    await click($(root, "[data-run='2']"));
    await click($(root, "[data-testid=undo-run]"));
    expect(undoRun).toHaveBeenCalledWith(2, expect.any(Function));
    expect(flow.phase).toBe("done"); // nothing was planned: it says so
  });
});
