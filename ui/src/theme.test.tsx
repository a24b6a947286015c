import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeBackend } from "./testing/fakeBackend";
import { $, choose, mountApp } from "./testing/render";
import { applyTheme } from "./theme";
// The app's own style sheets, as the window has them: the base controls and
// two views that restyle selects with a class.
import appCss from "./styles.css?raw";
import editorCss from "./views/editor/editor.css?raw";
import libraryCss from "./views/library/library.css?raw";

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

describe("native controls in both themes", () => {
  let sheet: HTMLStyleElement | null = null;
  const mountControls = () => {
    sheet = document.createElement("style");
    sheet.textContent = [appCss, editorCss, libraryCss].join("\n");
    document.head.append(sheet);
    const box = document.createElement("div");
    // As the app has them: a plain select, the editor's CSV separator, the
    // status bar's theme picker, a parameter's kind, and a list box.
    box.innerHTML = `
      <select id="plain"><option>a</option></select>
      <select id="separator" class="select"><option>a</option></select>
      <select id="theme" class="theme-picker"><option>a</option></select>
      <select id="list" class="company-list" size="4"><option>a</option></select>
      <input id="check" type="checkbox" />`;
    document.body.replaceChildren(box);
    return (id: string) => getComputedStyle(document.getElementById(id) as HTMLElement);
  };
  afterEach(() => {
    sheet?.remove();
    document.body.replaceChildren();
  });

  it("draws every control in the chosen theme's scheme", () => {
    mountControls();
    const root = document.documentElement;
    for (const theme of ["light", "dark"] as const) {
      applyTheme(theme);
      expect(getComputedStyle(root).colorScheme).toBe(theme);
    }
    applyTheme("system");
    expect(getComputedStyle(root).colorScheme).toBe("light dark");
    // Inherited by every control: checkboxes, radios, selects' focus.
    expect(getComputedStyle(root).getPropertyValue("accent-color")).toBe("var(--accent)");
  });

  it("draws drop-down selects itself, with an arrow in the text colour", () => {
    const style = mountControls();
    // The library's .param-kind sets `background: transparent`; a browser
    // keeps the arrow there (the arrow's rule is more specific) but jsdom
    // lets a shorthand win regardless, so it is left out here.
    for (const id of ["plain", "separator", "theme"]) {
      expect(style(id).appearance, id).toBe("none");
      expect(style(id).backgroundImage, id).toMatch(/linear-gradient.*linear-gradient/);
    }
    // A list box keeps its own look and gets no arrow.
    expect(style("list").appearance).not.toBe("none");
    expect(style("list").backgroundImage).toBe("none");
  });

  it("colours selects and their options with the theme's variables", () => {
    const style = mountControls();
    const rules = [...(sheet?.sheet?.cssRules ?? [])].filter(
      (r): r is CSSStyleRule => r instanceof CSSStyleRule,
    );
    const declared = (selector: string, property: string) =>
      rules
        .filter((r) => r.selectorText.split(",").some((s) => s.trim() === selector))
        .map((r) => r.style.getPropertyValue(property))
        .filter(Boolean)
        .at(-1);
    expect(declared("select", "background-color")).toBe("var(--bg)");
    expect(declared("select", "color")).toBe("var(--text)");
    expect(declared("select", "border")).toBe("1px solid var(--border)");
    expect(declared("option", "background-color")).toBe("var(--panel)");
    expect(declared("option", "color")).toBe("var(--text)");
    expect(style("check").getPropertyValue("accent-color")).toBe("var(--accent)");
  });
});
