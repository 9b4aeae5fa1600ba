import { describe, expect, it } from "vitest";
import { LiveHub, type Logged } from "./hub";

type E = { n: number; final?: boolean };
const hub = () => new LiveHub<E>({ isFinal: (e) => !!e.final, capacity: 5, maxBehind: 10 });
const snapshotOf = (n: number) => async () => ({ n: -n });

async function take(gen: AsyncGenerator<Logged<E>>, count: number): Promise<Logged<E>[]> {
  const out: Logged<E>[] = [];
  for await (const e of gen) {
    out.push(e);
    if (out.length >= count) break;
  }
  return out;
}

describe("live hub", () => {
  it("keeps only the newest events of a topic", () => {
    const h = hub();
    for (let n = 1; n <= 12; n++) h.publish("a", { n });
    expect(h.held("a")).toBe(5);
    expect(h.latest("a")).toEqual({ n: 12 });
  });

  it("gives a reconnecting viewer exactly the events after its id while the log holds them", async () => {
    const h = hub();
    const ids = [1, 2, 3, 4].map((n) => h.publish("a", { n }).id);
    h.publish("a", { n: 5, final: true });
    const events = await take(h.subscribe("a", ids[1], snapshotOf(1)), 10);
    expect(events.map((e) => e.event.n)).toEqual([3, 4, 5]);
  });

  it("gives a viewer whose id is older than the log a snapshot first, then what follows", async () => {
    const h = hub();
    const first = h.publish("a", { n: 1 }).id;
    for (let n = 2; n <= 9; n++) h.publish("a", { n });
    h.publish("a", { n: 10, final: true });
    const events = await take(h.subscribe("a", first, snapshotOf(99)), 10);
    expect(events.map((e) => e.event.n)).toEqual([-99]);
  });

  it("ends a viewer that falls too far behind instead of buffering without limit", async () => {
    const h = hub();
    const gen = h.subscribe("a", null, snapshotOf(0));
    expect((await gen.next()).value?.event).toEqual({ n: -0 });
    // The viewer reads nothing while 50 events are published.
    for (let n = 1; n <= 50; n++) h.publish("a", { n });
    const rest: number[] = [];
    for await (const e of gen) rest.push(e.event.n);
    expect(rest.length).toBeLessThanOrEqual(10);
    expect(rest).toEqual(rest.slice().sort((a, b) => a - b));
  });
});
