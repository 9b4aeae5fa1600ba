import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { GGUF_PRESETS, SETS } from "../lib/models/pull/catalog";
import { ASSERTABLE } from "./cli/assertions";

// Every CLI answers --help and -h with its usage on stdout and exit 0, run as a user runs it (npm run <script>),
// so the package.json wiring is part of what is tested. The usage must name what the CLI takes.

const CLIS = [
  {
    script: "lineup",
    names: [
      "run <config.json>",
      "help",
      "--assert",
      "--out",
      "--url",
      "--start",
      "--port",
      "--timeout",
      "--help",
      ...Object.keys(ASSERTABLE),
    ],
  },
  { script: "import", names: ["<file.csv>", "--name", "--text", "--group", "--labels", "--embedder", "--help"] },
  { script: "models:pull", names: ["<name>", "--help", ...Object.keys(SETS), ...Object.keys(GGUF_PRESETS)] },
];

describe("CLI help", () => {
  for (const { script, names } of CLIS) {
    it(`npm run ${script} -- --help / -h print the usage and exit 0`, () => {
      for (const flag of ["--help", "-h"]) {
        const result = spawnSync("npm", ["run", "--silent", script, "--", flag], { encoding: "utf8", timeout: 60_000 });
        expect(result.status, `npm run ${script} -- ${flag}: ${result.stderr}`).toBe(0);
        expect(result.stdout).toMatch(new RegExp(`^Usage: npm run ${script} -- `));
        for (const name of names) expect(result.stdout, `${script}'s usage names ${name}`).toContain(name);
      }
    });
  }
});
