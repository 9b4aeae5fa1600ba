import type { Db } from "../../lib/db/client";
import { datasets, generations, runQuestions, runs } from "../../lib/db/schema";
import { generationMetrics } from "../../lib/metrics/generation";
import { frequentWords } from "../../lib/models/demo/words";
import { seededRandom } from "../../lib/random";
import { storedSettings } from "../../lib/runs/testing/settings";
import type { CellLoad } from "../../lib/system/load-types";

// A finished run of the size the render bench is about, written straight into a throwaway database: 4 models
// × 25 products × 10 questions = 1,000 answers of 40-120 words. Timings are drawn per token around a rate of
// each model's own, and every figure is derived from them by the app's own metric code; groundedness scores are
// drawn around a mean per model. `busy` marks a third of the answers as timed while other programs used 1.4 cores.

export const FIXTURE_MODELS = [
  "lineup-dense.Q8_0.gguf",
  "lineup-gqa.Q8_0.gguf",
  "lineup-moe-8x2.Q8_0.gguf",
  "lineup-dense-large.Q8_0.gguf",
];
const RATE = [62, 118, 85, 31]; // tok/s
const RSS = [180e6, 150e6, 260e6, 520e6];
const GROUNDED = [0.42, 0.47, 0.55, 0.61];
const QUESTIONS = [
  "Is the battery good?",
  "Is it easy to set up?",
  "Does it break?",
  "Is it worth the price?",
  "How is the screen?",
  "Is it loud?",
  "Does the app work?",
  "Is support helpful?",
  "Would people buy again?",
  "What do people dislike?",
];
const PRODUCTS = 25;

const quiet: CellLoad = { windowMs: 2000, loadAvg1: 1.1, cpus: 2, otherCores: 0.08, ownCores: 1.0, stealPercent: 0 };
const busy: CellLoad = { ...quiet, loadAvg1: 3.2, otherCores: 1.4 };

export async function insertFixtureRun(db: Db, id: string, opts: { busy: boolean; name: string }): Promise<number> {
  const rand = seededRandom(`render-bench/${id}`);
  const words = frequentWords(2000);
  const text = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(" ");
  await db
    .insert(datasets)
    .values({
      id: "ds_render_bench",
      name: "Render bench reviews",
      sourceFile: "render-bench.csv",
      fileSha256: "0".repeat(64),
      fileBytes: 0,
      mapping: { text: ["text"], group: "product", labels: [] },
      embedder: "demo",
      embeddingDim: 64,
      metric: "cosine",
      status: "ready",
    })
    .onConflictDoNothing();
  const groups = Array.from({ length: PRODUCTS }, (_, i) => `P${String(i + 1).padStart(3, "0")}`);
  const settings = storedSettings({
    datasetId: "ds_render_bench",
    models: FIXTURE_MODELS,
    groups,
    questions: QUESTIONS,
    maxTokens: 160,
  });
  const now = new Date();
  await db.insert(runs).values({
    id,
    status: "completed",
    datasetId: "ds_render_bench",
    settings,
    name: opts.name,
    createdAt: now,
    startedAt: now,
    finishedAt: now,
  });
  let answers = 0;
  for (const group of groups) {
    for (const [questionIndex, question] of QUESTIONS.entries()) {
      const docs = Array.from({ length: 4 }, (_, i) => i + 1);
      const [q] = await db
        .insert(runQuestions)
        .values({
          runId: id,
          groupKey: group,
          questionIndex,
          question,
          prompt: `${text(120)}\n\nQuestion: ${question}`,
          documentIds: docs,
          scores: docs.map(() => 0.5 + rand() / 2),
          embedMs: 4 + rand() * 3,
          retrievalMs: 2 + rand() * 2,
        })
        .returning();
      const rows = FIXTURE_MODELS.map((model, m) => {
        const tokens = 40 + Math.floor(rand() * 80);
        const load = opts.busy && rand() < 0.33 ? busy : quiet;
        const slow = load === busy ? 2.5 : 1;
        const ttft = 80 + rand() * 60;
        const tokenTimes: number[] = [ttft];
        for (let t = 1; t < tokens; t++)
          tokenTimes.push(tokenTimes[t - 1] + (1000 / RATE[m]) * slow * (0.7 + rand() * 0.6));
        const answer = text(Math.round(tokens * 0.75));
        const timing = {
          promptTokens: 300,
          promptMs: ttft - 5,
          tokenTimes,
          tokenNonEmpty: tokenTimes.map(() => true),
          totalMs: tokenTimes.at(-1)! + 2,
        };
        const g = Math.min(1, Math.max(0, GROUNDED[m] + (rand() - 0.5) * 0.3));
        return {
          runId: id,
          questionId: q.id,
          model,
          repetition: 0,
          cold: questionIndex === 0 && group === groups[0],
          status: "ok" as const,
          answer,
          tokenTimes,
          metrics: generationMetrics(timing, answer, { peakRssBytes: RSS[m] * (1 + rand() * 0.02) }),
          load,
          stopReason: "eos",
          quality: {
            groundedness: g,
            answerRelevance: 0.3 + rand() * 0.4,
            contextRelevance: 0.5,
            distinct2: 0.9,
            empty: 0,
            refusal: 0,
          },
          prompt: null,
        };
      });
      await db.insert(generations).values(rows);
      answers += rows.length;
    }
  }
  return answers;
}
