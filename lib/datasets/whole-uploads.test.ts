import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { freeBytes } from "../system/disk";
import { previewCsv } from "./csv";
import { saveUpload } from "./uploads";

// An upload is stored whole or refused, with nothing left behind; a CSV that cannot be read says why.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-uploads-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const MB = 1024 * 1024;
const csv = (bytes: number) => {
  const head = "asins,reviews.title,reviews.text\n";
  const line = "A1,title,a review about the battery and the screen\n";
  return Buffer.from(head + line.repeat(Math.ceil((bytes - head.length) / line.length))).subarray(0, bytes);
};
const chunks = (buf: Buffer) =>
  Readable.from(
    Array.from({ length: Math.ceil(buf.length / 65536) }, (_, i) => buf.subarray(i * 65536, (i + 1) * 65536)),
  );
const stored = () =>
  fs.existsSync(path.join(dataDir, "uploads")) ? fs.readdirSync(path.join(dataDir, "uploads")) : [];

async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

describe("uploads are whole or refused", () => {
  it("refuses a body shorter than its Content-Length (a cut connection or a cutting proxy) and stores nothing", async () => {
    const body = csv(3 * MB);
    const err = await refusal(saveUpload(dataDir, chunks(body.subarray(0, 2 * MB)), "cut.csv", 10 * MB, body.length));
    expect(err.status).toBe(400);
    expect(err.message).toContain(`${2 * MB} of the ${body.length} bytes`);
    expect(stored()).toEqual([]);
  });

  it("refuses a body over the limit with 413, whether it declares its length or not, and stores nothing", async () => {
    const body = csv(3 * MB);
    expect((await refusal(saveUpload(dataDir, chunks(body), "big.csv", 2 * MB, body.length))).status).toBe(413);
    expect((await refusal(saveUpload(dataDir, chunks(body), "big.csv", 2 * MB))).status).toBe(413);
    expect(stored()).toEqual([]);
  });

  it("refuses an upload the disk holding DATA_DIR has no room for (507), naming the free space", async () => {
    const err = await refusal(
      saveUpload(dataDir, chunks(csv(MB)), "huge.csv", Number.MAX_SAFE_INTEGER, freeBytes(dataDir)),
    );
    expect(err.status).toBe(507);
    expect(err.message).toMatch(/the disk holding DATA_DIR \(.+\) has \d+ MB free/);
    expect(stored()).toEqual([]);
  });

  it("stores a body that matches its Content-Length byte for byte", async () => {
    const body = csv(3 * MB);
    const upload = await saveUpload(dataDir, chunks(body), "whole.csv", 10 * MB, body.length);
    expect(upload.bytes).toBe(body.length);
    expect(fs.readFileSync(upload.path).equals(body)).toBe(true);
  });
});

describe("a CSV with a field that never ends", () => {
  it('says a field is longer than 16 MB, not "Quote Not Closed", for an opening quote without its end', async () => {
    const file = path.join(dataDir, "open-quote.csv");
    fs.writeFileSync(file, `asins,reviews.text\nA1,"${"x".repeat(20 * MB)}\n`);
    const err = await refusal(previewCsv(file));
    expect(err.message).toContain("a field or line longer than 16 MB at data row 1");
    expect(err.message).not.toContain("Quote Not Closed");
  });

  it("names the header row when the whole file is one line", async () => {
    const file = path.join(dataDir, "one-line.csv");
    fs.writeFileSync(file, "x".repeat(20 * MB));
    expect((await refusal(previewCsv(file))).message).toContain("a line longer than 1 MB at the header row");
  });
});
