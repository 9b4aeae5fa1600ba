import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDemoModels } from "../demo/ensure";
import { DEMO_MODELS } from "../demo/specs";

export const TINY = DEMO_MODELS.filter((m) => m.file.startsWith("tiny-"));
export const tinySpec = (shape: "dense" | "gqa" | "moe") => TINY.find((m) => m.shape === shape)!;

/** A fresh folder with the tiny demo models (and the demo embedder) written into it. */
export function tinyModelsDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-models-"));
  ensureDemoModels(dir, TINY);
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
