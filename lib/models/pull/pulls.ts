import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { formatBytes } from "../../format";
import { env } from "../../env";
import { AppError, isAppError } from "../../errors";
import { LiveHub, type Logged } from "../../live/hub";
import { log } from "../../log";
import { processWide } from "../../process-wide";
import { downloadVerified, type DownloadProgress } from "./download";
import { resolveHubFile } from "./hub-file";
import { listKeptParts, type KeptPart } from "./part-file";
import { probeHubFile } from "./probe";
import { isEndedPull, type PullState } from "./types";

// The pulls of this server process, by id: the page and the API start them, watch them (over the live hub,
// so every open page sees the same progress, and a reloaded page finds its pull again) and cancel them. Only
// one pull per target file runs at a time. State is held in memory: a server stop ends every pull, and the
// kept part (download.ts) is resumed by the next pull of the same file.

export type PullContext = { modelsDir: string; hubUrl: string };

/** This server's models folder and hub (LINEUP_HUB_URL). */
export function serverPullContext(): PullContext {
  const { modelsDir, hubUrl } = env();
  return { modelsDir, hubUrl };
}

type Entry = { state: PullState; controller: AbortController; done: Promise<PullState> };

const KEEP_ENDED = 20;
const pulls = processWide("model-pulls", () => new Map<string, Entry>());
const hub = processWide("model-pull-hub", () => new LiveHub<PullState>({ isFinal: (s) => isEndedPull(s.status), capacity: 1 }));

function update(entry: Entry, change: Partial<PullState>): PullState {
  entry.state = { ...entry.state, ...change };
  hub.publish(entry.state.id, entry.state);
  return entry.state;
}

function forgetOldEnded(): void {
  const ended = [...pulls.values()].filter((e) => isEndedPull(e.state.status));
  for (const e of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) {
    pulls.delete(e.state.id);
    hub.drop(e.state.id);
  }
}

const fromProgress = (p: DownloadProgress): Partial<PullState> => ({
  status: p.phase,
  bytesDone: p.bytesDone,
  bytesTotal: p.bytesTotal,
  bytesFetched: p.bytesFetched,
  resumedFrom: p.resumedFrom,
  bytesPerSecond: p.bytesPerSecond,
  secondsLeft: p.secondsLeft,
});

/**
 * Starts pulling `name` (a preset or an hf: URI) into the models folder. Answers once the hub has said what
 * the file is and the disk has room for it; the download goes on in the background. Refuses a second pull of
 * the same file and a file already in the folder.
 */
export async function startPull(ctx: PullContext, name: string): Promise<{ state: PullState; done: Promise<PullState> }> {
  const file = resolveHubFile(name, ctx.hubUrl);
  const running = [...pulls.values()].find((e) => e.state.fileName === file.fileName && !isEndedPull(e.state.status));
  if (running) {
    throw new AppError("conflict", `${file.fileName} is already being pulled (pull ${running.state.id}). Watch that pull, or cancel it before starting another.`, {
      details: { pullId: running.state.id },
    });
  }
  const dest = path.join(ctx.modelsDir, file.fileName);
  if (fs.existsSync(dest)) {
    throw new AppError("conflict", `${file.fileName} is already in the models folder (${dest}). Delete it first if you want to pull it again.`);
  }
  const controller = new AbortController();
  const now = new Date().toISOString();
  const state: PullState = {
    id: randomUUID(),
    name: file.name,
    fileName: file.fileName,
    status: "checking",
    bytesDone: 0,
    bytesTotal: null,
    bytesFetched: 0,
    resumedFrom: 0,
    bytesPerSecond: null,
    secondsLeft: null,
    sha256: null,
    message: null,
    startedAt: now,
    endedAt: null,
  };
  const entry: Entry = { state, controller, done: Promise.resolve(state) };
  pulls.set(state.id, entry); // held from here, so a second request for the same file is refused at once
  let remote;
  try {
    fs.mkdirSync(ctx.modelsDir, { recursive: true });
    remote = await probeHubFile(file, ctx.hubUrl, controller.signal);
  } catch (err) {
    pulls.delete(state.id);
    throw err;
  }
  update(entry, { status: "downloading", sha256: remote.sha256, bytesTotal: remote.sizeBytes });
  entry.done = downloadVerified(file, remote, dest, { signal: controller.signal, onProgress: (p) => update(entry, fromProgress(p)) }).then(
    (p) => update(entry, { ...fromProgress(p), status: "done", endedAt: new Date().toISOString() }),
    (err: unknown) => ended(entry, err),
  );
  forgetOldEnded();
  return { state: entry.state, done: entry.done };
}

function ended(entry: Entry, err: unknown): PullState {
  const at = new Date().toISOString();
  if (entry.controller.signal.aborted) {
    const kept = entry.state.bytesDone;
    return update(entry, {
      status: "cancelled",
      endedAt: at,
      bytesPerSecond: null,
      secondsLeft: null,
      message: kept > 0 ? `Cancelled. The ${formatBytes(kept)} downloaded are kept: pull it again to resume.` : "Cancelled.",
    });
  }
  if (!isAppError(err)) log.error(`[pull] ${entry.state.fileName} failed`, err);
  const message = isAppError(err) ? err.message : `The pull failed (${(err as Error).message}). The details are in the server log; pull again to resume.`;
  return update(entry, { status: "failed", endedAt: at, bytesPerSecond: null, secondsLeft: null, message });
}

function requirePull(id: string): Entry {
  const entry = pulls.get(id);
  if (!entry) throw new AppError("not_found", `There is no pull ${id} on this server (pulls are forgotten when the server restarts). Start it again: the part downloaded is kept.`);
  return entry;
}

export function listPulls(): PullState[] {
  return [...pulls.values()].map((e) => e.state).reverse();
}

/** Parts kept by interrupted pulls that no pull of this server is working on: each can be resumed by its name. */
export function keptParts(ctx: PullContext): KeptPart[] {
  const busy = new Set([...pulls.values()].filter((e) => !isEndedPull(e.state.status)).map((e) => e.state.fileName));
  return listKeptParts(ctx.modelsDir).filter((p) => !busy.has(p.fileName));
}

export function getPull(id: string): PullState {
  return requirePull(id).state;
}

/** Stops a running pull; its part stays for the next pull to resume. Cancelling an ended pull changes nothing. */
export async function cancelPull(id: string): Promise<PullState> {
  const entry = requirePull(id);
  if (isEndedPull(entry.state.status)) return entry.state;
  entry.controller.abort(new AppError("conflict", "The pull was cancelled."));
  return await entry.done;
}

/** The pull's state now, then every change until it ends (or the caller stops listening). */
export async function* watchPull(id: string, lastEventId: string | null, signal?: AbortSignal): AsyncGenerator<Logged<PullState>> {
  const entry = requirePull(id);
  yield* hub.subscribe(id, lastEventId, async () => entry.state, signal);
}
