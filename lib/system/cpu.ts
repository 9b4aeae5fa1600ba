import fs from "node:fs";
import os from "node:os";

/**
 * Physical cores, not hyper-threads: llama.cpp decodes slower when given more threads than cores.
 * Counts distinct (physical id, core id) pairs in /proc/cpuinfo; falls back to logical CPUs elsewhere.
 */
export function physicalCores(cpuinfo?: string): number {
  const logical = os.availableParallelism?.() ?? os.cpus().length;
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = fs.readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return Math.max(1, logical);
    }
  }
  const cores = new Set<string>();
  for (const block of text.split(/\n\s*\n/)) {
    const phys = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
    const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (phys !== undefined && core !== undefined) cores.add(`${phys}:${core}`);
  }
  const count = cores.size > 0 ? cores.size : logical;
  return Math.max(1, Math.min(count, logical));
}
