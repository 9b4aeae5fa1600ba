import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { watchForErrors } from "./pages/app-shell";

// Other sites cannot drive Lineup; its pages pass their own Content-Security-Policy; an exposed server asks
// for its token. The attacker is a real page on another port, in the same browser.

const APP = `http://127.0.0.1:${process.env.E2E_PORT}`;
const ATTACKER_PORT = Number(process.env.E2E_ATTACKER_PORT ?? Number(process.env.E2E_PORT) + 1);
const EXPOSED_PORT = Number(process.env.E2E_EXPOSED_PORT ?? Number(process.env.E2E_PORT) + 2);
const uploadsDir = path.join(process.env.E2E_DATA_DIR!, "uploads");
const uploadsOnDisk = () => (fs.existsSync(uploadsDir) ? fs.readdirSync(uploadsDir).filter((f) => !f.startsWith(".")).sort() : []);

async function readyRunSettings(request: APIRequestContext) {
  let dataset: { id: string; status: string; groups: { group: string }[] } | undefined;
  await expect.poll(async () => {
    const { datasets } = await (await request.get("/api/datasets")).json();
    dataset = datasets.find((d: { status: string }) => d.status === "ready");
    return Boolean(dataset);
  }, { timeout: 120_000 }).toBe(true);
  return { datasetId: dataset!.id, groups: [dataset!.groups[0].group], questions: ["what is good?"], models: ["tiny-dense-mha.Q8_0.gguf", "tiny-gqa.Q8_0.gguf"], maxTokens: 4 };
}

const runCount = async (request: APIRequestContext) => (await (await request.get("/api/runs")).json()).runs.length as number;

function attackerPage(settings: object): string {
  const json = JSON.stringify(settings);
  // The classic text/plain form trick: name + "=" + value spells a JSON document.
  const name = json.slice(0, -1) + ',"pad":"';
  return `<!doctype html><html><body>
<form id="f" method="POST" action="${APP}/api/runs" enctype="text/plain" target="sink"><input type="hidden" name='${name.replace(/'/g, "&#39;")}' value='"}'></form>
<iframe name="sink"></iframe>
<script>
(async () => {
  await fetch("${APP}/api/runs", { method: "POST", mode: "no-cors", body: ${JSON.stringify(json)} }).catch(() => {});
  await fetch("${APP}/api/uploads?name=evil.csv", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/csv" }, body: "asins,reviews.title,reviews.text\\nX,evil,planted by another site\\n" }).catch(() => {});
  document.getElementById("f").submit();
  document.title = "sent";
})();
</script></body></html>`;
}

test("a page on another site can neither start a run nor store an upload", async ({ page, request }) => {
  const settings = await readyRunSettings(request);
  const runsBefore = await runCount(request);
  const uploadsBefore = uploadsOnDisk();
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(attackerPage(settings)));
  await new Promise<void>((resolve) => server.listen(ATTACKER_PORT, "127.0.0.1", resolve));
  try {
    const answers: { url: string; status: number }[] = [];
    page.on("response", (res) => {
      if (res.url().startsWith(APP)) answers.push({ url: res.url(), status: res.status() });
    });
    await page.goto(`http://127.0.0.1:${ATTACKER_PORT}/`);
    await expect(page).toHaveTitle("sent");
    await expect.poll(() => answers.length, { timeout: 15_000 }).toBe(3);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
  } finally {
    server.close();
  }
  expect(await runCount(request)).toBe(runsBefore);
  expect(uploadsOnDisk()).toEqual(uploadsBefore);

  // The same request from Lineup's own page is accepted: the refusals above were for where they came from.
  await page.goto("/runs");
  const own = await page.evaluate(async (body) => {
    const res = await fetch("/api/runs", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    return { status: res.status, id: ((await res.json()) as { id: string }).id };
  }, JSON.stringify(settings));
  expect(own.status).toBe(202);
  expect(await runCount(request)).toBe(runsBefore + 1);
  await page.evaluate((id) => fetch(`/api/runs/${id}/cancel`, { method: "POST" }), own.id);
});

test("every page passes its Content-Security-Policy, and the HTML export runs no script", async ({ page, request }) => {
  const problems = watchForErrors(page);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  const { runs } = await (await request.get("/api/runs")).json();
  const pages = ["/", "/runs", "/datasets", "/models", "/login", ...(runs[0] ? [`/runs/${runs[0].id}`] : [])];
  for (const url of pages) {
    const res = await page.goto(url);
    expect(res!.headers()["content-security-policy"], url).toMatch(/script-src 'self' 'nonce-/);
    expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), url).toEqual([]);
  }
  expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
  if (runs[0]) {
    const exported = await request.get(`/api/runs/${runs[0].id}/export?format=html`);
    expect(exported.headers()["content-security-policy"]).toMatch(/default-src 'none'/);
    expect(await exported.text()).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  }
});

test.describe("a server listening beyond loopback", () => {
  // The suite's browser resolves no names but loopback's own: let it reach 127.0.0.2 as well.
  test.use({
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2, EXCLUDE localhost"],
    },
  });
  const TOKEN = "e2e-token-0123456789abcdef";
  const EXPOSED = `http://127.0.0.2:${EXPOSED_PORT}`;
  let server: ChildProcess;
  const dataDir = path.join(os.tmpdir(), `lineup-e2e-sec-exposed-${process.pid}`);

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = spawn(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "start", "-p", String(EXPOSED_PORT), "-H", "127.0.0.2"], {
      env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.2", PORT: String(EXPOSED_PORT), LINEUP_TOKEN: TOKEN, DATA_DIR: dataDir, MODELS_DIR: process.env.E2E_MODELS_DIR, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "ignore",
    });
    await expect.poll(async () => (await fetch(`${EXPOSED}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => null))?.status, { timeout: 150_000, intervals: [1000] }).toBe(200);
  });
  test.afterAll(async () => {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("asks for its token: scripts as a bearer header, browsers once on the login page; a share link then opens", async ({ page, context }) => {
    expect((await fetch(`${EXPOSED}/api/runs`)).status).toBe(401);
    expect((await fetch(`${EXPOSED}/api/runs`, { headers: { authorization: "Bearer not-the-token-at-all" } })).status).toBe(401);
    expect((await fetch(`${EXPOSED}/api/runs`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    const problems = watchForErrors(page);
    await page.goto(`${EXPOSED}/datasets?from=share`);
    await expect(page).toHaveURL(/\/login\?next=%2Fdatasets%3Ffrom%3Dshare$/);
    await page.getByLabel("Token").fill("wrong-token-wrong-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("not this server's token");
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
});
