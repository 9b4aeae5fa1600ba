import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/support/chromium";

// The e2e suite runs the production build on its own port and its own fresh data directory.
const PORT = Number(process.env.E2E_PORT ?? 3123);
// Set on process.env so the test workers (separate processes) see the same directory.
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `lineup-e2e-${process.pid}`);
process.env.E2E_PORT ??= String(PORT);
process.env.E2E_MODELS_DIR ??= path.join(os.tmpdir(), `lineup-e2e-models-${process.pid}`);
const E2E_DATA_DIR = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: "./e2e",
  globalTeardown: "./e2e/global-teardown.ts",
  outputDir: "./test-results",
  workers: 1,
  // Every test makes its own data and passes in any order: `--shard` may split even one file's tests.
  fullyParallel: true,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: "npm start",
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: E2E_DATA_DIR,
      MODELS_DIR: process.env.E2E_MODELS_DIR,
      LINEUP_UPLOAD_LIMIT_MB: "5",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
