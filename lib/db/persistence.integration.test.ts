import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { runs } from "./schema";
import { storedSettings } from "../runs/testing/settings";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-persist-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("embedded database in a data directory", () => {
  it("keeps data across a stop and start, and re-applying migrations changes nothing", async () => {
    const first = await openDatabase({ driver: "pglite", dataDir });
    await first.db.insert(runs).values({ id: "kept", status: "completed", settings: storedSettings({ k: 2 }) });
    // While open, the directory is locked against a second server.
    await expect(openDatabase({ driver: "pglite", dataDir })).rejects.toThrow(/is in use by another Lineup server/);
    await first.close();

    const second = await openDatabase({ driver: "pglite", dataDir });
    const [row] = await second.db.select().from(runs).where(eq(runs.id, "kept"));
    expect(row.settings).toEqual(storedSettings({ k: 2 }));
    await second.close();
  });
});
