import { describe, expect, it } from "vitest";
import { viewForShortcut } from "./views";
describe("viewForShortcut", () => {
  it("maps 1..5 to the views in order and nothing else", () => {
    expect(viewForShortcut("1")).toBe("connect");
    expect(viewForShortcut("5")).toBe("runs");
    expect(viewForShortcut("6")).toBeUndefined();
    expect(viewForShortcut("0")).toBeUndefined();
    expect(viewForShortcut("a")).toBeUndefined();
    expect(viewForShortcut("1.5")).toBeUndefined();
  });
});
