import { describe, expect, it } from "vitest";
import { sortGroups } from "./group-names";

describe("the groups list", () => {
  it("is sorted by name, or by code where there is no name, with numbers in numeric order", () => {
    const groups = [
      { group: "B10", name: null },
      { group: "B2", name: null },
      { group: "X1", name: "echo Dot" },
      { group: "X2", name: "Anker charger" },
    ];
    expect(sortGroups(groups).map((g) => g.group)).toEqual(["X2", "B2", "B10", "X1"]);
  });
});
