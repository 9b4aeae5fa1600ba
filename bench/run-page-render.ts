// bench/run-page-render: how fast the run page draws a run of 1,000 answers, and how big its DOM is. Builds two
// finished runs (4 models × 250 questions; one quiet, one with a third of its answers timed on a busy machine)
// in a throwaway data directory, serves the production build on it (`npm run build` first), opens each run
// page in Chromium three times at 1440 px, and reports medians: time to first byte, DOMContentLoaded, load,
// the verdict on screen, main-thread long tasks, a filter's response, and the element count. With
// `--shots DIR` it also saves the run pages, the filtered grid and the compare page at 1440 and 390 px, light and dark. The last line is one JSON object.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/chromium";
import { openDatabase } from "../lib/db/client";
import { startLineupServer } from "../lib/server/spawn-server";
import { insertFixtureRun } from "./render/fixture-run";
import { median } from "./lib/stats";

const PORT = Number(process.env.BENCH_PORT ?? 3242);
const LOADS = Number(process.env.BENCH_LOADS ?? 3);
const shotsAt = process.argv.indexOf("--shots");
const SHOTS = shotsAt > 0 ? process.argv[shotsAt + 1] : null;

type Load = {
  ttfbMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  verdictVisibleMs: number;
  longTasksMs: number;
  filterMs: number;
  domNodes: number;
  /** Of those, the answer grid's, and the charts' (recharts SVG). */
  gridNodes: number;
  chartNodes: number;
};

async function measure(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number };
    w.__longTasks = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks += e.duration;
    }).observe({ type: "longtask", buffered: true });
  });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.getByTestId("verdict").waitFor();
  const verdictVisibleMs = Date.now() - t0;
  await page.waitForLoadState("networkidle");
  // The charts load as their own chunk after the page: count the DOM once they have drawn and settled.
  await page.locator(".recharts-wrapper > svg.recharts-surface").first().waitFor();
  await page.waitForTimeout(1000);
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return {
      ttfbMs: n.responseStart,
      domContentLoadedMs: n.domContentLoadedEventEnd,
      loadMs: n.loadEventEnd,
      domNodes: document.getElementsByTagName("*").length,
      gridNodes: document.querySelector(".answer-grid-section")?.getElementsByTagName("*").length ?? 0,
      chartNodes: [...document.querySelectorAll("svg.recharts-surface")].reduce(
        (n, svg) => n + 1 + svg.getElementsByTagName("*").length,
        0,
      ),
      longTasksMs: (window as unknown as { __longTasks: number }).__longTasks,
    };
  });
  const filterMs = await timeFilter(page);
  await context.close();
  return { ...nav, verdictVisibleMs, filterMs };
}

/** From a click on "Only where the answers differ" to the next frame after the grid says how many lines match. */
async function timeFilter(page: Page): Promise<number> {
  await page.getByLabel("Only where the answers differ").scrollIntoViewIfNeeded();
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const count = document.querySelector('[data-testid="grid-count"]')!;
        const box = document.querySelector<HTMLInputElement>('[data-testid="only-differing"]')!;
        const t = performance.now();
        new MutationObserver(() => requestAnimationFrame(() => resolve(performance.now() - t))).observe(count, {
          childList: true,
          subtree: true,
          characterData: true,
        });
        box.click();
      }),
  );
}

async function shots(browser: Browser, base: string, runs: Record<string, string>, dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  for (const scheme of ["light", "dark"] as const)
    for (const width of [1440, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      for (const [kind, id] of Object.entries(runs)) {
        await page.goto(`${base}/runs/${id}`, { waitUntil: "networkidle" });
        await page.screenshot({ path: path.join(dir, `verdict-${kind}-${width}-${scheme}.png`) });
      }
      // The grid, filtered to one product and the lines whose answers differ.
      await page.getByLabel("Product").selectOption({ index: 2 });
      await page.getByLabel("Only where the answers differ").check();
      await page.locator("#answers-heading").scrollIntoViewIfNeeded();
      await page.evaluate(() => document.getElementById("answers-heading")?.scrollIntoView());
      await page.screenshot({ path: path.join(dir, `verdict-grid-filter-${width}-${scheme}.png`) });
      // The two runs side by side: the busy run (B) against the quiet one (A).
      await page.goto(`${base}/runs/compare?a=${runs.quiet}&b=${runs.busy}`, { waitUntil: "networkidle" });
      await page.getByTestId("verdict").scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `verdict-compare-${width}-${scheme}.png`) });
      await context.close();
    }
}

async function main() {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.error("There is no production build: run `npm run build` first.");
    process.exit(1);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-render-"));
  const dataDir = path.join(work, "data");
  const modelsDir = path.join(work, "models");
  fs.mkdirSync(modelsDir, { recursive: true });
  const database = await openDatabase({ driver: "pglite", dataDir });
  const answers = await insertFixtureRun(database.db, "run_bench_quiet", { busy: false, name: "1,000 answers, quiet" });
  await insertFixtureRun(database.db, "run_bench_busy", { busy: true, name: "1,000 answers, busy machine" });
  await database.close();
  const server = await startLineupServer({ DATA_DIR: dataDir, MODELS_DIR: modelsDir }, PORT);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const figures: Record<string, Record<keyof Load, number>> = {};
    for (const id of ["run_bench_quiet", "run_bench_busy"]) {
      await measure(browser, `${server.url}/runs/${id}`); // warm-up: the server's first render compiles nothing, but fills caches
      const loads: Load[] = [];
      for (let i = 0; i < LOADS; i++) loads.push(await measure(browser, `${server.url}/runs/${id}`));
      const med = Object.fromEntries(
        (Object.keys(loads[0]) as (keyof Load)[]).map((k) => [k, Math.round(median(loads.map((l) => l[k])))]),
      ) as Record<keyof Load, number>;
      figures[id] = med;
      console.log(
        `${id}: ${answers} answers · first byte ${med.ttfbMs} ms · DOMContentLoaded ${med.domContentLoadedMs} ms · load ${med.loadMs} ms · verdict on screen ${med.verdictVisibleMs} ms · long tasks ${med.longTasksMs} ms · filter ${med.filterMs} ms · ${med.domNodes} elements (answer grid ${med.gridNodes}, charts ${med.chartNodes}) (median of ${LOADS})`,
      );
    }
    if (SHOTS) await shots(browser, server.url, { quiet: "run_bench_quiet", busy: "run_bench_busy" }, SHOTS);
    console.log(JSON.stringify({ bench: "run-page-render", answers, loads: LOADS, width: 1440, ...figures }));
  } finally {
    await browser.close();
    await server.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
