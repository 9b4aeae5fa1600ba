// Checks the GGUF mapping of trained weights: prints llama.cpp's log-probability of every next token of a
// text, for training/check_logprobs.py to compare with torch's on the same shipped weights.
//   npx tsx scripts/training-logprobs.ts <weights dir> <model id> "<text>" > /tmp/lp.json
//   /usr/bin/python3 training/check_logprobs.py <weights dir> <model id> /tmp/lp.json
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadForEval } from "../lib/models/trained/llama-eval";
import { writeShippedGguf } from "../lib/models/trained/shipped";

const [dir, id, text] = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-logprobs-"));
const file = path.join(tmp, `${id}.gguf`);
writeShippedGguf(dir, id, file);
const m = await loadForEval(file);
const ids = [m.model.tokens.bos!, ...m.model.tokenize(text, false, "trimLeadingSpace")];
const options = { temperature: 1, topK: 0, topP: 1, minP: 0 };
const out = await m.sequence.controlledEvaluate(
  ids.map((t) => [t, { generateNext: { probabilities: true, options } }] as const),
);
const lp = ids.slice(1).map((t, i) => Math.log(out[i]?.next.probabilities?.get(t) ?? 1e-30));
console.log(JSON.stringify({ ids: ids.slice(1).map(Number), lp }));
await m.dispose();
fs.rmSync(tmp, { recursive: true, force: true });
