import { expect, test } from "@playwright/test";
import { startFakeOpenAi, type FakeServer } from "../lib/remote/testing/fake-openai";
import { sampleDataset, SCRIPT_HEADERS, startSmallRun } from "./pages/api";
import { watchForErrors } from "./pages/app-shell";
import { RunPage } from "./pages/run-page";

// A remote OpenAI-compatible endpoint added on the Models page, used in a run beside a local model, removed.
// The endpoint is a small server on loopback (lib/remote/testing/fake-openai.ts) that answers with a known text.

const SECRET = "sk-e2e-secret-never-in-a-page";
let fake: FakeServer;
test.beforeAll(async () => {
  fake = await startFakeOpenAi(Number(process.env.E2E_FAKE_PORT ?? 3441), SECRET);
});
test.afterAll(async () => fake?.close());

test("an endpoint is checked before it is added, its models join a run, and its key never reaches the browser", async ({
  page,
  request,
}) => {
  const problems = watchForErrors(page);
  await page.goto("/models");
  const panel = page.getByTestId("endpoint-panel");
  // Nothing listens on this port: refused, with the reason, and nothing stored.
  await panel.getByLabel("Base URL").fill(`http://127.0.0.1:${Number(process.env.E2E_FAKE_PORT ?? 3441) + 1}`);
  await panel.getByRole("button", { name: "Add endpoint" }).click();
  await expect(panel.getByRole("alert")).toContainText("refused the connection");
  problems.length = 0; // that 422 was the point

  await panel.getByLabel("Base URL").fill(`${fake.url}/v1/`);
  await panel.getByLabel("API key").fill(SECRET);
  await panel.getByRole("button", { name: "Add endpoint" }).click();
  const row = panel.getByTestId("endpoint-list").locator("tbody tr").filter({ hasText: fake.url });
  await expect(row).toContainText(/answers in [\d.]+ ms/);
  await expect(row).toContainText("API key set");
  const ref = (await row.locator(".mono", { hasText: "/ok" }).innerText()).trim();
  expect(ref).toMatch(/^remote:ep_[0-9a-f]+\/ok$/);
  expect(await page.content()).not.toContain(SECRET);
  expect(await (await request.get("/api/endpoints")).text()).not.toContain(SECRET);

  await sampleDataset(request); // the run form shows once a dataset is ready
  await page.goto("/");
  await expect(page.getByTestId("remote-picks").getByRole("checkbox")).toHaveCount(6);
  await expect(page.getByTestId("remote-picks").getByText(fake.url).first()).toBeVisible();

  const id = await startSmallRun(request, { models: ["tiny-gqa.Q8_0.gguf", ref] });
  const run = new RunPage(page);
  await page.goto(`/runs/${id}`);
  await run.waitFinished();
  await expect(run.status()).toHaveText("completed");
  await expect(run.answers(ref).first()).toContainText("The reviews say it works.");
  expect(await page.content()).not.toContain(SECRET);
  expect(await (await request.get(`/api/runs/${id}/export?format=json`)).text()).not.toContain(SECRET);

  await page.goto("/models");
  await page
    .getByTestId("endpoint-list")
    .locator("tbody tr")
    .filter({ hasText: fake.url })
    .getByRole("button", { name: "Remove" })
    .click();
  await expect(page.getByTestId("endpoint-panel").getByText("No endpoints yet.")).toBeVisible();
  expect(problems).toEqual([]);
  expect(
    (await request.delete(`/api/endpoints/${ref.slice(7, ref.indexOf("/"))}`, { headers: SCRIPT_HEADERS })).status(),
  ).toBe(404);
});
