import "server-only";
import { log } from "../log";
import type { JobHandler, JobType, Recovered } from "./job-kind";
import { SerialQueue, type Job } from "./serial-queue";

// One line for jobs of several kinds, one job at a time (runs, judges and scorings each load a model or use every
// core). A job carries its kind as a field beside its payload; the line runs it with the handler registered for
// that kind, places it by the kind's priority, and at start asks each kind, in the order registered, to recover.

type Kind<C> = { type: JobType<unknown, C>; handler: JobHandler<unknown, C> };
type Entry<C> = { kind: string; payload: unknown; ctx: C };

export class JobLine<C> {
  private readonly kinds = new Map<string, Kind<C>>();
  private readonly queue = new SerialQueue<Entry<C>>(
    ({ ctx: job }, signal) => this.kind(job.kind).handler.run(job.payload, job.ctx, signal, this),
    (waiting) => this.announce(waiting),
    ({ ctx: job }, err) => log.error(`${this.describe(job)} crashed`, err),
  );

  /** At boot. Registering a name again (a development reload) replaces its handler and keeps its turn in recovery. */
  register<P>(type: JobType<P, C>, handler: JobHandler<P, C>): void {
    this.kinds.set(type.name, { type, handler } as unknown as Kind<C>);
  }

  /** Queues a job (once), by its kind's priority. Returns its position: 0 running, 1 next, and so on. */
  enqueue<P>(type: JobType<P, C>, payload: P, ctx: C): number {
    const { priority } = this.kind(type.name).type;
    return this.queue.enqueue(
      this.key(type, payload),
      { kind: type.name, payload, ctx },
      { background: priority === "background" },
    );
  }

  /** 0 while running, 1 for the next to run, and so on; null when not queued. */
  position<P>(type: JobType<P, C>, payload: P): number | null {
    return this.queue.position(this.key(type, payload));
  }

  has<P>(type: JobType<P, C>, payload: P): boolean {
    return this.position(type, payload) !== null;
  }

  /** "running": aborted with `reason` and finished; "waiting": taken out of the line; null: not queued. */
  cancel<P>(type: JobType<P, C>, payload: P, reason: string): Promise<"running" | "waiting" | null> {
    return this.queue.cancel(this.key(type, payload), reason);
  }

  /** Resolves once the job has left the line (finished, failed or cancelled). */
  wait<P>(type: JobType<P, C>, payload: P): Promise<void> {
    return this.queue.wait(this.key(type, payload));
  }

  /** Empties the line and aborts the running job with `reason`; resolves when it has stopped. */
  stopAll(reason: string): Promise<void> {
    return this.queue.stopAll(reason);
  }

  /** At start: each kind with a recovery, in registration order (so queued runs go back ahead of queued judges). */
  async recover(ctx: C): Promise<Map<string, Recovered>> {
    if (!this.kinds.size)
      throw new Error("No job kinds are registered: boot registers them (lib/server/job-kinds.ts).");
    const found = new Map<string, Recovered>();
    for (const [name, { handler }] of this.kinds)
      if (handler.recover) found.set(name, await handler.recover(ctx, this));
    return found;
  }

  private kind(name: string): Kind<C> {
    const kind = this.kinds.get(name);
    if (!kind)
      throw new Error(`No "${name}" job kind is registered: boot registers the kinds (lib/server/job-kinds.ts).`);
    return kind;
  }

  // A run and its scoring are both named by the run's id: the key keeps them apart. It is only compared, never
  // read back: a job's kind is its `kind` field.
  private key<P>(type: JobType<P, C>, payload: P): string {
    return JSON.stringify([type.name, type.idOf(payload)]);
  }

  private describe(job: Entry<C>): string {
    return `${job.kind} ${this.kind(job.kind).type.idOf(job.payload)}`;
  }

  private announce(waiting: readonly Job<Entry<C>>[]): void {
    waiting.forEach(({ ctx: job }, i) => {
      const { handler } = this.kind(job.kind);
      handler
        .announce?.(job.payload, job.ctx, i + 1)
        .catch((err) => log.error(`${this.describe(job)}: could not announce its place`, err));
    });
  }
}
