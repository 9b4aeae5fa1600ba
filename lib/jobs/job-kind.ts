// A kind of job in a job line (./job-line.ts), in two halves. The type (name, payload, priority) is declared by
// the module that asks for such jobs; the handler (what a job does, how it is announced, what is recovered at
// start) is registered with the line at boot. So a lower layer can ask for work a higher one does: a run asks
// for its answers to be scored, and lib/quality, which scores them, registers the handler.

/** "background": behind every foreground job, also ones queued after it. */
export type Priority = "foreground" | "background";

export type JobType<P, C> = {
  readonly name: string;
  readonly priority: Priority;
  /** Names one job among its kind's (a run's id, say): the same job asked for twice is queued once. */
  readonly idOf: (payload: P) => string;
  /** Never set: ties the context the kind's jobs get to the type, for the compiler. */
  readonly ctx?: C;
};

export function defineJobType<P, C>(type: {
  name: string;
  priority: Priority;
  idOf: (payload: P) => string;
}): JobType<P, C> {
  return type;
}

/** What a kind found at start: jobs the last server left half-done, and jobs put back in line. */
export type Recovered = { interrupted: number; requeued: number };

/** What a handler may do with its line (./job-line.ts implements it): queue more work, and ask where a job is. */
export type LineAccess<C> = {
  enqueue<Q>(type: JobType<Q, C>, payload: Q, ctx: C): number;
  position<Q>(type: JobType<Q, C>, payload: Q): number | null;
  has<Q>(type: JobType<Q, C>, payload: Q): boolean;
};

export type JobHandler<P, C> = {
  /** Does one job; it must end soon after `signal` aborts (reason "cancel" or "shutdown"). */
  run(payload: P, ctx: C, signal: AbortSignal, line: LineAccess<C>): Promise<unknown>;
  /** Told the job's place whenever the line moves while it waits (1 = next). */
  announce?(payload: P, ctx: C, position: number): Promise<void>;
  /** At start, in registration order: marks what was cut short, queues what was waiting. */
  recover?(ctx: C, line: LineAccess<C>): Promise<Recovered>;
};
