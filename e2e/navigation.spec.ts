import { expect, test } from "@playwright/test";
import { AppShell, watchForErrors } from "./pages/app-shell";

test("every page opens from the navigation, with an honest empty state and no errors", async ({ page }) => {
  const problems = watchForErrors(page);
  const shell = new AppShell(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Compare models on your data" })).toBeVisible();

  await shell.goTo("Runs");
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  // Other tests may have made runs on this server: the page shows exactly what the API lists, or says there is none.
  const { runs } = await (await page.request.get("/api/runs")).json();
  if (runs.length === 0) await expect(page.getByText("No runs yet")).toBeVisible();
  else await expect(page.getByTestId("run-row")).toHaveCount(runs.length);

  await shell.goTo("Datasets");
  await expect(page).toHaveURL(/\/datasets$/);
  await expect(page.getByRole("heading", { level: 1, name: "Datasets" })).toBeVisible();

  await shell.goTo("Models");
  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByRole("heading", { level: 1, name: "Models" })).toBeVisible();

  await shell.goTo("Compare");
  await expect(page).toHaveURL(/\/$/);
  expect(problems).toEqual([]);
});

test("the health endpoint reports the embedded database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ ok: true, database: "pglite" });
});
