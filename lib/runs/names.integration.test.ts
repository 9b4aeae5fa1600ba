import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRun, insertRun } from "../db/queries/runs";
import { isAppError } from "../errors";
import { writeSampleCsv } from "../datasets/sample/generate";
import { SAMPLE_PRODUCTS } from "../datasets/sample/products";
import { describeDataset } from "../datasets/service";
import { importText, testContext } from "../datasets/testing/context";
import { runDetail } from "./detail";
import { runCsv } from "./export";
import { updateRunLabel } from "./run-label";
import { storedSettings } from "./testing/settings";

// Names people know: the sample's product names reach the dataset's groups and a run's detail and CSV, and a run's
// name and note are validated and stored through the same function PATCH /api/runs/:id calls.

let ctx: Awaited<ReturnType<typeof testContext>>;
let datasetId: string;
const RUN = "run_names0000001";

beforeAll(async () => {
  ctx = await testContext();
  datasetId = await importText(ctx, fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "s")), "utf8"), {
    name: "Sample",
  });
  await insertRun(ctx.db, {
    id: RUN,
    status: "completed",
    datasetId,
    settings: storedSettings({ datasetId, groups: ["B00SAMPLE02", "B00SAMPLE05"] }),
  });
});
afterAll(() => ctx.close());

const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe("product names", () => {
  it("gives each group of the sample its product name from the dataset's name column", async () => {
    const d = await describeDataset(ctx.db, datasetId);
    expect(d.groups.map((g) => g.name)).toEqual(SAMPLE_PRODUCTS.map((p) => p.name));
  });

  it("puts the names of a run's groups (only those) into its detail and its CSV", async () => {
    const detail = await runDetail(ctx.db, RUN);
    expect(detail.groupNames).toEqual({ B00SAMPLE02: "Echo Dot smart speaker", B00SAMPLE05: "Fire HD 8 tablet" });
    expect(runCsv(detail).split("\n")[0]).toContain("group,group_name,question");
  });
});

describe("run name and note", () => {
  it("stores a name and a note, keeps a field left out, and clears a blank one", async () => {
    expect(await updateRunLabel(ctx.db, RUN, { name: "  laptop on battery  ", note: "fans were loud" })).toEqual({
      name: "laptop on battery",
      note: "fans were loud",
    });
    expect(await updateRunLabel(ctx.db, RUN, { note: "" })).toEqual({ name: "laptop on battery", note: null });
    const run = (await findRun(ctx.db, RUN))!;
    expect([run.name, run.note]).toEqual(["laptop on battery", null]);
    expect((await runDetail(ctx.db, RUN)).run.name).toBe("laptop on battery");
  });

  it("refuses a name over 120 or a note over 2000 characters with a 400 that says so, and keeps what was stored", async () => {
    const long = await errorOf(updateRunLabel(ctx.db, RUN, { name: "x".repeat(121) }));
    expect(isAppError(long) && long.code).toBe("bad_request");
    expect((long as Error).message).toContain("at most 120 characters");
    const note = await errorOf(updateRunLabel(ctx.db, RUN, { note: "y".repeat(2001) }));
    expect((note as Error).message).toContain("at most 2000 characters");
    const neither = await errorOf(updateRunLabel(ctx.db, RUN, { colour: "red" }));
    expect((neither as Error).message).toContain("neither");
    expect((await findRun(ctx.db, RUN))!.name).toBe("laptop on battery");
  });

  it("answers not_found for an unknown run", async () => {
    const missing = await errorOf(updateRunLabel(ctx.db, "run_nope", { name: "x" }));
    expect(isAppError(missing) && missing.code).toBe("not_found");
  });
});
