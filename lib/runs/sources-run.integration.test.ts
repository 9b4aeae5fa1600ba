import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSampleCsv } from "../datasets/sample/generate";
import { importText, testContext } from "../datasets/testing/context";
import { putInLmStudio, putInOllama, tempHome, type TempHome } from "../models/sources/testing/stores";
import { tinySpec } from "../models/testing/fixtures";
import { stopAll, waitForRun } from "./queue";
import { createRun, getRun } from "./service";

// A real comparison on two models found where other tools keep them: one in an Ollama store (manifest -> blob),
// one in LM Studio's tree. They are moved out of the models folder first, so only their stores can supply them.

const OLLAMA_ID = "ollama:tiny-moe:8x2";
const LM_STUDIO_ID = "lm-studio:lineup/tiny-gqa-GGUF/tiny-gqa.Q8_0.gguf";
let ctx: Awaited<ReturnType<typeof testContext>> & { threads: number };
let home: TempHome;
let datasetId: string;

beforeAll(async () => {
  home = tempHome();
  const base = await testContext();
  putInOllama(home.sources.ollama!, "tiny-moe:8x2", path.join(base.modelsDir, tinySpec("moe").file), { move: true });
  putInLmStudio(
    home.sources.lmStudio[0],
    "lineup/tiny-gqa-GGUF/tiny-gqa.Q8_0.gguf",
    path.join(base.modelsDir, tinySpec("gqa").file),
    { move: true },
  );
  ctx = { ...base, modelSources: home.sources, threads: 1 };
  datasetId = await importText(ctx, fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "s")), "utf8"));
}, 120_000);
afterAll(async () => {
  await stopAll();
  await ctx.close();
  home.cleanup();
});

describe("a run on models from two sources", () => {
  it("answers every cell from the Ollama and LM Studio files and records where each came from", async () => {
    const t0 = performance.now();
    const { id } = await createRun(ctx, {
      datasetId,
      models: [OLLAMA_ID, LM_STUDIO_ID],
      groups: ["B00SAMPLE01"],
      maxTokens: 16,
      seed: 3,
      threads: 1,
    });
    await waitForRun(id);
    const detail = await getRun(ctx, id);
    expect(detail.run.status).toBe("completed");
    expect(detail.generations).toHaveLength(detail.total);
    for (const model of [OLLAMA_ID, LM_STUDIO_ID]) {
      const cells = detail.generations.filter((g) => g.model === model);
      expect(cells.length, model).toBeGreaterThan(0);
      expect(
        cells.every((g) => g.status === "ok" && g.metrics.outputTokens! > 0),
        model,
      ).toBe(true);
    }
    const manifest = detail.run.manifest!.models.map(({ file, source, name, sha256 }) => ({
      file,
      source,
      name,
      sha256: /^[0-9a-f]{64}$/.test(sha256 ?? ""),
    }));
    expect(manifest).toEqual([
      { file: OLLAMA_ID, source: "ollama", name: "tiny-moe:8x2", sha256: true },
      { file: LM_STUDIO_ID, source: "lm-studio", name: "lineup/tiny-gqa-GGUF/tiny-gqa.Q8_0.gguf", sha256: true },
    ]);
    const tps = (model: string) => {
      const cells = detail.generations.filter((g) => g.model === model && g.metrics.generationTokensPerSecond);
      return cells.reduce((s, g) => s + g.metrics.generationTokensPerSecond!, 0) / cells.length;
    };
    console.log(
      `[sources run] ${detail.total} cells in ${((performance.now() - t0) / 1000).toFixed(1)} s; ollama ${tps(OLLAMA_ID).toFixed(0)} tok/s, lm-studio ${tps(LM_STUDIO_ID).toFixed(0)} tok/s`,
    );
  }, 180_000);

  it("refuses a model named by a path instead of an id it listed", async () => {
    const blob = fs.readdirSync(path.join(home.sources.ollama!, "blobs"))[0];
    for (const model of [
      `../${path.basename(home.home)}/.ollama/models/blobs/${blob}`,
      path.join(home.sources.ollama!, "blobs", blob),
      `ollama:${blob}`,
    ])
      await expect(createRun(ctx, { datasetId, models: [OLLAMA_ID, model], threads: 1 }), model).rejects.toThrow(
        /is not among the models found/,
      );
  });
});
