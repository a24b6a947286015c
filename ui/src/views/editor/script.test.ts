import { describe, expect, it } from "vitest";
import { hasCode, nothingToRun, toDocumentPosition, wordRange } from "./script";

describe("what is worth running", () => {
  it("refuses an empty script and one of only comments", () => {
    expect(nothingToRun("  \n\t", false)).toMatch(/script is empty/);
    expect(nothingToRun("-- a note\n/* and\n more */\n  -- end", false)).toMatch(
      /holds only comments/,
    );
    expect(nothingToRun("/* never closed", true)).toMatch(/selection holds only comments/);
    expect(nothingToRun("select 1 -- trailing", false)).toBeNull();
  });

  it("takes comment marks inside code for code", () => {
    expect(hasCode("'--'")).toBe(true);
    expect(hasCode("-- x\nuse 1")).toBe(true);
    expect(hasCode("-- only")).toBe(false);
  });
});

describe("error positions", () => {
  it("maps a position in a selection back to the document", () => {
    const selection = { line: 4, column: 7 };
    expect(toDocumentPosition(selection, 1, 3)).toEqual({ line: 4, column: 9 });
    expect(toDocumentPosition(selection, 2, 3)).toEqual({ line: 5, column: 3 });
  });

  it("underlines the word at the column", () => {
    const line = "select * from accounts@inmemorystorage where x";
    expect(wordRange(line, 15)).toEqual({ from: 14, to: 38 });
    expect(wordRange(line, 8)).toEqual({ from: 7, to: 8 }); // `*`
    expect(wordRange("select  foo", 7)).toEqual({ from: 8, to: 11 }); // space before a word
    expect(wordRange("abc", 10)).toEqual({ from: 2, to: 3 }); // past the end
    expect(wordRange("", 1)).toEqual({ from: 0, to: 0 });
  });
});
