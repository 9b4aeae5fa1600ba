import "server-only";
import fs from "node:fs";
import os from "node:os";
import type { CellLoad } from "./load-types";

// Measures the machine's load around one generation from /proc: whole-machine CPU time (with steal) and the CPU
// time of this server's process tree, read once at the start and once at the end, so measuring costs two reads
// of a few hundred small files per cell and no timer. Whatever the machine was busy with that is not us is
// "other": another program, another benchmark, or a browser tab watching the run on the same machine.
// Linux only; elsewhere the sampler returns null and the page says nothing about load.

/** USER_HZ: the unit of /proc times. 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

type Snapshot = { at: number; busy: number; total: number; steal: number; tree: Map<number, number> };

/** The aggregate "cpu" line of /proc/stat, in ticks: busy excludes idle, iowait and steal. */
export function parseProcStat(text: string): { busy: number; total: number; steal: number } | null {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return null;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: user + nice + system + irq + softirq, total, steal };
}

/** pid, parent pid and user+system ticks from /proc/<pid>/stat (the name may hold spaces and parentheses). */
export function parsePidStat(text: string): { pid: number; ppid: number; ticks: number } | null {
  const close = text.lastIndexOf(")");
  if (close < 0) return null;
  const rest = text.slice(close + 2).split(" ");
  // After the name: state(0) ppid(1) ... utime(11) stime(12).
  return {
    pid: Number(text.slice(0, text.indexOf(" "))),
    ppid: Number(rest[1]),
    ticks: Number(rest[11]) + Number(rest[12]),
  };
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** CPU ticks of every process in the tree under `root`, keyed by pid. */
function treeTicks(root: number): Map<number, number> {
  const stats: { pid: number; ppid: number; ticks: number }[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = read(`/proc/${name}/stat`);
    const parsed = s ? parsePidStat(s) : null;
    if (parsed) stats.push(parsed);
  }
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const ticks = new Map(stats.map((s) => [s.pid, s.ticks]));
  const tree = new Map<number, number>();
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    if (tree.has(pid)) continue;
    tree.set(pid, ticks.get(pid) ?? 0);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function snapshot(): Snapshot | null {
  const stat = read("/proc/stat");
  const cpu = stat ? parseProcStat(stat) : null;
  if (!cpu) return null;
  try {
    return { at: performance.now(), ...cpu, tree: treeTicks(process.pid) };
  } catch {
    return null;
  }
}

/** The load between two snapshots. A process that started in between counts from zero; one that ended is lost (rare: workers live for the whole cell). */
export function loadBetween(a: Snapshot, b: Snapshot, loadAvg1: number, cpus: number): CellLoad {
  const seconds = Math.max(1e-3, (b.at - a.at) / 1000);
  let own = 0;
  for (const [pid, t] of b.tree) own += Math.max(0, t - (a.tree.get(pid) ?? 0));
  const busy = Math.max(0, b.busy - a.busy);
  const total = Math.max(1, b.total - a.total);
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
  return {
    windowMs: Math.round(b.at - a.at),
    loadAvg1,
    cpus,
    ownCores: round(cores(own)),
    otherCores: round(Math.max(0, cores(busy - own))),
    stealPercent: round((100 * Math.max(0, b.steal - a.steal)) / total),
  };
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Starts measuring; `stop()` returns the load over the window, or null where /proc is not there. */
export function startLoadSampler(): { stop: () => CellLoad | null } {
  const start = process.platform === "linux" ? snapshot() : null;
  return {
    stop: () => {
      if (!start) return null;
      const end = snapshot();
      return end
        ? loadBetween(start, end, round(os.loadavg()[0]), os.availableParallelism?.() ?? os.cpus().length)
        : null;
    },
  };
}
