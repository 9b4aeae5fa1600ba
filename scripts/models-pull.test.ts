import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureDemoModels } from "../lib/models/demo/ensure";
import { DEMO_MODELS } from "../lib/models/demo/specs";
import { resolveTargets } from "../lib/models/pull/catalog";
import { sha256Hex, startFakeHub } from "../lib/models/pull/testing/fake-hub";

const CLI = ["--conditions=react-server", "--import", "tsx", "scripts/models-pull.ts"];

/** Runs the CLI and collects its output (async, so the fake hub in this process keeps answering). */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

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
    const result = spawnSync(process.execPath, [...CLI, "Xenova/all-MiniLM-L6-v2"], {
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

  it("pulls a GGUF from the hub, verified, and resumes a connection dropped half-way", async () => {
    const file = "tiny-gqa.Q8_0.gguf";
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-hub-src-"));
    const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-pulled-"));
    ensureDemoModels(
      source,
      DEMO_MODELS.filter((m) => m.file === file),
    );
    const bytes = fs.readFileSync(path.join(source, file));
    const hub = await startFakeHub([{ org: "lineup", repo: "tiny-GGUF", path: file, bytes }]);
    try {
      hub.faults.dropAtByte = Math.floor(bytes.length / 2);
      const result = await runCli([`hf:lineup/tiny-GGUF/${file}`], { LINEUP_HUB_URL: hub.url, MODELS_DIR: modelsDir });
      expect(result.stderr).toContain("connection dropped");
      expect(result.stdout).toContain(`SHA-256 ${sha256Hex(bytes)}`);
      expect(result.stdout).toMatch(/ready, SHA-256 verified: .*tiny-gqa\.Q8_0\.gguf/);
      expect(result.status).toBe(0);
      expect(hub.ranges).toEqual(["", `bytes=${Math.floor(bytes.length / 2)}-`]);
      expect(fs.readdirSync(modelsDir)).toEqual([file]);
    } finally {
      await hub.close();
      fs.rmSync(source, { recursive: true, force: true });
      fs.rmSync(modelsDir, { recursive: true, force: true });
    }
  });

  it("resumes after the process is killed mid-pull, and refuses while another process holds the part", async () => {
    const file = "tiny-gqa.Q8_0.gguf";
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-hub-src-"));
    const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-pulled-"));
    ensureDemoModels(
      source,
      DEMO_MODELS.filter((m) => m.file === file),
    );
    const bytes = fs.readFileSync(path.join(source, file));
    const hub = await startFakeHub([{ org: "lineup", repo: "tiny-GGUF", path: file, bytes }]);
    const env = { LINEUP_HUB_URL: hub.url, MODELS_DIR: modelsDir };
    const part = path.join(modelsDir, `${file}.part`);
    try {
      hub.faults.bytesPerSecond = 50 * 1024; // about 4.5 s for the whole file
      const child = spawn(process.execPath, [...CLI, `hf:lineup/tiny-GGUF/${file}`], {
        env: { ...process.env, ...env },
      });
      const exited = new Promise((resolve) => child.on("close", resolve));
      while (!fs.existsSync(part) || fs.statSync(part).size < bytes.length * 0.4)
        await new Promise((r) => setTimeout(r, 50));
      child.kill("SIGKILL");
      await exited;
      const kept = fs.statSync(part).size;
      expect(kept).toBeLessThan(bytes.length);
      expect(fs.existsSync(`${part}.lock`)).toBe(true); // left behind by the killed process

      // A lock held by a live process (this one) refuses a second pull of the same file.
      fs.writeFileSync(`${part}.lock`, String(process.pid));
      hub.faults.bytesPerSecond = undefined;
      const refused = await runCli([`hf:lineup/tiny-GGUF/${file}`], env);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`already being pulled by another process (pid ${process.pid})`);

      // The killed process's lock is stale: the next pull takes over and resumes the part.
      fs.writeFileSync(`${part}.lock`, String(child.pid));
      hub.ranges.length = 0;
      const resumed = await runCli([`hf:lineup/tiny-GGUF/${file}`], env);
      expect(resumed.status).toBe(0);
      expect(hub.ranges).toEqual([`bytes=${kept}-`]);
      expect(resumed.stdout).toMatch(/ready, SHA-256 verified: .* fetched, resumed from/);
      expect(fs.readdirSync(modelsDir)).toEqual([file]);
      expect(fs.readFileSync(path.join(modelsDir, file)).equals(bytes)).toBe(true);
    } finally {
      await hub.close();
      fs.rmSync(source, { recursive: true, force: true });
      fs.rmSync(modelsDir, { recursive: true, force: true });
    }
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
