import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STALL_LIMIT_MS } from "./full-disk-watchdog";

// Issue 19, case 8: on a full disk PGlite loops in XLogFlush on the server's thread, and the server ignored
// SIGTERM for minutes until kill -9. A process whose embedded database fills its disk now ends itself, saying why.
// Needs root for mount (CI runs as root).

function mountTmpfs(dir: string, sizeMb: number): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", dir], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

describe("a database that fills its disk", () => {
  it(
    "ends the process with a message instead of spinning for good",
    async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-watchdog-"));
      if (!mountTmpfs(work, 80)) {
        fs.rmSync(work, { recursive: true, force: true });
        console.warn("skipped: mounting a tmpfs needs root");
        return;
      }
      try {
        const child = spawn(
          process.execPath,
          [
            "--conditions=react-server",
            "--import",
            "tsx",
            path.join(import.meta.dirname, "testing/fill-disk.ts"),
            path.join(work, "data"),
          ],
          { stdio: ["ignore", "pipe", "pipe"] },
        );
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        const exited = new Promise<number | null>((resolve) =>
          child.on("exit", (code, signal) => resolve(signal ? 128 + os.constants.signals[signal] : code)),
        );
        const deadline = new Promise<"spinning">((resolve) =>
          setTimeout(() => resolve("spinning"), STALL_LIMIT_MS + 90_000),
        );
        const result = await Promise.race([exited, deadline]);
        if (result === "spinning") child.kill("SIGKILL");
        expect(result, output.slice(-2000)).toBe(137);
        expect(output).toMatch(
          /the disk holding DATA_DIR is full \(\d+ MB free, at .+\) and the embedded database has stopped answering for \d+ s; Lineup stops now/,
        );
      } finally {
        execFileSync("umount", ["-l", work]);
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
    STALL_LIMIT_MS + 120_000,
  );
});
