// Running or opening a saved query that is open in a tab already: the tab
// is reused when it holds the saved text, and edits not yet saved are
// never overwritten.
import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { Backend } from "../../ipc";
import { $, click, settle } from "../../testing/render";
import { editorSession } from "../editor/editorSession";
import { LibraryView } from "./LibraryView";
import { libraryBackend, query } from "./fakeLibrary";
import { savedVersionTitle } from "./editorBridge";

const SCRIPT = "select * from vatcodes";

function backendWithVatCodes() {
  return libraryBackend([{ info: query(3, "VAT codes"), script: SCRIPT }]);
}

async function mount(backend: Backend) {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  await act(() => {
    render(<LibraryView backend={backend} onNavigate={vi.fn()} />, root);
  });
  await settle();
  await click($(root, `[data-testid=library-item][data-id="3"]`));
  return root;
}

/** Types into a tab the way the editor would leave it. */
function edit(backend: Backend, title: string, text: string) {
  const session = editorSession(backend);
  const tab = session.tabs.find((t) => t.title === title);
  if (!tab) throw new Error(`no tab ${title}`);
  const state = session.stateOf(tab);
  tab.state = state.update({ changes: { from: 0, to: state.doc.length, insert: text } }).state;
}

const titles = (backend: Backend) => editorSession(backend).tabs.map((t) => t.title);
const textOf = (backend: Backend, title: string) => {
  const session = editorSession(backend);
  const tab = session.tabs.find((t) => t.title === title);
  return tab && session.stateOf(tab).doc.toString();
};

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
});

describe("a saved query already open in the editor", () => {
  it("runs in its own tab again instead of a second one", async () => {
    const backend = backendWithVatCodes();
    const runQuery = vi.spyOn(backend, "runQuery");
    const root = await mount(backend);
    await click($(root, "[data-testid=library-run]"));
    await click($(root, "[data-testid=library-run]"));
    expect(runQuery).toHaveBeenCalledTimes(2);
    expect(titles(backend).filter((t) => t === "VAT codes")).toHaveLength(1);
    expect(editorSession(backend).active?.title).toBe("VAT codes");
  });

  it("is selected, not opened twice, by Open", async () => {
    const backend = backendWithVatCodes();
    const root = await mount(backend);
    await click($(root, "[data-testid=library-open]"));
    const session = editorSession(backend);
    const first = session.active;
    session.newTab(); // the user moved on to another tab
    await click($(root, "[data-testid=library-open]"));
    expect(titles(backend).filter((t) => t === "VAT codes")).toHaveLength(1);
    expect(session.active).toBe(first);
  });

  it("with edits not saved: Open shows the edits, Run runs the saved text beside them", async () => {
    const backend = backendWithVatCodes();
    const runQuery = vi.spyOn(backend, "runQuery");
    const root = await mount(backend);
    await click($(root, "[data-testid=library-open]"));
    edit(backend, "VAT codes", "select code from vatcodes -- mine");

    await click($(root, "[data-testid=library-open]"));
    expect(titles(backend).filter((t) => t.startsWith("VAT codes"))).toEqual(["VAT codes"]);
    expect(editorSession(backend).active?.title).toBe("VAT codes");

    await click($(root, "[data-testid=library-run]"));
    expect(runQuery).toHaveBeenLastCalledWith(SCRIPT, {}, 3, expect.any(Function));
    expect(textOf(backend, "VAT codes")).toBe("select code from vatcodes -- mine");
    expect(editorSession(backend).active?.title).toBe(savedVersionTitle("VAT codes"));

    // Again: the saved version's tab is the one reused.
    await click($(root, "[data-testid=library-run]"));
    expect(titles(backend).filter((t) => t.startsWith("VAT codes"))).toEqual([
      "VAT codes",
      savedVersionTitle("VAT codes"),
    ]);
    expect(textOf(backend, "VAT codes")).toBe("select code from vatcodes -- mine");
  });

  it("is found again after a restart, when its tab still holds the saved text", async () => {
    const backend = backendWithVatCodes();
    const root = await mount(backend);
    const session = editorSession(backend);
    await session.load();
    // A kept tab comes back without its tie to the query.
    const kept = session.openTab("VAT codes", SCRIPT);
    session.newTab();
    await click($(root, "[data-testid=library-open]"));
    expect(titles(backend).filter((t) => t === "VAT codes")).toHaveLength(1);
    expect(session.active).toBe(kept);
  });
});
