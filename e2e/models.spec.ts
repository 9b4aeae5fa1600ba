import { expect, test } from "@playwright/test";
import { BAD_FILES, writeBadModelFiles } from "../lib/models/demo/bad-files";
import { watchForErrors } from "./pages/app-shell";

test("the models page compares the demo architectures and lists bad files with their reasons", async ({
  page,
  request,
}) => {
  writeBadModelFiles(process.env.E2E_MODELS_DIR!);
  const problems = watchForErrors(page);
  await page.goto("/models");

  const table = page.locator("table.facts-table");
  const header = table.locator("thead th");
  await expect(header.filter({ hasText: "Demo dense (Llama 2 shape)" })).toBeVisible();
  await expect(header.filter({ hasText: "Demo GQA (Mistral shape)" })).toBeVisible();
  await expect(header.filter({ hasText: "Demo MoE 8x2 (Mixtral shape)" })).toBeVisible();
  await expect(page.getByText("Demo models are untrained")).toBeVisible();
  await expect(page.getByText(/trained models are tiny .* trained here on synthetic product reviews/)).toBeVisible();
  await expect(header.filter({ hasText: "Lineup GQA 4:1 (Mistral shape)" })).toBeVisible();

  // A fact of one model: its row (in each table of at most four models) and the model's cell in it.
  const cell = (label: string, file: string) =>
    table
      .locator("tbody tr")
      .filter({ has: page.locator("th", { hasText: label }) })
      .locator(`td[data-model="${file}"]`);
  await expect(cell("GQA group size", "demo-dense-mha.Q8_0.gguf")).toHaveText("1");
  await expect(cell("GQA group size", "demo-gqa.Q8_0.gguf")).toHaveText("4");
  await expect(cell("Experts", "demo-moe-8x2.Q8_0.gguf")).toHaveText("2 of 8");
  await expect(cell("KV cache per token", "demo-dense-mha.Q8_0.gguf")).toHaveText("16.0 KiB");
  await expect(cell("KV cache per token", "demo-gqa.Q8_0.gguf")).toHaveText("4.0 KiB");

  // A bigger context grows the KV cache four times for 4x the tokens.
  await expect(cell("KV cache at context", "demo-dense-mha.Q8_0.gguf")).toHaveText("16.0 MiB");
  await page.getByLabel("Context size").selectOption("4096");
  await expect(cell("KV cache at context", "demo-dense-mha.Q8_0.gguf")).toHaveText("64.0 MiB");

  // Ten models in tables of at most four, the trained ones first: all of them in view without scrolling sideways.
  const tables = await table.evaluateAll((ts) =>
    ts.map((t) => ({ width: t.getBoundingClientRect().width, box: t.parentElement!.clientWidth, n: t.dataset.models })),
  );
  expect(tables.length).toBeGreaterThan(1);
  for (const t of tables) expect(t.width).toBeLessThanOrEqual(t.box + 1);
  await expect(table.first().locator("thead th").nth(1)).toContainText("trained");

  const invalid = page.getByTestId("invalid-model");
  await expect(invalid).toHaveCount(3);
  await expect(invalid.filter({ hasText: BAD_FILES.notGguf })).toContainText("Not a GGUF file");
  await expect(invalid.filter({ hasText: BAD_FILES.truncated })).toContainText("The file is truncated");
  await expect(invalid.filter({ hasText: BAD_FILES.crashing })).toContainText(
    "llama.cpp would crash loading this file",
  );

  expect((await request.get("/api/health")).ok()).toBe(true);
  expect(problems).toEqual([]);
});

test("the models API explains a bad context size", async ({ request }) => {
  const res = await request.get("/api/models?contextSize=lots");
  expect(res.status()).toBe(400);
  expect((await res.json()).error.message).toMatch(/contextSize must be a whole number of tokens/);
});
