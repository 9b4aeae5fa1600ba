import { describe, expect, it } from "vitest";
import { summarizeModels } from "../metrics/summary";
import { barSvg, runHtml } from "./export-html";
import { storedSettings } from "./testing/settings";
import type { GenerationView, RunDetail } from "./types";

const busy = { windowMs: 1000, loadAvg1: 3, cpus: 2, otherCores: 1.5, ownCores: 1, stealPercent: 0 };
let id = 0;
const gen = (model: string, rate: number, e2e: number): GenerationView => ({
  id: ++id,
  questionId: 1,
  model,
  repetition: id,
  cold: false,
  status: "ok",
  answer: "<b>hi</b>",
  tokenTimes: [],
  stopReason: "eos",
  error: null,
  metrics: { generationTokensPerSecond: rate, endToEndMs: e2e, ttftMs: 100, words: 10 },
  load: busy,
  quality: null,
});

function detail(settings: Partial<RunDetail["run"]["settings"]> = {}): RunDetail {
  const models = ["demo-a.Q8_0.gguf", "a-model-with-a-very-long-file-name.Q4_K_M.gguf"];
  const generations = [
    gen(models[0], 40, 1000),
    gen(models[0], 5, 9000),
    gen(models[0], 38, 1100),
    gen(models[1], 20, 2000),
    gen(models[1], 21, 2100),
  ];
  return {
    run: {
      id: "run_x",
      status: "completed",
      settings: storedSettings({ models, ...settings }),
      name: "Laptop <night>",
      note: null,
      rerunOf: null,
      error: null,
      createdAt: "2026-01-01T00:00:00Z",
      startedAt: null,
      finishedAt: null,
      manifest: {
        models: [{ file: models[0], sha256: null, sizeBytes: 1, facts: { demo: true } }],
      } as unknown as RunDetail["run"]["manifest"],
    },
    total: 5,
    done: 5,
    position: null,
    questions: [],
    generations,
    partials: {},
    summaries: summarizeModels(models, generations),
    groupNames: {},
  };
}

describe("HTML export", () => {
  const html = runHtml(detail());

  it("puts the demo and noise warnings at the top, before the figures and the manifest", () => {
    const warn = html.indexOf('class="warn"');
    expect(warn).toBeGreaterThan(0);
    expect(html.indexOf("Untrained demo models")).toBeGreaterThan(warn);
    expect(html.indexOf("5 of 5 answers were measured while other programs used the CPU")).toBeGreaterThan(warn);
    expect(html.indexOf("demo-a: generation rate varies")).toBeGreaterThan(warn);
    expect(warn).toBeLessThan(html.indexOf('<table class="summary"'));
    expect(html.indexOf('<table class="summary"')).toBeLessThan(html.indexOf("<h2>Manifest"));
  });

  it("opens with the run page's verdict: can't tell on two answers a model, and what to do", () => {
    const verdict = html.indexOf("<h2>Verdict</h2>");
    expect(verdict).toBeGreaterThan(0);
    expect(verdict).toBeLessThan(html.indexOf('class="warn"'));
    expect(html).toContain(
      "<strong>Speed</strong> <small>(can&#39;t tell)</small>: Can&#39;t tell: 2 answers for a model",
    );
    expect(html).toMatch(/Run it with \d+ repetitions/);
  });

  it("has a summary table with the median, its p10–p90 and n per model, and escapes the run's name", () => {
    expect(html).toContain("<h1>Laptop &lt;night&gt; (run_x)</h1>");
    expect(html).toMatch(/demo-a<\/th><td>38\.0 <small>\(11\.6–39\.6\)<\/small>/);
    expect(html).toContain("<td>3</td>"); // n for demo-a
  });

  it("draws bars whose labels and values fit inside the drawing", () => {
    const svg = barSvg(
      "t",
      [
        {
          label: "a-model-with-a-very-long-file-name",
          color: "#000",
          s: { n: 9, mean: 1, sd: 1, p10: 1234.5, p50: 45678.9, p90: 99999.9, min: 0, max: 1e5 },
        },
      ],
      (v) => v.toFixed(1),
    );
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    const valueX = Number([...svg.matchAll(/<text x="([\d.]+)"/g)].at(-1)![1]);
    const valueText = "45678.9 (1234.5–99999.9), n = 9";
    expect(svg).toContain(valueText);
    expect(valueX + valueText.length * 6).toBeLessThanOrEqual(width);
    // The label sits on its own line above the bar, so the drawing is no wider than bar and value.
    const labelY = Number(/<text x="0" y="([\d.]+)"/.exec(svg)![1]);
    const barY = Number(/<rect x="0" y="([\d.]+)"/.exec(svg)![1]);
    expect(labelY).toBeLessThanOrEqual(barY);
    expect(width).toBeLessThanOrEqual(220 + 6 + valueText.length * 6.6 + 8 + 1);
    // It shrinks to a phone's width instead of widening the page.
    expect(svg).toContain('style="max-width:100%;height:auto"');
  });

  it("names the run's retrieval as it was set: a hybrid run with MMR is not called vector", () => {
    expect(html).toContain("Retrieval Vector</p>");
    expect(runHtml(detail({ retrieval: "hybrid", mmr: true }))).toContain("Retrieval Hybrid + MMR (diverse)</p>");
  });
});
