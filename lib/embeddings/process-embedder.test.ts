import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_EMBEDDER_ID } from "../models/demo/embedder-demo";
import { tinyModelsDir } from "../models/testing/fixtures";
import { loadProcessEmbedder, type ProcessEmbedder } from "./process-embedder";

// The embedding process through the shared child client: it exits when idle and comes back on demand.

let models: { dir: string; cleanup: () => void };
let embedder: ProcessEmbedder;
const running = (pid: number) =>
  fs.existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));

beforeAll(async () => {
  models = tinyModelsDir();
  embedder = await loadProcessEmbedder(models.dir, DEMO_EMBEDDER_ID, 1500);
});
afterAll(async () => {
  await embedder.stop();
  models.cleanup();
});

describe("embedding process", () => {
  it("exits after being idle, and a later request starts it again with the same answers", async () => {
    const [first] = await embedder.embed(["the battery lasts all day"]);
    const pid = (await embedder.pid())!;
    expect(running(pid)).toBe(true);
    await expect.poll(() => running(pid), { timeout: 6000, interval: 200 }).toBe(false);
    expect(await embedder.pid()).toBeUndefined();
    const [again] = await embedder.embed(["the battery lasts all day"]);
    const newPid = (await embedder.pid())!;
    expect(newPid).not.toBe(pid);
    expect(again).toEqual(first);
  });

  it("a killed embedding process is replaced on the next request, not left to fail every call", async () => {
    await embedder.embed(["warm"]);
    const pid = (await embedder.pid())!;
    process.kill(pid, "SIGKILL");
    await expect.poll(() => running(pid), { timeout: 3000 }).toBe(false);
    const [v] = await embedder.embed(["still works"]);
    expect(v).toHaveLength(embedder.dim);
    expect(await embedder.pid()).not.toBe(pid);
  });
});
