import { describe, expect, it } from "vitest";
import type { HistoryEntry, ParameterField } from "../../ipc";
import { cleanFolder, groupByFolder, parseTags } from "./folders";
import { firstLine, outcomeWords } from "./history";
import { initialValues, invalidMessage, missingMessage, splitCompanies } from "./parameters";
import { query } from "./fakeLibrary";
import { fileTitle } from "./editorBridge";

const field = (name: string, more: Partial<ParameterField> = {}): ParameterField => ({
  name,
  label: name.charAt(0) + name.slice(1).toLowerCase(),
  kind: "text",
  guessed: true,
  options: [],
  value: null,
  required: true,
  ...more,
});

describe("parameters", () => {
  it("start from a past run's values, else the remembered ones; yes/no starts at no", () => {
    const fields = [
      field("A", { value: "1" }),
      field("B", { value: "2" }),
      field("C", { kind: "yesno" }),
    ];
    expect(initialValues(fields, { B: "20" })).toEqual({ A: "1", B: "20", C: "false" });
  });

  it("name every required field left empty", () => {
    const fields = [
      field("YEAR"),
      field("SOURCE", { label: "Source company" }),
      field("NOTE", { required: false }),
    ];
    expect(missingMessage(fields, { YEAR: " ", SOURCE: "", NOTE: "" })).toBe(
      "Fill in Year and Source company.",
    );
    expect(missingMessage(fields, { YEAR: "2024", SOURCE: "1", NOTE: "" })).toBeNull();
  });

  it("check numbers and dates", () => {
    expect(invalidMessage(field("N", { kind: "number" }), "12,50")).toBeNull();
    expect(invalidMessage(field("N", { kind: "number" }), "12 euro")).toContain("must be a number");
    expect(invalidMessage(field("D", { kind: "date" }), "1-2-2024")).toContain("must be a date");
    expect(splitCompanies("100001, 100002;x 3")).toEqual([100001, 100002, 3]);
  });
});

describe("folders and tags", () => {
  it("group the top level first, then folders by name", () => {
    const groups = groupByFolder([
      query(1, "b", { folder: "Z" }),
      query(2, "a", { folder: "z/a" }),
      query(3, "c"),
      query(4, "a", { folder: "Z" }),
    ]);
    expect(groups.map((g) => [g.folder, g.queries.map((q) => q.id)])).toEqual([
      ["", [3]],
      ["Z", [4, 1]],
      ["z/a", [2]],
    ]);
    expect(parseTags(" a, B ,, b,c ")).toEqual(["a", "B", "c"]);
    expect(cleanFolder("/ Monthly / Sales /")).toBe("Monthly/Sales");
    expect(fileTitle("C:\\scripts\\Month end.SQL")).toBe("Month end");
  });
});

describe("history", () => {
  it("reads a run's first line and outcome in words", () => {
    expect(firstLine("\n-- note\n  select 1\nfrom x")).toBe("select 1");
    expect(firstLine("-- only a comment")).toBe("-- only a comment");
    const entry = { outcome: null } as HistoryEntry;
    expect(outcomeWords(entry)).toBe("Did not finish");
    expect(outcomeWords({ ...entry, outcome: "cancelled" })).toBe("Cancelled");
  });
});
