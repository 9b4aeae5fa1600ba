// bench/retrieval: retrieval quality on the sample dataset's known answers (lib/retrieval/sample-truth.ts), for
// each retrieval mode (vector, hybrid, each with and without MMR), with duplicates stored once or kept, and with
// the two shipped embedders (the trained review embedder, the default; the untrained demo one). Prints recall@k
// and aspect coverage per question kind with bootstrap intervals over the 12 products, then the search latency of
// each mode measured side by side (alternating, same questions). The last line is one JSON object.
import fs from "node:fs";
import path from "node:path";
import { findDataset } from "../lib/db/queries/datasets";
import { writeSampleCsv } from "../lib/datasets/sample/generate";
import { searchDataset } from "../lib/datasets/service";
import { importText, testContext } from "../lib/datasets/testing/context";
import { DEMO_EMBEDDER_ID } from "../lib/models/demo/embedder-demo";
import { ensureTrainedModels } from "../lib/models/demo/ensure";
import { TRAINED_EMBEDDER_ID } from "../lib/models/trained/embedder";
import { EVAL_MODES, evaluateRetrieval } from "../lib/retrieval/evaluate";
import { retrievalLabel } from "../lib/retrieval/modes";
import { SAMPLE_TRUTH } from "../lib/retrieval/sample-truth";
import { median, percentile, round } from "./lib/stats";

const KS = [2, 4];
const LATENCY_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const ctx = await testContext();
ensureTrainedModels(ctx.modelsDir);
const csv = fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "sample")), "utf8");
const pct = (x: number) => `${Math.round(x * 100)}%`.padStart(4);

const quality: Record<string, unknown>[] = [];
for (const embedder of [TRAINED_EMBEDDER_ID, DEMO_EMBEDDER_ID]) {
  for (const dedupe of [true, false]) {
    const id = await importText(ctx, csv, { embedder, dedupe, name: `${embedder}/${dedupe}` });
    const d = (await findDataset(ctx.db, id))!;
    console.log(`\n${embedder}, duplicates ${dedupe ? `stored once (${d.rowsMerged} rows merged)` : "kept"}`);
    for (const k of KS) {
      for (const r of await evaluateRetrieval(ctx, id, k)) {
        console.log(
          `  k=${k} ${r.kind.padEnd(8)} ${r.label.padEnd(24)} recall@k ${pct(r.recall.mean)} [${pct(r.recall.lo)}, ${pct(r.recall.hi)}]  aspects ${pct(r.aspects.mean)} [${pct(r.aspects.lo)}, ${pct(r.aspects.hi)}]  n=${r.recall.n}`,
        );
        quality.push({
          embedder,
          dedupe,
          k,
          kind: r.kind,
          mode: r.label,
          recall: round(r.recall.mean),
          recallCi95: [round(r.recall.lo), round(r.recall.hi)],
          aspects: round(r.aspects.mean),
          n: r.recall.n,
        });
      }
    }
  }
}

// Latency: every mode on the same questions, the modes alternating inside each round.
const id = await importText(ctx, csv, { embedder: TRAINED_EMBEDDER_ID });
const times = new Map<string, number[]>(EVAL_MODES.map((m) => [retrievalLabel(m), []]));
for (let round_ = 0; round_ < LATENCY_ROUNDS; round_++) {
  for (const [group, questions] of Object.entries(SAMPLE_TRUTH)) {
    for (const q of questions) {
      for (const mode of EVAL_MODES) {
        const r = await searchDataset(ctx, { id, query: q.question, group, k: 2, retrieval: mode });
        times.get(retrievalLabel(mode))!.push(r.retrievalMs);
      }
    }
  }
}
const vectorMedian = median(times.get(retrievalLabel(EVAL_MODES[0]))!);
const latency = [...times].map(([mode, ms]) => ({
  mode,
  n: ms.length,
  medianMs: round(median(ms)),
  p95Ms: round(percentile(ms, 95)),
  ratioToVector: round(median(ms) / vectorMedian),
}));
console.log("\nsearch latency (database part, after the question is embedded), k=2, PGlite, modes alternating:");
for (const l of latency)
  console.log(
    `  ${l.mode.padEnd(24)} median ${l.medianMs} ms  p95 ${l.p95Ms} ms  ×${l.ratioToVector} of vector  n=${l.n}`,
  );
await ctx.close();
console.log(JSON.stringify({ quality, latency }));
process.exit(0);
