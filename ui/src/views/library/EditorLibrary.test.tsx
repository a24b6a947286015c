import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { EditorView } from "@codemirror/view";
import type { Backend } from "../../ipc";
import { $, click, settle, type } from "../../testing/render";
import { EditorScreen } from "../editor/EditorScreen";
import { editorSession } from "../editor/editorSession";
import { libraryBackend, query } from "./fakeLibrary";

beforeAll(() => {
  const empty = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects = empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
});

async function mount(backend: Backend, text: string) {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  await act(() => {
    render(<EditorScreen backend={backend} />, root);
  });
  await settle();
  const view = EditorView.findFromDOM($(root, "[data-testid=editor] .cm-editor"));
  if (!view) throw new Error("no editor");
  await act(() => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  });
  return root;
}

describe("Save as… in the editor", () => {
  it("saves the tab's script in the library and names the tab after it", async () => {
    const backend = libraryBackend([]);
    const save = vi.spyOn(backend, "librarySave");
    const root = await mount(backend, "select * from accounts");
    await click($(root, "[data-testid=save-as]"));
    const dialog = $(root, "[data-testid=save-dialog]");
    expect($<HTMLInputElement>(dialog, "[data-testid=save-name]").value).toBe("");
    // Without a name nothing is sent.
    await click($(dialog, "[data-testid=save-confirm]"));
    expect(dialog.textContent).toContain("Give it a name.");
    expect(save).not.toHaveBeenCalled();

    await type($(dialog, "[data-testid=save-name]"), "Accounts");
    await type($(dialog, "[data-testid=save-folder]"), "Checks");
    await type($(dialog, "[data-testid=save-description]"), "All accounts");
    await type($(dialog, "[data-testid=save-tags]"), "gl, daily");
    await click($(dialog, "[data-testid=save-confirm]"));
    expect(save).toHaveBeenCalledWith({
      id: null,
      name: "Accounts",
      description: "All accounts",
      folder: "Checks",
      tags: ["gl", "daily"],
      script: "select * from accounts",
    });
    expect(root.querySelector("[data-testid=save-dialog]")).toBeNull();
    const tab = editorSession(backend).active;
    expect(tab?.title).toBe("Accounts");
    expect(tab?.queryId).toBe(1);
    expect($(root, "[data-testid=save-status]").textContent).toContain("Saved “Accounts”");

    // From now on, Save writes into that query.
    await click($(root, "[data-testid=save]"));
    expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ id: 1, name: "Accounts" }));
  });

  it("shows the backend's message when the name is taken, keeping the dialog", async () => {
    const backend = libraryBackend([{ info: query(4, "Accounts"), script: "select 1" }]);
    const root = await mount(backend, "select 2");
    await click($(root, "[data-testid=save-as]"));
    await type($(root, "[data-testid=save-name]"), "Accounts");
    await click($(root, "[data-testid=save-confirm]"));
    expect($(root, "[data-testid=save-problem]").textContent).toBe(
      "A query named “Accounts” already exists in this folder.",
    );
    expect($<HTMLInputElement>(root, "[data-testid=save-name]").value).toBe("Accounts");
  });
});

describe("running a script with ${NAME}s in the editor", () => {
  it("asks for the values first, then runs with them", async () => {
    const backend = libraryBackend([], {
      parameterFields: async () => [
        {
          name: "YEAR",
          label: "Year",
          kind: "number",
          guessed: true,
          options: [],
          value: null,
          required: true,
        },
      ],
    });
    const runQuery = vi.spyOn(backend, "runQuery");
    const runScript = vi.spyOn(backend, "runScript");
    const root = await mount(backend, "select * from invoices where year = ${YEAR}");
    await click($(root, "[data-testid=run-button]"));
    expect(runQuery).not.toHaveBeenCalled();
    await click($(root, "[data-testid=param-run]"));
    expect($(root, "[data-testid=param-problem]").textContent).toBe("Fill in Year.");
    await type($(root, "#param-YEAR"), "2024");
    await click($(root, "[data-testid=param-run]"));
    expect(runQuery).toHaveBeenCalledWith(
      "select * from invoices where year = ${YEAR}",
      { YEAR: "2024" },
      null,
      expect.any(Function),
    );
    expect(runScript).not.toHaveBeenCalled();
    expect(root.querySelector("[data-testid=param-form]")).toBeNull();
  });

  it("does not run when the form is cancelled, and runs plain scripts at once", async () => {
    const backend = libraryBackend([], {
      parameterFields: async () => [
        {
          name: "X",
          label: "X",
          kind: "text",
          guessed: true,
          options: [],
          value: null,
          required: false,
        },
      ],
    });
    const runQuery = vi.spyOn(backend, "runQuery");
    const runScript = vi.spyOn(backend, "runScript");
    const root = await mount(backend, "select '${X}'");
    await click($(root, "[data-testid=run-button]"));
    await act(() => {
      $(root, "[data-testid=param-form]").dispatchEvent(
        new KeyboardEvent("keydown", { key: "Escape", bubbles: true }),
      );
    });
    await settle();
    expect(root.querySelector("[data-testid=param-form]")).toBeNull();
    expect(runQuery).not.toHaveBeenCalled();
    expect(editorSession(backend).prompt).toBeNull();

    const plain = libraryBackend([]);
    const plainRun = vi.spyOn(plain, "runScript");
    const other = await mount(plain, "select 1");
    await click($(other, "[data-testid=run-button]"));
    expect(plainRun).toHaveBeenCalled();
    expect(runScript).not.toHaveBeenCalled();
  });
});
