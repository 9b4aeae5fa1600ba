import { llamaMetadata } from "../gguf/llama-metadata";
import { writeGguf, type TensorSpec } from "../gguf/writer";
import { fillUniform } from "./random";
import { buildSpmVocab } from "./spm-vocab";
import { DEMO_MARKER_KEY, type DemoModelSpec } from "./specs";

// Random weights with one deliberate structure, so the untrained models still write words:
// residual dimension 0 holds a constant that no layer writes to, and the output matrix uses it as a
// bias that pushes word prefixes, byte tokens and control tokens far down. Everything else is noise.
const BIAS_CHANNEL = 8;
const LAYER_SD = 0.02;
const EMBED_SD = 0.05;
const OUTPUT_SD = 0.05;

/** `omitKeys` drops metadata keys: how the tests make files that llama.cpp cannot survive. */
export function writeDemoModel(spec: DemoModelSpec, file: string, omitKeys: string[] = []): void {
  const vocab = buildSpmVocab(spec.words);
  const nVocab = vocab.tokens.length;
  const { embd, heads, kvHeads, ff, layers } = spec;
  const headDim = embd / heads;
  const kvDim = headDim * kvHeads;
  const seed = (name: string) => `${spec.file}/${name}`;

  const random = (name: string, dims: number[], sd = LAYER_SD): TensorSpec => ({
    name, dims, type: "Q8_0", fill: (out) => fillUniform(out, seed(name), sd),
  });
  const ones = (name: string): TensorSpec => ({ name, dims: [embd], type: "F32", fill: (out) => out.fill(1) });
  /** A projection into the residual stream that leaves the bias channel alone (row 0 of each matrix is zero). */
  const intoResidual = (name: string, dims: number[]): TensorSpec => ({
    name, dims, type: "Q8_0",
    fill: (out) => {
      fillUniform(out, seed(name), LAYER_SD);
      const rowLen = dims[0];
      const perMatrix = rowLen * dims[1];
      for (let m = 0; m < out.length; m += perMatrix) out.fill(0, m, m + rowLen);
    },
  });

  const tensors: TensorSpec[] = [
    {
      name: "token_embd.weight", dims: [embd, nVocab], type: "Q8_0",
      fill: (out) => {
        fillUniform(out, seed("token_embd"), EMBED_SD);
        for (let t = 0; t < nVocab; t++) out[t * embd] = BIAS_CHANNEL;
      },
    },
  ];
  for (let l = 0; l < layers; l++) {
    const b = `blk.${l}`;
    tensors.push(
      ones(`${b}.attn_norm.weight`),
      random(`${b}.attn_q.weight`, [embd, embd]),
      random(`${b}.attn_k.weight`, [embd, kvDim]),
      random(`${b}.attn_v.weight`, [embd, kvDim]),
      intoResidual(`${b}.attn_output.weight`, [embd, embd]),
      ones(`${b}.ffn_norm.weight`),
    );
    if (spec.experts) {
      tensors.push(
        random(`${b}.ffn_gate_inp.weight`, [embd, spec.experts]),
        random(`${b}.ffn_gate_exps.weight`, [embd, ff, spec.experts]),
        random(`${b}.ffn_up_exps.weight`, [embd, ff, spec.experts]),
        intoResidual(`${b}.ffn_down_exps.weight`, [ff, embd, spec.experts]),
      );
    } else {
      tensors.push(
        random(`${b}.ffn_gate.weight`, [embd, ff]),
        random(`${b}.ffn_up.weight`, [embd, ff]),
        intoResidual(`${b}.ffn_down.weight`, [ff, embd]),
      );
    }
  }
  tensors.push(ones("output_norm.weight"), {
    name: "output.weight", dims: [embd, nVocab], type: "Q8_0",
    fill: (out) => {
      fillUniform(out, seed("output"), OUTPUT_SD);
      for (let t = 0; t < nVocab; t++) {
        const row = t * embd;
        if (t === vocab.eosId) {
          out.fill(0, row, row + embd);
          out[row] = spec.eosBias;
        } else if (!vocab.emitted.has(t)) {
          out.fill(0, row, row + embd);
          out[row] = -1;
        } else out[row] = 0;
      }
    },
  });

  const metadata = llamaMetadata({
    name: spec.name,
    description: `Untrained demo model in the shape of ${spec.mimics}, made by Lineup. Random weights: measures speed and memory, not quality.`,
    shape: { embd, layers, heads, kvHeads, ff, experts: spec.experts, expertsUsed: spec.expertsUsed, contextLength: spec.contextLength, ropeBase: 10000, normEps: 1e-5 },
    vocab,
    marker: { [DEMO_MARKER_KEY]: { type: "bool", value: true } },
  });
  for (const key of omitKeys) delete metadata[key];
  writeGguf(file, metadata, tensors);
}
