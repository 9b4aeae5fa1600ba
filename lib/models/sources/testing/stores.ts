import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseEnv, type ModelSourceDirs } from "../../../env";
import { MODEL_LAYER } from "../ollama";

// Other tools' model stores, laid out as those tools lay them out, in a temporary HOME: for tests that find,
// list and run models where people already keep them. The stores' folders come from lib/env.ts, as in the app.

export type TempHome = { home: string; sources: ModelSourceDirs; cleanup: () => void };

/** A fresh HOME and the model stores the environment derives from it (nothing created yet). */
export function tempHome(extra: Record<string, string> = {}): TempHome {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-home-"));
  return { home, sources: parseEnv({ HOME: home, ...extra }).modelSources, cleanup: () => fs.rmSync(home, { recursive: true, force: true }) };
}

const sha256Of = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Ollama: the GGUF as `blobs/sha256-<hex>`, named by `manifests/registry.ollama.ai/library/<model>/<tag>`. */
export function putInOllama(store: string, name: string, gguf: string, { move = false } = {}): string {
  const [model, tag] = name.split(":");
  const hex = sha256Of(gguf);
  const blob = path.join(store, "blobs", `sha256-${hex}`);
  fs.mkdirSync(path.dirname(blob), { recursive: true });
  if (move) fs.renameSync(gguf, blob);
  else fs.copyFileSync(gguf, blob);
  writeOllamaManifest(store, model, tag, [
    { mediaType: "application/vnd.ollama.image.template", digest: `sha256:${"0".repeat(64)}`, size: 10 },
    { mediaType: MODEL_LAYER, digest: `sha256:${hex}`, size: fs.statSync(blob).size },
  ]);
  return blob;
}

export function writeOllamaManifest(store: string, model: string, tag: string, layers: unknown[]): void {
  const dir = path.join(store, "manifests", "registry.ollama.ai", "library", model);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json", layers };
  fs.writeFileSync(path.join(dir, tag), JSON.stringify(manifest));
}

/** LM Studio: `<models>/<publisher>/<repo>/<file>.gguf`. */
export function putInLmStudio(root: string, rel: string, gguf: string, { move = false } = {}): string {
  const target = path.join(root, rel);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (move) fs.renameSync(gguf, target);
  else fs.copyFileSync(gguf, target);
  return target;
}

/**
 * The Hugging Face cache: the bytes in `models--org--repo/blobs/<sha256>` (hard-linked to `gguf` when `link`,
 * so the same inode is reached twice), `refs/main`, and `snapshots/<rev>/<file>` a relative symlink to the blob.
 */
export function putInHfCache(hub: string, repo: string, file: string, gguf: string, { link = false, revision = "a".repeat(40) } = {}): string {
  const repoDir = path.join(hub, `models--${repo.split("/").join("--")}`);
  const blob = path.join(repoDir, "blobs", sha256Of(gguf));
  fs.mkdirSync(path.dirname(blob), { recursive: true });
  if (link) fs.linkSync(gguf, blob);
  else fs.copyFileSync(gguf, blob);
  fs.mkdirSync(path.join(repoDir, "refs"), { recursive: true });
  fs.writeFileSync(path.join(repoDir, "refs", "main"), revision);
  const snapshot = path.join(repoDir, "snapshots", revision, file);
  fs.mkdirSync(path.dirname(snapshot), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(snapshot), blob), snapshot);
  return snapshot;
}
