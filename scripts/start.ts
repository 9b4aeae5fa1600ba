// `npm start`: serves the built app with the validated settings (PORT, HOST, DATA_DIR, MODELS_DIR, DATABASE_URL).
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { assertDataDirFree } from "../lib/db/lock";
import { env, EnvError } from "../lib/env";
import { isAppError } from "../lib/errors";
import { ensureDemoModels, ensureTrainedModels } from "../lib/models/demo/ensure";

function main() {
  let settings;
  try {
    settings = env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`[lineup] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  if (!settings.databaseUrl) {
    try {
      assertDataDirFree(settings.dataDir);
    } catch (err) {
      if (!isAppError(err)) throw err;
      console.error(`[lineup] cannot start: ${err.message}`);
      process.exit(1);
    }
  }
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.error("[lineup] There is no production build yet. Run `npm run build` first, or `npm run demo` to prepare everything and start.");
    process.exit(1);
  }
  // The demo models take seconds to write and make the app usable with no downloads.
  const started = performance.now();
  const written = [
    ...ensureDemoModels(settings.modelsDir, undefined, (line) => console.log(`[lineup] ${line}`)),
    ...ensureTrainedModels(settings.modelsDir, (line) => console.log(`[lineup] ${line}`)),
  ];
  if (written.length) console.log(`[lineup] demo models ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(settings.port), "-H", settings.host], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });

  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
