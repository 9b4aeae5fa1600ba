import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { FoundModel } from "./types";
import { statModelFile } from "./walk";

// Ollama's store: `manifests/<registry>/<namespace>/<model>/<tag>` is a JSON manifest whose layer of type
// MODEL_LAYER names the GGUF as `blobs/sha256-<hex>`. A model is listed under its Ollama name (`mistral:7b-instruct`,
// `user/model:tag`, `hf.co/org/repo:tag`). The manifest is read as untrusted input: size-capped, and its digest
// must be a bare SHA-256, so it cannot point outside blobs/.

export const MODEL_LAYER = "application/vnd.ollama.image.model";
const DEFAULT_REGISTRY = "registry.ollama.ai";
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_MANIFESTS = 5_000;
const DIGEST = /^sha256[:-]([0-9a-f]{64})$/;

type Manifest = { layers?: { mediaType?: unknown; digest?: unknown }[] };

/** The name Ollama shows for a manifest at `registry/namespace/model/tag`. */
export function ollamaName(registry: string, namespace: string, model: string, tag: string): string {
  if (registry !== DEFAULT_REGISTRY) return `${registry}/${namespace}/${model}:${tag}`;
  return namespace === "library" ? `${model}:${tag}` : `${namespace}/${model}:${tag}`;
}

function dirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith(".") && (e.isDirectory() || e.isSymbolicLink()))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function files(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith(".") && e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The model blob a manifest names, or why it cannot be used; null when it names no model (not a GGUF model). */
function blobOf(manifestPath: string, blobs: string): { path: string } | { problem: string } | null {
  let manifest: Manifest;
  try {
    if (fs.statSync(manifestPath).size > MAX_MANIFEST_BYTES) return { problem: "Its Ollama manifest is too large to be one." };
    manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Manifest;
  } catch {
    return { problem: "Its Ollama manifest cannot be read as JSON. `ollama pull` the model again." };
  }
  const layer = Array.isArray(manifest.layers) ? manifest.layers.find((l) => l?.mediaType === MODEL_LAYER) : undefined;
  if (!layer) return null;
  const digest = typeof layer.digest === "string" ? DIGEST.exec(layer.digest) : null;
  if (!digest) return { problem: "Its Ollama manifest names no valid SHA-256 digest for the model." };
  return { path: path.join(blobs, `sha256-${digest[1]}`) };
}

export function fromOllama(store: string | null): FoundModel[] {
  if (!store) return [];
  const manifests = path.join(store, "manifests");
  const blobs = path.join(store, "blobs");
  const found: FoundModel[] = [];
  for (const registry of dirs(manifests))
    for (const namespace of dirs(path.join(manifests, registry)))
      for (const model of dirs(path.join(manifests, registry, namespace)))
        for (const tag of files(path.join(manifests, registry, namespace, model))) {
          if (found.length >= MAX_MANIFESTS) return found;
          const name = ollamaName(registry, namespace, model, tag);
          const manifestPath = path.join(manifests, registry, namespace, model, tag);
          const blob = blobOf(manifestPath, blobs);
          if (!blob) continue;
          const base = { id: `ollama:${name}`, source: "ollama" as const, name };
          if ("problem" in blob) found.push({ ...base, path: manifestPath, problem: blob.problem });
          else found.push({ ...base, path: blob.path, ...missingBlob(statModelFile(blob.path)) });
        }
  return found;
}

/** A blob that is not there is a half-removed model, not a broken link: say so. */
function missingBlob(file: ReturnType<typeof statModelFile>): ReturnType<typeof statModelFile> {
  if ("problem" in file && file.problem.includes("broken"))
    return { problem: "Its Ollama blob is missing. `ollama pull` the model again." };
  return file;
}
