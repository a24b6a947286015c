import { describe, expect, it } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { App } from "./App";
import type { Backend } from "./ipc";
import { demoInfo, fakeBackend } from "./testing/fakeBackend";

async function mount(backend: Backend): Promise<HTMLElement> {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  await act(async () => {
    render(<App backend={backend} />, root);
  });
  return root;
}

function text(root: HTMLElement, selector: string): string | undefined {
  return root.querySelector(selector)?.textContent ?? undefined;
}

describe("App frame", () => {
  it("shows the connection the backend reports", async () => {
    const root = await mount(fakeBackend({ appInfo: async () => demoInfo }));
    expect(text(root, "[data-testid=status-connection]")).toBe("Demo data");
    expect(text(root, "[data-testid=status-version]")).toBe("Tandem 9.9.9 · SQLite 3.99.0");
  });

  it("switches views from the navigation and marks the current one", async () => {
    const root = await mount(fakeBackend({ appInfo: async () => demoInfo }));
    expect(text(root, "#view-title")).toBe("Connect");
    const editor = root.querySelector<HTMLButtonElement>("[data-view=editor]");
    await act(() => editor?.click());
    expect(text(root, "#view-title")).toBe("Editor");
    expect(editor?.getAttribute("aria-current")).toBe("page");
    expect(root.querySelectorAll("[aria-current=page]")).toHaveLength(1);
  });

  it("switches views with Ctrl+number", async () => {
    const root = await mount(fakeBackend({ appInfo: async () => demoInfo }));
    await act(() => {
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "5", ctrlKey: true }));
    });
    expect(text(root, "#view-title")).toBe("Runs");
  });

  it("says so when the engine does not answer", async () => {
    const root = await mount(fakeBackend({ appInfo: () => Promise.reject(new Error("boom")) }));
    expect(text(root, "[data-testid=status-connection]")).toBe(
      "Tandem's engine did not answer: Error: boom",
    );
  });
});
