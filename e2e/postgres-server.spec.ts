import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { DatasetsPage } from "./pages/datasets-page";
import { sameOrigin, startLineupServer, type LineupServer } from "./support/lineup-server";

// The whole product on a real PostgreSQL server (DATABASE_URL): import a CSV, search it in the page, a two-model
// run, a server killed mid-run, a restart and a resume. Runs when TEST_DATABASE_URL names a server (CI starts one
// with scripts/test-postgres.sh); skipped otherwise.
const ADMIN_URL = process.env.TEST_DATABASE_URL;
// Skipped only without a server (a plain `npm test` on a fresh clone), with this reason; .ci/run always starts
// one, and under CI a missing server fails the run instead of skipping it, as the vitest server suites do.
if (process.env.CI && !ADMIN_URL) {
  throw new Error(
    "CI must run the PostgreSQL e2e tests on a real server: run them through scripts/test-postgres.sh run npm run test:e2e",
  );
}
test.skip(!ADMIN_URL, "TEST_DATABASE_URL is not set (scripts/test-postgres.sh run npm run test:e2e)");

const PORT = Number(process.env.E2E_PORT ?? 3123) + 5;
const TINY = ["tiny-dense-mha.Q8_0.gguf", "tiny-gqa.Q8_0.gguf"];

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function json<T>(response: Response): Promise<T> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${body}`);
  return JSON.parse(body) as T;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

type Dataset = { id: string; name: string; status: string; documentCount?: number };
type Run = { run: { status: string }; done: number; total: number; generations: { status: string; model: string }[] };

test("on a PostgreSQL server: import, search, a two-model run, a killed server, a restart and a resume", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = `lineup_e2e_${Date.now()}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL!);
  url.pathname = `/${name}`;
  const env = {
    DATABASE_URL: url.toString(),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "lineup-e2e-pgdata-")),
    MODELS_DIR: process.env.E2E_MODELS_DIR!,
  };
  let server: LineupServer | undefined = await startLineupServer(env, PORT);
  try {
    // Migrations ran on the server, and the sample reviews were imported into it.
    const health = await json<{ database: string }>(await fetch(`${server.url}/api/health`));
    expect(health.database).toBe("pg");

    const rows = ["sku,comment"];
    for (let i = 0; i < 600; i++)
      rows.push(
        `${["kettle", "toaster"][i % 2]},${i % 2 ? "the toaster burns the edges" : "the kettle boils fast and quietly"} (${i})`,
      );
    const { upload } = await json<{ upload: { id: string } }>(
      await fetch(`${server.url}/api/uploads?name=appliances.csv`, {
        method: "POST",
        headers: sameOrigin(server.url, "text/csv"),
        body: rows.join("\n") + "\n",
      }),
    );
    const created = await json<{ dataset: Dataset }>(
      await fetch(`${server.url}/api/datasets`, {
        method: "POST",
        headers: sameOrigin(server.url),
        body: JSON.stringify({ uploadId: upload.id, mapping: { text: ["comment"], group: "sku", labels: [] } }),
      }),
    );
    const srv = server;
    await until("the import", async () => {
      const d = await json<{ dataset?: Dataset } & Dataset>(
        await fetch(`${srv.url}/api/datasets/${created.dataset.id}`),
      );
      const status = d.dataset?.status ?? d.status;
      if (status === "failed") throw new Error(JSON.stringify(d));
      return status === "ready" ? true : undefined;
    });

    await page.goto(`${server.url}/datasets`);
    const datasets = new DatasetsPage(page);
    await datasets.waitReady("appliances");
    const panel = await datasets.search({ dataset: "appliances", group: "toaster", question: "does it burn?", k: 2 });
    await expect(panel.getByRole("listitem").first()).toContainText("burns the edges");

    const { id } = await json<{ id: string }>(
      await fetch(`${server.url}/api/runs`, {
        method: "POST",
        headers: sameOrigin(server.url),
        body: JSON.stringify({
          datasetId: created.dataset.id,
          models: TINY,
          maxTokens: 120,
          seed: 5,
          threads: 1,
          repetitions: 3,
        }),
      }),
    );
    const before = await until("a few stored answers", async () => {
      const r = await json<Run>(await fetch(`${srv.url}/api/runs/${id}`));
      return r.done >= 2 && r.done < r.total ? r : undefined;
    });
    await server.kill("SIGKILL"); // no clean shutdown: the run is left "running" in the database
    server = undefined;

    server = await startLineupServer(env, PORT);
    const restarted = server;
    const interrupted = await json<Run>(await fetch(`${restarted.url}/api/runs/${id}`));
    expect(interrupted.run.status).toBe("interrupted");
    expect(interrupted.done).toBeGreaterThanOrEqual(before.done);
    await json(
      await fetch(`${restarted.url}/api/runs/${id}/resume`, {
        method: "POST",
        headers: sameOrigin(restarted.url),
        body: "{}",
      }),
    );
    const done = await until("the resumed run", async () => {
      const r = await json<Run>(await fetch(`${restarted.url}/api/runs/${id}`));
      return ["completed", "failed"].includes(r.run.status) ? r : undefined;
    });
    expect(done.run.status).toBe("completed");
    expect(done.generations).toHaveLength(done.total);
    expect(done.generations.every((g) => g.status === "ok")).toBe(true);

    await page.goto(`${restarted.url}/runs/${id}`);
    await expect(page.getByText(/completed/i).first()).toBeVisible();
  } finally {
    await server?.kill();
    await admin(`drop database if exists ${name} with (force)`);
    fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
});
