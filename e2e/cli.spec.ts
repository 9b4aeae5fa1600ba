import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { sampleDataset } from "./pages/api";

// The headless CLI (`npm run lineup -- run`) against the e2e server: a passing and a failing assertion give
// exit codes 0 and 1, the table names each model, and --out writes the run's JSON.

const base = `http://127.0.0.1:${process.env.E2E_PORT ?? 3123}`;

function cli(config: object, ...args: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-cli-e2e-"));
  const file = path.join(dir, "config.json");
  fs.writeFileSync(file, JSON.stringify(config));
  const out = path.join(dir, "run.json");
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/lineup-cli.ts", "run", file, "--url", base, "--out", out, ...args],
    { encoding: "utf8", timeout: 110_000 },
  );
  return {
    ...run,
    out: fs.existsSync(out)
      ? (JSON.parse(fs.readFileSync(out, "utf8")) as { run: { id: string; status: string } })
      : null,
  };
}

test("the CLI runs a comparison, prints a row per model, writes the run and exits by its assertions", async ({
  request,
}) => {
  await sampleDataset(request);
  const config = {
    models: ["tiny-dense-mha.Q8_0.gguf", "tiny-gqa.Q8_0.gguf"],
    groups: ["B00SAMPLE01"],
    questions: ["What do people like?"],
    maxTokens: 8,
    threads: 1,
  };
  const pass = cli(config, "--assert", "genRate>=1", "--assert", "failed<=0");
  expect(pass.status, pass.stderr).toBe(0);
  expect(pass.stdout).toMatch(/^tiny-dense-mha\.Q8_0\.gguf\s+[\d.]+/m);
  expect(pass.stdout).toMatch(/^tiny-gqa\.Q8_0\.gguf\s+[\d.]+/m);
  // One question, one answer a model: the run page's verdict, in its words, is that it can't tell.
  expect(pass.stdout).toMatch(/^Verdict$/m);
  expect(pass.stdout).toMatch(
    /^ {2}Speed \[can't tell\]: Can't tell: 1 answer for a model; .* Run it with 10 repetitions/m,
  );
  expect(pass.out?.run.status).toBe("completed");
  expect((await request.get(`/api/runs/${pass.out!.run.id}`)).ok()).toBe(true);

  const fail = cli(config, "--assert", "genRate>=1000000");
  expect(fail.status).toBe(1);
  expect(fail.stderr).toContain("assertion failed: tiny-gqa.Q8_0.gguf: genRate>=1000000 failed");

  const bad = cli(config, "--assert", "speed>=1");
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("unknown figure speed");
});
