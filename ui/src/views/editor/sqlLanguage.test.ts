import { describe, expect, it } from "vitest";
import { CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { CatalogTable } from "../../ipc";
import { catalogCompletion, shortName, tandemSql } from "./sqlLanguage";

const catalog: CatalogTable[] = [
  {
    name: "exactonlinerest..accounts",
    description: "Accounts (CRM)",
    columns: ["code", "name", "division"],
  },
  { name: "targetcompanies@inmemorystorage", description: "", columns: ["code", "target"] },
];

function complete(text: string, explicit = false): CompletionResult | null {
  const state = EditorState.create({ doc: text });
  const source = catalogCompletion(() => catalog);
  return source(new CompletionContext(state, text.length, explicit)) as CompletionResult | null;
}

describe("completion from the catalog", () => {
  it("offers tables with their descriptions", () => {
    const result = complete("select * from acc");
    expect(result?.from).toBe("select * from ".length);
    const labels = result?.options.map((o) => o.label);
    expect(labels).toContain("exactonlinerest..accounts");
    expect(labels).toContain("targetcompanies@inmemorystorage");
    expect(result?.options.find((o) => o.label === "exactonlinerest..accounts")?.info).toBe(
      "Accounts (CRM)",
    );
  });

  it("offers the columns of the tables the statement names, also after an alias", () => {
    const labels =
      complete("select co from exactonlinerest..accounts")?.options.map((o) => o.label) ?? [];
    expect(labels).toEqual(expect.arrayContaining(["code", "name", "division"]));
    expect(labels).not.toContain("target");

    const text = "select a. from targetcompanies@inmemorystorage a";
    const state = EditorState.create({ doc: text });
    const at = "select a.".length;
    const result = catalogCompletion(() => catalog)(
      new CompletionContext(state, at, false),
    ) as CompletionResult;
    expect(result.from).toBe(at);
    expect(result.options.map((o) => o.label)).toEqual(["code", "target"]);
  });

  it("knows a name's short form", () => {
    expect(shortName("exactonlinerest..accounts")).toBe("accounts");
    expect(shortName("targetcompanies@inmemorystorage")).toBe("targetcompanies");
  });
});

describe("highlighting", () => {
  it("marks @aliases, ${VAR}s and remark text", () => {
    const parent = document.createElement("div");
    document.body.append(parent);
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: "local remark Syncing now\nuse ${CODE}\nselect * from accounts@inmemorystorage",
        extensions: tandemSql(() => []),
      }),
    });
    const text = (cls: string) => [...parent.querySelectorAll(`.${cls}`)].map((e) => e.textContent);
    expect(text("cm-sql-alias")).toEqual(["@inmemorystorage"]);
    expect(text("cm-sql-variable")).toEqual(["${CODE}"]);
    expect(text("cm-sql-remark")).toEqual([" Syncing now"]);
    view.destroy();
    parent.remove();
  });
});
