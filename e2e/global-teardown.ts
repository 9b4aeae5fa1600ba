import fs from "node:fs";

// The e2e server's data and models directories are temporary: remove them (the demo models alone are ~130 MB).
export default function globalTeardown() {
  for (const dir of [process.env.E2E_DATA_DIR, process.env.E2E_MODELS_DIR]) {
    if (dir && dir.includes("lineup-e2e")) fs.rmSync(dir, { recursive: true, force: true });
  }
}
