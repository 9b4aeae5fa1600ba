import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { watchForErrors } from "./pages/app-shell";

// Login: a second server with a token (as an exposed server always has; one given LINEUP_TOKEN asks for it
// on loopback too), bound to 127.0.0.2 so only loopback traffic reaches it. Scripts send the token as a bearer
// header, browsers enter it once, and a shared link opens after that.

const EXPOSED_PORT = Number(process.env.E2E_EXPOSED_PORT ?? Number(process.env.E2E_PORT) + 2);

// The suite's browser resolves no names but loopback's own: let it reach 127.0.0.2 as well.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2, EXCLUDE localhost",
    ],
  },
});

test.describe("a server listening beyond loopback", () => {
  const TOKEN = "e2e-token-0123456789abcdef";
  const EXPOSED = `http://127.0.0.2:${EXPOSED_PORT}`;
  let server: ChildProcess;
  const dataDir = path.join(os.tmpdir(), `lineup-e2e-sec-exposed-${process.pid}`);

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = spawn(
      process.execPath,
      [
        createRequire(import.meta.url).resolve("next/dist/bin/next"),
        "start",
        "-p",
        String(EXPOSED_PORT),
        "-H",
        "127.0.0.2",
      ],
      {
        env: {
          ...process.env,
          NODE_ENV: "production",
          HOST: "127.0.0.2",
          PORT: String(EXPOSED_PORT),
          LINEUP_TOKEN: TOKEN,
          DATA_DIR: dataDir,
          MODELS_DIR: process.env.E2E_MODELS_DIR,
          NEXT_TELEMETRY_DISABLED: "1",
        },
        stdio: "ignore",
      },
    );
    await expect
      .poll(
        async () =>
          (await fetch(`${EXPOSED}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => null))
            ?.status,
        { timeout: 150_000, intervals: [1000] },
      )
      .toBe(200);
  });
  test.afterAll(async () => {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("asks for its token: scripts as a bearer header, browsers once on the login page; a share link then opens", async ({
    page,
    context,
  }) => {
    expect((await fetch(`${EXPOSED}/api/runs`)).status).toBe(401);
    expect(
      (await fetch(`${EXPOSED}/api/runs`, { headers: { authorization: "Bearer not-the-token-at-all" } })).status,
    ).toBe(401);
    expect((await fetch(`${EXPOSED}/api/runs`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    const problems = watchForErrors(page);
    await page.goto(`${EXPOSED}/datasets?from=share`);
    await expect(page).toHaveURL(/\/login\?next=%2Fdatasets%3Ffrom%3Dshare$/);
    await page.getByLabel("Token").fill("wrong-token-wrong-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "token" })).toContainText("not this server's token");
    await page.getByLabel("Token").fill(TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${EXPOSED}/datasets?from=share`);
    await expect(page.getByRole("heading", { level: 1, name: "Datasets" })).toBeVisible();
    const [cookie] = await context.cookies(EXPOSED);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(cookie.value).not.toContain(TOKEN);
    // The wrong token's 401 (and the browser's console line about it) is the only failure.
    expect(problems.filter((p) => !p.includes("/api/login") && !p.includes("status of 401"))).toEqual([]);
  });

  test("after sign-in a hostile next (tab, newline, backslash, //) keeps the browser on this server", async ({
    page,
  }) => {
    const offsite: string[] = [];
    page.on("request", (r) => void (!r.url().startsWith(EXPOSED) && offsite.push(r.url())));
    for (const next of [
      "/%09/evil.example",
      "/%0a/evil.example",
      "/%0d/evil.example",
      "/\\evil.example",
      "//evil.example",
      "/.//evil.example",
    ]) {
      await page.context().clearCookies();
      await page.goto(`${EXPOSED}/login?next=${next}`);
      await page.getByLabel("Token").fill(TOKEN);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page, next).toHaveURL(`${EXPOSED}/`);
    }
    expect(offsite).toEqual([]);
  });

  test("wrong tokens past the limit get 429 with Retry-After, counted alike by the login page and bearer checks", async () => {
    const client = { "x-forwarded-for": "198.51.100.23" }; // its own count, apart from the browser tests'
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const wrong =
        i % 2
          ? fetch(`${EXPOSED}/api/runs`, { headers: { ...client, authorization: `Bearer wrong-${i}-0123456789` } })
          : fetch(`${EXPOSED}/api/login`, {
              method: "POST",
              headers: { ...client, origin: EXPOSED, "content-type": "application/json" },
              body: JSON.stringify({ token: `wrong-${i}-0123456789` }),
            });
      statuses.push((await wrong).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const right = await fetch(`${EXPOSED}/api/runs`, { headers: { ...client, authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await right.json()).error.message).toMatch(/wait \d+ s/);
  });
});
