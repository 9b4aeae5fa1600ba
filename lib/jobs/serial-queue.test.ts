import { describe, expect, it } from "vitest";
import { SerialQueue } from "./serial-queue";

describe("serial queue", () => {
  it("runs one job at a time, each with its own context, and cancels running and waiting jobs", async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const queue = new SerialQueue<{ label: string }>(async ({ id, ctx }, signal) => {
      running++;
      most = Math.max(most, running);
      log.push(`${id}:${ctx.label}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        signal.addEventListener("abort", () => (clearTimeout(timer), log.push(`${id}:${signal.reason}`), resolve()));
      });
      running--;
    });
    expect(queue.enqueue("a", { label: "first" })).toBe(0);
    expect(queue.enqueue("b", { label: "second" })).toBe(1);
    expect(queue.enqueue("c", { label: "third" })).toBe(2);
    expect(await queue.cancel("b", "cancel")).toBe("waiting");
    expect(await queue.cancel("a", "cancel")).toBe("running");
    await queue.wait("c");
    expect(log).toEqual(["a:first", "a:cancel", "c:third"]);
    expect(most).toBe(1);
    expect(queue.position("c")).toBeNull();
  });

  it("puts a foreground job ahead of waiting background jobs, and a background one at the end", async () => {
    const order: string[] = [];
    const queue = new SerialQueue<null>(async ({ id }) => {
      order.push(id);
      await new Promise((r) => setTimeout(r, 10));
    });
    queue.enqueue("run-1", null);
    queue.enqueue("score-1", null, { background: true });
    queue.enqueue("score-2", null, { background: true });
    expect(queue.enqueue("run-2", null)).toBe(1); // next after the running one, ahead of both scorings
    expect(queue.enqueue("score-3", null, { background: true })).toBe(4);
    await queue.wait("score-3");
    expect(order).toEqual(["run-1", "run-2", "score-1", "score-2", "score-3"]);
  });
});
