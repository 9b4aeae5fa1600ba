import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { writeShippedGguf } from "../lib/models/trained/shipped";
const [dir, id, prompt] = process.argv.slice(2);
const file = path.join("/tmp", `${id}.gguf`);
writeShippedGguf(dir, id, file);
const llama = await getLlama({ gpu: false, build: "never" });
const model = await llama.loadModel({ modelPath: file });
const ctx = await model.createContext({ contextSize: 512, threads: 1 });
const seq = ctx.getSequence();
const ids = [model.tokens.bos!, ...model.tokenize(prompt, false, "trimLeadingSpace")];
const out = await seq.controlledEvaluate(ids.map((t) => [t, { generateNext: { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } } }]));
// log-prob of each next token
const lp = ids.slice(1).map((t, i) => Math.log(out[i]!.next.probabilities!.get(t) ?? 1e-30));
console.log(JSON.stringify({ ids: ids.slice(1).map(Number), lp }));
