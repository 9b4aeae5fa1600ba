import { spawnSync } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { resolveTargets } from "../lib/models/pull/catalog";

describe("models:pull", () => {
  it("fails fast with a clear message where the hub cannot be reached", async () => {
    // A loopback port that was just free: nothing listens there, on any machine, online or not.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const started = Date.now();
    const result = spawnSync("npx", ["tsx", "scripts/models-pull.ts", "Xenova/all-MiniLM-L6-v2"], {
      env: { ...process.env, LINEUP_HUB_URL: `http://127.0.0.1:${port}` },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `Cannot reach http://127.0.0.1:${port} (ECONNREFUSED). Pulling models needs internet access`,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("knows the original experiment's set and refuses an unknown name with the options", () => {
    expect(resolveTargets(["original"]).map((t) => (t.kind === "gguf" ? t.label : t.id))).toEqual([
      "mistral-7b",
      "llama2-7b",
      "Xenova/multi-qa-mpnet-base-dot-v1",
    ]);
    expect(() => resolveTargets(["gpt-5"])).toThrow(/not a known model\. Use a preset \(mistral-7b/);
  });
});
