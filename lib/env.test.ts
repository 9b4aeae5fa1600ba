import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";
import { physicalCores } from "./system/cpu";

describe("settings", () => {
  it("defaults to a loopback server on port 3000 with embedded storage", () => {
    const e = parseEnv({});
    expect(e.host).toBe("127.0.0.1");
    expect(e.port).toBe(3000);
    expect(e.dataDir).toBe(path.resolve("data"));
    expect(e.databaseUrl).toBeUndefined();
    expect(e.uploadLimitBytes).toBe(200 * 1024 * 1024);
  });

  it("names every bad variable at once", () => {
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", LINEUP_THREADS: "0" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      const message = (err as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/DATABASE_URL must start with postgres/);
      expect(message).toMatch(/LINEUP_THREADS must be at least 1/);
    }
  });

  it("derives the other tools' model stores from HOME, each overridable by its own variable", () => {
    expect(parseEnv({ HOME: "/h" }).modelSources).toEqual({
      ollama: "/h/.ollama/models",
      lmStudio: ["/h/.lmstudio/models", "/h/.cache/lm-studio/models"],
      hfHub: "/h/.cache/huggingface/hub",
      extra: [],
    });
    const set = parseEnv({
      HOME: "/h",
      OLLAMA_MODELS: "/o",
      HF_HOME: "/hf",
      LINEUP_MODEL_DIRS: `/a${path.delimiter} /b ${path.delimiter}`,
    });
    expect(set.modelSources).toMatchObject({ ollama: "/o", hfHub: "/hf/hub", extra: ["/a", "/b"] });
    expect(parseEnv({ HOME: "/h", HF_HOME: "/hf", HF_HUB_CACHE: "/cache" }).modelSources.hfHub).toBe("/cache");
  });

  it("never gives llama.cpp more threads than physical cores", () => {
    expect(parseEnv({ LINEUP_THREADS: "256" }).threads).toBe(physicalCores());
  });

  it("counts physical cores, not hyper-threads", () => {
    const twoCoresFourThreads = [0, 0, 1, 1]
      .map((core) => `processor\t: x\nphysical id\t: 0\ncore id\t\t: ${core}\n`)
      .join("\n");
    expect(physicalCores(twoCoresFourThreads)).toBeLessThanOrEqual(2);
  });
});
