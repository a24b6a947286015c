import { describe, expect, it } from "vitest";
import { parseKeptTabs, serializeTabs } from "./tabsStore";

describe("kept tabs", () => {
  it("keeps a tab too large without its text, and says so", () => {
    const json = serializeTabs(
      [
        { id: "a", title: "Small", length: 8, text: () => "select 1" },
        {
          id: "b",
          title: "Huge",
          length: 10_000_000,
          text: () => {
            throw new Error("a huge text is never read");
          },
        },
      ],
      "b",
      1_000,
    );
    expect(parseKeptTabs(json)).toEqual({
      tabs: [
        { id: "a", title: "Small", text: "select 1" },
        { id: "b", title: "Huge", text: "", omitted: true },
      ],
      active: "b",
    });
  });

  it("ignores a setting that is not a list of tabs", () => {
    expect(parseKeptTabs(null)).toBeNull();
    expect(parseKeptTabs("{not json")).toBeNull();
    expect(parseKeptTabs('{"tabs": []}')).toBeNull();
    expect(
      parseKeptTabs('{"tabs": [{"id": "x", "title": "T", "text": "t"}], "active": "gone"}'),
    ).toEqual({
      tabs: [{ id: "x", title: "T", text: "t" }],
      active: "x",
    });
  });
});
