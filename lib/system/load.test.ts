import { describe, expect, it } from "vitest";
import { loadBetween, parsePidStat, parseProcStat, startLoadSampler } from "./load";

describe("machine load from /proc", () => {
  it("reads busy, total and steal ticks from /proc/stat", () => {
    const s = parseProcStat("cpu  100 5 50 800 20 3 2 10 0 0\ncpu0 1 2 3\n");
    expect(s).toEqual({ busy: 160, total: 990, steal: 10 });
  });

  it("reads a process line whose name holds spaces and parentheses", () => {
    const line = "4242 (node (worker) x) S 4000 4242 4000 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 11 0 1000 0 0";
    expect(parsePidStat(line)).toEqual({ pid: 4242, ppid: 4000, ticks: 280 });
  });

  it("splits the machine's CPU between this process tree and everything else", () => {
    const a = {
      at: 0,
      busy: 1000,
      total: 5000,
      steal: 0,
      tree: new Map([
        [1, 100],
        [2, 50],
      ]),
    };
    // 2 s later: the machine did 400 busy ticks (2 cores), our tree 200 of them (one was born in between), 40 steal.
    const b = {
      at: 2000,
      busy: 1400,
      total: 5440,
      steal: 40,
      tree: new Map([
        [1, 200],
        [2, 100],
        [3, 50],
      ]),
    };
    const load = loadBetween(a, b, 1.5, 2);
    expect(load.ownCores).toBe(1);
    expect(load.otherCores).toBe(1);
    expect(load.stealPercent).toBeCloseTo(9.09, 1);
  });

  it("sees this test's own busy loop as our CPU, not someone else's", () => {
    const cpuBefore = process.cpuUsage();
    const sampler = startLoadSampler();
    const until = performance.now() + 300;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    const load = sampler.stop();
    const cpu = process.cpuUsage(cpuBefore);
    if (process.platform !== "linux") return expect(load).toBeNull(); // /proc exists only on Linux
    expect(x).toBeGreaterThan(0);
    // Whatever share of a (possibly busy) machine the loop got, the sampler books it to us: within a tick or two.
    const ourCores = (cpu.user + cpu.system) / 1000 / load!.windowMs;
    expect(load!.ownCores).toBeGreaterThan(ourCores - 0.1);
    expect(load!.ownCores).toBeGreaterThan(0.05);
    expect(load!.windowMs).toBeGreaterThanOrEqual(300);
  });
});
