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

/** Polls `probe` every half second until it answers (errors count as not yet), or fails naming what it waited for. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}
