import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoModels } from "./demo/ensure";
import { hashReads } from "./hashes";
import { TINY } from "./testing/fixtures";
import { HOSTILE, SPARSE_BYTES, writeHostileModelFiles } from "./testing/hostile-files";

// The fault suite for model files: hostile headers, links and a huge sparse file in the models folder, listed
// through the real GET /api/models handler. No answer may take more than 2 s, the server's memory may not grow
// by more than 100 MB, and every file ends up listed with the right verdict within seconds.

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-sec-hostile-"));
const modelsDir = path.join(work, "models");
process.env.DATA_DIR = path.join(work, "data");
process.env.MODELS_DIR = modelsDir;
// The machine's own Ollama, LM Studio and Hugging Face stores stay out of it: they derive from HOME.
process.env.HOME = work;
for (const name of ["OLLAMA_MODELS", "HF_HUB_CACHE", "HF_HOME", "LINEUP_MODEL_DIRS"]) delete process.env[name];

type Listing = { models: { file: string; valid: boolean; reason?: string; pending?: boolean; sha256: string | null; hashing: { doneBytes: number } | null }[] };
let GET: (request: Request) => Promise<Response>;
let closeDb: () => Promise<void>;

async function list(): Promise<{ body: Listing; ms: number }> {
  const t0 = performance.now();
  const res = await GET(new Request("http://127.0.0.1/api/models"));
  const ms = performance.now() - t0;
  expect(res.status).toBe(200);
  return { body: (await res.json()) as Listing, ms };
}

beforeAll(async () => {
  fs.mkdirSync(modelsDir, { recursive: true });
  ensureDemoModels(modelsDir, TINY);
  writeHostileModelFiles(modelsDir);
  ({ GET } = await import("@/app/api/models/route"));
  const db = await import("@/lib/db");
  await db.getDb(); // the database is open before memory is measured
  closeDb = async () => (await db.getDatabase()).close();
});
afterAll(async () => {
  await closeDb?.();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("hostile model files", () => {
  it("never hold up the listing, never grow the server, and are each listed with a reason", async () => {
    const rssBefore = process.memoryUsage().rss;
    const slowest: number[] = [];
    // Two listings at once, as two open pages would: they share one reading of each file.
    const [a, b] = await Promise.all([list(), list()]);
    slowest.push(a.ms, b.ms);
    let body = a.body;
    const deadline = Date.now() + 90_000;
    while (body.models.some((m) => m.pending || m.hashing) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const next = await list();
      slowest.push(next.ms);
      body = next.body;
    }
    const byFile = new Map(body.models.map((m) => [m.file, m]));
    for (const [file, verdict] of Object.entries(HOSTILE)) {
      const entry = byFile.get(file);
      expect(entry, file).toBeDefined();
      if (verdict === null) {
        expect(entry!.valid, `${file}: ${entry!.reason}`).toBe(true);
      } else {
        expect(entry!.valid, file).toBe(false);
        expect(entry!.reason, file).toMatch(verdict);
      }
    }
    for (const spec of TINY) expect(byFile.get(spec.file)?.valid, spec.file).toBe(true);
    // The big file: hashed once, in the background, however many listings asked.
    expect(byFile.get("sparse-huge.gguf")!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(hashReads.get(path.join(modelsDir, "sparse-huge.gguf"))).toBe(1);
    expect(Math.max(...slowest), `listing times ${slowest.map((ms) => ms.toFixed(0)).join(", ")} ms`).toBeLessThan(2000);
    const grown = process.memoryUsage().rss - rssBefore;
    expect(grown, `RSS grew ${(grown / 2 ** 20).toFixed(1)} MB`).toBeLessThan(100 * 2 ** 20);
    console.log(`[hostile models] ${Object.keys(HOSTILE).length} files, ${slowest.length} listings, slowest ${Math.max(...slowest).toFixed(0)} ms, RSS +${(grown / 2 ** 20).toFixed(1)} MB, sparse file ${SPARSE_BYTES / 2 ** 30} GiB`);
  });
});
