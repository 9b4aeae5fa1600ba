import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client";
import { NO_MODEL_SOURCES } from "../env";
import { BAD_FILES, writeBadModelFiles } from "./demo/bad-files";
import { DEMO_EMBEDDER_ID, writeDemoEmbedder } from "./demo/embedder-demo";
import { TRAINED_EMBEDDER_ID, writeTrainedEmbedder } from "./trained/embedder";
import { SHIPPED_WEIGHTS_DIR } from "./trained/shipped";
import { listEmbedders, listModels } from "./inventory";
import { requireModels } from "./require-models";
import { tinyModelsDir } from "./testing/fixtures";

let database: Database;
let models: { dir: string; cleanup: () => void };
const places = () => ({ modelsDir: models.dir, modelSources: NO_MODEL_SOURCES });

beforeAll(async () => {
  database = await openDatabase({ driver: "pglite", dataDir: null });
  models = tinyModelsDir();
  writeBadModelFiles(models.dir);
});
afterAll(async () => {
  await database.close();
  models.cleanup();
});

describe("model inventory", () => {
  it("lists valid models first and every bad file with its reason", async () => {
    const entries = await listModels(database.db, places());
    expect(entries.filter((e) => e.valid).map((e) => e.file)).toEqual([
      "tiny-dense-mha.Q8_0.gguf", "tiny-gqa.Q8_0.gguf", "tiny-moe-8x2.Q8_0.gguf",
    ]);
    const invalid = Object.fromEntries(entries.filter((e) => !e.valid).map((e) => [e.file, e.valid ? "" : e.reason]));
    expect(Object.keys(invalid).sort()).toEqual(Object.values(BAD_FILES).sort());
    // Usable files are hashed; unusable ones never read end to end.
    expect(entries.every((e) => (e.valid ? /^[0-9a-f]{64}$/.test(e.sha256 ?? "") : e.sha256 === null))).toBe(true);
  });

  it("reads a file once: the cached facts and hash come back while the file is unchanged", async () => {
    const file = path.join(models.dir, "tiny-gqa.Q8_0.gguf");
    const pinned = new Date("2026-01-01T00:00:00Z");
    fs.utimesSync(file, pinned, pinned);
    const first = (await listModels(database.db, places())).find((e) => e.file === "tiny-gqa.Q8_0.gguf")!;
    // Same size and mtime but different bytes: a cached answer must not notice, proving it did not re-read.
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    fs.utimesSync(file, pinned, pinned);
    const cached = (await listModels(database.db, places())).find((e) => e.file === "tiny-gqa.Q8_0.gguf")!;
    expect(cached.sha256).toBe(first.sha256);
    // A touched file is read again.
    fs.utimesSync(file, new Date(), new Date());
    const fresh = (await listModels(database.db, places())).find((e) => e.file === "tiny-gqa.Q8_0.gguf")!;
    expect(fresh.sha256).not.toBe(first.sha256);
  });

  it("a run that names a file still being read waits for its header, where a page answers at once without it", async () => {
    // A fresh database knows no file, as after a start on a new DATA_DIR or DATABASE_URL: every header is read anew.
    const fresh = await openDatabase({ driver: "pglite", dataDir: null });
    try {
      const page = await listModels(fresh.db, places(), { waitMs: 0 });
      expect(page.find((e) => e.file === "tiny-gqa.Q8_0.gguf")).toMatchObject({ valid: false, pending: true });
      // The same wait a page gets (here none): before CHOSEN_WAIT_MS, this was a 503 "try again in a few seconds".
      const ctx = { db: fresh.db, dataDir: models.dir, ...places(), modelWaitMs: 0 };
      const [chosen] = await requireModels(ctx, ["tiny-gqa.Q8_0.gguf"], "be used");
      expect(chosen).toMatchObject({ file: "tiny-gqa.Q8_0.gguf", valid: true });
    } finally {
      await fresh.close();
    }
  });

  it("finds the demo embedding model folder", () => {
    expect(listEmbedders(models.dir)).toEqual([{ id: DEMO_EMBEDDER_ID, demo: true }]);
  });

  it("lists the current trained embedder first (the default for new datasets), before a table it replaced", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-embedders-"));
    try {
      // A models folder from before the retrained table: the first one stays, for the datasets embedded with it.
      writeTrainedEmbedder(SHIPPED_WEIGHTS_DIR, dir);
      fs.renameSync(path.join(dir, TRAINED_EMBEDDER_ID), path.join(dir, "lineup-review-embedder"));
      writeTrainedEmbedder(SHIPPED_WEIGHTS_DIR, dir);
      writeDemoEmbedder(dir);
      expect(listEmbedders(dir).map((e) => e.id)).toEqual([TRAINED_EMBEDDER_ID, "lineup-review-embedder", DEMO_EMBEDDER_ID]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
