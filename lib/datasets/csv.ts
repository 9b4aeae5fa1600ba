import "server-only";
import fs from "node:fs";
import { parse } from "csv-parse";
import { AppError } from "../errors";

// CSV reading with csv-parse: quoted fields, embedded newlines, a BOM, and ; or tab or | separators.

export type CsvPreview = { delimiter: string; headers: string[]; rows: Record<string, string>[] };

const CANDIDATES = [",", ";", "\t", "|"];

/** The separator that splits the header line into the most fields (outside quotes). */
export function sniffDelimiter(firstLine: string): string {
  let best = ",";
  let bestCount = 0;
  for (const d of CANDIDATES) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function headerProblems(headers: string[]): string | null {
  if (headers.length === 0 || headers.every((h) => h.trim() === "")) return "The first row is empty";
  const blank = headers.filter((h) => h.trim() === "").length;
  if (blank > 0) return `The first row has ${blank} empty column name${blank > 1 ? "s" : ""}`;
  if (headers.every((h) => /^[-+]?[\d.,]+$/.test(h.trim()))) return "The first row holds numbers, not column names";
  const seen = new Set<string>();
  for (const h of headers) {
    if (seen.has(h)) return `The column name "${h}" appears twice in the first row`;
    seen.add(h);
  }
  return null;
}

function parser(delimiter: string) {
  return parse({
    delimiter,
    bom: true,
    columns: (header: string[]) => {
      const cleaned = header.map((h) => h.trim());
      const problem = headerProblems(cleaned);
      if (problem) {
        throw new AppError("bad_request", `${problem}: a CSV for Lineup needs a header row naming its columns (for example asins,reviews.title,reviews.text). Add one and upload again.`);
      }
      return cleaned;
    },
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: false,
  });
}

async function firstLine(file: string): Promise<string> {
  const fd = await fs.promises.open(file, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  } finally {
    await fd.close();
  }
}

/** Data rows with their 1-based row number (header excluded), from `startAfter` on. */
export async function* readCsv(file: string, delimiter: string, startAfter = 0): AsyncGenerator<{ row: number; record: Record<string, string> }> {
  let row = 0;
  const records = fs.createReadStream(file).pipe(parser(delimiter));
  try {
    for await (const record of records) {
      row++;
      if (row > startAfter) yield { row, record: record as Record<string, string> };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("bad_request", `The CSV could not be read near data row ${row + 1}: ${(err as Error).message}. Check the quoting on that line.`, { cause: err });
  }
}

export async function detectDelimiter(file: string): Promise<string> {
  return sniffDelimiter(await firstLine(file));
}

export async function previewCsv(file: string, limit = 5): Promise<CsvPreview> {
  const delimiter = await detectDelimiter(file);
  const rows: Record<string, string>[] = [];
  let headers: string[] = [];
  for await (const { record } of readCsv(file, delimiter)) {
    headers = Object.keys(record);
    rows.push(record);
    if (rows.length >= limit) break;
  }
  if (headers.length === 0) {
    // A header row alone: csv-parse never calls back with it as a record.
    const line = await firstLine(file);
    headers = line.split(delimiter).map((h) => h.replace(/^"|"$/g, "").trim());
    const problem = headerProblems(headers);
    if (problem) throw new AppError("bad_request", `${problem}: a CSV for Lineup needs a header row naming its columns.`);
  }
  return { delimiter, headers, rows };
}

export async function countRows(file: string, delimiter: string): Promise<number> {
  let n = 0;
  const rows = readCsv(file, delimiter);
  while (!(await rows.next()).done) n++;
  return n;
}
