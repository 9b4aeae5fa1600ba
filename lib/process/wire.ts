// The messages between the server and any of its child processes (model workers, the embedding process).
// Plain data, no handles. Requests carry an id; every reply names the request it answers. Types only.

/** A child's methods: what each takes, returns, and reports while it works. */
export type Protocol = Record<string, { params: unknown; result: unknown; progress?: unknown }>;

export type ToChild = { id: number; method: string; params: unknown };

export type FromChild =
  | { kind: "ready"; pid: number }
  /** Sent every second while the child's event loop runs: silence means it is stopped or stuck. */
  | { kind: "heartbeat" }
  | { kind: "log"; level: string; text: string }
  | { kind: "progress"; id: number; value: unknown }
  | { kind: "result"; id: number; value: unknown }
  | { kind: "error"; id: number; message: string; code?: string };

export const HEARTBEAT_MS = 1000;
