import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { writeSampleCsv } from "../datasets/sample/generate";
import { importText, testContext } from "../datasets/testing/context";
import { CHATML } from "../models/gguf/llama-metadata";
import { tinySpec } from "../models/testing/fixtures";
import { gpuFound } from "../models/gpu-probe";
import { stopAll, waitForRun } from "./queue";
import { createRun, getRun } from "./service";

// Issue 21: instruct models are prompted in their own chat template (which their GGUF carries), a model without
// one gets the raw prompt and the run says so, the exact text each model received is stored, and "auto" runs on
// the GPU when there is one and on the CPU (this machine) when there is not.

let ctx: Awaited<ReturnType<typeof testContext>> & { threads: number };
let datasetId: string;
const WITH_TEMPLATE = tinySpec("gqa").file;
const WITHOUT_TEMPLATE = "no-template.Q8_0.gguf";

/** A machine with a GPU node-llama-cpp could use: an NVIDIA or DRI render device, or a Mac. */
const hasGpu = () =>
  process.platform === "darwin" || fs.existsSync("/dev/nvidia0") || fs.existsSync("/dev/dri/renderD128");

beforeAll(async () => {
  ctx = { ...(await testContext()), threads: 1 };
  datasetId = await importText(ctx, fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "s")), "utf8"));
  // The same model with its chat template blanked out in place (same length, so the GGUF stays valid).
  const bytes = fs.readFileSync(path.join(ctx.modelsDir, WITH_TEMPLATE));
  const at = bytes.indexOf(Buffer.from(CHATML));
  expect(at).toBeGreaterThan(0);
  bytes.fill(" ", at, at + Buffer.byteLength(CHATML));
  fs.writeFileSync(path.join(ctx.modelsDir, WITHOUT_TEMPLATE), bytes);
}, 120_000);
afterAll(async () => {
  await stopAll();
  await ctx.close();
});

async function runWith(promptFormat: "chat" | "raw") {
  const { id } = await createRun(ctx, {
    datasetId,
    models: [WITH_TEMPLATE, WITHOUT_TEMPLATE],
    groups: ["B00SAMPLE01"],
    questions: ["What do people like about the product?"],
    maxTokens: 6,
    seed: 7,
    threads: 1,
    promptFormat,
    gpu: "auto",
  });
  await waitForRun(id);
  return getRun(ctx, id);
}

describe("the prompt format of a run", () => {
  it("gives a model its own chat template, falls back to raw without one, and stores what each received", async () => {
    const detail = await runWith("chat");
    const [q] = detail.questions;
    const chat = detail.generations.find((g) => g.model === WITH_TEMPLATE)!;
    const raw = detail.generations.find((g) => g.model === WITHOUT_TEMPLATE)!;
    expect(chat.status).toBe("ok");
    expect(chat.promptFormat).toBe("chat");
    // The text as the model's tokenizer gives it back: an SPM tokenizer (Llama, Mistral, these demo models) reads
    // the word after a special token with a leading space, and llama.cpp feeds it exactly so.
    expect(chat.prompt).toMatch(/^<s><\|im_start\|> ?user\n/);
    expect(chat.prompt).toContain(`${q.prompt}<|im_end|>`);
    expect(chat.prompt).toMatch(/<\|im_start\|> ?assistant\n$/);
    expect(raw.status).toBe("ok");
    expect(raw.promptFormat).toBe("raw");
    expect(raw.prompt!.endsWith(q.prompt)).toBe(true);
    expect(raw.prompt).not.toContain("<|im_start|>");

    const runtime = (file: string) => detail.run.manifest!.models.find((m) => m.file === file)!.runtime!;
    expect(detail.run.manifest!.settings).toMatchObject({ promptFormat: "chat", gpu: "auto" });
    expect(runtime(WITH_TEMPLATE)).toMatchObject({ chatTemplate: true, promptFormat: "chat" });
    expect(runtime(WITHOUT_TEMPLATE)).toMatchObject({ chatTemplate: false, promptFormat: "raw" });
  }, 180_000);

  it('runs on the CPU under "auto" when the machine has no GPU, and records where it ran', async () => {
    const detail = await runWith("raw");
    for (const m of detail.run.manifest!.models) {
      const device = m.runtime!.device!;
      expect(device.totalLayers).toBeGreaterThan(0);
      if (hasGpu()) {
        expect(device.backend).not.toBe("cpu");
        expect(device.gpuLayers).toBeGreaterThan(0);
      } else {
        expect(device).toEqual({
          backend: "cpu",
          deviceNames: [],
          gpuLayers: 0,
          totalLayers: device.totalLayers,
          vramUsedBytes: 0,
        });
        expect(m.runtime!.vramPeakBytes).toBe(0);
      }
    }
    expect(detail.generations.every((g) => g.status === "ok" && g.promptFormat === "raw")).toBe(true);
  }, 180_000);

  it("the form's GPU check finds what the runs use: none here, so estimates stay in RAM", async () => {
    const found = (await gpuFound(60_000))!;
    if (hasGpu()) expect(found.backend).not.toBe("cpu");
    else expect(found).toEqual({ backend: "cpu", deviceNames: [], vramTotalBytes: 0, vramFreeBytes: 0 });
  }, 120_000);
});
