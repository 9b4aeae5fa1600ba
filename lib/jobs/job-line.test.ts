import { describe, expect, it } from "vitest";
import { defineJobType, type JobHandler, type Recovered } from "./job-kind";
import { JobLine } from "./job-line";

// The line with kinds made for the test over the real SerialQueue: every job records what ran, with which
// payload, and waits until told to end (or is aborted).

type Ctx = { log: string[] };
const build = defineJobType<{ name: string }, Ctx>({ name: "build", priority: "foreground", idOf: ({ name }) => name });
const tidy = defineJobType<{ name: string }, Ctx>({ name: "tidy", priority: "background", idOf: ({ name }) => name });

/** A handler whose jobs end when `release()` is called or their signal aborts. */
function holding(
  kind: string,
  recovered?: (ctx: Ctx, line: JobLine<Ctx>) => Promise<Recovered>,
): JobHandler<{ name: string }, Ctx> & { release: () => void } {
  let release = () => {};
  return {
    release: () => release(),
    run: ({ name }, ctx, signal) => {
      ctx.log.push(`${kind} ${name}`);
      return new Promise<void>((resolve) => {
        release = resolve;
        signal.addEventListener("abort", () => (ctx.log.push(`${kind} ${name} ${signal.reason}`), resolve()));
      });
    },
    announce: async ({ name }, ctx, position) => void ctx.log.push(`${kind} ${name} waits at ${position}`),
    recover: recovered,
  };
}

const quick: JobHandler<{ name: string }, Ctx> = { run: async ({ name }, ctx) => void ctx.log.push(`tidy ${name}`) };

describe("job line", () => {
  it("places a background kind behind every foreground job, also ones queued after it, and keeps kinds' ids apart", async () => {
    const line = new JobLine<Ctx>();
    const builds = holding("build");
    line.register(build, builds);
    line.register(tidy, quick);
    const ctx: Ctx = { log: [] };
    expect(line.enqueue(build, { name: "a" }, ctx)).toBe(0);
    expect(line.enqueue(tidy, { name: "a" }, ctx)).toBe(1); // the same id in another kind: another job
    expect(line.enqueue(tidy, { name: "b" }, ctx)).toBe(2);
    expect(line.enqueue(build, { name: "b" }, ctx)).toBe(1); // queued later, it goes ahead of both
    expect(line.enqueue(build, { name: "b" }, ctx)).toBe(1); // asked again: the same job
    expect([
      line.position(build, { name: "a" }),
      line.position(tidy, { name: "a" }),
      line.position(tidy, { name: "b" }),
    ]).toEqual([0, 2, 3]);
    builds.release();
    await expect.poll(() => line.position(build, { name: "b" })).toBe(0);
    builds.release();
    await line.wait(tidy, { name: "b" });
    expect(ctx.log).toEqual(["build a", "build b waits at 1", "build b", "tidy a", "tidy b"]);
  });

  it("cancels a running job through its signal and a waiting one out of the line; stopAll empties it", async () => {
    const line = new JobLine<Ctx>();
    line.register(build, holding("build"));
    const ctx: Ctx = { log: [] };
    line.enqueue(build, { name: "a" }, ctx);
    line.enqueue(build, { name: "b" }, ctx);
    line.enqueue(build, { name: "c" }, ctx);
    expect(await line.cancel(build, { name: "b" }, "cancel")).toBe("waiting");
    expect(await line.cancel(build, { name: "a" }, "cancel")).toBe("running");
    await expect.poll(() => line.position(build, { name: "c" })).toBe(0);
    await line.stopAll("shutdown");
    expect(line.has(build, { name: "c" })).toBe(false);
    expect(ctx.log.filter((l) => !l.includes("waits"))).toEqual([
      "build a",
      "build a cancel",
      "build c",
      "build c shutdown",
    ]);
  });

  it("recovers kind by kind in registration order, each job placed by its kind's priority, and reports what each found", async () => {
    const line = new JobLine<Ctx>();
    const order: string[] = [];
    const tidyRecovering = (label: string): JobHandler<{ name: string }, Ctx> => ({
      ...quick,
      recover: async (ctx, l) => (
        order.push(label),
        l.enqueue(tidy, { name: "old" }, ctx),
        { interrupted: 0, requeued: 1 }
      ),
    });
    line.register(tidy, tidyRecovering("tidy"));
    line.register(
      build,
      holding("build", async (ctx, l) => {
        order.push("build");
        for (const name of ["x", "y"]) l.enqueue(build, { name }, ctx);
        return { interrupted: 1, requeued: 2 };
      }),
    );
    line.register(tidy, tidyRecovering("tidy again")); // a reload: the new handler, in the kind's first turn
    const ctx: Ctx = { log: [] };
    line.enqueue(build, { name: "now" }, ctx); // already running when recovery starts
    const found = await line.recover(ctx);
    expect(order).toEqual(["tidy again", "build"]);
    expect([...found.entries()]).toEqual([
      ["tidy", { interrupted: 0, requeued: 1 }],
      ["build", { interrupted: 1, requeued: 2 }],
    ]);
    // Tidy's job was queued first, but it is background: the builds recovered after it go ahead.
    expect(["x", "y"].map((name) => line.position(build, { name }))).toEqual([1, 2]);
    expect(line.position(tidy, { name: "old" })).toBe(3);
    await line.stopAll("shutdown");
  });

  it("refuses a kind nobody registered, and recovery before any kind is registered", async () => {
    const line = new JobLine<Ctx>();
    await expect(line.recover({ log: [] })).rejects.toThrow(/No job kinds are registered/);
    line.register(build, holding("build"));
    expect(() => line.enqueue(tidy, { name: "a" }, { log: [] })).toThrow(/No "tidy" job kind is registered/);
  });
});
