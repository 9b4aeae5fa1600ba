// `npm start`: serves the built app with the validated settings (PORT, HOST, DATA_DIR, MODELS_DIR, DATABASE_URL).
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { env, EnvError } from "../lib/env";

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
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.error("[lineup] There is no production build yet. Run `npm run build` first, or `npm run demo` to prepare everything and start.");
    process.exit(1);
  }
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
