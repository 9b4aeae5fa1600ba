import "server-only";
import fs from "node:fs";
import { parse } from "csv-parse";
import { AppError } from "../errors";

// CSV reading with csv-parse: quoted fields, embedded newlines, a BOM, and ; or tab or | separators.

export type CsvPreview = { delimiter: string; headers: string[]; rows: Record<string, string>[] };

const CANDIDATES = [",", ";", "\t", "|"];

/**
 * The longest row read. Without a bound, a field that never ends (an opening quote without its closing one,
 * or a 100 MB file with no line break) was read to the end of the file and refused as "Quote Not Closed",
 * which did not say what was wrong; with it, the parser stops early and the message names the row.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

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
        throw new AppError(
          "bad_request",
          `${problem}: a CSV for Lineup needs a header row naming its columns (for example asins,reviews.title,reviews.text). Add one and upload again.`,
        );
      }
      return cleaned;
    },
    max_record_size: MAX_RECORD_BYTES,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: false,
  });
}

/** A header row is a list of column names: one longer than this is not a header (a file without line breaks). */
const MAX_HEADER_BYTES = 1024 * 1024;

async function firstLine(file: string): Promise<string> {
  const fd = await fs.promises.open(file, "r");
  try {
    const buf = Buffer.alloc(MAX_HEADER_BYTES);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    const text = buf
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    if (bytesRead === buf.length && !/[\r\n]/.test(text)) {
      throw new AppError(
        "bad_request",
        `The CSV has a line longer than ${MAX_HEADER_BYTES / 1024 / 1024} MB at the header row: its first ${MAX_HEADER_BYTES / 1024 / 1024} MB hold no line break, so this is not a CSV with a header row naming its columns. Save it as CSV and upload again.`,
      );
    }
    return text.split(/\r?\n/)[0] ?? "";
  } finally {
    await fd.close();
  }
}

/** What a parse error means for the user, with where to look. `row` is the data row being read. */
function readError(err: Error & { code?: string; lines?: number }, row: number): AppError {
  // csv-parse counts lines to where it stopped: still on the first line, the header row itself is at fault.
  const where = row === 1 && err.lines === 1 ? "the header row" : `data row ${row}`;
  if (err.code === "CSV_MAX_RECORD_SIZE") {
    return new AppError(
      "bad_request",
      `The CSV has a field or line longer than ${MAX_RECORD_BYTES / 1024 / 1024} MB at ${where}: most often a quote (") that opens a field and is never closed, or a file without line breaks. Fix the quoting there (or split that text), and upload again.`,
      { cause: err },
    );
  }
  if (err.code === "CSV_QUOTE_NOT_CLOSED") {
    return new AppError(
      "bad_request",
      `A quote (") opens a field at ${where} and is never closed: everything after it up to the end of the file was read as one field. Close the quote, or double the quotes inside the text (""), and upload again.`,
      { cause: err },
    );
  }
  return new AppError(
    "bad_request",
    `The CSV could not be read near ${where}: ${err.message}. Check the quoting on that line.`,
    { cause: err },
  );
}

/** Data rows with their 1-based row number (header excluded), from `startAfter` on. */
export async function* readCsv(
  file: string,
  delimiter: string,
  startAfter = 0,
): AsyncGenerator<{ row: number; record: Record<string, string> }> {
  let row = 0;
  const records = fs.createReadStream(file).pipe(parser(delimiter));
  try {
    for await (const record of records) {
      row++;
      if (row > startAfter) yield { row, record: record as Record<string, string> };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw readError(err as Error & { code?: string; lines?: number }, row + 1);
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
    if (problem)
      throw new AppError("bad_request", `${problem}: a CSV for Lineup needs a header row naming its columns.`);
  }
  return { delimiter, headers, rows };
}

export async function countRows(file: string, delimiter: string): Promise<number> {
  let n = 0;
  const rows = readCsv(file, delimiter);
  while (!(await rows.next()).done) n++;
  return n;
}
