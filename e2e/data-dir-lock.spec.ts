import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

test("a second server on the same data directory stops at once and names the running one", async () => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const port = Number(process.env.E2E_PORT) + 1;
  const started = Date.now();
  const second = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, MODELS_DIR: process.env.E2E_MODELS_DIR },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  second.stdout.on("data", (d) => (output += d));
  second.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => second.on("exit", resolve));
  expect(code).not.toBe(0);
  expect(output).toContain(`The data directory ${dataDir} is in use by another Lineup server (process `);
  expect(Date.now() - started).toBeLessThan(10_000);
});
