import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { Backend, HistoryEntry, ParameterField } from "../../ipc";
import { $, choose, click, settle, type } from "../../testing/render";
import { editorSession } from "../editor/editorSession";
import { LibraryView } from "./LibraryView";
import { libraryBackend, query, type Stored } from "./fakeLibrary";

function seed(): Stored[] {
  return [
    {
      info: query(1, "Open invoices", {
        folder: "Monthly/Sales",
        description: "Invoices not yet paid",
        tags: ["sales", "month end"],
      }),
      script: "select * from invoices where year = ${YEAR}",
    },
    {
      info: query(2, "Copy GL accounts", { description: "From the master to the others" }),
      script: "use ${SOURCE_COMPANY}\nsynchronize glaccounts",
    },
    { info: query(3, "VAT codes", { folder: "Checks" }), script: "select * from vatcodes" },
  ];
}

async function mount(backend: Backend) {
  const onNavigate = vi.fn();
  const copied: string[] = [];
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  await act(() => {
    render(
      <LibraryView
        backend={backend}
        onNavigate={onNavigate}
        clipboard={async (t) => {
          copied.push(t);
        }}
      />,
      root,
    );
  });
  await settle();
  return { root, onNavigate, copied };
}

function items(root: HTMLElement): string[] {
  return [...root.querySelectorAll("[data-testid=library-item] .library-item-name")].map(
    (e) => e.textContent ?? "",
  );
}

const item = (root: HTMLElement, id: number) =>
  $(root, `[data-testid=library-item][data-id="${id}"]`);

async function waitSearch() {
  await act(() => new Promise((r) => setTimeout(r, 300)));
  await settle();
}

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe("the library list", () => {
  it("groups queries by folder, and shows the chosen one's details and script", async () => {
    const { root } = await mount(libraryBackend(seed()));
    expect([...root.querySelectorAll(".library-folder-name")].map((h) => h.textContent)).toEqual([
      "▸ Top level",
      "▸ Checks",
      "▸ Monthly/Sales",
    ]);
    expect(items(root)).toEqual(["Copy GL accounts", "VAT codes", "Open invoices"]);
    await click(item(root, 1));
    expect($(root, "[data-testid=library-detail-name]").textContent).toBe("Open invoices");
    expect($(root, "[data-testid=library-script]").textContent).toContain("${YEAR}");
    expect(root.textContent).toContain("month end");
    expect(root.textContent).toContain("In Monthly/Sales");
  });

  it("searches through the backend", async () => {
    const backend = libraryBackend(seed());
    const libraryList = vi.spyOn(backend, "libraryList");
    const { root } = await mount(backend);
    await type($(root, "[data-testid=library-search]"), "vat");
    await waitSearch();
    expect(libraryList).toHaveBeenLastCalledWith("vat", false);
    expect(items(root)).toEqual(["VAT codes"]);
    await type($(root, "[data-testid=library-search]"), "nothing like it");
    await waitSearch();
    expect($(root, "[data-testid=library-empty]").textContent).toContain("No saved query matches");
  });

  it("moves through the list with the arrow keys", async () => {
    const { root } = await mount(libraryBackend(seed()));
    item(root, 2).focus();
    await act(() => {
      item(root, 2).dispatchEvent(
        new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }),
      );
    });
    await settle();
    expect(document.activeElement).toBe(item(root, 3));
    expect($(root, "[data-testid=library-detail-name]").textContent).toBe("VAT codes");
  });

  it("deletes with an Undo that brings the query back", async () => {
    const backend = libraryBackend(seed());
    const restore = vi.spyOn(backend, "libraryRestore");
    const { root } = await mount(backend);
    await click(item(root, 3));
    await click($(root, "[data-testid=library-delete]"));
    expect(items(root)).not.toContain("VAT codes");
    expect($(root, "[data-testid=library-toast]").textContent).toContain("Deleted “VAT codes”");
    await click($(root, "[data-testid=library-undo]"));
    expect(restore).toHaveBeenCalledWith(3);
    expect(items(root)).toContain("VAT codes");
    expect($(root, "[data-testid=library-detail-name]").textContent).toBe("VAT codes");
    expect(root.querySelector("[data-testid=library-undo]")).toBeNull();
  });

  it("renames, showing the backend's message when the name is taken", async () => {
    const { root } = await mount(libraryBackend(seed()));
    await click(item(root, 2));
    await click($(root, "[data-testid=library-rename]"));
    await type($(root, "[data-testid=rename-name]"), "VAT codes");
    // "VAT codes" lives in another folder: allowed.
    await click($(root, "[data-testid=rename-confirm]"));
    expect(items(root)).toContain("VAT codes");
    await click(item(root, 2));
    await click($(root, "[data-testid=library-duplicate]"));
    expect(items(root)).toContain("VAT codes (copy)");
    await click($(root, "[data-testid=library-rename]"));
    await type($(root, "[data-testid=rename-name]"), "VAT codes");
    await click($(root, "[data-testid=rename-confirm]"));
    expect($(root, "[data-testid=rename-dialog]").textContent).toContain(
      "A query named “VAT codes” already exists",
    );
  });

  it("edits a query's details", async () => {
    const backend = libraryBackend(seed());
    const { root } = await mount(backend);
    await click(item(root, 3));
    await click($(root, "[data-testid=library-edit]"));
    await type($(root, "[data-testid=save-folder]"), " Monthly / Checks/ ");
    await type($(root, "[data-testid=save-tags]"), "vat, vat, quarter");
    await click($(root, "[data-testid=save-confirm]"));
    expect(backend.stored[2]?.info).toMatchObject({
      folder: "Monthly/Checks",
      tags: ["vat", "quarter"],
    });
    expect(backend.stored[2]?.script).toBe("select * from vatcodes");
    expect(root.querySelector("[data-testid=save-dialog]")).toBeNull();
  });
});

describe("files and folders", () => {
  it("shows what an import did, with each skipped file and why", async () => {
    const backend = libraryBackend(seed(), {
      libraryImport: async () => ({
        folder: "/shared/library",
        imported: 2,
        updated: 1,
        copied: 1,
        unchanged: 4,
        // As the backend words them: the reason names the file by its path.
        skipped: [
          {
            path: "/shared/library/broken.sql",
            reason: "/shared/library/broken.sql, line 2: the header has no name",
          },
          {
            path: "/shared/library/Sales/notes.sql",
            reason:
              "/shared/library/Sales/notes.sql is not UTF-8 text; save it as UTF-8 and import it again",
          },
          {
            path: "/shared/library/locked.sql",
            reason: "cannot read /shared/library/locked.sql: Permission denied (os error 13)",
          },
          { path: "/shared/library/long.sql", reason: "a name has at most 200 characters" },
          { path: "", reason: "cannot read a folder entry: Input/output error" },
        ],
      }),
    });
    const { root } = await mount(backend);
    await click($(root, "[data-testid=library-import]"));
    const report = $(root, "[data-testid=import-summary]");
    expect(report.textContent).toContain("Imported from /shared/library");
    expect($(report, "[data-testid=import-imported]").textContent).toBe(
      "2 queries new, added to the library",
    );
    expect($(report, "[data-testid=import-updated]").dataset.count).toBe("1");
    expect($(report, "[data-testid=import-copied]").textContent).toContain("both kept");
    expect($(report, "[data-testid=import-unchanged]").dataset.count).toBe("4");
    const skipped = [...report.querySelectorAll("[data-testid=import-skipped]")].map(
      (li) => li.textContent,
    );
    expect(skipped).toEqual([
      "broken.sql, line 2: the header has no name",
      "Sales/notes.sql is not UTF-8 text; save it as UTF-8 and import it again",
      "cannot read locked.sql: Permission denied (os error 13)",
      "long.sql: a name has at most 200 characters",
      "cannot read a folder entry: Input/output error",
    ]);
    expect(report.textContent).toContain("5 files were not imported");
    // The folder is named once, in the heading.
    expect(report.textContent?.split("/shared/library").length).toBe(2);
  });

  it("says nothing when the import is cancelled, and shows a failure", async () => {
    const { root } = await mount(libraryBackend(seed()));
    await click($(root, "[data-testid=library-import]"));
    expect(root.querySelector("[data-testid=import-summary]")).toBeNull();
    expect(root.querySelector("[data-testid=library-problem]")).toBeNull();

    const failing = libraryBackend(seed(), {
      libraryImport: async () => Promise.reject({ kind: "io", message: "The folder is gone." }),
    });
    const again = await mount(failing);
    await click($(again.root, "[data-testid=library-import]"));
    expect($(again.root, "[data-testid=library-problem]").textContent).toContain(
      "The library could not be imported: The folder is gone.",
    );
  });

  it("exports, saying where", async () => {
    const { root } = await mount(
      libraryBackend(seed(), { libraryExport: async () => "/home/me/library" }),
    );
    await click($(root, "[data-testid=library-export]"));
    expect($(root, "[data-testid=library-notice]").textContent).toBe(
      "Exported the library to /home/me/library",
    );
  });

  it("opens a .sql file in a new editor tab", async () => {
    const backend = libraryBackend(seed(), {
      openSqlFile: async () => ({ path: "/tmp/month end.sql", text: "select 1" }),
    });
    const { root, onNavigate } = await mount(backend);
    await click($(root, "[data-testid=open-sql-file]"));
    const session = editorSession(backend);
    const tab = session.active;
    expect(tab?.title).toBe("month end");
    expect(tab && session.stateOf(tab).doc.toString()).toBe("select 1");
    expect(onNavigate).toHaveBeenCalledWith("editor");
  });

  it("opens a saved query in the editor, tied to the query", async () => {
    const backend = libraryBackend(seed());
    const { root, onNavigate } = await mount(backend);
    await click(item(root, 3));
    await click($(root, "[data-testid=library-open]"));
    const tab = editorSession(backend).active;
    expect(tab?.title).toBe("VAT codes");
    expect(tab?.queryId).toBe(3);
    expect(onNavigate).toHaveBeenCalledWith("editor");
  });
});

const fields: ParameterField[] = [
  {
    name: "SOURCE_COMPANY",
    label: "Source company",
    kind: "company",
    guessed: true,
    options: [],
    value: null,
    required: true,
  },
  {
    name: "TARGETS",
    label: "Targets",
    kind: "companies",
    guessed: true,
    options: [],
    value: "100002",
    required: false,
  },
  {
    name: "YEAR",
    label: "Year",
    kind: "number",
    guessed: false,
    options: [],
    value: "2024",
    required: true,
  },
  {
    name: "FROM",
    label: "From",
    kind: "date",
    guessed: true,
    options: [],
    value: "2024-01-01",
    required: false,
  },
  {
    name: "DRY",
    label: "Dry run",
    kind: "yesno",
    guessed: true,
    options: [],
    value: null,
    required: false,
  },
  {
    name: "JOURNAL",
    label: "Journal",
    kind: "list",
    guessed: false,
    options: ["70", "80"],
    value: "80",
    required: false,
  },
  {
    name: "NOTE",
    label: "Note",
    kind: "text",
    guessed: true,
    options: [],
    value: "monthly",
    required: false,
  },
];

const companies = [
  { code: 100001, name: "Holding", country: "NL", city: "Utrecht", current: true },
  { code: 100002, name: "Shop Amsterdam", country: "NL", city: "Amsterdam", current: false },
  { code: 100003, name: "Shop Zwolle", country: "NL", city: "Zwolle", current: false },
];

function field(root: ParentNode, name: string) {
  return $(root, `[data-testid=param-field][data-name=${name}]`);
}

describe("running a saved query", () => {
  it("asks for its values with an input per kind, prefilled, and runs it in the editor", async () => {
    const runQuery = vi.fn(async () => ({
      outcome: "completed" as const,
      results: [],
      errors: [],
      rowErrors: 0,
      historyId: null,
      millis: 5,
      apiCalls: 1,
    }));
    const parameterFields = vi.fn(async () => fields);
    const backend = libraryBackend(seed(), {
      parameterFields,
      runQuery,
      companies: async () => companies,
    });
    const { root, onNavigate } = await mount(backend);
    await click(item(root, 2));
    await click($(root, "[data-testid=library-run]"));
    expect(parameterFields).toHaveBeenCalledWith(
      "use ${SOURCE_COMPANY}\nsynchronize glaccounts",
      2,
    );
    const form = $(root, "[data-testid=param-form]");
    expect(field(form, "YEAR").querySelector<HTMLInputElement>("input")?.value).toBe("2024");
    expect(field(form, "FROM").querySelector<HTMLInputElement>("input[type=date]")?.value).toBe(
      "2024-01-01",
    );
    expect(field(form, "DRY").querySelector("[role=switch]")?.getAttribute("aria-checked")).toBe(
      "false",
    );
    expect(
      field(form, "JOURNAL").querySelector<HTMLSelectElement>("select#param-JOURNAL")?.value,
    ).toBe("80");
    const targets = [
      ...field(form, "TARGETS").querySelectorAll<HTMLInputElement>("input[type=checkbox]"),
    ];
    expect(targets.map((c) => c.checked)).toEqual([false, true, false]);

    // Required and empty: the run is blocked, saying which field.
    await click($(form, "[data-testid=param-run]"));
    expect($(form, "[data-testid=param-problem]").textContent).toBe("Fill in Source company.");
    expect(runQuery).not.toHaveBeenCalled();
    expect(document.activeElement?.id).toBe("param-SOURCE_COMPANY");

    // The company picker searches by name, then one is chosen.
    await type($(field(form, "SOURCE_COMPANY"), "input[type=search]"), "hold");
    const picker = $<HTMLSelectElement>(field(form, "SOURCE_COMPANY"), "select.company-list");
    expect([...picker.options].map((o) => o.textContent)).toEqual(["100001 · Holding"]);
    await choose(picker, "100001");
    await click(targets[2] as HTMLInputElement);
    await click($(field(form, "DRY"), "[role=switch]"));
    await click($(form, "[data-testid=param-run]"));

    expect(runQuery).toHaveBeenCalledWith(
      "use ${SOURCE_COMPANY}\nsynchronize glaccounts",
      {
        SOURCE_COMPANY: "100001",
        TARGETS: "100002, 100003",
        YEAR: "2024",
        FROM: "2024-01-01",
        DRY: "true",
        JOURNAL: "80",
        NOTE: "monthly",
      },
      2,
      expect.any(Function),
    );
    expect(onNavigate).toHaveBeenCalledWith("editor");
    const tab = editorSession(backend).tabs.find((t) => t.title === "Copy GL accounts");
    expect(tab?.queryId).toBe(2);
    expect(tab?.output?.outcome).toBe("completed");
  });

  it("shows Run only once the companies it lists are here, so it does not move", async () => {
    let arrive: (list: typeof companies) => void = () => undefined;
    const backend = libraryBackend(seed(), {
      parameterFields: async () => [fields[0] as ParameterField],
      companies: () => new Promise((resolve) => (arrive = resolve)),
    });
    const { root } = await mount(backend);
    await click(item(root, 2));
    await click($(root, "[data-testid=library-run]"));
    const form = $(root, "[data-testid=param-form]");
    expect(form.getAttribute("aria-busy")).toBe("true");
    expect($(form, "[data-testid=param-loading]").textContent).toBe("Loading companies…");
    expect(form.querySelector("[data-testid=param-run]")).toBeNull();
    expect(form.querySelector("[data-testid=param-field]")).toBeNull();

    await act(async () => arrive(companies));
    await settle();
    expect(form.getAttribute("aria-busy")).toBe("false");
    expect(form.querySelector("[data-testid=param-loading]")).toBeNull();
    expect(
      field(form, "SOURCE_COMPANY").querySelectorAll("select.company-list option"),
    ).toHaveLength(3);
    expect(form.querySelector("[data-testid=param-run]")).not.toBeNull();
  });

  it("loads the companies in place when a field is switched to a company", async () => {
    let arrive: (list: typeof companies) => void = () => undefined;
    const backend = libraryBackend(seed(), {
      parameterFields: async () => [fields[2] as ParameterField],
      companies: () => new Promise((resolve) => (arrive = resolve)),
    });
    const { root } = await mount(backend);
    await click(item(root, 2));
    await click($(root, "[data-testid=library-run]"));
    const form = $(root, "[data-testid=param-form]");
    await choose($<HTMLSelectElement>(field(form, "YEAR"), "select.param-kind"), "company");
    expect(form.querySelector("[data-testid=param-loading]")).toBeNull();
    expect(field(form, "YEAR").textContent).toContain("Loading companies…");
    expect(form.querySelector("[data-testid=param-run]")).not.toBeNull();

    await act(async () => arrive(companies));
    await settle();
    expect(field(form, "YEAR").querySelectorAll("select.company-list option")).toHaveLength(3);
  });

  it("refuses a value that is not a number, keeping what was typed", async () => {
    const backend = libraryBackend(seed(), {
      parameterFields: async () => [fields[2] as ParameterField],
    });
    const runQuery = vi.spyOn(backend, "runQuery");
    const { root } = await mount(backend);
    await click(item(root, 1));
    await click($(root, "[data-testid=library-run]"));
    const input = $<HTMLInputElement>(root, "#param-YEAR");
    await type(input, "twenty");
    await click($(root, "[data-testid=param-run]"));
    expect($(root, "[data-testid=param-problem]").textContent).toContain("Year must be a number");
    expect(input.value).toBe("twenty");
    expect(runQuery).not.toHaveBeenCalled();
  });

  it("runs a query without values straight away", async () => {
    const backend = libraryBackend(seed());
    const runQuery = vi.spyOn(backend, "runQuery");
    const { root } = await mount(backend);
    await click(item(root, 3));
    await click($(root, "[data-testid=library-run]"));
    expect(root.querySelector("[data-testid=param-form]")).toBeNull();
    expect(runQuery).toHaveBeenCalledWith("select * from vatcodes", {}, 3, expect.any(Function));
  });

  it("lets the author change a field's kind, remembered for the query", async () => {
    const setParameterKind = vi.fn(async () => {});
    const backend = libraryBackend(seed(), {
      parameterFields: async () => [fields[6] as ParameterField],
      setParameterKind,
    });
    const { root } = await mount(backend);
    await click(item(root, 1));
    await click($(root, "[data-testid=library-run]"));
    await choose($(field(root, "NOTE"), "select.param-kind"), "list");
    expect(setParameterKind).toHaveBeenCalledWith(1, "NOTE", "list", []);
    await act(() => {
      const choices = $<HTMLInputElement>(field(root, "NOTE"), ".param-options input");
      choices.value = "monthly, yearly";
      choices.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await settle();
    expect(setParameterKind).toHaveBeenLastCalledWith(1, "NOTE", "list", ["monthly", "yearly"]);
    expect([...$<HTMLSelectElement>(root, "#param-NOTE").options].map((o) => o.value)).toEqual([
      "monthly",
      "yearly",
    ]);
  });

  it("writes the command for a schedule from the values chosen", async () => {
    const scheduleHelp = vi.fn(async () => ({
      command: "tandem run --define YEAR=2025 /data/q-1.sql",
      file: "/data/q-1.sql",
      explanation: "Open Task Scheduler.\n\nCreate a basic task.",
    }));
    const backend = libraryBackend(seed(), {
      parameterFields: async () => [fields[2] as ParameterField],
      scheduleHelp,
    });
    const { root, copied } = await mount(backend);
    await click(item(root, 1));
    await click($(root, "[data-testid=schedule-button]"));
    await type($(root, "#param-YEAR"), "2025");
    await click($(root, "[data-testid=param-run]"));
    expect(scheduleHelp).toHaveBeenCalledWith(1, { YEAR: "2025" });
    expect($(root, "[data-testid=schedule-command]").textContent).toBe(
      "tandem run --define YEAR=2025 /data/q-1.sql",
    );
    expect($(root, "[data-testid=schedule-explanation]").querySelectorAll("p")).toHaveLength(2);
    await click($(root, "[data-testid=schedule-copy]"));
    expect(copied).toEqual(["tandem run --define YEAR=2025 /data/q-1.sql"]);
  });
});

describe("history", () => {
  const entries: HistoryEntry[] = [
    {
      id: 7,
      startedAt: "2025-03-01T10:00:00Z",
      runBy: "marieke",
      finishedAt: "2025-03-01T10:00:03Z",
      script: "-- copy accounts\nuse ${SOURCE_COMPANY}\nsynchronize glaccounts",
      parameters: { SOURCE_COMPANY: "100001" },
      companies: ["100001", "100002"],
      durationMs: 3200,
      apiCalls: 14,
      outcome: "row_errors",
      error: null,
      resultRows: 12,
      resultsKept: true,
    },
    {
      id: 6,
      startedAt: "2025-02-28T09:00:00Z",
      runBy: null,
      finishedAt: null,
      script: "select * from nowhere",
      parameters: {},
      companies: [],
      durationMs: null,
      apiCalls: null,
      outcome: "failed",
      error: "There is no table nowhere.",
      resultRows: 300000,
      resultsKept: false,
    },
  ];

  async function openHistory(backend: Backend) {
    const mounted = await mount(backend);
    await click($(mounted.root, "[data-testid=library-tab-history]"));
    return mounted;
  }

  it("lists every run with what it ran, its values, companies, time, calls and outcome", async () => {
    const { root } = await openHistory(libraryBackend([], { history: async () => entries }));
    const rows = [...root.querySelectorAll<HTMLElement>("[data-testid=history-item]")];
    expect(rows).toHaveLength(2);
    const first = rows[0]?.textContent ?? "";
    expect(first).toContain("use ${SOURCE_COMPANY}");
    expect(first).toContain("SOURCE_COMPANY: 100001");
    expect(first).toContain("2 companies");
    expect(first).toContain("3.2 s");
    expect(first).toContain("14 API calls");
    expect(first).toContain("by marieke");
    expect(first).toContain("12 result rows");
    expect(rows[1]?.textContent).not.toContain("by ");
    expect(first).toContain("Finished, some rows refused");
    expect(rows[1]?.textContent).toContain("Failed");
    expect(rows[1]?.textContent).toContain("There is no table nowhere.");
  });

  it("searches through the backend", async () => {
    const history = vi.fn(async () => entries);
    const { root } = await openHistory(libraryBackend([], { history }));
    await type($(root, "[data-testid=history-search]"), "glaccounts");
    await waitSearch();
    expect(history).toHaveBeenLastCalledWith("glaccounts", 200);
  });

  it("reopens a run's script with its values ready for the next run", async () => {
    const backend = libraryBackend([], { history: async () => entries });
    const { root, onNavigate } = await openHistory(backend);
    await click($(root, "[data-testid=history-open]"));
    const tab = editorSession(backend).active;
    expect(tab && editorSession(backend).stateOf(tab).doc.toString()).toBe(entries[0]?.script);
    expect(tab?.parameters).toEqual({ SOURCE_COMPANY: "100001" });
    expect(onNavigate).toHaveBeenCalledWith("editor");
  });

  it("reopens the results a run kept, beside its script, as they were", async () => {
    const kept = [{ id: 41, rowCount: 12, columns: [{ name: "Code", sqlType: "text" as const }] }];
    const reopenResults = vi.fn(async () => kept);
    const backend = libraryBackend([], { history: async () => entries, reopenResults });
    const { root, onNavigate } = await openHistory(backend);
    const rows = [...root.querySelectorAll<HTMLElement>("[data-testid=history-item]")];
    // Only the run that kept its results offers them; the other says why not.
    expect(rows[0]?.querySelector("[data-testid=history-open-results]")).not.toBeNull();
    expect(rows[1]?.querySelector("[data-testid=history-open-results]")).toBeNull();
    expect(rows[1]?.querySelector("[data-testid=history-no-results]")?.textContent).toContain(
      "Results not kept",
    );

    await click($(root, "[data-testid=history-open-results]"));
    expect(reopenResults).toHaveBeenCalledWith(7);
    const tab = editorSession(backend).active;
    expect(tab && editorSession(backend).stateOf(tab).doc.toString()).toBe(entries[0]?.script);
    expect(tab?.output?.results).toEqual(kept);
    expect(tab?.output?.outcome).toBe("completed");
    expect(tab?.output?.shown).toBe(0);
    expect(tab?.output?.messages[0]?.text).toContain("as it left them");
    expect(onNavigate).toHaveBeenCalledWith("editor");
  });

  it("opens a run's results once, and not while a script runs", async () => {
    let release: (sets: never[]) => void = () => {};
    const reopenResults = vi.fn(() => new Promise<never[]>((resolve) => (release = resolve)));
    const backend = libraryBackend([], { history: async () => entries, reopenResults });
    const { root } = await openHistory(backend);
    const button = $(root, "[data-testid=history-open-results]") as HTMLButtonElement;
    await click(button);
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe("Opening…");
    await click(button);
    expect(reopenResults).toHaveBeenCalledTimes(1);
    release([]);
    await waitSearch();
    expect(button.disabled).toBe(false);

    editorSession(backend).progress = {} as never;
    await click(button);
    expect(reopenResults).toHaveBeenCalledTimes(1);
    expect($(root, "[role=alert]").textContent).toContain("still running");
    editorSession(backend).progress = null;
  });

  it("lets the user stop keeping results and remove the kept ones, after asking", async () => {
    const settings: Record<string, string> = {};
    const forgetKeptResults = vi.fn(async () => 3);
    const history = vi.fn(async () => entries);
    const backend = libraryBackend([], {
      history,
      forgetKeptResults,
      getSetting: async (key: string) => settings[key] ?? null,
      setSetting: async (key: string, value: string) => {
        settings[key] = value;
      },
    });
    const { root } = await openHistory(backend);
    const keep = $(root, "[data-testid=keep-results]") as HTMLInputElement;
    expect(keep.checked).toBe(true);
    await click(keep);
    expect(settings.keepResults).toBe("off");

    const loads = history.mock.calls.length;
    await click($(root, "[data-testid=forget-results]"));
    // Nothing goes before the user says so; the safe answer has the focus.
    expect(forgetKeptResults).not.toHaveBeenCalled();
    expect(document.activeElement).toBe($(root, "[data-testid=confirm-no]"));
    await click($(root, "[data-testid=confirm-yes]"));
    expect(forgetKeptResults).toHaveBeenCalledTimes(1);
    expect($(root, "[data-testid=kept-results-status]").textContent).toBe(
      "The results of 3 runs were removed.",
    );
    // The list is read again, so "Open results" goes where nothing is kept.
    expect(history.mock.calls.length).toBeGreaterThan(loads);
  });

  it("says so when a run's results can no longer be opened", async () => {
    const reopenResults = vi.fn(async () => {
      throw { kind: "io", message: "the results of run 7 are not kept" };
    });
    const backend = libraryBackend([], { history: async () => entries, reopenResults });
    const { root, onNavigate } = await openHistory(backend);
    await click($(root, "[data-testid=history-open-results]"));
    expect($(root, "[role=alert]").textContent).toContain("the results of run 7 are not kept");
    expect(onNavigate).not.toHaveBeenCalled();
  });

  it("runs a past run again with the same values", async () => {
    const backend = libraryBackend([], { history: async () => entries });
    const runQuery = vi.spyOn(backend, "runQuery");
    const { root } = await openHistory(backend);
    await click($(root, "[data-testid=history-run]"));
    expect(runQuery).toHaveBeenCalledWith(
      entries[0]?.script,
      { SOURCE_COMPANY: "100001" },
      null,
      expect.any(Function),
    );
  });
});
