import { randomBytes } from "node:crypto";
import { cellId } from "./cell-id";
import { EventEmitter } from "node:events";
import type { GenerationView, QuestionView, RunDetail, RunStatus } from "./types";

// The live event log of each run in this process. Every event has an id "<process epoch>-<sequence>": a client
// that reconnects with Last-Event-ID from this process gets exactly the events after it; one whose id is from
// an earlier process (a restart) or who has none gets a snapshot from the database first. The client applies
// events idempotently (lib/runs/reducer.ts), so a snapshot overlapping later events repeats nothing.

export type CellKey = { questionId: number; model: string; repetition: number };

export type RunEvent =
  | { type: "status"; status: RunStatus; done: number; total: number; position?: number; error?: string | null }
  | { type: "question"; question: QuestionView }
  | { type: "model"; model: string; repetition: number; state: "loading" | "loaded" | "failed" | "unloaded"; loadMs?: number; error?: string }
  | { type: "cell"; cell: CellKey; cold: boolean }
  | { type: "token"; cell: CellKey; offset: number; text: string; t: number; at: number }
  | { type: "generation"; generation: GenerationView }
  | { type: "snapshot"; detail: RunDetail };

export type LoggedEvent = { id: string; seq: number; event: RunEvent };

const EPOCH = randomBytes(4).toString("hex");
const FINAL: RunStatus[] = ["completed", "failed", "cancelled", "interrupted"];

type Log = { events: LoggedEvent[]; partials: Map<string, string>; emitter: EventEmitter; final: boolean };
const holder = globalThis as typeof globalThis & { __lineupRunLogs?: Map<string, Log> };
const logs = (holder.__lineupRunLogs ??= new Map());

export { cellId };

function logFor(runId: string): Log {
  let log = logs.get(runId);
  if (!log) {
    log = { events: [], partials: new Map(), emitter: new EventEmitter().setMaxListeners(0), final: false };
    logs.set(runId, log);
  }
  return log;
}

export function emitRunEvent(runId: string, event: RunEvent): LoggedEvent {
  const log = logFor(runId);
  if (event.type === "cell") log.partials.set(cellId(event.cell), "");
  if (event.type === "token") log.partials.set(cellId(event.cell), (log.partials.get(cellId(event.cell)) ?? "") + event.text);
  if (event.type === "generation") log.partials.delete(cellId(event.generation));
  if (event.type === "status") log.final = FINAL.includes(event.status);
  const seq = log.events.length + 1;
  const logged = { id: `${EPOCH}-${seq}`, seq, event };
  log.events.push(logged);
  log.emitter.emit("event", logged);
  return logged;
}

/** Text generated so far by cells still running, for snapshots. */
export function partialTexts(runId: string): Record<string, string> {
  return Object.fromEntries(logs.get(runId)?.partials ?? []);
}

/** Forgets a finished run's live log; the database has everything a replay needs. */
export function dropRunLog(runId: string): void {
  logs.delete(runId);
}

function parseId(id: string | null | undefined): number | null {
  if (!id) return null;
  const [epoch, seq] = id.split("-");
  return epoch === EPOCH && /^\d+$/.test(seq ?? "") ? Number(seq) : null;
}

/**
 * The events a client needs: the ones after `lastEventId` when it is from this process, else a snapshot
 * (built by `snapshot`) and everything after it. Ends once the run has ended, or when `signal` aborts.
 */
export async function* runEvents(
  runId: string,
  lastEventId: string | null,
  snapshot: () => Promise<RunDetail>,
  signal?: AbortSignal,
): AsyncGenerator<LoggedEvent> {
  const log = logFor(runId);
  const queue: LoggedEvent[] = [];
  let wake: (() => void) | undefined;
  const listener = (e: LoggedEvent) => {
    queue.push(e);
    wake?.();
  };
  log.emitter.on("event", listener);
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    let after = parseId(lastEventId);
    if (after === null || after > log.events.length) {
      const seqBefore = log.events.length;
      const detail = await snapshot();
      yield { id: `${EPOCH}-${seqBefore}`, seq: seqBefore, event: { type: "snapshot", detail } };
      after = seqBefore;
      if (FINAL.includes(detail.run.status) && log.events.length === seqBefore) return;
    }
    for (const e of log.events.slice(after)) yield e;
    let last = log.events.length;
    queue.length = 0;
    if (log.final) return;
    while (!signal?.aborted) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      while (queue.length) {
        const e = queue.shift()!;
        if (e.seq <= last) continue;
        last = e.seq;
        yield e;
        if (e.event.type === "status" && FINAL.includes(e.event.status)) return;
      }
    }
  } finally {
    log.emitter.off("event", listener);
    signal?.removeEventListener("abort", onAbort);
  }
}
