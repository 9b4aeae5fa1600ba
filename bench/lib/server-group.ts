import fs from "node:fs";

/** Ends a benchmark's server (started detached, in its own process group) and removes its work directory. */
export async function stopServerGroup(pid: number | undefined, work: string, graceMs: number): Promise<void> {
  try {
    if (pid) process.kill(-pid, "SIGTERM");
  } catch {
    // already gone
  }
  await new Promise((r) => setTimeout(r, graceMs));
  fs.rmSync(work, { recursive: true, force: true });
}
