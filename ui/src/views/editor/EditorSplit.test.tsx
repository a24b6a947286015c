import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { fakeBackend } from "../../testing/fakeBackend";
import { EditorScreen } from "./EditorScreen";
import { SPLIT_KEY } from "./editorSplit";

// jsdom lays nothing out; CodeMirror measures text ranges to draw the
// cursor and selection. Empty rectangles are enough here.
beforeAll(() => {
  const empty = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects = empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

beforeEach(() => localStorage.clear());

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
  localStorage.clear();
});

async function settle() {
  for (let i = 0; i < 6; i++) await act(async () => {});
}

async function mount() {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  // A fresh backend each time: the editor session is kept per backend.
  await act(() => {
    render(<EditorScreen backend={fakeBackend()} />, root);
  });
  await settle();
  const splitter = root.querySelector<HTMLElement>("[role=separator]");
  if (!splitter) throw new Error("no splitter");
  return { root, splitter };
}

function editorShare(root: HTMLElement): string {
  return (
    root.querySelector<HTMLElement>(".editor-screen")?.style.getPropertyValue("--editor-share") ??
    ""
  );
}

async function press(el: HTMLElement, key: string) {
  await act(() => {
    el.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
  });
}

function pointer(type: string, clientY: number): Event {
  return new PointerEvent(type, { bubbles: true, cancelable: true, button: 0, clientY });
}

/** Lays out the editor at `top` with `editor` px and the pane below it with
 * `below` px, as a browser would. */
function layOut(root: HTMLElement, top: number, editor: number, below: number) {
  const rect = (y: number, height: number) => () => new DOMRect(0, y, 800, height);
  const host = root.querySelector<HTMLElement>("[data-testid=editor]");
  const pane = root.querySelector<HTMLElement>(".results, .results-hint");
  if (!host || !pane) throw new Error("no panes");
  vi.spyOn(host, "getBoundingClientRect").mockImplementation(rect(top, editor));
  vi.spyOn(pane, "getBoundingClientRect").mockImplementation(rect(top + editor + 16, below));
}

describe("the splitter between the editor and the results", () => {
  it("is a focusable horizontal separator that gives the results most of the room at first", async () => {
    const { root, splitter } = await mount();
    expect(splitter.getAttribute("aria-orientation")).toBe("horizontal");
    expect(splitter.tabIndex).toBe(0);
    expect(splitter.getAttribute("aria-valuenow")).toBe("35");
    expect(splitter.getAttribute("aria-controls")).toBe(
      root.querySelector("[data-testid=editor]")?.id,
    );
    expect(Number(editorShare(root))).toBeCloseTo(0.35);
    // It sits between the editor and what is below it.
    expect(splitter.previousElementSibling?.getAttribute("data-testid")).toBe("editor");
  });

  it("moves with the arrow keys and is where it was left after a restart", async () => {
    const first = await mount();
    await press(first.splitter, "ArrowDown");
    await press(first.splitter, "ArrowDown");
    expect(first.splitter.getAttribute("aria-valuenow")).toBe("45");
    await press(first.splitter, "ArrowUp");
    expect(first.splitter.getAttribute("aria-valuenow")).toBe("40");
    expect(localStorage.getItem(SPLIT_KEY)).toBe("0.400");

    render(null, document.body);
    const again = await mount();
    expect(again.splitter.getAttribute("aria-valuenow")).toBe("40");
    expect(Number(editorShare(again.root))).toBeCloseTo(0.4);
  });

  it("keeps both panes at least their minimum height", async () => {
    const { root, splitter } = await mount();
    // 90 px of editor and 160 px of results in 500 px: 18% to 68%.
    layOut(root, 100, 175, 325);
    await press(splitter, "Home");
    expect(splitter.getAttribute("aria-valuenow")).toBe("18");
    await press(splitter, "End");
    expect(splitter.getAttribute("aria-valuenow")).toBe("68");
    await press(splitter, "PageUp");
    expect(splitter.getAttribute("aria-valuenow")).toBe("48");
  });

  it("follows a mouse drag and remembers where it was released", async () => {
    const { root, splitter } = await mount();
    layOut(root, 100, 210, 390); // 600 px of room
    await act(() => {
      splitter.dispatchEvent(pointer("pointerdown", 312));
    });
    await act(() => {
      window.dispatchEvent(pointer("pointermove", 400));
    });
    expect(splitter.getAttribute("aria-valuenow")).toBe("50");
    expect(Number(editorShare(root))).toBeCloseTo(0.5);
    expect(localStorage.getItem(SPLIT_KEY)).toBeNull();
    await act(() => {
      window.dispatchEvent(pointer("pointermove", 10)); // far above: the editor's minimum
    });
    expect(splitter.getAttribute("aria-valuenow")).toBe("15");
    await act(() => {
      window.dispatchEvent(pointer("pointerup", 10));
    });
    expect(localStorage.getItem(SPLIT_KEY)).toBe("0.150");
    // Released: moving the mouse no longer moves it.
    await act(() => {
      window.dispatchEvent(pointer("pointermove", 500));
    });
    expect(splitter.getAttribute("aria-valuenow")).toBe("15");
  });

  it("goes back to the default on a double-click", async () => {
    localStorage.setItem(SPLIT_KEY, "0.8");
    const { splitter } = await mount();
    expect(splitter.getAttribute("aria-valuenow")).toBe("80");
    await act(() => {
      splitter.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    });
    expect(splitter.getAttribute("aria-valuenow")).toBe("35");
    expect(localStorage.getItem(SPLIT_KEY)).toBe("0.350");
  });

  it("ignores a damaged remembered value and keeps an extreme one within bounds", async () => {
    localStorage.setItem(SPLIT_KEY, "half");
    expect((await mount()).splitter.getAttribute("aria-valuenow")).toBe("35");
    render(null, document.body);
    localStorage.setItem(SPLIT_KEY, "7");
    expect((await mount()).splitter.getAttribute("aria-valuenow")).toBe("90");
  });
});
