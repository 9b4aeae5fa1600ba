import fs from "node:fs";
import path from "node:path";
import { DEMO_EMBEDDER_ID, writeDemoEmbedder } from "./embedder-demo";
import { writeDemoModel } from "./llama-demo";
import { DEMO_MODELS, type DemoModelSpec } from "./specs";

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
