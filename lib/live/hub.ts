import "server-only";
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";

// The one live-update hub: runs and imports publish here, viewers subscribe. Each topic (a run, an import)
// keeps a bounded log of its latest events, each with an id "<process epoch>-<sequence>". A viewer that comes
// back with Last-Event-ID from this process and within the log gets exactly the events after it; any other
// viewer (no id, an id from before a restart, or one older than the log) gets a snapshot first, built from
// the database. Nothing here is durable: the database is, and snapshots come from it.
// A viewer that falls too far behind (a slow reader) is ended rather than buffered without limit: its
// EventSource reconnects with its last id and catches up from the log or a snapshot.

export type Logged<E> = { id: string; seq: number; event: E };

export type HubOptions<E> = {
  /** An event after which the topic has nothing more to say (a finished run, an ended import). */
  isFinal: (event: E) => boolean;
  /** Events kept per topic for reconnecting viewers. */
  capacity?: number;
  /** Events a viewer may fall behind before it is ended. */
  maxBehind?: number;
};

type Topic<E> = { events: Logged<E>[]; last: number; emitter: EventEmitter; final: boolean };

const EPOCH = randomBytes(4).toString("hex");

export function parseEventId(id: string | null | undefined): number | null {
  if (!id) return null;
  const [epoch, seq] = id.split("-");
  return epoch === EPOCH && /^\d+$/.test(seq ?? "") ? Number(seq) : null;
}

export class LiveHub<E> {
  private readonly topics = new Map<string, Topic<E>>();
  private readonly capacity: number;
  private readonly maxBehind: number;

  constructor(private readonly options: HubOptions<E>) {
    this.capacity = options.capacity ?? 2000;
    this.maxBehind = options.maxBehind ?? 5000;
  }

  private topic(key: string): Topic<E> {
    let topic = this.topics.get(key);
    if (!topic) {
      topic = { events: [], last: 0, emitter: new EventEmitter().setMaxListeners(0), final: false };
      this.topics.set(key, topic);
    }
    return topic;
  }

  publish(key: string, event: E): Logged<E> {
    const topic = this.topic(key);
    topic.last += 1;
    const logged = { id: `${EPOCH}-${topic.last}`, seq: topic.last, event };
    topic.events.push(logged);
    if (topic.events.length > this.capacity) topic.events.splice(0, topic.events.length - this.capacity);
    topic.final = this.options.isFinal(event);
    topic.emitter.emit("event", logged);
    return logged;
  }

  /** The latest event of a topic, if any is still held. */
  latest(key: string): E | undefined {
    return this.topics.get(key)?.events.at(-1)?.event;
  }

  /** Events held for a topic (bounded by the capacity). */
  held(key: string): number {
    return this.topics.get(key)?.events.length ?? 0;
  }

  /** Forgets a topic; later viewers get a snapshot from the database. */
  drop(key: string): void {
    this.topics.delete(key);
  }

  /**
   * What a viewer needs: the events after `lastEventId` when the log still has them, else `snapshot()` (as an
   * event) and everything after it. Ends after a final event, when `signal` aborts, or when the viewer falls
   * more than maxBehind events behind.
   */
  async *subscribe(
    key: string,
    lastEventId: string | null,
    snapshot: () => Promise<E>,
    signal?: AbortSignal,
  ): AsyncGenerator<Logged<E>> {
    const topic = this.topic(key);
    const queue: Logged<E>[] = [];
    let wake: (() => void) | undefined;
    let overflow = false;
    const listener = (e: Logged<E>) => {
      if (queue.length >= this.maxBehind) overflow = true;
      else queue.push(e);
      wake?.();
    };
    topic.emitter.on("event", listener);
    const onAbort = () => wake?.();
    signal?.addEventListener("abort", onAbort);
    try {
      let after = parseEventId(lastEventId);
      const oldest = topic.events[0]?.seq ?? topic.last + 1;
      if (after === null || after > topic.last || after < oldest - 1) {
        const seqBefore = topic.last;
        const event = await snapshot();
        yield { id: `${EPOCH}-${seqBefore}`, seq: seqBefore, event };
        after = seqBefore;
        if (this.options.isFinal(event) && topic.last === seqBefore) return;
      }
      let last = after;
      for (const e of topic.events) {
        if (e.seq <= last) continue;
        last = e.seq;
        yield e;
      }
      if (topic.final && topic.last === last) return;
      while (!signal?.aborted && !overflow) {
        if (queue.length === 0) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        while (queue.length && !overflow) {
          const e = queue.shift()!;
          if (e.seq <= last) continue;
          last = e.seq;
          yield e;
          if (this.options.isFinal(e.event)) return;
        }
      }
    } finally {
      topic.emitter.off("event", listener);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
