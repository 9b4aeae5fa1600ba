import { describe, expect, it } from "vitest";
import { duplicateKey, splitRepeats } from "./duplicates";

describe("duplicate reviews", () => {
  it("treats case, Unicode form and whitespace as the same text, and other words as different", () => {
    expect(duplicateKey("Love it.  The battery\nlasts")).toBe(duplicateKey("love it. the battery lasts"));
    expect(duplicateKey("ﬁne screen")).toBe(duplicateKey("fine screen"));
    expect(duplicateKey("the battery lasts")).not.toBe(duplicateKey("the battery died"));
  });

  it("keeps the first copy per group, counts later copies across batches, and leaves other groups alone", () => {
    const doc = (groupKey: string, text: string) => ({ groupKey, textHash: duplicateKey(text), text });
    const seen = new Set<string>();
    const one = splitRepeats([doc("A", "great"), doc("A", "Great "), doc("B", "great"), doc("A", "bad")], seen);
    expect(one.first.map((d) => `${d.groupKey}:${d.text}`)).toEqual(["A:great", "B:great", "A:bad"]);
    expect(one.repeats).toEqual([{ groupKey: "A", textHash: duplicateKey("great"), count: 1 }]);
    const two = splitRepeats([doc("A", "GREAT"), doc("A", "great"), doc("A", "new")], seen);
    expect(two.first.map((d) => d.text)).toEqual(["new"]);
    expect(two.repeats[0].count).toBe(2);
  });

  it("stores every row when the dataset keeps duplicates (no hash)", () => {
    const docs = [
      { groupKey: "A", textHash: null },
      { groupKey: "A", textHash: null },
    ];
    expect(splitRepeats(docs, new Set()).first).toHaveLength(2);
  });
});
