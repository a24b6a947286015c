import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { EditorView } from "@codemirror/view";
import { forEachDiagnostic } from "@codemirror/lint";
import type { Backend, Event, RunResult } from "../../ipc";
import { fakeBackend } from "../../testing/fakeBackend";
import { EditorScreen } from "./EditorScreen";
import { editorSession } from "./editorSession";
import { TABS_SETTING } from "./tabsStore";

const done: RunResult = {
  outcome: "completed",
  results: [],
  errors: [],
  rowErrors: 0,
  historyId: null,
  millis: 1200,
  apiCalls: 3,
};

// jsdom lays nothing out; CodeMirror measures text ranges to draw the
// cursor and selection. Empty rectangles are enough for these tests.
beforeAll(() => {
  const empty = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects = empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

async function settle() {
  for (let i = 0; i < 6; i++) await act(async () => {});
}

async function mount(backend: Backend) {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  await act(() => {
    render(<EditorScreen backend={backend} />, root);
  });
  await settle();
  const dom = root.querySelector<HTMLElement>("[data-testid=editor] .cm-editor");
  const view = dom && EditorView.findFromDOM(dom);
  if (!view) throw new Error("no editor");
  return { root, view };
}

function type(view: EditorView, text: string, selection?: { anchor: number; head: number }) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  if (selection) view.dispatch({ selection });
}

async function ctrlEnter(view: EditorView, shiftKey = false) {
  await act(() => {
    view.contentDOM.dispatchEvent(
      new KeyboardEvent("keydown", {
        key: "Enter",
        ctrlKey: true,
        shiftKey,
        bubbles: true,
        cancelable: true,
      }),
    );
  });
  await settle();
}

function messages(root: HTMLElement): string[] {
  return [...root.querySelectorAll("[data-testid=messages] li")].map((li) => li.textContent ?? "");
}

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe("running", () => {
  it("runs the whole script on Ctrl+Enter, and only the selection when there is one", async () => {
    const runScript = vi.fn(async () => done);
    const { root, view } = await mount(fakeBackend({ runScript }));
    type(view, "use 1\nselect * from accounts");
    await ctrlEnter(view);
    expect(runScript).toHaveBeenLastCalledWith(
      "use 1\nselect * from accounts",
      expect.any(Function),
    );

    type(view, "use 1\nselect * from accounts", { anchor: 6, head: 14 });
    await settle();
    const button = root.querySelector<HTMLButtonElement>("[data-testid=run-button]");
    expect(button?.textContent).toMatch(/Run selection/);
    await ctrlEnter(view);
    expect(runScript).toHaveBeenLastCalledWith("select *", expect.any(Function));

    // Shift+Ctrl+Enter and the Run all button run everything despite the selection.
    await ctrlEnter(view, true);
    expect(runScript).toHaveBeenLastCalledWith(
      "use 1\nselect * from accounts",
      expect.any(Function),
    );
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=run-all-button]")?.click());
    await settle();
    expect(runScript).toHaveBeenCalledTimes(4);
    expect(runScript).toHaveBeenLastCalledWith(
      "use 1\nselect * from accounts",
      expect.any(Function),
    );
  });

  it("says there is nothing to run for an empty or comment-only script, without asking the backend", async () => {
    const runScript = vi.fn(async () => done);
    const { root, view } = await mount(fakeBackend({ runScript }));
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=run-button]")?.click());
    await settle();
    expect(messages(root).join()).toMatch(/script is empty/);
    type(view, "-- just a note\n/* and another */");
    await ctrlEnter(view);
    expect(messages(root).join()).toMatch(/only comments/);
    expect(runScript).not.toHaveBeenCalled();
  });

  it("underlines an error at its line and column, moves the cursor there and lists it", async () => {
    const script = "use 1\nselect nme from accounts@eol";
    const runScript = vi.fn(async () => ({
      ...done,
      outcome: "failed" as const,
      errors: [{ message: "No column nme.", kind: "sql", line: 2, column: 8 }],
    }));
    const { root, view } = await mount(fakeBackend({ runScript }));
    type(view, script);
    await ctrlEnter(view);
    const found: { from: number; to: number; message: string }[] = [];
    forEachDiagnostic(view.state, (d, from, to) => found.push({ from, to, message: d.message }));
    const at = script.indexOf("nme");
    expect(found).toEqual([{ from: at, to: at + 3, message: "No column nme." }]);
    expect(view.state.selection.main.head).toBe(at);
    expect(root.querySelector(".error-underline")?.textContent).toBe("nme");
    expect(messages(root).join("\n")).toMatch(/Line 2, column 8: No column nme\./);
    expect(root.querySelector("[data-testid=messages-tab]")?.textContent).toBe(
      "Messages (1 error)",
    );
    expect(root.querySelector("[data-testid=messages-tab]")?.getAttribute("aria-selected")).toBe(
      "true",
    );
  });

  it("places an error in a selection at its place in the document", async () => {
    const script = "select 1\nselect 2\n  select bad from x";
    const runScript = vi.fn(async () => ({
      ...done,
      outcome: "failed" as const,
      // The engine saw only the selection: line 1 is the document's line 3.
      errors: [{ message: "No column bad.", kind: "sql", line: 1, column: 8 }],
    }));
    const { view } = await mount(fakeBackend({ runScript }));
    const from = script.indexOf("select bad");
    type(view, script, { anchor: from, head: script.length });
    await ctrlEnter(view);
    expect(runScript).toHaveBeenLastCalledWith("select bad from x", expect.any(Function));
    const found: number[] = [];
    forEachDiagnostic(view.state, (_d, f, t) => found.push(f, t));
    expect(found).toEqual([script.indexOf("bad"), script.indexOf("bad") + 3]);
  });

  it("shows progress while running and cancels on request", async () => {
    let emit: (e: Event) => void = () => {};
    let finish: (r: RunResult) => void = () => {};
    const runScript = vi.fn(
      (_script: string, onEvent: (e: Event) => void) =>
        new Promise<RunResult>((resolve) => {
          emit = onEvent;
          finish = resolve;
        }),
    );
    const cancelRun = vi.fn(async () => {});
    const { root, view } = await mount(fakeBackend({ runScript, cancelRun }));
    type(view, "select * from accounts");
    await ctrlEnter(view);
    expect(root.querySelector("[data-testid=run-button]")).toBeNull();
    await act(async () => {
      emit({ kind: "statementStarted", index: 1, line: 1, summary: "select * from accounts" });
      emit({ kind: "fetchStarted", table: "ExactOnlineREST.CRM.Accounts", partition: 102673 });
      emit({ kind: "fetchStarted", table: "ExactOnlineREST.CRM.Accounts", partition: 102674 });
      emit({
        kind: "fetchFinished",
        table: "ExactOnlineREST.CRM.Accounts",
        partition: 102673,
        rows: 1234,
      });
      await new Promise((r) => setTimeout(r, 80));
    });
    const progress = root.querySelector("[data-testid=run-progress]")?.textContent ?? "";
    expect(progress).toMatch(/statement 1 \(line 1\): select \* from accounts/);
    expect(progress).toMatch(/Reading ExactOnlineREST\.CRM\.Accounts for company 102674/);
    expect(progress).toMatch(/1,234 rows arrived/);

    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=cancel-button]")?.click());
    expect(cancelRun).toHaveBeenCalledOnce();
    expect(root.querySelector("[data-testid=cancel-button]")?.textContent).toBe("Cancelling…");
    await act(async () => {
      emit({ kind: "message", level: "warning", text: "Setting foo is not known; ignored." });
      finish({ ...done, outcome: "cancelled" });
    });
    await settle();
    expect(root.querySelector("[data-testid=run-progress]")).toBeNull();
    const log = messages(root).join("\n");
    expect(log).toMatch(/Setting foo is not known/);
    expect(log).toMatch(/Cancelled after 1\.2 s · 3 API calls/);
  });

  it("shows result sets as tabs with their row counts, sorts and exports them", async () => {
    const result = {
      id: 1,
      rowCount: 1_000_000,
      columns: [{ name: "code", sqlType: "integer" as const }],
    };
    const sortResult = vi.fn(async () => ({ ...result, id: 2 }));
    const exportResult = vi.fn(async () => ({ path: "/home/ann/accounts.csv", rows: 1_000_000 }));
    const resultPage = vi.fn(async (_id: number, offset: number, limit: number) =>
      Array.from({ length: limit }, (_, i) => [offset + i]),
    );
    const { root, view } = await mount(
      fakeBackend({
        runScript: async () => ({ ...done, results: [result, { ...result, id: 9, rowCount: 3 }] }),
        sortResult,
        exportResult,
        resultPage,
      }),
    );
    type(view, "select code from accounts; select 1");
    await ctrlEnter(view);
    const tabs = [...root.querySelectorAll("[data-testid=result-tab]")].map((t) => t.textContent);
    expect(tabs).toEqual(["Result 1 (1,000,000)", "Result 2 (3)"]);
    expect(root.querySelector("[data-testid=row-count]")?.textContent).toBe("1,000,000 rows");
    expect(root.querySelector("[data-testid=elapsed]")?.textContent).toBe("run took 1.2 s");

    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=grid-header]")?.click());
    await settle();
    expect(sortResult).toHaveBeenCalledWith(1, 0, false);
    expect(resultPage).toHaveBeenLastCalledWith(2, 0, 200);

    const separator = root.querySelector<HTMLSelectElement>("[data-testid=csv-separator]");
    await act(() => {
      if (separator) separator.value = ";";
      separator?.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=export-csv]")?.click());
    await settle();
    expect(exportResult).toHaveBeenCalledWith(2, "csv", ";");
    expect(root.querySelector("[data-testid=export-status]")?.textContent).toBe(
      "Exported 1,000,000 rows to /home/ann/accounts.csv",
    );
  });

  it("says clearly when an export fails", async () => {
    const result = { id: 1, rowCount: 2, columns: [{ name: "code", sqlType: "text" as const }] };
    const { root, view } = await mount(
      fakeBackend({
        runScript: async () => ({ ...done, results: [result] }),
        exportResult: async () => {
          throw { kind: "io", message: "Permission denied: /readonly/accounts.xlsx" };
        },
      }),
    );
    type(view, "select 1");
    await ctrlEnter(view);
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=export-xlsx]")?.click());
    await settle();
    expect(root.querySelector("[data-testid=export-status]")?.textContent).toBe(
      "Could not export: Permission denied: /readonly/accounts.xlsx",
    );
  });
});

describe("tabs", () => {
  it("restores the kept tabs and keeps every tab's text, debounced", async () => {
    const kept = JSON.stringify({
      tabs: [
        { id: "a", title: "Accounts", text: "select * from accounts" },
        { id: "b", title: "Sync", text: "synchronize x to y with insert identified by code" },
      ],
      active: "b",
    });
    const setSetting = vi.fn(async () => {});
    const backend = fakeBackend({
      getSetting: async (key) => (key === TABS_SETTING ? kept : null),
      setSetting,
    });
    const { root, view } = await mount(backend);
    const titles = [...root.querySelectorAll("[data-testid=editor-tab] [role=tab]")].map(
      (t) => t.textContent,
    );
    expect(titles).toEqual(["Accounts", "Sync"]);
    expect(view.state.doc.toString()).toMatch(/^synchronize/);

    vi.useFakeTimers();
    [..."-- a\n"].forEach((ch, i) => view.dispatch({ changes: { from: i, insert: ch } }));
    expect(setSetting).not.toHaveBeenCalled();
    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    expect(setSetting).toHaveBeenCalledOnce();
    const [key, json] = setSetting.mock.calls[0] as unknown as [string, string];
    expect(key).toBe(TABS_SETTING);
    expect(JSON.parse(json)).toEqual({
      tabs: [
        { id: "a", title: "Accounts", text: "select * from accounts" },
        { id: "b", title: "Sync", text: "-- a\nsynchronize x to y with insert identified by code" },
      ],
      active: "b",
    });
  });

  it("asks before closing a tab with text, in the app, and keeps it on No", async () => {
    const { root, view } = await mount(fakeBackend());
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=new-tab]")?.click());
    type(view, "select 1");
    const closeButtons = () => root.querySelectorAll<HTMLButtonElement>("[data-testid=close-tab]");
    await act(() => closeButtons()[1]?.click());
    expect(root.querySelector("[data-testid=confirm-dialog]")).not.toBeNull();
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=confirm-no]")?.click());
    expect(closeButtons()).toHaveLength(2);
    expect(view.state.doc.toString()).toBe("select 1");

    await act(() => closeButtons()[1]?.click());
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=confirm-yes]")?.click());
    expect(closeButtons()).toHaveLength(1);
    expect(view.state.doc.toString()).toBe("");

    // An empty tab closes without a question.
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=new-tab]")?.click());
    await act(() => closeButtons()[1]?.click());
    expect(root.querySelector("[data-testid=confirm-dialog]")).toBeNull();
    expect(closeButtons()).toHaveLength(1);
  });

  it("keeps each tab's text when switching, and renames a tab", async () => {
    const { root, view } = await mount(fakeBackend());
    type(view, "select 1");
    await act(() => root.querySelector<HTMLButtonElement>("[data-testid=new-tab]")?.click());
    type(view, "select 2");
    const tabs = () =>
      root.querySelectorAll<HTMLButtonElement>("[data-testid=editor-tab] [role=tab]");
    await act(() => tabs()[0]?.click());
    expect(view.state.doc.toString()).toBe("select 1");
    await act(() => tabs()[1]?.click());
    expect(view.state.doc.toString()).toBe("select 2");

    await act(() => {
      tabs()[1]?.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    });
    const input = root.querySelector<HTMLInputElement>("[data-testid=rename-tab]");
    await act(() => {
      if (input) input.value = "Open invoices";
      input?.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    });
    expect([...tabs()].map((t) => t.textContent)).toEqual(["Query 1", "Open invoices"]);
  });

  it("keeps a 10 MB paste in the editor and says it is too large to keep", async () => {
    const setSetting = vi.fn(async () => {});
    const backend = fakeBackend({ setSetting });
    const { root, view } = await mount(backend);
    const big = "select 1 from dual -- padding padding padding padding\n".repeat(200_000);
    type(view, big);
    await settle();
    expect(view.state.doc.length).toBe(big.length);
    expect(root.querySelector("[data-testid=too-large-note]")).not.toBeNull();
    // Fewer lines in the DOM than in the document: CodeMirror draws what shows.
    expect(root.querySelectorAll(".cm-line").length).toBeLessThan(1000);
    // What is kept between sessions leaves the huge text out, and says so.
    await act(() => editorSession(backend).saver.flush());
    const json = (setSetting.mock.calls.at(-1) as unknown as [string, string])[1];
    expect(json.length).toBeLessThan(1000);
    expect(JSON.parse(json).tabs[0]).toMatchObject({ text: "", omitted: true });
  });
});
