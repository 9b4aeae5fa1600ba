import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ensureDemoModels } from "../lib/models/demo/ensure";
import { DEMO_MODELS } from "../lib/models/demo/specs";
import { CHATML } from "../lib/models/gguf/llama-metadata";
import { startFakeHub, type FakeHub } from "../lib/models/pull/testing/fake-hub";
import { watchForErrors } from "./pages/app-shell";
import { startLineupServer, type LineupServer } from "./support/lineup-server";

// Pulling from the Models page against a local hub (LINEUP_HUB_URL): the pull runs on the server, so a page
// reloaded mid-pull finds it again and watches it finish; the file is then listed as a model. The hub serves a
// demo GGUF slowly (2 MB/s, about 14 s) under a name the server does not write itself.

const PORT = Number(process.env.E2E_PORT ?? 3123) + 21;
const FILE = "pulled-gqa.Q8_0.gguf";
const RESTART_FILE = "restart-gqa.Q8_0.gguf";
let work = "";
let hub: FakeHub;
let server: LineupServer;

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-e2e-pull-"));
  const source = path.join(work, "hub");
  ensureDemoModels(
    source,
    DEMO_MODELS.filter((m) => m.file === "demo-gqa.Q8_0.gguf"),
  );
  // Each file with bytes of its own: a copy identical to a model already there would be listed once, under the
  // other name (the same SHA-256 reached twice). The chat template is overwritten in place, so each stays valid.
  const variant = (fill: string) => {
    const bytes = fs.readFileSync(path.join(source, "demo-gqa.Q8_0.gguf"));
    const at = bytes.indexOf(Buffer.from(CHATML));
    return bytes.fill(fill, at, at + Buffer.byteLength(CHATML));
  };
  hub = await startFakeHub([
    { org: "lineup", repo: "demo-GGUF", path: FILE, bytes: variant(" ") },
    { org: "lineup", repo: "demo-GGUF", path: RESTART_FILE, bytes: variant("-") },
  ]);
  hub.faults.bytesPerSecond = 2 * 1024 * 1024;
  server = await startServer();
});

/** A killed server's processes may still hold the data directory for a moment (until they are reaped). */
async function startAgain(): Promise<LineupServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServer();
    } catch (err) {
      if (attempt >= 20 || !/is in use by another Lineup server/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const startServer = () =>
  startLineupServer(
    { DATA_DIR: path.join(work, "data"), MODELS_DIR: path.join(work, "models"), LINEUP_HUB_URL: hub.url },
    PORT,
  );

test.afterAll(async () => {
  await server?.kill();
  await hub?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

test("a pull started on the Models page survives a reload, finishes verified, and the model is listed", async ({
  page,
}) => {
  const problems = watchForErrors(page);
  await page.goto(`${server.url}/models`);
  const panel = page.getByTestId("pull-panel");
  await panel.getByLabel("Model to pull").fill(`hf:lineup/demo-GGUF/${FILE}`);
  await panel.getByRole("button", { name: "Pull" }).click();

  const row = panel.getByTestId("pull-row").filter({ hasText: FILE });
  await expect(row.getByTestId("pull-status")).toHaveText("downloading");
  await expect(row.getByTestId("pull-figures")).toContainText(/\/s · .* left/);
  const bar = row.getByRole("progressbar");
  await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(0);
  const before = Number(await bar.getAttribute("aria-valuenow"));

  await page.reload();
  const again = page.getByTestId("pull-panel").getByTestId("pull-row").filter({ hasText: FILE });
  await expect(again.getByTestId("pull-status")).toHaveText(/downloading|checking the SHA-256/);
  await expect
    .poll(async () => Number(await again.getByRole("progressbar").getAttribute("aria-valuenow")))
    .toBeGreaterThan(before);

  await expect(again.getByTestId("pull-status")).toHaveText("done, verified", { timeout: 60_000 });
  await expect(page.locator("table.facts-table").getByText(FILE).first()).toBeVisible({ timeout: 15_000 });
  expect(fs.readdirSync(path.join(work, "models")).filter((f) => f.startsWith("pulled-"))).toEqual([FILE]);
  expect(problems).toEqual([]);
});

test("a second pull of the same file is refused, and an unknown file says what to check", async ({ page }) => {
  await page.goto(`${server.url}/models`);
  const panel = page.getByTestId("pull-panel");
  await panel.getByLabel("Model to pull").fill(`hf:lineup/demo-GGUF/${FILE}`);
  await panel.getByRole("button", { name: "Pull" }).click();
  await expect(panel.getByRole("alert")).toContainText("is already in the models folder");
  await panel.getByLabel("Model to pull").fill("hf:lineup/demo-GGUF/missing.gguf");
  await panel.getByRole("button", { name: "Pull" }).click();
  await expect(panel.getByRole("alert")).toContainText("The hub has no file missing.gguf in lineup/demo-GGUF");
});

test("a pull cut by a killed server is offered for resume after the restart, and resumes from its part", async ({
  page,
}) => {
  await page.goto(`${server.url}/models`);
  const panel = page.getByTestId("pull-panel");
  await panel.getByLabel("Model to pull").fill(`hf:lineup/demo-GGUF/${RESTART_FILE}`);
  await panel.getByRole("button", { name: "Pull" }).click();
  const bar = panel.getByTestId("pull-row").filter({ hasText: RESTART_FILE }).getByRole("progressbar");
  await expect
    .poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 30_000 })
    .toBeGreaterThan(8_000_000);

  await server.kill("SIGKILL"); // the whole server's process group, mid-pull: nothing is shut down cleanly
  server = await startAgain();
  await page.goto(`${server.url}/models`);
  const kept = page.getByTestId("kept-part").filter({ hasText: RESTART_FILE });
  await expect(kept).toContainText("kept from an interrupted pull");
  await kept.getByRole("button", { name: "Resume" }).click();
  const row = page.getByTestId("pull-row").filter({ hasText: RESTART_FILE });
  await expect(row.getByTestId("pull-status")).toHaveText("done, verified", { timeout: 60_000 });
  await expect(row.getByTestId("pull-figures")).toContainText("resumed from");
  await expect(page.getByTestId("kept-part")).toHaveCount(0);
  expect(fs.readdirSync(path.join(work, "models")).filter((f) => f.startsWith("restart-"))).toEqual([RESTART_FILE]);
});
