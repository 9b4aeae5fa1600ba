import { createHash } from "node:crypto";
import fs from "node:fs";
import { processWide } from "../process-wide";

// SHA-256 of model files (gigabytes for real models): computed once per file version, in the background, one
// large file at a time, while listings answer at once with the progress so far. Small files (demo models,
// tests) skip the line: a 40 GB file must not hold up a 30 MB one.

export const SMALL_BYTES = 256 * 1024 * 1024;

export type HashProgress = { doneBytes: number; totalBytes: number };
type Job = HashProgress & { promise: Promise<string> };
type State = { jobs: Map<string, Job>; tail: Promise<unknown> };
const state = processWide<State>("model-hashes", () => ({ jobs: new Map(), tail: Promise.resolve() }));

/** How many files were read end to end since start: lets tests prove a file is hashed once. */
export const hashReads = new Map<string, number>();

async function digest(file: string, job: Job): Promise<string> {
  hashReads.set(file, (hashReads.get(file) ?? 0) + 1);
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    job.doneBytes += (chunk as Buffer).length;
  }
  return hash.digest("hex");
}

/**
 * The hash job for one file version (`key`), started if none is running; `store` saves the digest before the
 * job counts as done, so a listing that finds no job finds the digest stored.
 */
export function hashInBackground(file: string, key: string, totalBytes: number, store: (sha256: string) => Promise<void>): Job {
  const running = state.jobs.get(key);
  if (running) return running;
  const job = { doneBytes: 0, totalBytes } as Job;
  const turn = totalBytes <= SMALL_BYTES ? Promise.resolve() : state.tail;
  job.promise = turn.then(() => digest(file, job)).then(async (sha) => {
    await store(sha);
    return sha;
  });
  void job.promise.catch(() => {}).finally(() => state.jobs.delete(key));
  state.jobs.set(key, job);
  if (totalBytes > SMALL_BYTES) state.tail = job.promise.catch(() => {});
  return job;
}
