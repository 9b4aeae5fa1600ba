import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSampleCsv } from "../datasets/sample/generate";
import { importText, testContext } from "../datasets/testing/context";
import { ensureDemoModels } from "../models/demo/ensure";
import { DEMO_MODELS } from "../models/demo/specs";
import { TINY } from "../models/testing/fixtures";
import { runDetail } from "./detail";
import { runEvents } from "./events";
import { stopAll, waitForRun } from "./queue";
import type { ServerContext } from "../server-context";
import { cancel, createRun, getRun } from "./service";
import type { RunEvent } from "./types";

// Runs cannot be held hostage: a worker that crashes or stops mid-answer fails only its cell, a cancel ends
// within a second in every state a cell can be in, and one huge document cannot make a prompt no model takes.

let base: Awaited<ReturnType<typeof testContext>>;
let sampleId: string;
let longId: string;
const TINY_MODEL = TINY[0].file;
const DENSE = DEMO_MODELS.find((m) => m.file.startsWith("demo-dense"))!;
// One word of 200,000 characters (after a known word, so the embedder has something to embed): tokenising it
// takes seconds, as the 2 MiB word took minutes.
const LONG_WORD = `battery ${"x".repeat(200_000)}`;
const ctx = (limits: ServerContext["limits"] = {}) => ({ ...base, threads: 1, limits });
const settings = (values: Record<string, unknown> = {}) => ({
  datasetId: sampleId,
  models: [DENSE.file, TINY_MODEL],
  groups: ["B00SAMPLE01"],
  questions: ["What do people like?"],
  maxTokens: 2000,
  contextSize: 4096,
  seed: 7,
  threads: 1,
  ...values,
});

/** Watches a run's events until `act` returns true; returns every event seen. */
async function watch(
  id: string,
  act: (e: RunEvent, seen: RunEvent[]) => boolean | Promise<boolean>,
): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  for await (const { event } of runEvents(id, null, () => runDetail(base.db, id))) {
    seen.push(event);
    if (await act(event, seen)) break;
  }
  return seen;
}

const workerPid = (seen: RunEvent[], model: string) =>
  seen
    .filter(
      (e): e is Extract<RunEvent, { type: "model" }> => e.type === "model" && e.model === model && e.state === "loaded",
    )
    .at(-1)?.pid;
const alive = (pid: number) =>
  fs.existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));

beforeAll(async () => {
  base = await testContext();
  ensureDemoModels(base.modelsDir, [DENSE]);
  sampleId = await importText(base, fs.readFileSync(writeSampleCsv(path.join(base.dataDir, "s")), "utf8"));
  longId = await importText(base, `asins,reviews.text\nLONG,${LONG_WORD}\nLONG,short review of the battery\n`);
}, 120_000);
afterAll(async () => {
  await stopAll();
  await base.close();
});

describe("a worker that dies or stops mid-answer", () => {
  it("a worker killed during a cell fails that cell through the crash path, and a fresh worker takes the next", async () => {
    const { id } = await createRun(ctx(), settings({ groups: ["B00SAMPLE01", "B00SAMPLE02"] }));
    let killed = 0;
    const seen = await watch(id, (e, all) => {
      if (!killed && e.type === "token" && e.cell.model === DENSE.file && e.offset > 0) {
        killed = workerPid(all, DENSE.file)!;
        process.kill(killed, "SIGKILL");
      }
      return e.type === "status" && e.status === "completed";
    });
    const detail = await getRun(ctx(), id);
    const dense = detail.generations.filter((g) => g.model === DENSE.file);
    expect(dense).toHaveLength(2);
    // The crash path: the cell failed with the worker's exit, a "model failed" event, then a new worker loaded.
    expect(dense[0]).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^The model worker was killed by SIGKILL/),
    });
    expect(dense[0].answer.length).toBeGreaterThan(0); // what it streamed before it died is kept
    expect(dense[1].status).toBe("ok");
    const modelEvents = seen
      .filter((e) => e.type === "model" && e.model === DENSE.file)
      .map((e) => (e as { state: string }).state);
    expect(modelEvents).toEqual(["loading", "loaded", "failed", "loading", "loaded", "unloaded"]);
    expect(workerPid(seen, DENSE.file)).not.toBe(killed);
    expect(detail.generations.filter((g) => g.model === TINY_MODEL).every((g) => g.status === "ok")).toBe(true);
  }, 120_000);

  it("a worker stopped mid-answer (SIGSTOP) is killed by the watchdog; its cell fails and the run goes on", async () => {
    // Raw prompts: a chat run's first answer in a fresh worker resolves the model's chat wrapper (0.2-0.3 s of
    // work that sends nothing, several times that on a loaded CI machine), which a 1.5 s stall limit can catch.
    const { id } = await createRun(
      ctx({ stallMs: 1500 }),
      settings({ groups: ["B00SAMPLE01", "B00SAMPLE02"], promptFormat: "raw" }),
    );
    let stopped = 0;
    let stoppedAt = 0;
    let failedAfter = 0;
    await watch(id, (e, all) => {
      if (!stopped && e.type === "token" && e.cell.model === DENSE.file && e.offset > 0) {
        stopped = workerPid(all, DENSE.file)!;
        stoppedAt = performance.now();
        process.kill(stopped, "SIGSTOP");
      }
      if (stopped && !failedAfter && e.type === "generation") failedAfter = performance.now() - stoppedAt;
      return e.type === "status" && e.status === "completed";
    });
    const dense = (await getRun(ctx(), id)).generations.filter((g) => g.model === DENSE.file);
    expect(dense[0]).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/sent nothing for 1\.5 s and was stopped/),
    });
    expect(dense[1].status).toBe("ok");
    expect(alive(stopped)).toBe(false);
    expect(failedAfter).toBeGreaterThanOrEqual(1400);
    expect(failedAfter).toBeLessThan(5000);
    console.log(
      `[watchdog] stalled cell failed ${Math.round(failedAfter)} ms after its worker stopped (stall time 1500 ms)`,
    );
  }, 120_000);
});

describe("cancel ends within a second in every state", () => {
  const took: Record<string, number> = {};
  afterAll(() => console.log(`[cancel] ms per state: ${JSON.stringify(took)}`));

  async function cancelWhen(
    state: string,
    values: Record<string, unknown>,
    when: (e: RunEvent, seen: RunEvent[]) => boolean | Promise<boolean>,
    limits: ServerContext["limits"] = {},
  ) {
    const { id } = await createRun(ctx(limits), settings(values));
    const seen = await watch(id, when);
    const asked = performance.now();
    const detail = await cancel(ctx(limits), id);
    took[state] = Math.round(performance.now() - asked);
    expect(detail.run.status).toBe("cancelled");
    expect(took[state]).toBeLessThan(1000);
    await waitForRun(id);
    return { seen, detail };
  }

  it("while the model loads", async () => {
    const { seen, detail } = await cancelWhen("loading", {}, (e) => e.type === "model" && e.state === "loading");
    expect(seen.some((e) => e.type === "model" && e.state === "loaded")).toBe(false);
    expect(detail.generations).toHaveLength(0);
  }, 60_000);

  it("while the prompt is tokenised (a 200,000-character word, the cap lifted)", async () => {
    const { seen, detail } = await cancelWhen(
      "tokenising",
      { datasetId: longId, groups: ["LONG"], contextSize: 32768, maxTokens: 16 },
      async (e) =>
        e.type === "phase" && e.phase === "tokenising" && (await new Promise((r) => setTimeout(r, 300)), true),
      { docCharCap: 300_000 },
    );
    expect(seen.some((e) => e.type === "phase" && e.phase !== "tokenising")).toBe(false);
    expect(detail.generations[0]).toMatchObject({ status: "cancelled", stopReason: "abort" });
  }, 60_000);

  it("while it generates, keeping the partial answer", async () => {
    const { detail } = await cancelWhen("generating", {}, (e) => e.type === "token" && e.offset > 0);
    expect(detail.generations[0]).toMatchObject({ status: "cancelled", stopReason: "abort" });
    expect(detail.generations[0].answer.length).toBeGreaterThan(0);
  }, 60_000);

  it("while its worker is stopped (SIGSTOP) and cannot answer", async () => {
    let pid = 0;
    const { detail } = await cancelWhen("stalled", {}, async (e, all) => {
      if (e.type !== "token" || e.offset === 0) return false;
      pid = workerPid(all, DENSE.file)!;
      process.kill(pid, "SIGSTOP");
      await new Promise((r) => setTimeout(r, 200));
      return true;
    });
    expect(detail.generations[0]).toMatchObject({ status: "cancelled", stopReason: "abort" });
    expect(detail.generations[0].answer.length).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  }, 60_000);
});

describe("documents longer than the cap", () => {
  it("are cut before the prompt is built, and the cut is recorded on the question", async () => {
    const { id } = await createRun(
      ctx({ docCharCap: 4000 }),
      settings({
        datasetId: longId,
        groups: ["LONG"],
        models: TINY.slice(0, 2).map((m) => m.file),
        maxTokens: 8,
        contextSize: 8192,
      }),
    );
    await waitForRun(id);
    const detail = await getRun(ctx(), id);
    const [question] = detail.questions;
    const long = question.documents.find((d) => d.text === LONG_WORD)!;
    expect(question.documentsCut).toEqual([{ id: long.id, chars: LONG_WORD.length, kept: 4000 }]);
    expect(question.prompt.length).toBeLessThan(4000 + 500);
    expect(detail.run.status).toBe("completed");
  }, 60_000);
});
