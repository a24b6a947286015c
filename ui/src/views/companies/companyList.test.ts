import { describe, expect, it } from "vitest";
import { manyCompanies } from "../../testing/render";
import {
  coverage,
  filterCompanies,
  nextSort,
  sameSelection,
  selectAll,
  setMaster,
  sortCompanies,
  toggleCompany,
  unselectAll,
} from "./companyList";

const companies = manyCompanies(500);

describe("company list", () => {
  it("finds companies by part of the code or the name, ignoring case", () => {
    expect(filterCompanies(companies, "100042").map((c) => c.code)).toEqual([100042]);
    expect(filterCompanies(companies, "company 49").map((c) => c.name)).toEqual([
      "Company 49",
      "Company 490",
      "Company 491",
      "Company 492",
      "Company 493",
      "Company 494",
      "Company 495",
      "Company 496",
      "Company 497",
      "Company 498",
      "Company 499",
    ]);
    expect(filterCompanies(companies, "  ")).toHaveLength(500);
    expect(filterCompanies(companies, "nothing like it")).toEqual([]);
  });

  it("sorts names naturally, cities with blanks last, codes as numbers", () => {
    const byName = sortCompanies(companies, { key: "name", descending: false });
    expect(byName.slice(0, 3).map((c) => c.name)).toEqual(["Company 1", "Company 2", "Company 3"]);
    const byCodeDown = sortCompanies(companies, { key: "code", descending: true });
    expect(byCodeDown[0]?.code).toBe(100500);
    const byCity = sortCompanies(companies, { key: "city", descending: false });
    expect(byCity[0]?.city).toBe("Amsterdam");
    expect(byCity.at(-1)?.city).toBeNull();
    const byCityDown = sortCompanies(companies, { key: "city", descending: true });
    expect(byCityDown[0]?.city).toBe("Zwolle");
    expect(byCityDown.at(-1)?.city).toBeNull();
  });

  it("flips a column clicked twice and starts another ascending", () => {
    const byName = { key: "name", descending: false } as const;
    expect(nextSort(byName, "name")).toEqual({ key: "name", descending: true });
    expect(nextSort({ key: "name", descending: true }, "code")).toEqual({
      key: "code",
      descending: false,
    });
  });

  it("ticks, unticks and keeps the master among the ticked", () => {
    let s = toggleCompany({ active: [], master: null }, 3);
    s = setMaster(s, 7);
    expect(s).toEqual({ active: [3, 7], master: 7 });
    s = toggleCompany(s, 7);
    expect(s).toEqual({ active: [3], master: null });
    s = selectAll(setMaster(s, 3), [1, 2, 3]);
    expect(s).toEqual({ active: [3, 1, 2], master: 3 });
    expect(coverage(s, [1, 2, 3])).toBe("all");
    expect(coverage(s, [1, 9])).toBe("some");
    s = unselectAll(s, [2, 3]);
    expect(s).toEqual({ active: [1], master: null });
    expect(coverage(s, [9])).toBe("none");
  });

  it("treats the same companies ticked in another order as no change", () => {
    expect(sameSelection({ active: [1, 2], master: 1 }, { active: [2, 1], master: 1 })).toBe(true);
    expect(sameSelection({ active: [1, 2], master: 1 }, { active: [1, 2], master: 2 })).toBe(false);
  });
});
