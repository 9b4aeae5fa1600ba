import { expect, test, type Page } from "@playwright/test";
import { watchForErrors } from "./pages/app-shell";
import { cancelRunsAfterEach, sampleDataset, startSmallRun, waitForRunEnd } from "./pages/api";
import { RunPage } from "./pages/run-page";

// The run page fits the screen it is read on: at a desktop width and at a phone width, nothing is wider than the
// viewport unless it sits in its own scroll container (a wide table scrolls inside its box), and no chart
// draws an impossible negative value on an axis.

const started = cancelRunsAfterEach();

/** Elements reaching past the viewport that no scrolling ancestor holds, described for the failure message. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (e: Element) => /(auto|scroll)/.test(getComputedStyle(e).overflowX);
    const out: string[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      // Hidden content (a closed <details>) and deliberately off-screen-left items (the skip link) widen nothing.
      if (r.width === 0 || r.right <= width + 1 || !el.checkVisibility()) continue;
      let held = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (scrolls(a)) {
          const box = a.getBoundingClientRect();
          held = box.right <= width + 1 && box.left >= -1; // the container itself fits; its content scrolls inside
          break;
        }
      }
      if (!held)
        out.push(
          `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${Math.round(r.left)}–${Math.round(r.right)} px of ${width}`,
        );
    }
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px of ${width}`);
    return out;
  });
}

const FIVE = [
  "tiny-dense-mha.Q8_0.gguf",
  "tiny-gqa.Q8_0.gguf",
  "tiny-moe-8x2.Q8_0.gguf",
  "demo-dense-mha.Q8_0.gguf",
  "demo-gqa.Q8_0.gguf",
];

/** What inside an answer cell (a badge, a figure) reaches past the cell's edge, hidden under its neighbour. */
function pastTheirCell(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("[data-testid=answer]")].flatMap((cell) => {
      const edge = cell.getBoundingClientRect().right;
      return [...cell.querySelectorAll("*")]
        .filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > edge + 1)
        .map((e) => `${cell.getAttribute("data-model")}: ${e.tagName.toLowerCase()} "${e.textContent?.slice(0, 30)}"`);
    }),
  );
}

test("the pages with forms fit a phone: no select or field reaches past 390 px (product names make options long)", async ({
  page,
  request,
}) => {
  await sampleDataset(request);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/", "/datasets", "/models", "/runs", "/leaderboard"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await overflowing(page), `${path} at 390 px`).toEqual([]);
  }
});

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`a finished run fits ${viewport.width} px and its chart axes show no negative values`, async ({
    page,
    request,
  }) => {
    test.setTimeout(300_000);
    // Five models, the most a run takes, make the answer grid's cells their narrowest; B00SAMPLE03 has the
    // sample's longest product name, the widest option of the answers' product filter.
    const id = await startSmallRun(request, {
      groups: ["B00SAMPLE01", "B00SAMPLE03"],
      models: FIVE,
      name: "A run name long enough to wrap on a phone screen, with a note",
    });
    started.push(id);
    expect(await waitForRunEnd(request, id)).toBe("completed");
    const problems = watchForErrors(page);
    await page.setViewportSize(viewport);
    await page.goto(`/runs/${id}`);
    const run = new RunPage(page);
    await expect(run.status()).toHaveText("completed");
    await expect(run.chartMarks("Generation rate")).toHaveCount(FIVE.length);
    // The product's name from the data stands beside its code.
    await expect(page.getByTestId("question").first()).toContainText("Kindle Paperwhite e-reader");
    if (viewport.width < 640) {
      await expect(page.getByTestId("model-summary-card")).toHaveCount(FIVE.length);
      await expect(page.getByTestId("model-summary-card").first()).toBeVisible();
      await expect(page.getByTestId("model-summary").first()).toBeHidden();
    } else {
      await expect(page.getByTestId("model-summary").first()).toBeVisible();
    }
    expect(await overflowing(page)).toEqual([]);
    expect(await pastTheirCell(page)).toEqual([]);
    // Folded panels (the judge's mode select) fit as well once opened.
    await page.locator("details").evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await overflowing(page)).toEqual([]);

    const ticks = await page.locator(".recharts-cartesian-axis-tick-value").allTextContents();
    expect(ticks.length).toBeGreaterThan(20);
    expect(ticks.filter((t) => /^\s*[-−]\s*\d/.test(t))).toEqual([]);
    // Every model's name is on the category axes (wrapped, never dropped).
    const axisText = ticks.join(" ");
    for (const name of FIVE) expect(axisText).toContain(name.replace(".Q8_0.gguf", ""));
    expect(problems).toEqual([]);
  });
}

/** Visible data tables wider than the box that holds them (a table that scrolls sideways inside its box). */
function tablesPastTheirBox(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("table.data")]
      .filter((t) => t.checkVisibility())
      .map((t) => ({ t, w: t.getBoundingClientRect().width, box: t.parentElement!.clientWidth }))
      .filter(({ w, box }) => w > box + 1)
      .map(({ t, w, box }) => `table.${[...t.classList].join(".")} ${Math.round(w)} px in ${box}`),
  );
}

const LONG_ID_CSV =
  "id,rating,title,text,product\n" +
  Array.from(
    { length: 5 },
    (_, i) => `${"RX9F2K7Q4M1ZB8".repeat(6)}${i},${i + 1},Title ${i},"A long review body, number ${i}",B00LONG${i}`,
  ).join("\n");

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`every page fits ${viewport.width} px: its tables fit their box or become cards, and nothing scrolls sideways`, async ({
    page,
    request,
  }) => {
    test.setTimeout(300_000);
    const a = await startSmallRun(request);
    started.push(a);
    const b = await startSmallRun(request);
    started.push(b);
    expect(await waitForRunEnd(request, a)).toBe("completed");
    expect(await waitForRunEnd(request, b)).toBe("completed");
    const problems = watchForErrors(page);
    await page.setViewportSize(viewport);

    // The CSV preview: a long id stays on one line (it wrapped a letter per line, pushing Import 2,800 px down).
    await page.goto("/datasets");
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "long-ids.csv", mimeType: "text/csv", buffer: Buffer.from(LONG_ID_CSV) });
    const preview = page.getByRole("table", { name: "First rows of the file" });
    const idCell = preview.locator("tbody td").first();
    await expect(idCell).toHaveAttribute("title", /^RX9F2K7Q4M1ZB8/); // the whole value on hover
    expect((await idCell.boundingBox())!.height).toBeLessThan(40);
    expect((await preview.boundingBox())!.height).toBeLessThan(300);
    expect(await overflowing(page), "/datasets with a preview").toEqual([]);

    for (const path of [
      "/models",
      "/runs",
      `/runs/${a}`,
      `/runs/compare?a=${a}&b=${b}`,
      `/runs/${a}/arena`,
      "/leaderboard",
    ]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      expect(await overflowing(page), `${path} at ${viewport.width} px`).toEqual([]);
      if (viewport.width >= 1024) expect(await tablesPastTheirBox(page), `${path} at ${viewport.width} px`).toEqual([]);
    }
    if (viewport.width < 640) {
      // The vote bar stays in reach at the bottom of a phone's screen.
      await page.goto(`/runs/${a}/arena`);
      const bar = page.getByRole("group", { name: "Your vote" });
      await expect(bar).toBeInViewport();
      // A run's rows are cards: each figure labelled, nothing cut.
      await page.goto("/runs");
      const card = page.getByTestId("run-row").filter({ hasText: a });
      await expect(card.locator("td[data-label=Status]")).toBeVisible();
    }
    expect(problems).toEqual([]);
  });
}

test("a run's name and note are edited on its page, and a name that is too long is refused with a message", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const id = await startSmallRun(request);
  started.push(id);
  await waitForRunEnd(request, id);
  await page.goto(`/runs/${id}`);
  await page.getByRole("button", { name: "Add a name and note" }).click();
  await page.getByLabel("Run name").fill("x".repeat(121));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "name" })).toContainText(
    "The run's name must be at most 120 characters",
  );
  await page.getByLabel("Run name").fill("Battery saver off");
  await page.getByLabel("Run note").fill("Fans were loud during the second model.");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Battery saver off");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Battery saver off");
  await expect(page.getByTestId("run-label")).toContainText("Fans were loud");
  await page.goto("/runs");
  await expect(page.getByTestId("run-row").filter({ hasText: id })).toContainText("Battery saver off");
});

test("/models warns where the chosen context size exceeds a model's trained context", async ({ page }) => {
  await page.goto("/models");
  const demo = page.locator("table.facts-table tr").filter({ hasText: "Trained context" });
  // (one such row per table of at most four models) The demo models are trained at 2,048 tokens.
  await expect(
    demo
      .locator("td")
      .filter({ hasText: /^2,048$/ })
      .first(),
  ).toBeVisible();
  await expect(page.getByTestId("context-exceeds")).toHaveCount(0);
  await page.getByLabel("Context size").selectOption("4096");
  await expect(page.getByTestId("context-exceeds").first()).toHaveText("context 4,096 exceeds it");
  // The tiny and trained models know 1,024 tokens, the demo ones 2,048: at 2,048 only the former are flagged.
  await page.getByLabel("Context size").selectOption("2048");
  const flagged = page
    .locator("table.facts-table tr")
    .filter({ hasText: "Trained context" })
    .locator("td")
    .filter({ has: page.getByTestId("context-exceeds") });
  await expect(flagged.first()).toContainText("1,024");
  await expect(flagged.filter({ hasText: /^2,048/ })).toHaveCount(0); // (the badge itself says "context 2,048")
});
