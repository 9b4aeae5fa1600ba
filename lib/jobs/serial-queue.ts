import "server-only";

// One job at a time, in the order they were queued: runs (models must not compete for the cores) and imports
// (they share two cores with everything else) each have one. Every job carries its own context, so nothing
// depends on which caller came last; a job is cancelled through its AbortSignal, with a reason.

/** A background job (filling in scores, say) waits behind every foreground job, also ones queued after it. */
export type Job<C> = { id: string; ctx: C; background?: boolean };
type Current<C> = Job<C> & { controller: AbortController; done: Promise<void> };

export class SerialQueue<C> {
  private readonly waiting: Job<C>[] = [];
  private current: Current<C> | null = null;

  /**
   * @param work does one job; it must end soon after its signal aborts.
   * @param onChange called after the line changes (a job starts or leaves), e.g. to announce positions.
   */
  constructor(
    private readonly work: (job: Job<C>, signal: AbortSignal) => Promise<unknown>,
    private readonly onChange: (waiting: readonly Job<C>[]) => void = () => {},
    private readonly onError: (job: Job<C>, err: unknown) => void = () => {},
  ) {}

  /** 0 while running, 1 for the next to run, and so on; null when not queued. */
  position(id: string): number | null {
    if (this.current?.id === id) return 0;
    const i = this.waiting.findIndex((j) => j.id === id);
    return i === -1 ? null : i + 1;
  }

  has(id: string): boolean {
    return this.position(id) !== null;
  }

  /** Queues a job (once): a foreground one ahead of any waiting background jobs. Returns its position. */
  enqueue(id: string, ctx: C, { background = false }: { background?: boolean } = {}): number {
    if (!this.has(id)) {
      const firstBackground = background ? -1 : this.waiting.findIndex((j) => j.background);
      if (firstBackground === -1) this.waiting.push({ id, ctx, background });
      else {
        this.waiting.splice(firstBackground, 0, { id, ctx, background });
        this.onChange(this.waiting);
      }
    }
    this.next();
    return this.position(id) ?? 0;
  }

  /** "running": aborted with `reason` and finished; "waiting": taken out of the line; null: not queued. */
  async cancel(id: string, reason: string): Promise<"running" | "waiting" | null> {
    if (this.current?.id === id) {
      const { controller, done } = this.current;
      controller.abort(reason);
      await done;
      return "running";
    }
    const i = this.waiting.findIndex((j) => j.id === id);
    if (i === -1) return null;
    this.waiting.splice(i, 1);
    this.onChange(this.waiting);
    return "waiting";
  }

  /** Resolves once the job has left the queue (finished, failed or cancelled). */
  async wait(id: string): Promise<void> {
    while (this.has(id)) await (this.current?.done ?? new Promise((r) => setTimeout(r, 20)));
  }

  /** Empties the line and aborts the running job with `reason`; resolves when it has stopped. */
  async stopAll(reason: string): Promise<void> {
    this.waiting.length = 0;
    const current = this.current;
    current?.controller.abort(reason);
    await current?.done;
  }

  private next(): void {
    if (this.current) return;
    const job = this.waiting.shift();
    if (!job) return;
    const controller = new AbortController();
    const done = this.work(job, controller.signal)
      .then(
        () => {},
        (err) => this.onError(job, err),
      )
      .finally(() => {
        this.current = null;
        this.next();
      });
    this.current = { ...job, controller, done };
    this.onChange(this.waiting);
  }
}
