import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startSmallRun, waitForRunEnd } from "./pages/api";
import { watchForErrors } from "./pages/app-shell";
import { startLineupServer } from "./support/lineup-server";

// Other sites cannot drive Lineup, and its pages pass their own Content-Security-Policy. The attacker is a real page on another port, in the same browser.

const APP = `http://127.0.0.1:${process.env.E2E_PORT}`;
const ATTACKER_PORT = Number(process.env.E2E_ATTACKER_PORT ?? Number(process.env.E2E_PORT) + 1);
const uploadsDir = path.join(process.env.E2E_DATA_DIR!, "uploads");
const uploadsOnDisk = () =>
  fs.existsSync(uploadsDir)
    ? fs
        .readdirSync(uploadsDir)
        .filter((f) => !f.startsWith("."))
        .sort()
    : [];

async function readyRunSettings(request: APIRequestContext) {
  let dataset: { id: string; status: string; groups: { group: string }[] } | undefined;
  await expect
    .poll(
      async () => {
        const { datasets } = await (await request.get("/api/datasets")).json();
        dataset = datasets.find((d: { status: string }) => d.status === "ready");
        return Boolean(dataset);
      },
      { timeout: 120_000 },
    )
    .toBe(true);
  return {
    datasetId: dataset!.id,
    groups: [dataset!.groups[0].group],
    questions: ["what is good?"],
    models: ["tiny-dense-mha.Q8_0.gguf", "tiny-gqa.Q8_0.gguf"],
    maxTokens: 4,
  };
}

const runCount = async (request: APIRequestContext) =>
  (await (await request.get("/api/runs")).json()).runs.length as number;

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
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end(attackerPage(settings)),
  );
  await new Promise<void>((resolve) => server.listen(ATTACKER_PORT, "127.0.0.1", resolve));
  try {
    // What reached the app and how it ended: a status, or the browser withholding the (refused) answer from
    // the other site (Cross-Origin-Resource-Policy, frame-ancestors).
    const outcomes: string[] = [];
    page.on("response", (res) => {
      if (res.url().startsWith(APP))
        outcomes.push(`${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`);
    });
    page.on("requestfailed", (req) => {
      if (req.url().startsWith(APP))
        outcomes.push(`${req.method()} ${new URL(req.url()).pathname} ${req.failure()?.errorText}`);
    });
    await page.goto(`http://127.0.0.1:${ATTACKER_PORT}/`);
    await expect(page).toHaveTitle("sent");
    await expect
      .poll(() => outcomes.filter((o) => o.startsWith("POST")).length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(3);
    for (const o of outcomes) expect(o).toMatch(/ (403|net::ERR_BLOCKED_BY_RESPONSE\S*)$/);
    expect(outcomes.some((o) => o === "POST /api/runs 403")).toBe(true);
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

test("answers the browser blocks from another site end quietly: no uncaught error in the server's log", async ({
  page,
}) => {
  // Chromium drops the connection when Cross-Origin-Resource-Policy blocks our refusal; Next.js then let the
  // request's "aborted" error reach the process as an uncaughtException (lib/server/aborted-requests.ts).
  // A server of its own, so its log can be read.
  test.setTimeout(180_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-e2e-aborts-"));
  const port = Number(process.env.E2E_PORT ?? 3123) + 23;
  const own = await startLineupServer({ DATA_DIR: work, MODELS_DIR: process.env.E2E_MODELS_DIR! }, port);
  const target = `http://127.0.0.1:${port}`;
  const html = `<!doctype html><script>(async () => {
    for (let i = 0; i < 5; i++) {
      await fetch("${target}/api/runs", { method: "POST", mode: "no-cors", body: "{}" }).catch(() => {});
      await fetch("${target}/api/uploads?name=x.csv", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/csv" }, body: "a,b\\n1,2\\n" }).catch(() => {});
    }
    document.title = "sent";
  })();</script>`;
  const attacker = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => attacker.listen(port + 1, "127.0.0.1", resolve));
  try {
    const blocked: string[] = [];
    page.on("requestfailed", (req) => {
      if (req.url().startsWith(target)) blocked.push(req.failure()?.errorText ?? "");
    });
    await page.goto(`http://127.0.0.1:${port + 1}/`);
    await expect(page).toHaveTitle("sent", { timeout: 30_000 });
    expect(blocked).toHaveLength(10);
    for (const reason of blocked) expect(reason).toMatch(/ERR_BLOCKED_BY_RESPONSE/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(own.output()).not.toMatch(/uncaughtException|Error: aborted/);
    expect((await (await fetch(`${target}/api/runs`)).json()).runs).toEqual([]);
  } finally {
    attacker.close();
    await own.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test("every page passes its Content-Security-Policy, and the HTML export runs no script", async ({ page, request }) => {
  test.setTimeout(240_000);
  const problems = watchForErrors(page);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  const { runs } = await (await request.get("/api/runs")).json();
  // A finished run of its own, so the run, arena and compare pages are always among those checked.
  const own = await startSmallRun(request);
  expect(await waitForRunEnd(request, own)).toBe("completed");
  const ran = [own, ...runs.slice(0, 1).map((r: { id: string }) => r.id)];
  // Every page, the unknown-address 404 included: it was prerendered at build time, with no nonce for its scripts.
  const pages = [
    "/",
    "/runs",
    "/datasets",
    "/models",
    "/leaderboard",
    "/login",
    "/no-such-page",
    "/runs/run_000000000000",
    ...ran.flatMap((id: string) => [`/runs/${id}`, `/runs/${id}/arena`]),
    `/runs/compare?a=${ran[0]}&b=${ran.at(-1)}`,
  ];
  for (const url of pages) {
    const res = await page.goto(url);
    if (url === "/no-such-page") {
      expect(res!.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
    }
    expect(res!.headers()["content-security-policy"], url).toMatch(/script-src 'self' 'nonce-/);
    expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
    await page.waitForLoadState("networkidle");
    expect(
      await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
      url,
    ).toEqual([]);
  }
  expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
  // The 404's own inline scripts ran (a blocked one leaves Next's flight data undefined): the page is live.
  await page.goto("/no-such-page");
  expect(await page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown[] }).__next_f))).toBe(true);
  const exported = await request.get(`/api/runs/${own}/export?format=html`);
  expect(exported.headers()["content-security-policy"]).toMatch(/default-src 'none'/);
  expect(await exported.text()).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
});
