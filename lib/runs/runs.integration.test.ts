import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { generationsOf, questionsOf, updateRun } from "../db/queries/runs";
import { writeSampleCsv } from "../datasets/sample/generate";
import { importText, testContext } from "../datasets/testing/context";
import { BAD_FILES, writeBadModelFiles } from "../models/demo/bad-files";
import { TINY } from "../models/testing/fixtures";
import { ensureDemoModels } from "../models/demo/ensure";
import { DEMO_MODELS } from "../models/demo/specs";
import { runDetail } from "./detail";
import { runEvents, type LoggedEvent } from "./events";
import { executeRun } from "./executor";
import { recoverRuns, stopAll, waitForRun } from "./queue";
import { applyLogged, type LiveRun } from "./reducer";
import { cancel, createRun, getRun, resumeRun } from "./service";
import { searchDataset } from "../datasets/service";

let ctx: Awaited<ReturnType<typeof testContext>> & { threads: number };
let datasetId: string;
const MODELS = TINY.map((m) => m.file);
const base = () => ({
  datasetId,
  models: MODELS,
  groups: ["B00SAMPLE01", "B00SAMPLE02"],
  maxTokens: 24,
  seed: 7,
  threads: 1,
});

async function collect(
  runId: string,
  lastEventId: string | null,
  stopAfter = Infinity,
  signal?: AbortSignal,
): Promise<LoggedEvent[]> {
  const out: LoggedEvent[] = [];
  for await (const e of runEvents(runId, lastEventId, () => runDetail(ctx.db, runId), signal)) {
    out.push(e);
    if (out.length >= stopAfter) break;
  }
  return out;
}

beforeAll(async () => {
  ctx = { ...(await testContext()), threads: 1 };
  datasetId = await importText(ctx, fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "s")), "utf8"));
}, 120_000);
afterAll(async () => {
  await stopAll();
  await ctx.close();
});

describe("a comparison run", () => {
  let runId: string;
  let liveEvents: LoggedEvent[];
  let otherViewer: LoggedEvent[];

  beforeAll(async () => {
    runId = (await createRun(ctx, { ...base(), repetitions: 2 })).id;
    [liveEvents, otherViewer] = await Promise.all([collect(runId, null), collect(runId, null)]);
  }, 120_000);

  it("completes with every cell, each with every metric consistent with its token times", async () => {
    const detail = await getRun(ctx, runId);
    expect(detail.run.status).toBe("completed");
    expect(detail.total).toBe(2 * 2 * 3 * 2);
    expect(detail.generations).toHaveLength(detail.total);
    for (const g of detail.generations) {
      expect(g.status).toBe("ok");
      const m = g.metrics;
      const n = g.tokenTimes.length;
      expect(m.outputTokens).toBe(n);
      expect(m.ttftMs).toBe(g.tokenTimes[0]);
      expect(m.promptTokens).toBeGreaterThan(20);
      expect(m.promptTokensPerSecond).toBeGreaterThan(0);
      if (n > 1) {
        expect(m.generationTokensPerSecond).toBeCloseTo(((n - 1) / (m.endToEndMs! - m.ttftMs!)) * 1000, 6);
        expect(m.tpotMs).toBeCloseTo((m.endToEndMs! - m.ttftMs!) / (n - 1), 6);
        expect(m.interTokenP50Ms).toBeGreaterThanOrEqual(0);
      }
      expect(m.wordsPerSecond).toBeCloseTo((m.words! / m.endToEndMs!) * 1000, 6);
      expect(m.peakRssBytes).toBeGreaterThanOrEqual(m.idleRssBytes!);
      expect(m.memoryGrowthBytes).toBe(m.peakRssBytes! - m.baseRssBytes!);
      expect(m.estimateBytes).toBeGreaterThan(0);
      expect(m.retrievalMs).toBeGreaterThan(0);
      expect(g.stopReason).toMatch(/eogToken|maxTokens/);
      if (g.cold) expect(m.loadMs).toBeGreaterThan(0);
    }
    expect(detail.generations.filter((g) => g.cold)).toHaveLength(3 * 2); // one per model per repetition
    for (const s of detail.summaries) {
      expect(s.ok).toBe(8);
      expect(s.excludedCold).toBe(2);
      expect(s.figures.generationTokensPerSecond.n).toBeGreaterThan(0);
      expect(s.figures.loadMs.n).toBe(2);
    }
  });

  it("records the machine's load around every answer, covering its whole generation (Linux: /proc)", async () => {
    const detail = await getRun(ctx, runId);
    if (process.platform !== "linux") return expect(detail.generations.every((g) => g.load === null)).toBe(true);
    for (const g of detail.generations) {
      const load = g.load!;
      expect(load.windowMs).toBeGreaterThanOrEqual(Math.floor(g.metrics.endToEndMs!));
      // /proc counts in 10 ms ticks: a short window is exact only to a few ticks.
      const ticks = (3 * 10) / Math.max(1, load.windowMs);
      expect(load.ownCores + load.otherCores).toBeLessThanOrEqual(load.cpus + 0.25 + ticks);
      expect(load.stealPercent).toBeGreaterThanOrEqual(0);
    }
    // The workers' decoding is booked to Lineup, not to "other programs".
    expect(Math.max(...detail.generations.map((g) => g.load!.ownCores))).toBeGreaterThan(0.2);
  });

  it("gives every model exactly the same prompt for a question, retrieved once", async () => {
    const questions = await questionsOf(ctx.db, runId);
    expect(questions).toHaveLength(4);
    const gens = await generationsOf(ctx.db, runId);
    for (const q of questions) {
      expect(q.prompt).toContain(q.question);
      expect(q.documentIds).toHaveLength(2);
      expect(new Set(gens.filter((g) => g.questionId === q.id).map((g) => g.model))).toEqual(new Set(MODELS));
    }
  });

  it("rotates the model order across repetitions", async () => {
    const loads = liveEvents.map((e) => e.event).filter((e) => e.type === "model" && e.state === "loading") as {
      model: string;
      repetition: number;
    }[];
    expect(loads.filter((l) => l.repetition === 0).map((l) => l.model)).toEqual(MODELS);
    expect(loads.filter((l) => l.repetition === 1).map((l) => l.model)).toEqual([...MODELS.slice(1), MODELS[0]]);
  });

  it("saves a manifest with hardware, versions, model hashes and settings", async () => {
    const { run } = await getRun(ctx, runId);
    const manifest = run.manifest!;
    expect(manifest.hardware.physicalCores).toBeGreaterThan(0);
    expect(manifest.versions.nodeLlamaCpp).toMatch(/\d+\.\d+/);
    expect(manifest.versions.llamaCpp).toBeTruthy();
    expect(manifest.models).toHaveLength(3);
    expect(manifest.models.every((m) => /^[0-9a-f]{64}$/.test(m.sha256 ?? ""))).toBe(true);
    expect(manifest.dataset.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.settings).toMatchObject({
      k: 2,
      temperature: 0.7,
      contextSize: 1024,
      seed: 7,
      retrieval: "vector",
      mmr: false,
    });
  });

  it("the same seed gives the same answers in another run", async () => {
    const again = (await createRun(ctx, { ...base(), repetitions: 1, models: MODELS.slice(0, 2) })).id;
    await waitForRun(again);
    const first = (await generationsOf(ctx.db, runId)).filter((g) => g.repetition === 0);
    const second = await generationsOf(ctx.db, again);
    const firstQ = await questionsOf(ctx.db, runId);
    const secondQ = await questionsOf(ctx.db, again);
    for (const g of second) {
      const q = secondQ.find((x) => x.id === g.questionId)!;
      const twin = firstQ.find((x) => x.groupKey === q.groupKey && x.questionIndex === q.questionIndex)!;
      expect(g.answer).toBe(first.find((f) => f.questionId === twin.id && f.model === g.model)!.answer);
    }
  }, 120_000);

  it("two viewers watching at once see the same run", () => {
    expect(otherViewer.map((e) => e.id)).toEqual(liveEvents.map((e) => e.id));
  });

  it("a viewer that reconnects with Last-Event-ID ends with exactly the state of one that never left", async () => {
    const cut = Math.floor(liveEvents.length / 2);
    const reconnected = await collect(runId, liveEvents[cut - 1].id);
    expect(reconnected.map((e) => e.id)).toEqual(liveEvents.slice(cut).map((e) => e.id));
    // A viewer with no id (or one from before a restart) gets a snapshot from the database instead.
    const late = await collect(runId, null);
    const replay = (events: LoggedEvent[]) => events.reduce<LiveRun | null>((s, e) => applyLogged(s, e), null);
    const whole = replay(liveEvents)!;
    const fromSnapshot = replay(late)!;
    // Redelivered events (a flaky connection) are ignored.
    const resumed = replay([...liveEvents.slice(0, cut), ...reconnected, ...liveEvents.slice(cut - 5, cut + 5)])!;
    for (const state of [fromSnapshot, resumed]) {
      expect(state.generations.map((g) => [g.id, g.answer])).toEqual(whole.generations.map((g) => [g.id, g.answer]));
      expect(state.run.status).toBe("completed");
    }
  });
});

describe("interruptions", () => {
  it("a restart mid-run marks it interrupted with finished cells kept; resume runs only the missing ones", async () => {
    const { id } = await createRun(ctx, { ...base(), maxTokens: 200 });
    const seen: LoggedEvent[] = [];
    for await (const e of runEvents(id, null, () => runDetail(ctx.db, id))) {
      seen.push(e);
      if (e.event.type === "generation" && seen.filter((x) => x.event.type === "generation").length === 3) break;
    }
    await stopAll(); // what a server stop does to the running run
    await recoverRuns(ctx); // what the next start does
    const interrupted = await getRun(ctx, id);
    expect(interrupted.run.status).toBe("interrupted");
    const kept = interrupted.generations.length;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(12);
    const [snapshot] = await collect(id, null);
    await resumeRun(ctx, id);
    await waitForRun(id);
    // Viewers were told: the resume's "queued" comes before the executor's "running".
    const statuses = (await collect(id, snapshot.id))
      .map((e) => e.event)
      .filter((e) => e.type === "status")
      .map((e) => e.status);
    expect(statuses.slice(0, 2)).toEqual(["queued", "running"]);
    expect(statuses.at(-1)).toBe("completed");
    const done = await getRun(ctx, id);
    expect(done.run.status).toBe("completed");
    expect(done.generations).toHaveLength(12);
    expect(new Set(done.generations.map((g) => `${g.questionId}|${g.model}|${g.repetition}`)).size).toBe(12);
    expect(done.generations.slice(0, kept).map((g) => g.id)).toEqual(interrupted.generations.map((g) => g.id));
  }, 120_000);

  it("cancel stops the current answer within a second and keeps it, marked cancelled", async () => {
    // The full-size dense demo model writes long answers at a human-visible pace: the cancel lands mid-answer.
    const dense = DEMO_MODELS.find((m) => m.file.startsWith("demo-dense"))!;
    ensureDemoModels(ctx.modelsDir, [dense]);
    const { id } = await createRun(ctx, {
      ...base(),
      models: [dense.file, MODELS[0]],
      maxTokens: 2000,
      contextSize: 4096,
    });
    for await (const e of runEvents(id, null, () => runDetail(ctx.db, id))) {
      if (e.event.type === "token" && e.event.offset > 0) break;
    }
    const asked = performance.now();
    const detail = await cancel(ctx, id);
    expect(performance.now() - asked).toBeLessThan(1000);
    expect(detail.run.status).toBe("cancelled");
    const last = detail.generations.at(-1)!;
    expect(last.status).toBe("cancelled");
    expect(last.answer.length).toBeGreaterThan(0);
    expect(last.stopReason).toBe("abort");
  }, 60_000);

  // The inventory's branch: a file that became unusable after the run was made. A worker that crashes mid-answer
  // goes through the executor's crash path instead: lib/runs/faults.integration.test.ts.
  it("a model file that became unusable fails its own cells with the inventory's reason, and the others finish", async () => {
    writeBadModelFiles(ctx.modelsDir);
    const { id } = await createRun(ctx, { ...base(), models: MODELS.slice(0, 2) });
    // The inventory refuses the file up front; here we make the run meet it anyway, as if it changed on disk.
    await updateRun(ctx.db, id, {
      status: "queued",
      settings: { ...(await getRun(ctx, id)).run.settings, models: [MODELS[0], BAD_FILES.crashing, MODELS[1]] },
    });
    await waitForRun(id);
    await stopAll();
    await executeRun(id, { ...ctx, signal: new AbortController().signal });
    const detail = await getRun(ctx, id);
    const bad = detail.generations.filter((g) => g.model === BAD_FILES.crashing);
    expect(bad.length).toBe(4);
    expect(bad.every((g) => g.status === "failed" && /^The model file cannot be used/.test(g.error ?? ""))).toBe(true);
    expect(detail.generations.filter((g) => g.model !== BAD_FILES.crashing).every((g) => g.status === "ok")).toBe(true);
    expect(detail.run.status).toBe("completed");
  }, 120_000);

  it("refuses bad settings with a message naming each problem", async () => {
    await expect(createRun(ctx, { ...base(), models: [MODELS[0]] })).rejects.toThrow(
      /models: choose at least two models/,
    );
    await expect(createRun(ctx, { ...base(), groups: ["NOPE"] })).rejects.toThrow(/no group "NOPE"/);
    await expect(createRun(ctx, { ...base(), models: [MODELS[0], "missing.gguf"] })).rejects.toThrow(
      /"missing.gguf" is not among the models found/,
    );
    await expect(createRun(ctx, { ...base(), temperature: 5, k: 0 })).rejects.toThrow(
      /k must be at least 1.*temperature must be at most 2|temperature must be at most 2.*k must be at least 1/,
    );
    await expect(createRun(ctx, { ...base(), retrieval: "bm25" as "vector" })).rejects.toThrow(
      /retrieval must be "vector" or "hybrid"/,
    );
  });

  it("a hybrid, diverse run gives its models the documents the search box finds with the same settings", async () => {
    const retrieval = { mode: "hybrid", mmr: true } as const;
    const { id } = await createRun(ctx, {
      ...base(),
      models: MODELS.slice(0, 2),
      maxTokens: 4,
      questions: ["Does it come with a charger?"],
      retrieval: "hybrid",
      mmr: true,
    });
    await waitForRun(id);
    for (const q of await questionsOf(ctx.db, id)) {
      const search = await searchDataset(ctx, { id: datasetId, query: q.question, group: q.groupKey, k: 2, retrieval });
      expect(q.documentIds).toEqual(search.hits.map((h) => h.id));
    }
    expect((await getRun(ctx, id)).run.manifest!.settings).toMatchObject({ retrieval: "hybrid", mmr: true });
  }, 120_000);
});
