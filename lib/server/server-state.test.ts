import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readServerState, SERVER_STATE_FILE, serverUrl, writeServerState } from "./server-state";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-state-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("server state file", () => {
  it("lets a script find the running server's URL", () => {
    const dir = tmp();
    writeServerState(dir, serverUrl("0.0.0.0", 3411));
    expect(readServerState(dir)).toMatchObject({ url: "http://127.0.0.1:3411", pid: process.pid });
  });

  it("ignores a file left behind by a server that was killed (its pid is gone)", () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"]).stdout.toString().trim();
    fs.writeFileSync(
      path.join(dir, SERVER_STATE_FILE),
      JSON.stringify({ url: "http://127.0.0.1:9", pid: Number(dead), startedAt: "x" }),
    );
    expect(readServerState(dir)).toBeNull();
  });

  it("ignores a missing or damaged file", () => {
    const dir = tmp();
    expect(readServerState(dir)).toBeNull();
    fs.writeFileSync(path.join(dir, SERVER_STATE_FILE), "{ not json");
    expect(readServerState(dir)).toBeNull();
  });

  it("brackets IPv6 hosts", () => {
    expect(serverUrl("::", 3000)).toBe("http://[::1]:3000");
  });
});
