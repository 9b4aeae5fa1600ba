import "server-only";
import fs from "node:fs";
import path from "node:path";
import { and, eq, notInArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { models } from "../db/schema";
import { env } from "../env";
import { processWide } from "../process-wide";
import { TRAINED_EMBEDDER_ID } from "./trained/embedder";
import type { ServerContext } from "../server-context";
import type { ModelFacts } from "./gguf/inspect";
import { inspectIsolated } from "./gguf/inspect-pool";
import { hashInBackground, SMALL_BYTES, type HashProgress } from "./hashes";
import { discoverModels } from "./sources/discover";
import type { FoundModel, ModelSource } from "./sources/types";

// The GGUF files of every source (the models folder, other tools' stores: sources/), described without loading any weights. Every file is untrusted: its
// header is read out of process (gguf/inspect-pool.ts) and its SHA-256 in the background (hashes.ts). A
// listing waits for that work at most LIST_WAIT_MS, then answers with what it has: a file still being read is
// listed as not (yet) usable, a hash still being computed with its progress. Results are cached in the
// database by model id, size and modification time, so each file version is read once.

/**
 * Where a model is: `file` is its id (a bare file name for one directly in the models folder, else prefixed by
 * its source, see sources/types.ts), `name` its name in its source, `path` the file Lineup opens.
 */
type Place = {
  file: string;
  source: ModelSource;
  name: string;
  path: string;
  /** Ids of copies of this file in other stores (the same SHA-256), listed only here; they still resolve to it. */
  copies?: string[];
};
export type ModelEntry = Place &
  (
    | { sizeBytes: number; sha256: string | null; hashing: HashProgress | null; valid: true; facts: ModelFacts }
    | { sizeBytes: number; sha256: string | null; hashing: null; valid: false; reason: string; pending?: true }
  );

/** The folders a listing searches: the models folder and, unset, the other stores the environment names. */
export type ModelPlaces = Pick<ServerContext, "modelsDir" | "modelSources">;

export type EmbedderEntry = { id: string; demo: boolean };

/** How long pages wait for new files' headers and hashes before answering without them. */
export const LIST_WAIT_MS = 1000;
/**
 * How long a request that names models (a run, a sweep, a judge) waits for those files' headers: the user chose
 * them, so waiting beats a "try again"; the reader's own time limits (gguf/inspect-pool.ts) end it sooner for a
 * file that never answers. Just after a start on a busy machine the reader of a dozen files takes seconds.
 */
export const CHOSEN_WAIT_MS = 30_000;

/** Digests still being computed for entries a listing returned without one (see pendingHash). */
const hashWaits = processWide("inventory.hashWaits", () => new WeakMap<ModelEntry, Promise<string | null>>());

/** The entry's SHA-256, waiting for its background hash if the listing returned before it was done. */
export async function pendingHash(entry: ModelEntry): Promise<string | null> {
  return entry.sha256 ?? (await hashWaits.get(entry)) ?? null;
}

/** The value of `promise` if it settles before `deadline` (epoch ms), else undefined. */
async function within<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function describe(db: Db, found: FoundModel, deadline: number): Promise<ModelEntry> {
  const place: Place = { file: found.id, source: found.source, name: found.name, path: found.path };
  const { file, path: full } = place;
  if ("problem" in found) return { ...place, sizeBytes: 0, sha256: null, hashing: null, valid: false, reason: found.problem };
  const sizeBytes = found.stat.size;
  const mtimeMs = Math.trunc(found.stat.mtimeMs); // whole ms: what utimes and every filesystem can round-trip
  const key = `${full}:${sizeBytes}:${mtimeMs}`;
  const sameVersion = and(eq(models.path, file), eq(models.sizeBytes, sizeBytes), eq(models.mtimeMs, mtimeMs));
  let [row] = await db.select().from(models).where(sameVersion);
  // Facts read by an older Lineup lack what the estimate now uses: read the header again, keeping the file's hash.
  const stale = row?.valid && typeof (row.facts as ModelFacts | null)?.computeBytesPerToken !== "number";
  if (!row || stale) {
    const keptHash = row?.sha256 ?? null;
    const inspected = await within(
      inspectIsolated(full, key).then(async (r) => {
        if (r.transient) return r;
        const values = { path: file, sizeBytes, mtimeMs, sha256: keptHash, facts: r.ok ? r.facts : null, valid: r.ok, invalidReason: r.ok ? null : r.reason, scannedAt: new Date() };
        await db.insert(models).values(values).onConflictDoUpdate({ target: models.path, set: values });
        return r;
      }),
      deadline,
    );
    if (!inspected) {
      return { ...place, sizeBytes, sha256: null, hashing: null, valid: false, pending: true, reason: "Lineup is still reading this file's header; it is listed here in a moment." };
    }
    if (inspected.transient || !inspected.ok) return { ...place, sizeBytes, sha256: null, hashing: null, valid: false, reason: inspected.ok ? "" : inspected.reason };
    [row] = await db.select().from(models).where(sameVersion);
  }
  if (!row.valid) return { ...place, sizeBytes, sha256: null, hashing: null, valid: false, reason: row.invalidReason ?? "invalid" };
  const facts = row.facts as ModelFacts;
  if (row.sha256) return { ...place, sizeBytes, sha256: row.sha256, hashing: null, valid: true, facts };
  // Only usable files are hashed: a hostile file (say, a huge sparse one) is never read end to end.
  const job = hashInBackground(full, key, sizeBytes, async (sha256) => {
    await db.update(models).set({ sha256 }).where(sameVersion);
  });
  const settled = job.promise.catch(() => null);
  // A large file's hash takes minutes: answer at once with its progress instead of waiting out the budget.
  const sha256 = await within(settled, sizeBytes > SMALL_BYTES ? Date.now() : deadline);
  if (sha256) return { ...place, sizeBytes, sha256, hashing: null, valid: true, facts };
  const entry: ModelEntry = { ...place, sizeBytes, sha256: null, hashing: { doneBytes: job.doneBytes, totalBytes: job.totalBytes }, valid: true, facts };
  hashWaits.set(entry, settled);
  return entry;
}

/**
 * Every model file of every source, valid ones first, each group by id. Waits for new files at most `waitMs`
 * (requests pass LIST_WAIT_MS; background work and tests can afford to wait for the whole answer), and for the
 * `chosen` ids at least CHOSEN_WAIT_MS.
 */
export async function listModels(
  db: Db,
  places: ModelPlaces,
  { waitMs = 60_000, chosen = [] }: { waitMs?: number; chosen?: readonly string[] } = {},
): Promise<ModelEntry[]> {
  const found = discoverModels(places.modelsDir, places.modelSources ?? env().modelSources);
  const now = Date.now();
  const deadline = (f: FoundModel) => now + (chosen.includes(f.id) ? Math.max(waitMs, CHOSEN_WAIT_MS) : waitMs);
  const entries = await Promise.all(found.map((f) => describe(db, f, deadline(f))));
  if (found.length) await db.delete(models).where(notInArray(models.path, found.map((f) => f.id)));
  return withoutCopies(entries).sort((a, b) => Number(b.valid) - Number(a.valid) || a.file.localeCompare(b.file));
}

/**
 * Copies of one file in two stores (the same SHA-256, once known) listed once: the first, preferred, source's.
 * A copy's id stays usable (a run chosen while its hash was still being computed names it) as one of `copies`.
 */
function withoutCopies(entries: ModelEntry[]): ModelEntry[] {
  const kept = new Map<string, ModelEntry>();
  return entries.filter((e) => {
    if (!e.sha256) return true;
    const first = kept.get(e.sha256);
    if (!first) {
      kept.set(e.sha256, e);
      return true;
    }
    first.copies = [...(first.copies ?? []), e.file];
    return false;
  });
}

/**
 * The entry a request or a stored run names by `id`, from a listing. The one way from a model's name to a file:
 * an id that is not in the listing names nothing, so no id can reach a file outside the sources.
 */
export function findModel(entries: ModelEntry[], id: string): ModelEntry | undefined {
  return entries.find((e) => e.file === id) ?? entries.find((e) => e.copies?.includes(id));
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
  // The current trained review embedder first, then any earlier trained table (kept for the datasets embedded with
  // it), then the rest: the first listed is the default for new datasets.
  const rank = (e: { id: string; trained: boolean }) => (e.id === TRAINED_EMBEDDER_ID ? 2 : e.trained ? 1 : 0);
  return found.sort((a, b) => rank(b) - rank(a) || a.id.localeCompare(b.id)).map(({ id, demo }) => ({ id, demo }));
}
