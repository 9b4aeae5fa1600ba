import "server-only";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";

// How to start a child process: the production build runs the entry compiled by scripts/build-server.mjs
// with plain node (no tsx wrapper, no compiling at start); development and tests run the TypeScript source
// through tsx. Children load server modules, so they resolve `server-only` with the react-server condition.

export type ChildEntry = "model-worker" | "embed-process" | "inspect-process" | "sweep-worker";

const SOURCES: Record<ChildEntry, string> = {
  "model-worker": path.join("lib", "models", "worker", "child.ts"),
  "embed-process": path.join("lib", "embeddings", "embed-process.ts"),
  "inspect-process": path.join("lib", "models", "gguf", "inspect-process.ts"),
  "sweep-worker": path.join("lib", "sweeps", "worker", "child.ts"),
};

export const compiledEntry = (name: ChildEntry) => path.join(process.cwd(), "dist", `${name}.mjs`);

/** Node's arguments for a child: the compiled file in production when it exists, else the source. */
export function childArgs(name: ChildEntry): string[] {
  const compiled = compiledEntry(name);
  if (env().nodeEnv === "production" && fs.existsSync(compiled)) return [compiled];
  return ["--conditions=react-server", "--import", "tsx", path.join(process.cwd(), SOURCES[name])];
}
