import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { previewCsv, readCsv, sniffDelimiter } from "./csv";
import { detectMapping, documentText } from "./mapping";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-csv-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
async function all(file: string, delimiter = ",") {
  const out = [];
  for await (const r of readCsv(file, delimiter)) out.push(r);
  return out;
}

describe("CSV reading", () => {
  it("handles a BOM, quoted separators, doubled quotes and line breaks inside a field", async () => {
    const file = write(
      "quoted.csv",
      '\uFEFFasins,reviews.title,reviews.text\nA1,"Great, really","He said ""wow"".\nSecond line"\nA2,Meh,Fine\n',
    );
    const rows = await all(file);
    expect(rows).toHaveLength(2);
    expect(rows[0].record).toEqual({
      asins: "A1",
      "reviews.title": "Great, really",
      "reviews.text": 'He said "wow".\nSecond line',
    });
    expect(rows[1].row).toBe(2);
  });

  it("detects semicolons and tabs as separators", async () => {
    expect(sniffDelimiter("a;b;c")).toBe(";");
    expect(sniffDelimiter("a\tb\tc")).toBe("\t");
    expect(sniffDelimiter('"x;y",b,c')).toBe(",");
    const preview = await previewCsv(write("semi.csv", "product;comment\np1;nice\n"));
    expect(preview.delimiter).toBe(";");
    expect(preview.headers).toEqual(["product", "comment"]);
  });

  it("refuses a file whose first row is data, not column names", async () => {
    await expect(previewCsv(write("nohead.csv", "1,2,3\n4,5,6\n"))).rejects.toThrow(
      /The first row holds numbers, not column names: a CSV for Lineup needs a header row/,
    );
    await expect(previewCsv(write("blank.csv", "a,,c\n1,2,3\n"))).rejects.toThrow(/1 empty column name/);
  });

  it("recognises the Datafiniti review layout and joins title and text as the experiment did", () => {
    const { layout, mapping } = detectMapping([
      "id",
      "name",
      "asins",
      "reviews.rating",
      "reviews.title",
      "reviews.text",
    ]);
    expect(layout).toBe("datafiniti");
    expect(mapping).toEqual({
      text: ["reviews.title", "reviews.text"],
      group: "asins",
      labels: ["name", "reviews.rating"],
    });
    expect(documentText({ "reviews.title": "Great", "reviews.text": "Works well" }, mapping!)).toBe(
      "Great. Works well",
    );
    expect(documentText({ "reviews.title": "", "reviews.text": "Only text" }, mapping!)).toBe("Only text");
    expect(detectMapping(["product", "comment"]).mapping).toBeNull();
  });
});
