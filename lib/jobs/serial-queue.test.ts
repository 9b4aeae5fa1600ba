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
});
