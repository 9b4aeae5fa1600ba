import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_FILES, writeBadModelFiles } from "../demo/bad-files";
import { ensureDemoModels } from "../demo/ensure";
import { findModel, type ModelEntry } from "../inventory";
import { tinySpec } from "../testing/fixtures";
import { putInHfCache, putInLmStudio, putInOllama, tempHome, writeOllamaManifest } from "./testing/stores";

// Every source laid out as its tool lays it out, in a temporary HOME, listed through the real GET /api/models
// handler: the models folder (with a subfolder and link loops), LINEUP_MODEL_DIRS, Ollama's manifests and blobs,
// LM Studio's tree and the Hugging Face cache (snapshot links into blobs/), with one file reached twice by inode
// and one copied into two stores.

const home = tempHome();
const modelsDir = path.join(home.home, "lineup-models");
const extraDir = path.join(home.home, "more");
const stage = path.join(home.home, "stage");
process.env.HOME = home.home;
process.env.DATA_DIR = path.join(home.home, "data");
process.env.MODELS_DIR = modelsDir;
process.env.LINEUP_MODEL_DIRS = extraDir;
for (const name of ["OLLAMA_MODELS", "HF_HUB_CACHE", "HF_HOME"]) delete process.env[name];

type Listing = { models: (ModelEntry & { kind: string })[] };
let GET: (request: Request) => Promise<Response>;
let closeDb: () => Promise<void>;
const variant = (shape: "dense" | "gqa" | "moe", tag: string) => ({
  ...tinySpec(shape),
  file: `tiny-${shape}-${tag}.Q8_0.gguf`,
  name: `Tiny ${shape} (${tag})`,
});

/** Every file under `dir` with its size and modification time: proof that a listing wrote nothing there. */
function snapshot(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort().map((rel) => {
    const s = fs.lstatSync(path.join(dir, rel));
    return `${rel} ${s.size} ${s.mtimeMs}`;
  });
}

async function listUntilSettled(): Promise<Listing> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await GET(new Request("http://127.0.0.1/api/models?remote=0"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Listing;
    const settled = body.models.every((m) => !(!m.valid && m.pending) && !(m.valid && m.hashing));
    if (settled || Date.now() > deadline) return body;
    await new Promise((r) => setTimeout(r, 300));
  }
}

const ollama = home.sources.ollama!;
const lmStudio = home.sources.lmStudio[0];
const hub = home.sources.hfHub!;

beforeAll(async () => {
  ensureDemoModels(stage, [tinySpec("dense"), tinySpec("gqa"), tinySpec("moe"), variant("gqa", "sub"), variant("dense", "hf"), variant("moe", "extra")]);
  ensureDemoModels(modelsDir, [tinySpec("dense")]);
  const dense = path.join(modelsDir, tinySpec("dense").file);
  fs.mkdirSync(path.join(modelsDir, "sub", "dir"), { recursive: true });
  fs.renameSync(path.join(stage, "tiny-gqa-sub.Q8_0.gguf"), path.join(modelsDir, "sub", "dir", "tiny-gqa-sub.Q8_0.gguf"));
  // Link loops: a folder linking back to its parent, and a file linking to itself.
  fs.symlinkSync("..", path.join(modelsDir, "sub", "loop"));
  fs.symlinkSync("../..", path.join(modelsDir, "sub", "dir", "up"));
  fs.symlinkSync("self.gguf", path.join(modelsDir, "self.gguf"));
  fs.mkdirSync(extraDir, { recursive: true });
  fs.renameSync(path.join(stage, "tiny-moe-extra.Q8_0.gguf"), path.join(extraDir, "tiny-moe-extra.Q8_0.gguf"));
  fs.symlinkSync(dense, path.join(extraDir, "dense-again.gguf")); // the models folder's file, reached again
  putInOllama(ollama, "tiny-moe:8x2", path.join(stage, tinySpec("moe").file));
  writeOllamaManifest(ollama, "escape", "latest", [{ mediaType: "application/vnd.ollama.image.model", digest: "sha256:../../../../etc/passwd" }]);
  writeOllamaManifest(ollama, "gone", "latest", [{ mediaType: "application/vnd.ollama.image.model", digest: `sha256:${"b".repeat(64)}` }]);
  writeOllamaManifest(ollama, "not-a-model", "latest", [{ mediaType: "application/vnd.ollama.image.license", digest: `sha256:${"c".repeat(64)}` }]);
  putInLmStudio(lmStudio, "lineup/tiny-gqa-GGUF/tiny-gqa.Q8_0.gguf", path.join(stage, tinySpec("gqa").file));
  writeBadModelFiles(path.join(lmStudio, "hostile", "bad-GGUF"));
  fs.symlinkSync("/dev/zero", path.join(lmStudio, "hostile", "bad-GGUF", "to-dev-zero.gguf"));
  putInHfCache(hub, "lineup/tiny-dense", tinySpec("dense").file, dense, { link: true }); // same inode as models/
  putInHfCache(hub, "lineup/tiny-dense-hf", "Q8_0/tiny-dense-hf.Q8_0.gguf", path.join(stage, "tiny-dense-hf.Q8_0.gguf"));
  putInHfCache(hub, "lineup/tiny-gqa", tinySpec("gqa").file, path.join(lmStudio, "lineup/tiny-gqa-GGUF/tiny-gqa.Q8_0.gguf")); // a copy: same SHA-256
  ({ GET } = await import("@/app/api/models/route"));
  const db = await import("@/lib/db");
  await db.getDb();
  closeDb = async () => (await db.getDatabase()).close();
}, 120_000);
afterAll(async () => {
  await closeDb?.();
  home.cleanup();
});

describe("model sources", () => {
  let listing: Listing;
  let before: Record<string, string[]>;
  beforeAll(async () => {
    before = { ollama: snapshot(ollama), lmStudio: snapshot(lmStudio), hub: snapshot(hub) };
    listing = await listUntilSettled();
  }, 120_000);

  it("lists each usable model once, under an unambiguous id, with its source and its name there", () => {
    const valid = listing.models.filter((m) => m.valid).map((m) => [m.file, m.source, m.name]);
    expect(valid).toEqual([
      ["extra:more/tiny-moe-extra.Q8_0.gguf", "extra", "more/tiny-moe-extra.Q8_0.gguf"],
      ["hf:lineup/tiny-dense-hf/Q8_0/tiny-dense-hf.Q8_0.gguf", "hf-cache", "lineup/tiny-dense-hf/Q8_0/tiny-dense-hf.Q8_0.gguf"],
      ["lm-studio:lineup/tiny-gqa-GGUF/tiny-gqa.Q8_0.gguf", "lm-studio", "lineup/tiny-gqa-GGUF/tiny-gqa.Q8_0.gguf"],
      ["ollama:tiny-moe:8x2", "ollama", "tiny-moe:8x2"],
      ["sub/dir/tiny-gqa-sub.Q8_0.gguf", "models-dir", "sub/dir/tiny-gqa-sub.Q8_0.gguf"],
      // Directly in the models folder: the bare file name, as runs stored before sources name it.
      [tinySpec("dense").file, "models-dir", tinySpec("dense").file],
    ]);
    // The copy in the HF cache is listed only under LM Studio's id, and its own id still resolves to it.
    const gqa = findModel(listing.models, "hf:lineup/tiny-gqa/tiny-gqa.Q8_0.gguf")!;
    expect([gqa.file, gqa.copies]).toEqual(["lm-studio:lineup/tiny-gqa-GGUF/tiny-gqa.Q8_0.gguf", ["hf:lineup/tiny-gqa/tiny-gqa.Q8_0.gguf"]]);
    const ollamaEntry = listing.models.find((m) => m.file === "ollama:tiny-moe:8x2")!;
    expect(path.dirname(ollamaEntry.path)).toBe(path.join(ollama, "blobs"));
    expect(path.isAbsolute(ollamaEntry.path)).toBe(true);
    expect(listing.models.every((m) => m.kind === "local")).toBe(true);
  });

  it("gives every source the models folder's rules for bad and hostile files", () => {
    const invalid = Object.fromEntries(listing.models.filter((m) => !m.valid).map((m) => [m.file, m.valid ? "" : m.reason]));
    for (const bad of Object.values(BAD_FILES)) expect(invalid[`lm-studio:hostile/bad-GGUF/${bad}`], bad).toBeTruthy();
    expect(invalid["lm-studio:hostile/bad-GGUF/to-dev-zero.gguf"]).toMatch(/not a regular file/);
    expect(invalid["self.gguf"]).toMatch(/loops/);
    expect(invalid["ollama:escape:latest"]).toMatch(/no valid SHA-256/);
    expect(invalid["ollama:gone:latest"]).toMatch(/blob is missing/);
    expect(Object.keys(invalid).some((id) => id.startsWith("ollama:not-a-model"))).toBe(false); // a manifest without a model layer
    expect(Object.keys(invalid)).toHaveLength(Object.values(BAD_FILES).length + 4);
  });

  it("writes nothing into another tool's store", () => {
    expect({ ollama: snapshot(ollama), lmStudio: snapshot(lmStudio), hub: snapshot(hub) }).toEqual(before);
  });

  it("resolves ids only to listed files: no path can be named through an id", () => {
    const dense = findModel(listing.models, tinySpec("dense").file)!;
    expect(dense.path).toBe(path.join(modelsDir, tinySpec("dense").file));
    for (const id of [
      `../lineup-models/${tinySpec("dense").file}`,
      path.join(modelsDir, tinySpec("dense").file),
      `hf:lineup/tiny-dense/${tinySpec("dense").file}`, // reached twice: listed once, as the models folder's
      "ollama:escape:latest/../../../etc/passwd",
      "sub/loop/sub/dir/tiny-gqa-sub.Q8_0.gguf",
    ])
      expect(findModel(listing.models, id), id).toBeUndefined();
  });
});
