// bench/real-scale (not in CI: gigabytes and tens of minutes). On real-size stand-ins (`npm run models:standins`):
// load time and peak RSS against Lineup's estimate, and Lineup's sweep rates (node-llama-cpp, the sweep worker
// the product runs) against llama-bench on the same file and threads, at the same depths (`-p PP -n TG -d …`).
// Both engines measure each model back to back in one run; every ratio is Lineup ÷ llama-bench with a bootstrap
// 95% interval over the repetitions of each side. Needs `npm run llama:build`.
//   STANDINS="llama2-7b,mistral-7b" DEPTHS="0,4096" PP=512 TG=128 REPS=2 THREADS=2 MODELS_DIR=… npm run bench:real-scale
// The last line of output is one JSON object.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { env } from "../lib/env";
import { estimateMemoryBytes } from "../lib/models/estimate";
import { inspectGguf } from "../lib/models/gguf/inspect";
import { STANDIN_SHAPES, standinFile } from "../lib/models/standins/shapes";
import { writeStandin } from "../lib/models/standins/write-standin";
import { nativeBinary } from "../lib/remote/native-llama";
import { physicalCores } from "../lib/system/cpu";
import { seededRandom } from "../lib/random";
import { startLoadSampler } from "../lib/system/load";
import { isContended, type CellLoad } from "../lib/system/load-types";
import { SweepWorker } from "../lib/sweeps/worker/sweep-worker";
import { round } from "./lib/stats";

const ids = (process.env.STANDINS ?? "llama2-7b,mistral-7b").split(",");
const depths = (process.env.DEPTHS ?? "0,4096").split(",").map(Number);
const PP = Number(process.env.PP ?? 512);
const TG = Number(process.env.TG ?? 128);
const REPS = Number(process.env.REPS ?? 2);
const THREADS = Number(process.env.THREADS ?? physicalCores());
/**
 * Flash attention, the same on both sides (FA=on|off, default off as a sweep's default). llama-bench's own default
 * is "auto", which is on for the CPU: a first run left it so and compared its flash-attention decode at depth 4096
 * (2.67 tok/s) with Lineup's without (4.22).
 */
const FA = (process.env.FA ?? "off") === "on";
const dir = env().modelsDir;
const GB = 1024 ** 3;

/**
 * CPU ticks of this process's children that have exited and been waited for (/proc/self/stat cutime + cstime).
 * The load sampler counts only live processes as ours: llama-bench and the sweep worker have exited by the time it
 * stops, so their own CPU would read as "other programs" without this.
 */
function reapedTicks(): number {
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[13]) + Number(rest[14]);
}

/** The sampler's load, with the CPU of children that exited inside the window taken back out of "other". */
function measured<T>(work: () => T): { value: T; load: CellLoad | null } {
  const before = reapedTicks();
  const sampler = startLoadSampler();
  const value = work();
  const load = sampler.stop();
  const reapedCores = (reapedTicks() - before) / 100 / ((load?.windowMs ?? 1) / 1000);
  return {
    value,
    load: load && {
      ...load,
      otherCores: Math.max(0, load.otherCores - reapedCores),
      ownCores: load.ownCores + reapedCores,
    },
  };
}

type Samples = { pp: number[]; tg: number[] };

/** Ratio of means a/b with a 95% bootstrap interval, each side resampled on its own (unpaired repetitions). */
function ratioOfMeans(a: number[], b: number[], seed: string) {
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const rand = seededRandom(seed);
  const resample = (xs: number[]) => xs.map(() => xs[Math.floor(rand() * xs.length)]);
  const ratios = Array.from({ length: 2000 }, () => mean(resample(a)) / mean(resample(b))).sort((x, y) => x - y);
  return {
    ratio: round(mean(a) / mean(b)),
    low: round(ratios[49]),
    high: round(ratios[1949]),
    n: [a.length, b.length],
  };
}

function llamaBench(bin: string, file: string): { byDepth: Map<number, Samples>; load: CellLoad | null } {
  const { value: run, load } = measured(() =>
    spawnSync(
      bin,
      [
        "-m",
        file,
        "-t",
        String(THREADS),
        "-p",
        String(PP),
        "-n",
        String(TG),
        "-d",
        depths.join(","),
        "-r",
        String(REPS),
        "-fa",
        FA ? "on" : "off",
        // Read, not mapped, as Lineup's workers load GGUFs.
        "-lm",
        "none",
        "-o",
        "json",
      ],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    ),
  );
  if (run.status !== 0) throw new Error(`llama-bench failed: ${run.stderr.slice(-800)}`);
  const rows = JSON.parse(run.stdout) as { n_prompt: number; n_gen: number; n_depth: number; samples_ts: number[] }[];
  const byDepth = new Map<number, Samples>();
  for (const row of rows) {
    const s = byDepth.get(row.n_depth) ?? { pp: [], tg: [] };
    if (row.n_prompt > 0) s.pp.push(...row.samples_ts);
    else s.tg.push(...row.samples_ts);
    byDepth.set(row.n_depth, s);
  }
  return { byDepth, load };
}

async function main() {
  const bin = nativeBinary("llama-bench");
  if (bin.path === null) throw new Error(bin.reason);
  const results = [];
  for (const id of ids) {
    const shape = STANDIN_SHAPES.find((s) => s.id === id);
    if (!shape) throw new Error(`Unknown stand-in ${id}: ${STANDIN_SHAPES.map((s) => s.id).join(", ")}`);
    const file = `${dir}/${standinFile(shape)}`;
    if (!fs.existsSync(file)) {
      console.log(`[real-scale] writing ${file}…`);
      writeStandin(shape, dir);
    }
    const inspected = await inspectGguf(file);
    if (!inspected.ok) throw new Error(inspected.reason);
    const facts = inspected.facts;

    console.log(`[real-scale] ${id}: llama-bench -p ${PP} -n ${TG} -d ${depths.join(",")} -r ${REPS} -t ${THREADS}…`);
    const anchor = llamaBench(bin.path, file);

    console.log(`[real-scale] ${id}: Lineup's sweep worker…`);
    const reapedBefore = reapedTicks();
    const sampler = startLoadSampler();
    const worker = await SweepWorker.start({ stallMs: 120_000 });
    const loaded = await worker.load({ modelPath: file, gpu: "cpu" });
    const points = [];
    for (const depth of depths) {
      const m = await worker.measure(
        { depth, pp: PP, tg: TG, repetitions: REPS, threads: THREADS, kvCacheType: "f16", flashAttention: FA },
        () => undefined,
      );
      const ours: Samples = { pp: m.ppMs.map((ms) => (PP * 1000) / ms), tg: m.tgMs.map((ms) => (TG * 1000) / ms) };
      const theirs = anchor.byDepth.get(depth)!;
      const estimate = estimateMemoryBytes(facts, m.contextSize);
      points.push({
        depth,
        lineup: {
          pp: round(ours.pp.reduce((a, b) => a + b) / REPS, 2),
          tg: round(ours.tg.reduce((a, b) => a + b) / REPS, 2),
        },
        llamaBench: {
          pp: round(theirs.pp.reduce((a, b) => a + b) / theirs.pp.length, 2),
          tg: round(theirs.tg.reduce((a, b) => a + b) / theirs.tg.length, 2),
        },
        ppRatio: ratioOfMeans(ours.pp, theirs.pp, `${id}:${depth}:pp`),
        tgRatio: ratioOfMeans(ours.tg, theirs.tg, `${id}:${depth}:tg`),
        kvMeasuredBytes: m.kvCacheBytes,
        kvAllocatedBytes: m.kvAllocatedBytes,
        kvHeaderBytes: facts.kvBytesPerToken * depth,
        peakRssBytes: m.peakRssBytes,
        estimateBytes: estimate,
        rssOverEstimate: round(m.peakRssBytes / estimate),
        fillSeconds: round(m.fillMs / 1000, 1),
      });
    }
    await worker.stop();
    const raw = sampler.stop();
    const reapedCores = (reapedTicks() - reapedBefore) / 100 / ((raw?.windowMs ?? 1) / 1000);
    const load = raw && { ...raw, otherCores: Math.max(0, raw.otherCores - reapedCores) };
    results.push({
      model: id,
      file: standinFile(shape),
      sizeBytes: fs.statSync(file).size,
      architecture: facts.architecture,
      loadSeconds: round(loaded.loadMs / 1000, 2),
      idleRssBytes: loaded.idleRssBytes,
      weightsBytes: facts.weightsBytes,
      points,
      busy: isContended(anchor.load) || isContended(load),
      otherCores: { llamaBench: anchor.load?.otherCores ?? null, lineup: load?.otherCores ?? null },
    });
    const r = results.at(-1)!;
    console.log(
      `[real-scale] ${id}: load ${r.loadSeconds} s, idle RSS ${(r.idleRssBytes / GB).toFixed(2)} GB${r.busy ? " — WARNING: the machine was busy" : ""}`,
    );
    for (const p of points)
      console.log(
        `  d${p.depth}: pp ${p.lineup.pp} vs ${p.llamaBench.pp} tok/s = ${p.ppRatio.ratio} [${p.ppRatio.low}, ${p.ppRatio.high}]; ` +
          `tg ${p.lineup.tg} vs ${p.llamaBench.tg} = ${p.tgRatio.ratio} [${p.tgRatio.low}, ${p.tgRatio.high}]; ` +
          `KV ${(p.kvMeasuredBytes / GB).toFixed(3)} GB measured, ${(p.kvHeaderBytes / GB).toFixed(3)} GB from the header; ` +
          `peak RSS ${(p.peakRssBytes / GB).toFixed(2)} GB = ${p.rssOverEstimate} of the estimate`,
      );
  }
  const goals = { ratioAtLeast: 0.95, rssWithin: 0.15 };
  console.log(
    JSON.stringify({
      bench: "real-scale",
      pp: PP,
      tg: TG,
      repetitions: REPS,
      threads: THREADS,
      cpus: os.availableParallelism(),
      goals,
      results,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
