import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { diskFullError, isDiskFull } from "./disk";

// "The disk is full" must be recognised however it arrives: from the file system, or from a database through
// drizzle's "Failed query: ..." wrapper (issue 19 saw only "Failed query: CREATE INDEX ..." on a full disk).

function realEnospc(): NodeJS.ErrnoException | null {
  if (process.getuid?.() !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-enospc-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "pipe" });
  } catch {
    return null;
  }
  try {
    fs.writeFileSync(path.join(dir, "f"), Buffer.alloc(2 * 1024 * 1024));
    return null;
  } catch (err) {
    return err as NodeJS.ErrnoException;
  } finally {
    execFileSync("umount", ["-l", dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("a full disk is recognised", () => {
  it("from the file system (ENOSPC, on a real 1 MB tmpfs when root)", () => {
    const err = realEnospc();
    if (!err) return; // not root here: the e2e full-disk test is skipped too, with its reason
    expect(err.code).toBe("ENOSPC");
    expect(isDiskFull(err)).toBe(true);
  });

  it('from Postgres through drizzle\'s query wrapper: SQLSTATE 53100 or "could not extend file"', () => {
    const sqlstate = Object.assign(new Error('could not write to file "pg_wal/xlogtemp.1"'), { code: "53100" });
    expect(isDiskFull(new DrizzleQueryError("CREATE INDEX ...", [], sqlstate))).toBe(true);
    const pglite = new Error('could not extend file "base/5/16390": No space left on device');
    expect(isDiskFull(new DrizzleQueryError("INSERT INTO documents ...", [], pglite))).toBe(true);
    const other = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    expect(isDiskFull(new DrizzleQueryError("INSERT ...", [], other))).toBe(false);
  });

  it("says which disk and how much is free", () => {
    expect(diskFullError(os.tmpdir()).message).toMatch(
      /^The disk holding DATA_DIR is full \(\d+ MB free, at .+\)\. Free some space/,
    );
    expect(diskFullError(null).message).toContain("The database server's disk is full");
  });
});
