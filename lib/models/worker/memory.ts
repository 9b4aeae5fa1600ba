import "server-only";
import fs from "node:fs";

// Resident memory from /proc (Linux); elsewhere Node's own figure, and no peak reset.

function statusField(name: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function rssBytes(): number {
  return statusField("VmRSS") ?? process.memoryUsage.rss();
}

/** Peak resident memory since the last resetPeakRss(). */
export function peakRssBytes(): number {
  return statusField("VmHWM") ?? process.memoryUsage.rss();
}

/** Restarts the peak counter (Linux: writing 5 to clear_refs resets VmHWM to the current RSS). */
export function resetPeakRss(): boolean {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}
