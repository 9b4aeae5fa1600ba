import fs from "node:fs";
import path from "node:path";
import { DEMO_EMBEDDER_ID, writeDemoEmbedder } from "./embedder-demo";
import { writeDemoModel } from "./llama-demo";
import { DEMO_MODELS, type DemoModelSpec } from "./specs";
import { TRAINED_EMBEDDER_ID, writeTrainedEmbedder } from "../trained/embedder";
import { readShippedSpec, SHIPPED_WEIGHTS_DIR, writeShippedGguf } from "../trained/shipped";
import { TRAINED_MODELS } from "../trained/specs";

/** Writes to a temporary name, then renames: an interrupted write never leaves a half file behind. */
function writeAtomically(target: string, write: (tmp: string) => void) {
  const tmp = `${target}.partial-${process.pid}`;
  try {
    write(tmp);
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Records, in the models folder, which shipped weights each trained model file was written from. */
export const TRAINED_STAMP = ".lineup-trained.json";

function readStamp(file: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * Writes the trained models and embedder shipped in `weightsDir` that are missing from `modelsDir`, and writes
 * again a trained model whose shipped weights have changed since.
 */
export function ensureTrainedModels(modelsDir: string, log: (line: string) => void = () => {}, weightsDir = SHIPPED_WEIGHTS_DIR): string[] {
  fs.mkdirSync(modelsDir, { recursive: true });
  const written: string[] = [];
  // Which shipped weights each file was written from: when the weights are retrained, an existing file is
  // written again, once (a file from before the stamp existed, too). Runs keep the hash of the file they ran.
  const stampFile = path.join(modelsDir, TRAINED_STAMP);
  const stamp = readStamp(stampFile);
  for (const model of TRAINED_MODELS) {
    const target = path.join(modelsDir, model.file);
    const weights = readShippedSpec(weightsDir, model.id).sha256;
    const exists = fs.existsSync(target);
    if (exists && stamp[model.file] === weights) continue;
    log(`${exists ? "updating" : "writing"} trained model ${model.file}`);
    writeAtomically(target, (tmp) => writeShippedGguf(weightsDir, model.id, tmp));
    stamp[model.file] = weights;
    written.push(model.file);
  }
  if (written.length) fs.writeFileSync(stampFile, JSON.stringify(stamp, null, 1) + "\n");
  const embedderDir = path.join(modelsDir, TRAINED_EMBEDDER_ID);
  if (!fs.existsSync(path.join(embedderDir, "onnx", "model.onnx"))) {
    log(`writing trained embedding model ${TRAINED_EMBEDDER_ID}`);
    const staging = path.join(modelsDir, `.staging-trained-${process.pid}`);
    fs.rmSync(staging, { recursive: true, force: true });
    writeTrainedEmbedder(weightsDir, staging);
    fs.rmSync(embedderDir, { recursive: true, force: true });
    fs.renameSync(path.join(staging, TRAINED_EMBEDDER_ID), embedderDir);
    fs.rmSync(staging, { recursive: true, force: true });
    written.push(TRAINED_EMBEDDER_ID);
  }
  return written;
}

/** Generates whichever demo models and demo embedder are missing from `modelsDir`; returns what it wrote. */
export function ensureDemoModels(modelsDir: string, specs: DemoModelSpec[] = DEMO_MODELS, log: (line: string) => void = () => {}): string[] {
  fs.mkdirSync(modelsDir, { recursive: true });
  const written: string[] = [];
  for (const spec of specs) {
    const target = path.join(modelsDir, spec.file);
    if (fs.existsSync(target)) continue;
    log(`writing demo model ${spec.file}`);
    writeAtomically(target, (tmp) => writeDemoModel(spec, tmp));
    written.push(spec.file);
  }
  const embedderDir = path.join(modelsDir, DEMO_EMBEDDER_ID);
  if (!fs.existsSync(path.join(embedderDir, "onnx", "model.onnx"))) {
    log(`writing demo embedding model ${DEMO_EMBEDDER_ID}`);
    const staging = path.join(modelsDir, `.staging-${process.pid}`);
    fs.rmSync(staging, { recursive: true, force: true });
    writeDemoEmbedder(staging);
    fs.rmSync(embedderDir, { recursive: true, force: true });
    fs.renameSync(path.join(staging, DEMO_EMBEDDER_ID), embedderDir);
    fs.rmSync(staging, { recursive: true, force: true });
    written.push(DEMO_EMBEDDER_ID);
  }
  return written;
}
