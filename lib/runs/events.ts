import "server-only";
import { LiveHub, type Logged } from "../live/hub";
import { processWide } from "../process-wide";
import { cellId } from "./cell-key";
import { isFinalRunStatus } from "./status";
import type { RunDetail, RunEvent } from "./types";

// The live events of runs, on the shared hub (lib/live/hub.ts): a reconnecting viewer gets exactly what it
// missed, or a snapshot from the database. The client applies events idempotently (lib/runs/reducer.ts), so
// a snapshot overlapping later events repeats nothing. Besides the bounded log, the text of cells still
// running is kept here, so a snapshot taken mid-answer shows the answer so far.

export type { CellKey } from "./cell-key";
export type { LoggedEvent, RunEvent } from "./types";

const isFinal = (e: RunEvent) =>
  (e.type === "status" && isFinalRunStatus(e.status)) ||
  (e.type === "snapshot" && isFinalRunStatus(e.detail.run.status));
const hub = processWide("run-hub", () => new LiveHub<RunEvent>({ isFinal }));
const partials = processWide("run-partials", () => new Map<string, Map<string, string>>());

export function emitRunEvent(runId: string, event: RunEvent): Logged<RunEvent> {
  let texts = partials.get(runId);
  if (!texts) partials.set(runId, (texts = new Map()));
  if (event.type === "cell") texts.set(cellId(event.cell), "");
  if (event.type === "token") texts.set(cellId(event.cell), (texts.get(cellId(event.cell)) ?? "") + event.text);
  if (event.type === "generation") texts.delete(cellId(event.generation));
  if (isFinal(event)) partials.delete(runId);
  return hub.publish(runId, event);
}

/** Text generated so far by cells still running, for snapshots. */
export function partialTexts(runId: string): Record<string, string> {
  return Object.fromEntries(partials.get(runId) ?? []);
}

/** Events of a run held in memory (bounded; older ones come from the database snapshot). */
export const heldRunEvents = (runId: string) => hub.held(runId);

/** Forgets a finished run's live log; the database has everything a replay needs. */
export function dropRunLog(runId: string): void {
  hub.drop(runId);
  partials.delete(runId);
}

/**
 * The events a client needs: the ones after `lastEventId` when the log still has them, else a snapshot
 * (built by `snapshot`) and everything after it. Ends once the run has ended, or when `signal` aborts.
 */
export function runEvents(
  runId: string,
  lastEventId: string | null,
  snapshot: () => Promise<RunDetail>,
  signal?: AbortSignal,
) {
  return hub.subscribe(
    runId,
    lastEventId,
    async () => ({ type: "snapshot", detail: await snapshot() }) as const,
    signal,
  );
}
