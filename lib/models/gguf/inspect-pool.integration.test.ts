import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inspectIsolated, setInspectLimitsForTests } from "./inspect-pool";

// A file whose read never returns (a named pipe nobody writes to: what a hung network disk looks like to a
// reader). The verdict is stored until the file changes, so a busy moment must not earn it: the reader tries once
// more, alone and with three times the limit, and only then calls the file damaged.

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-inspect-pool-"));
afterAll(() => {
  setInspectLimitsForTests({ fileMs: 10_000, startupMs: 15_000 });
  fs.rmSync(work, { recursive: true, force: true });
});

describe("the model-header reader's time limit", () => {
  it("reads a file that never answers twice, the second time alone and longer, before calling it damaged", async () => {
    const pipe = path.join(work, "hung.gguf");
    execFileSync("mkfifo", [pipe]);
    const fileMs = 400;
    const startupMs = 4_000;
    setInspectLimitsForTests({ fileMs, startupMs });
    const started = Date.now();
    const result = await inspectIsolated(pipe, `${pipe}:0:0`);
    const took = Date.now() - started;
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(/longer than 0.4 s, and again longer than 1.2 s with the reader to itself/);
    expect(result.transient).toBeFalsy();
    // Both attempts ran to their limits: at least the first's file limit plus the retry's (longer) one.
    expect(took).toBeGreaterThanOrEqual(fileMs + fileMs * 3);
  }, 60_000);
});
