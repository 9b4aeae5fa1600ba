// `npm run models:standins -- <name…|all>`: writes real-size stand-ins (random weights, Q4_0) into MODELS_DIR:
// Llama 2 7B, Mistral 7B, a Mixtral-shaped MoE cut to 8 layers, and Gemma 3 4B (sliding window applied by
// llama.cpp). For measuring speed and memory at real size (sweeps, bench/real-scale.ts); their answers mean nothing.
import fs from "node:fs";
import { env } from "../lib/env";
import { STANDIN_SHAPES, standinBytes, standinFile } from "../lib/models/standins/shapes";
import { writeStandin } from "../lib/models/standins/write-standin";
import { peakRssBytes } from "../lib/models/worker/memory";

const names = process.argv.slice(2);
const gb = (n: number) => `${(n / 1024 ** 3).toFixed(2)} GB`;
if (!names.length || names.includes("--help")) {
  console.log("Usage: npm run models:standins -- <name…|all>\n");
  for (const s of STANDIN_SHAPES) console.log(`  ${s.id.padEnd(18)} ${gb(standinBytes(s)).padStart(9)}  ${s.mimics}`);
  process.exit(names.length ? 0 : 1);
}
const unknown = names.filter((n) => n !== "all" && !STANDIN_SHAPES.some((s) => s.id === n));
if (unknown.length) {
  console.error(
    `Unknown stand-in ${unknown.join(", ")}: choose from ${STANDIN_SHAPES.map((s) => s.id).join(", ")}, or all.`,
  );
  process.exit(1);
}
const dir = env().modelsDir;
fs.mkdirSync(dir, { recursive: true });
for (const shape of STANDIN_SHAPES.filter((s) => names.includes("all") || names.includes(s.id))) {
  const target = `${dir}/${standinFile(shape)}`;
  if (fs.existsSync(target) && Math.abs(fs.statSync(target).size / standinBytes(shape) - 1) < 0.01) {
    console.log(`[standins] ${standinFile(shape)} is already there`);
    continue;
  }
  const started = performance.now();
  console.log(`[standins] writing ${standinFile(shape)} (${gb(standinBytes(shape))})…`);
  try {
    const { bytes } = writeStandin(shape, dir);
    const s = (performance.now() - started) / 1000;
    console.log(
      `[standins] wrote ${target}: ${gb(bytes)} in ${s.toFixed(1)} s (${gb(bytes / s)}/s), peak RSS of this process ${gb(peakRssBytes())}`,
    );
  } catch (err) {
    console.error(`[standins] ${(err as Error).message}`);
    process.exit(1);
  }
}
