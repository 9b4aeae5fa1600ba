// `npm start`: serves the built app with the validated settings (PORT, HOST, DATA_DIR, MODELS_DIR, DATABASE_URL).
// Compiled to dist/start.mjs by `npm run build` (scripts/build-server.mjs) and run by scripts/start.mjs with
// plain node; Next.js then runs in this same process: no wrapper processes holding memory while idle.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { assertDataDirFree } from "../lib/db/lock";
import { env, EnvError } from "../lib/env";
import { isAppError } from "../lib/errors";
import { ensureDemoModels, ensureTrainedModels } from "../lib/models/demo/ensure";
import { checkDataDir, checkPortFree, loginEnv } from "../lib/server/preflight";
import { quietAbortedRequests } from "../lib/server/aborted-requests";

async function main() {
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
  try {
    if (!settings.databaseUrl) assertDataDirFree(settings.dataDir);
    checkDataDir(settings.dataDir); // uploads live there even with DATABASE_URL
    await checkPortFree(settings.host, settings.port);
  } catch (err) {
    if (!isAppError(err)) throw err;
    console.error(`[lineup] cannot start: ${err.message}`);
    process.exit(1);
  }
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.error(
      "[lineup] There is no production build yet. Run `npm run build` first, or `npm run demo` to prepare everything and start.",
    );
    process.exit(1);
  }
  // The demo models take seconds to write and make the app usable with no downloads.
  const started = performance.now();
  const written = [
    ...ensureDemoModels(settings.modelsDir, undefined, (line) => console.log(`[lineup] ${line}`)),
    ...ensureTrainedModels(settings.modelsDir, (line) => console.log(`[lineup] ${line}`)),
  ];
  if (written.length)
    console.log(`[lineup] demo models ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  // Next's command line, run in this process: it reads its arguments and environment when loaded.
  Object.assign(process.env, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    ...loginEnv(settings, (l) => console.log(`[lineup] ${l}`)),
  });
  process.argv = [process.argv[0], nextBin, "start", "-p", String(settings.port), "-H", settings.host];
  quietAbortedRequests(); // before Next's server takes its first request
  await import(pathToFileURL(nextBin).href);
}

void main();
