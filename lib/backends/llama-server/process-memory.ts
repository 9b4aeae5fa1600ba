import fs from "node:fs";

/** Resident memory of a process now and at its peak (VmRSS, VmHWM in /proc/<pid>/status); null off Linux or once it ended. */
export function processMemory(pid: number): { rssBytes: number; peakRssBytes: number } | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  const rssBytes = kb("VmRSS");
  const peakRssBytes = kb("VmHWM");
  return Number.isFinite(rssBytes) && Number.isFinite(peakRssBytes) ? { rssBytes, peakRssBytes } : null;
}
