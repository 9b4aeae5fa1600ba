import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq, notInArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { models } from "../db/schema";
import { inspectGguf, type ModelFacts } from "./gguf/inspect";

// The GGUF files in the models folder, described without loading any weights. Facts and SHA-256 are cached
// in the database by file name, size and modification time, so each file is read once.

export type ModelEntry =
  | { file: string; sizeBytes: number; sha256: string; valid: true; facts: ModelFacts }
  | { file: string; sizeBytes: number; sha256: string; valid: false; reason: string };

export type EmbedderEntry = { id: string; demo: boolean };

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function describe(db: Db, dir: string, file: string): Promise<ModelEntry> {
  const full = path.join(dir, file);
  const stat = fs.statSync(full);
  const [cached] = await db.select().from(models).where(eq(models.path, file));
  const mtimeMs = Math.trunc(stat.mtimeMs); // whole ms: what utimes and every filesystem can round-trip
  if (cached && cached.sizeBytes === stat.size && cached.mtimeMs === mtimeMs && cached.sha256) {
    return cached.valid
      ? { file, sizeBytes: stat.size, sha256: cached.sha256, valid: true, facts: cached.facts as ModelFacts }
      : { file, sizeBytes: stat.size, sha256: cached.sha256, valid: false, reason: cached.invalidReason ?? "invalid" };
  }
  const [inspected, digest] = await Promise.all([inspectGguf(full), sha256(full)]);
  const row = {
    path: file, sizeBytes: stat.size, mtimeMs, sha256: digest,
    facts: inspected.ok ? inspected.facts : null, valid: inspected.ok,
    invalidReason: inspected.ok ? null : inspected.reason, scannedAt: new Date(),
  };
  await db.insert(models).values(row).onConflictDoUpdate({ target: models.path, set: row });
  return inspected.ok
    ? { file, sizeBytes: stat.size, sha256: digest, valid: true, facts: inspected.facts }
    : { file, sizeBytes: stat.size, sha256: digest, valid: false, reason: inspected.reason };
}

/** Every .gguf file in `dir`, valid ones first, each group by name. */
export async function listModels(db: Db, dir: string): Promise<ModelEntry[]> {
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".gguf") && fs.statSync(path.join(dir, f)).isFile()).sort()
    : [];
  const entries: ModelEntry[] = [];
  for (const file of files) entries.push(await describe(db, dir, file));
  if (files.length) await db.delete(models).where(notInArray(models.path, files));
  return entries.sort((a, b) => Number(b.valid) - Number(a.valid) || a.file.localeCompare(b.file));
}

/** transformers.js model folders in `dir` (config.json plus an onnx/ folder). */
export function listEmbedders(dir: string): EmbedderEntry[] {
  if (!fs.existsSync(dir)) return [];
  const found: Array<EmbedderEntry & { trained: boolean }> = [];
  const visit = (rel: string, depth: number) => {
    const full = path.join(dir, rel);
    if (fs.existsSync(path.join(full, "config.json")) && fs.existsSync(path.join(full, "onnx"))) {
      const config = JSON.parse(fs.readFileSync(path.join(full, "config.json"), "utf8")) as { lineup_demo?: boolean; lineup_trained?: boolean };
      found.push({ id: rel.split(path.sep).join("/"), demo: config.lineup_demo === true, trained: config.lineup_trained === true });
      return;
    }
    if (depth >= 2) return;
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(path.join(rel, entry.name), depth + 1);
    }
  };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) visit(entry.name, 1);
  // The trained review embedder first: the first demo embedder listed is the default for new datasets.
  return found.sort((a, b) => Number(b.trained) - Number(a.trained) || a.id.localeCompare(b.id)).map(({ id, demo }) => ({ id, demo }));
}
