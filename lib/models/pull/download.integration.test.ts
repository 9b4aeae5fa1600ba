import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/client";
import { ensureDemoModels } from "../demo/ensure";
import { DEMO_MODELS } from "../demo/specs";
import { listModels } from "../inventory";
import { downloadVerified, type DownloadProgress } from "./download";
import { resolveHubFile } from "./hub-file";
import { partPath, sidecarPath } from "./part-file";
import { probeHubFile } from "./probe";
import { sha256Hex, startFakeHub, type FakeHub } from "./testing/fake-hub";
import { NO_MODEL_SOURCES } from "../../env";

// End to end against a local hub: a real demo GGUF is served through the hub's resolve URL (302 to a CDN path,
// X-Linked-Etag), pulled into a models folder, and then listed as a usable model.

const FILE = "demo-gqa.Q8_0.gguf";
const URI = `hf:lineup/demo-GGUF/${FILE}`;
let source: string;
let bytes: Buffer;
let hub: FakeHub;
let modelsDir: string;
let database: Database;

beforeAll(async () => {
  source = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-hub-src-"));
  ensureDemoModels(source, DEMO_MODELS.filter((m) => m.file === FILE));
  bytes = fs.readFileSync(path.join(source, FILE));
  hub = await startFakeHub([
    { org: "lineup", repo: "demo-GGUF", path: FILE, bytes },
    { org: "lineup", repo: "huge-GGUF", path: "huge.gguf", bytes: bytes.subarray(0, 1024), advertisedSize: 2 ** 52 },
  ]);
  database = await openDatabase({ driver: "pglite", dataDir: null });
});
afterAll(async () => {
  await hub.close();
  await database.close();
  fs.rmSync(source, { recursive: true, force: true });
});
beforeEach(() => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-pulled-"));
  for (const key of Object.keys(hub.faults)) delete hub.faults[key as keyof typeof hub.faults];
  hub.ranges.length = 0;
});
afterEach(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

async function pull(uri = URI, onProgress?: (p: DownloadProgress, abort: AbortController) => void, stallMs?: number) {
  const file = resolveHubFile(uri, hub.url);
  const remote = await probeHubFile(file, hub.url);
  const controller = new AbortController();
  const sentBefore = hub.bytesSent();
  const started = performance.now();
  const result = await downloadVerified(file, remote, path.join(modelsDir, file.fileName), {
    signal: controller.signal,
    onProgress: (p) => onProgress?.(p, controller),
    stallMs,
  });
  return { result, served: hub.bytesSent() - sentBefore, seconds: (performance.now() - started) / 1000 };
}

const ggufs = () => fs.readdirSync(modelsDir);

describe("pulling a model from the hub", () => {
  it("pulls through the redirect, verifies the SHA-256, and the file is listed as a valid model", async () => {
    const file = resolveHubFile(URI, hub.url);
    expect(await probeHubFile(file, hub.url)).toEqual({ sizeBytes: bytes.length, sha256: sha256Hex(bytes) });
    const { result, served, seconds } = await pull();
    console.log(`[pull] clean: ${bytes.length} bytes in ${seconds.toFixed(2)} s = ${(bytes.length / seconds / 1024 / 1024).toFixed(0)} MB/s`);
    expect(result).toMatchObject({ bytesDone: bytes.length, bytesFetched: bytes.length, resumedFrom: 0 });
    expect(served).toBe(bytes.length);
    expect(ggufs()).toEqual([FILE]); // no part, no sidecar left
    const [entry] = await listModels(database.db, { modelsDir, modelSources: NO_MODEL_SOURCES });
    expect(entry).toMatchObject({ file: FILE, valid: true, sha256: sha256Hex(bytes) });
  });

  it("resumes a connection dropped at 50% with Range, fetching only the missing half again", async () => {
    hub.faults.dropAtByte = Math.floor(bytes.length / 2);
    const { result, served } = await pull();
    expect(hub.ranges[0]).toBe("");
    expect(hub.ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(hub.ranges.length).toBe(2);
    const resumedAt = Number(/\d+/.exec(hub.ranges[1])![0]);
    console.log(
      `[pull] drop at 50%: resumed at byte ${resumedAt}, fetched ${bytes.length - resumedAt} bytes after the drop ` +
        `(${(((bytes.length - resumedAt) / bytes.length) * 100).toFixed(1)}% of the file); ${served} bytes served in all for ${bytes.length}`,
    );
    expect(resumedAt).toBeGreaterThan(bytes.length * 0.45);
    expect(served).toBeLessThan(bytes.length * 1.1); // the missing half again, not the whole file
    expect(result.bytesFetched).toBe(bytes.length);
    expect(fs.readFileSync(path.join(modelsDir, FILE)).equals(bytes)).toBe(true);
  });

  it("keeps the part when the pull is stopped mid-way (a killed process), and a later pull resumes it", async () => {
    hub.faults.bytesPerSecond = 20 * 1024 * 1024;
    await expect(pull(URI, (p, abort) => p.bytesDone > bytes.length * 0.4 && abort.abort(new Error("killed")))).rejects.toThrow("killed");
    const dest = path.join(modelsDir, FILE);
    const kept = fs.statSync(partPath(dest)).size;
    expect(kept).toBeGreaterThan(bytes.length * 0.3);
    expect(JSON.parse(fs.readFileSync(sidecarPath(dest), "utf8"))).toMatchObject({ sizeBytes: bytes.length, sha256: sha256Hex(bytes) });
    expect(fs.existsSync(dest)).toBe(false);

    hub.faults.bytesPerSecond = undefined;
    hub.ranges.length = 0;
    const { result, served } = await pull();
    console.log(`[pull] killed at ${kept} bytes; the next pull fetched ${served} bytes`);
    expect(hub.ranges).toEqual([`bytes=${kept}-`]);
    expect(result).toMatchObject({ resumedFrom: kept, bytesFetched: bytes.length - kept });
    expect(fs.readFileSync(dest).equals(bytes)).toBe(true);
  });

  it("cuts a connection that goes quiet and resumes it", async () => {
    hub.faults.stallAtByte = Math.floor(bytes.length / 4);
    const { result } = await pull(URI, undefined, 1000);
    expect(hub.ranges).toEqual(["", `bytes=${Math.floor(bytes.length / 4)}-`]);
    expect(result.bytesFetched).toBe(bytes.length);
    expect(fs.readFileSync(path.join(modelsDir, FILE)).equals(bytes)).toBe(true);
  });

  it("starts over cleanly when the hub ignores Range", async () => {
    hub.faults.dropAtByte = Math.floor(bytes.length / 2);
    hub.faults.ignoreRange = true;
    await pull();
    expect(hub.ranges.length).toBe(2);
    expect(fs.readFileSync(path.join(modelsDir, FILE)).equals(bytes)).toBe(true);
  });

  it("deletes a download whose bytes do not match the advertised SHA-256, says so, and lists nothing", async () => {
    hub.faults.corruptByte = Math.floor(bytes.length / 3);
    await expect(pull()).rejects.toThrow(/does not match the SHA-256 the hub advertises .* has been deleted\. Pull it again/);
    expect(ggufs()).toEqual([]);
    expect(await listModels(database.db, { modelsDir, modelSources: NO_MODEL_SOURCES })).toEqual([]);
  });

  it("says plainly when the hub cannot be reached", async () => {
    const closed = await startFakeHub([]);
    await closed.close();
    await expect(probeHubFile(resolveHubFile(URI, closed.url), closed.url)).rejects.toThrow(
      /Cannot reach the model hub at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Pulling models needs internet access/,
    );
  });

  it("says the hub has no such file", async () => {
    await expect(probeHubFile(resolveHubFile("hf:lineup/demo-GGUF/nope.gguf", hub.url), hub.url)).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/no file nope\.gguf in lineup\/demo-GGUF/),
    });
  });

  it("refuses a file larger than the free disk before downloading a byte", async () => {
    await expect(pull("hf:lineup/huge-GGUF/huge.gguf")).rejects.toMatchObject({
      code: "insufficient_storage",
      message: expect.stringMatching(/^Not enough free space to pull huge\.gguf: the disk holding the models folder .* has \d+ MB free/),
    });
    expect(hub.ranges).toEqual([]);
    expect(ggufs()).toEqual([]);
  });
});
