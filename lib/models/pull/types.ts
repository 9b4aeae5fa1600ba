// What a pull looks like from outside: the API's answer and the events on /api/models/pulls/:id/events.
// Types only, so the browser's pull panel can import them.

export type PullStatus = "checking" | "downloading" | "verifying" | "done" | "failed" | "cancelled";

export type PullState = {
  id: string;
  /** What was asked for: a preset name or an hf: URI. */
  name: string;
  /** The file name in MODELS_DIR. */
  fileName: string;
  status: PullStatus;
  bytesDone: number;
  bytesTotal: number | null;
  /** Bytes taken over the network by this pull (less than bytesDone after a resume). */
  bytesFetched: number;
  /** Where this pull started from a part kept by an earlier, interrupted one (0: from the start). */
  resumedFrom: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
  /** The SHA-256 the hub advertises, which the file is checked against. */
  sha256: string | null;
  /** For a failed or cancelled pull: what happened and what to do. */
  message: string | null;
  startedAt: string;
  endedAt: string | null;
};

export const isEndedPull = (status: PullStatus) => status === "done" || status === "failed" || status === "cancelled";

/** A part kept by an interrupted pull, which a pull of `name` resumes. */
export type KeptPullPart = { fileName: string; name: string; bytesDone: number; sizeBytes: number };
