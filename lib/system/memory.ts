import "server-only";
import fs from "node:fs";
import os from "node:os";

/** Memory a new process could use now: MemAvailable on Linux (free + reclaimable cache), else os.freemem(). */
export function availableMemoryBytes(): number {
  try {
    const match = /^MemAvailable:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/meminfo", "utf8"));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return os.freemem();
}
