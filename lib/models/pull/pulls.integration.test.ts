import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoModels } from "../demo/ensure";
import { DEMO_MODELS } from "../demo/specs";
import { partPath } from "./part-file";
import { cancelPull, keptParts, listPulls, startPull, watchPull } from "./pulls";
import { startFakeHub, type FakeHub } from "./testing/fake-hub";
import type { PullState } from "./types";

// The server's pulls, as the API and the page use them: one pull per file, progress on the live hub (with
// rate and time left), cancel keeping the part, and a second pull resuming it.

const FILE = "tiny-gqa.Q8_0.gguf";
const URI = `hf:lineup/tiny-GGUF/${FILE}`;
let hub: FakeHub;
let bytes: Buffer;
let source: string;
let modelsDir: string;

beforeAll(async () => {
  source = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-hub-src-"));
  ensureDemoModels(source, DEMO_MODELS.filter((m) => m.file === FILE));
  bytes = fs.readFileSync(path.join(source, FILE));
  hub = await startFakeHub([{ org: "lineup", repo: "tiny-GGUF", path: FILE, bytes }]);
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-pulled-"));
});
afterAll(async () => {
  await hub.close();
  fs.rmSync(source, { recursive: true, force: true });
  fs.rmSync(modelsDir, { recursive: true, force: true });
});

describe("pulls on the server", () => {
  it("runs one pull per file, streams its progress, cancels keeping the part, and resumes it", async () => {
    const ctx = { modelsDir, hubUrl: hub.url };
    hub.faults.bytesPerSecond = 100 * 1024; // about 2.3 s for the whole file
    const first = await startPull(ctx, URI);
    expect(first.state).toMatchObject({ fileName: FILE, status: "downloading", bytesTotal: bytes.length });
    await expect(startPull(ctx, URI)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("already being pulled") });

    expect(keptParts(ctx)).toEqual([]); // its part is being written, not offered for a resume
    const seen: PullState[] = [];
    for await (const { event } of watchPull(first.state.id, null)) {
      seen.push(event);
      if (event.bytesDone > bytes.length / 3) break;
    }
    expect(seen.some((s) => s.bytesPerSecond !== null && s.secondsLeft !== null)).toBe(true);
    const cancelled = await cancelPull(first.state.id);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.message).toMatch(/Cancelled\..*pull it again to resume|^Cancelled\.$/);
    const kept = fs.statSync(partPath(path.join(modelsDir, FILE))).size;
    expect(kept).toBeGreaterThan(0);
    expect(keptParts(ctx)).toEqual([{ fileName: FILE, name: URI, bytesDone: kept, sizeBytes: bytes.length }]);

    hub.faults.bytesPerSecond = undefined;
    const second = await startPull(ctx, URI);
    const final = await second.done;
    expect(final).toMatchObject({ status: "done", resumedFrom: kept, bytesFetched: bytes.length - kept, bytesDone: bytes.length });
    expect(fs.readFileSync(path.join(modelsDir, FILE)).equals(bytes)).toBe(true);
    expect(listPulls().map((p) => p.status)).toEqual(["done", "cancelled"]);
    expect(keptParts(ctx)).toEqual([]);
    await expect(startPull(ctx, URI)).rejects.toThrow(/already in the models folder/);
  });

  it("refuses a name that is not a GGUF on the hub, saying what to give instead", async () => {
    await expect(startPull({ modelsDir, hubUrl: hub.url }, "Xenova/all-MiniLM-L6-v2")).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/is not a GGUF model Lineup can pull\. Give a preset/),
    });
  });
});
