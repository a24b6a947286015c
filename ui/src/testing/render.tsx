// Mounting the app in jsdom and driving it the way a user does, for the
// views' tests. Promises are flushed inside act(), so it also works under
// fake timers.
import { render } from "preact";
import { act } from "preact/test-utils";
import { App } from "../App";
import type { Backend, Company } from "../ipc";

export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  });
}

export async function mountApp(backend: Backend): Promise<HTMLElement> {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  await act(async () => {
    render(<App backend={backend} />, root);
  });
  await settle();
  return root;
}

export function $<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

export function text(root: ParentNode, selector: string): string | undefined {
  return root.querySelector(selector)?.textContent ?? undefined;
}

export async function click(el: Element): Promise<void> {
  await act(() => (el as HTMLElement).click());
  await settle();
}

/** Types `value` into an input (fires `input`). */
export async function type(el: Element, value: string): Promise<void> {
  await act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await settle();
}

/** Picks `value` in a select (fires `change`). */
export async function choose(el: Element, value: string): Promise<void> {
  await act(() => {
    (el as HTMLSelectElement).value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await settle();
}

export async function key(el: Element, keyName: string): Promise<void> {
  await act(() => {
    el.dispatchEvent(new KeyboardEvent("keydown", { key: keyName, bubbles: true }));
  });
  await settle();
}

export async function openView(root: HTMLElement, view: string): Promise<void> {
  await click($(root, `[data-view=${view}]`));
}

/** `n` companies with codes 100001.., names "Company 1".., a few cities. */
export function manyCompanies(n: number): Company[] {
  const cities = ["Amsterdam", "Utrecht", "Zwolle", null];
  return Array.from({ length: n }, (_, i) => ({
    code: 100001 + i,
    name: `Company ${i + 1}`,
    country: i % 3 === 0 ? "BE " : "NL ",
    city: cities[i % cities.length] ?? null,
    current: i === 0,
  }));
}
