import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { fillTemplate, unknownPlaceholders } from "../runs/prompt";
import { buildPrompt, RunSettingsInput } from "../runs/settings";
import { csvCell } from "../runs/export";
import { parseIntParam } from "../query";
import { readJsonBody } from "../validation";
import { answeringHosts } from "./hosts";
import { guardRequest, JSON_BODY_LIMIT_BYTES } from "./request-guard";
import { checkCredentials, SESSION_COOKIE, sessionValue } from "./token";
import { urlRefusal } from "./url-guard";

// The hostile-input suite: every request an attacker (or an unlucky script) sends, through the real proxy
// (loopback mode, as `npm start` runs by default), and the guard in exposed mode with a token.

process.env.HOST = "127.0.0.1";
process.env.LINEUP_ALLOWED_HOSTS = "lineup.lan";
let proxy: (request: NextRequest) => Promise<Response>;
beforeAll(async () => {
  ({ proxy } = await import("@/proxy"));
});

const APP = "http://127.0.0.1:3000";
function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const headers = { host: "127.0.0.1:3000", ...init.headers };
  const response = proxy(new NextRequest(`${APP}${path}`, { method: init.method ?? "GET", headers, body: init.body }));
  return response;
}
async function refusal(res: Response) {
  return { status: res.status, ...((await res.json()) as { error: { code: string; message: string } }).error };
}
const passed = (res: Response) => res.headers.get("x-middleware-next") === "1";

describe("only our own pages drive the app", () => {
  it("refuses a Host it does not answer for (DNS rebinding) before any work, on reads too", async () => {
    const res = await send("/api/datasets", { headers: { host: "evil.example:3000" } });
    expect(await refusal(res)).toMatchObject({
      status: 421,
      code: "misdirected",
      message: expect.stringMatching(/LINEUP_ALLOWED_HOSTS/),
    });
    expect(passed(await send("/api/datasets", { headers: { host: "localhost:3000" } }))).toBe(true);
    expect(passed(await send("/api/datasets", { headers: { host: "lineup.lan:3000" } }))).toBe(true);
    expect(passed(await send("/api/datasets", { headers: { host: "127.0.0.2:3000" } }))).toBe(true);
  });

  it("refuses a cross-site form POST (text/plain) and a no-cors fetch", async () => {
    const form = await send("/api/runs", {
      method: "POST",
      headers: { origin: "http://127.0.0.1:3222", "content-type": "text/plain", "sec-fetch-site": "same-site" },
      body: "{}",
    });
    expect(await refusal(form)).toMatchObject({ status: 403, code: "forbidden" });
    const noCors = await send("/api/uploads?name=x.csv", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "text/csv", "sec-fetch-site": "cross-site" },
      body: "a,b\n1,2\n",
    });
    expect(await refusal(noCors)).toMatchObject({ status: 403, code: "forbidden" });
    const opaque = await send("/api/runs/x/cancel", { method: "POST", headers: { origin: "null" } });
    expect((await refusal(opaque)).status).toBe(403);
    const bySite = await send("/api/runs/x/cancel", { method: "POST", headers: { "sec-fetch-site": "cross-site" } });
    expect((await refusal(bySite)).status).toBe(403);
    const anonymous = await send("/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(await refusal(anonymous)).toMatchObject({ status: 403, message: expect.stringMatching(/names no origin/) });
  });

  it("lets our own pages and scripts that name the origin through", async () => {
    expect(
      passed(
        await send("/api/runs", {
          method: "POST",
          headers: { origin: APP, "content-type": "application/json" },
          body: "{}",
        }),
      ),
    ).toBe(true);
    expect(
      passed(await send("/api/runs/x/cancel", { method: "POST", headers: { "sec-fetch-site": "same-origin" } })),
    ).toBe(true);
    expect(
      passed(
        await send("/api/uploads?name=x.csv", {
          method: "POST",
          headers: { origin: APP, "content-type": "text/csv; charset=utf-8" },
          body: "a\n1\n",
        }),
      ),
    ).toBe(true);
  });

  it("reads JSON only when it is declared JSON (415), and CSV uploads only as CSV", async () => {
    const plain = await send("/api/runs", {
      method: "POST",
      headers: { origin: APP, "content-type": "text/plain" },
      body: "{}",
    });
    expect(await refusal(plain)).toMatchObject({ status: 415, code: "unsupported" });
    const form = await send("/api/datasets", {
      method: "POST",
      headers: { origin: APP, "content-type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect((await refusal(form)).status).toBe(415);
    const upload = await send("/api/uploads?name=x.csv", {
      method: "POST",
      headers: { origin: APP, "content-type": "application/json" },
      body: "{}",
    });
    expect(await refusal(upload)).toMatchObject({ status: 415, message: expect.stringMatching(/text\/csv/) });
    const actionWithBody = await send("/api/runs/x/rerun", {
      method: "POST",
      headers: { origin: APP, "content-type": "text/plain" },
      body: "x",
    });
    expect((await refusal(actionWithBody)).status).toBe(415);
  });

  it("refuses a JSON body over the limit from its declared length, and while reading when undeclared", async () => {
    const big = await send("/api/runs", {
      method: "POST",
      headers: { origin: APP, "content-type": "application/json", "content-length": String(300 * 1024 * 1024) },
    });
    expect(await refusal(big)).toMatchObject({ status: 413, code: "too_large" });
    let pulled = 0;
    const endless = Readable.toWeb(
      Readable.from(
        (function* () {
          for (;;) {
            pulled++;
            yield Buffer.alloc(64 * 1024, 0x20);
          }
        })(),
      ),
    ) as ReadableStream<Uint8Array>;
    const request = new Request("http://127.0.0.1/api/runs", {
      method: "POST",
      body: endless,
      duplex: "half",
    } as RequestInit);
    await expect(readJsonBody(request)).rejects.toMatchObject({ code: "too_large" });
    expect(pulled * 64 * 1024).toBeLessThan(JSON_BODY_LIMIT_BYTES * 2);
  });

  it("refuses a NUL character anywhere in a JSON body with a 400 naming where, before any route stores it", async () => {
    const body = (value: unknown) =>
      new Request("http://127.0.0.1/api/runs/x", { method: "PATCH", body: JSON.stringify(value) });
    await expect(readJsonBody(body({ name: "a\u0000b $& $1" }))).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/in name contains a NUL character/),
    });
    await expect(readJsonBody(body({ questions: ["ok", "x\u0000"] }))).rejects.toMatchObject({
      message: expect.stringMatching(/questions\[1\]/),
    });
    expect(await readJsonBody(body({ name: "$& and $1 stay as typed" }))).toEqual({ name: "$& and $1 stay as typed" });
  });

  it("puts the security headers on every answer: pages get a nonce CSP, the rest a CSP that runs nothing", async () => {
    const page = await send("/runs");
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const second = (await send("/runs")).headers.get("content-security-policy");
    expect(second).not.toBe(csp); // a fresh nonce per request
    for (const res of await Promise.all([send("/api/runs"), send("/api/x", { headers: { host: "evil.example" } })])) {
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});

describe("login when exposed (HOST=0.0.0.0, LINEUP_TOKEN set)", () => {
  const token = "a-long-enough-token-0123456789";
  const hosts = answeringHosts("0.0.0.0", []);
  const guard = (path: string, headers: Record<string, string>, method = "GET", cookie?: string) => {
    const h = new Headers({ host: "127.0.0.1:3000", ...headers });
    return guardRequest({
      method,
      pathname: path,
      headers: h,
      allowedHosts: hosts,
      uploadLimitBytes: 1e6,
      ...checkCredentials(token, h, cookie),
    });
  };

  it("asks for the token on every page and API, but not for the login itself", () => {
    expect(guard("/api/runs", {})).toMatchObject({ status: 401, code: "unauthorized" });
    expect(guard("/runs/run_abc", {})).toMatchObject({ status: 401 });
    expect(guard("/api/runs", { authorization: "Bearer wrong-token-wrong-token" })).toMatchObject({ status: 401 });
    expect(guard("/login", {})).toBeNull();
    expect(
      guard(
        "/api/login",
        { origin: "http://127.0.0.1:3000", "content-type": "application/json", "content-length": "20" },
        "POST",
      ),
    ).toBeNull();
  });

  it("accepts the bearer token from scripts and the session cookie from browsers", () => {
    expect(guard("/api/runs", { authorization: `Bearer ${token}` })).toBeNull();
    expect(
      guard(
        "/api/runs",
        { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": "2" },
        "POST",
      ),
    ).toBeNull();
    expect(guard("/runs/run_abc", {}, "GET", sessionValue(token))).toBeNull();
    expect(guard("/runs/run_abc", {}, "GET", token)).toMatchObject({ status: 401 }); // the cookie is not the token
    expect(SESSION_COOKIE).toMatch(/^[a-z_]+$/);
  });

  it("still refuses a cross-site POST that rides on the cookie", () => {
    expect(
      guard("/api/runs", { origin: "http://evil.example", "content-type": "text/plain" }, "POST", sessionValue(token)),
    ).toMatchObject({ status: 403 });
  });
});

describe("literal templating", () => {
  it("replaces every {context} and {question} and interprets nothing else", () => {
    const out = buildPrompt("{context}|{question}|{context}|{question}", "cost $& and $$ and $` and $'", ["doc $1 $&"]);
    expect(out).toBe("doc $1 $&|cost $& and $$ and $` and $'|doc $1 $&|cost $& and $$ and $` and $'");
    expect(fillTemplate("{question}", { context: "", question: "{context}" })).toBe("{context}"); // one pass: values are not re-read
  });

  it("refuses unknown placeholders when a run is created", () => {
    expect(unknownPlaceholders("{context} {question} {foo} {foo} {bar_2}")).toEqual(["{foo}", "{bar_2}"]);
    const parsed = RunSettingsInput.safeParse({
      datasetId: "d",
      models: ["a", "b"],
      promptTemplate: "{context} {question} {foo}",
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/may only use \{context\} and \{question\}; remove \{foo\}/);
  });
});

describe("limits and clean errors", () => {
  it("takes query numbers only as plain decimal integers", () => {
    for (const raw of ["0x10", "1e3", " 7", "7 ", "-1", "+3", "3.0", "0b11", "Infinity", "1".repeat(12)]) {
      expect(() => parseIntParam(raw, "k", 1, 50, 2), raw).toThrow(/decimal digits/);
    }
    expect(parseIntParam("16", "k", 1, 50, 2)).toBe(16);
    expect(parseIntParam(null, "k", 1, 50, 2)).toBe(2);
  });

  it("neutralises every formula-leading character in CSV export cells (OWASP)", () => {
    for (const evil of ["=1+1", "+1", "-1+1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "  =1", " -2"]) {
      const cell = csvCell(evil);
      expect(cell.replace(/^"/, ""), JSON.stringify(evil)).toMatch(/^'/);
    }
    expect(csvCell(-1.5)).toBe("-1.5"); // numbers we computed stay numbers
    expect(csvCell("plain, text")).toBe('"plain, text"');
  });
});

/** Every route under app/ (API route files and pages) with its methods, dynamic segments and the query parameters it reads. */
function appRoutes() {
  const root = path.resolve(import.meta.dirname, "../../app");
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) =>
    /(^|\/)(route\.ts|page\.tsx)$/.test(f),
  );
  return files.map((file) => {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    const dir = path.dirname(file) === "." ? "" : path.dirname(file);
    const segments = dir.split(path.sep).filter(Boolean);
    const isPage = file.endsWith("page.tsx");
    const methods = isPage
      ? ["GET"]
      : [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    const pageParams = source.match(/searchParams: Promise<\{([^}]*)\}>/)?.[1].matchAll(/(\w+)\??:/g) ?? [];
    const query = new Set([...source.matchAll(/(?<!headers)\.get\("([\w-]+)"\)/g)].map((m) => m[1]));
    for (const m of pageParams) query.add(m[1]);
    return { file, segments, methods, query: [...query] };
  });
}

describe("ids and query values with control characters get 400 on every route, before any route runs", () => {
  const routes = appRoutes();
  const pathOf = (segments: string[], fill: (name: string) => string) =>
    "/" + segments.map((s) => (/^\[.+\]$/.test(s) ? fill(s) : s)).join("/");
  const request = (method: string, url: string) => {
    const upload = url.startsWith("/api/uploads");
    const body = method === "GET" || method === "DELETE" ? undefined : upload ? "a\n1\n" : "{}";
    const headers: Record<string, string> = method === "GET" ? {} : { origin: APP };
    if (body) headers["content-type"] = upload ? "text/csv" : "application/json";
    return send(url, { method, body, headers });
  };

  it("walks every route file and page under app/: a NUL in each dynamic segment and in each query parameter it reads", async () => {
    expect(routes.length).toBeGreaterThanOrEqual(30); // the walk found the app (25 route files and 9 pages when written)
    let checks = 0;
    for (const { file, segments, methods, query } of routes) {
      const dynamic = segments.filter((s) => /^\[.+\]$/.test(s));
      for (const method of methods) {
        const clean = pathOf(segments, () => "x_1");
        expect(passed(await request(method, clean)), `${method} ${clean} (${file}) should reach its route`).toBe(true);
        for (const target of dynamic) {
          const url = pathOf(segments, (s) => (s === target ? "x_%00" : "x_1"));
          const res = await request(method, url);
          expect(await refusal(res), `${method} ${url}`).toMatchObject({
            status: 400,
            code: "bad_request",
            message: expect.stringMatching(/control character \(U\+0000\)/),
          });
          checks++;
        }
        for (const name of [...query, "unread"]) {
          const url = `${clean}?${name}=%00abc&mode=hybrid`;
          const res = await request(method, url);
          expect(await refusal(res), `${method} ${url}`).toMatchObject({
            status: 400,
            message: expect.stringContaining(`"${name}"`),
          });
          checks++;
        }
      }
    }
    const params = routes.reduce(
      (n, r) => n + r.methods.length * (r.segments.filter((s) => s.startsWith("[")).length + r.query.length + 1),
      0,
    );
    expect(checks).toBe(params);
    console.log(
      `route walk: ${routes.length} files (${routes.reduce((n, r) => n + r.methods.length, 0)} method+path pairs), ${checks} NUL placements refused with 400`,
    );
  });

  it("refuses every C0 control and DEL in a path, broken percent-escapes anywhere, and lets a pasted tab or line break through in query values", () => {
    for (let c = 0; c < 0x20; c++)
      expect(urlRefusal(`/api/runs/run_%${c.toString(16).padStart(2, "0")}`), `%${c}`).toMatchObject({ status: 400 });
    expect(urlRefusal("/api/runs/run_%7F")).toMatchObject({ status: 400, message: expect.stringMatching(/U\+007F/) });
    expect(urlRefusal("/api/runs/run_%E0%A4")).toMatchObject({
      status: 400,
      message: expect.stringMatching(/broken percent-escape/),
    });
    expect(urlRefusal("/api/runs/run_%zz")).toMatchObject({ status: 400 });
    expect(urlRefusal("/api/datasets/d/search", "?q=%E0%A4")).toMatchObject({
      status: 400,
      message: expect.stringMatching(/broken/),
    });
    expect(urlRefusal("/api/datasets/d/search", "?q=a%01b")).toMatchObject({
      status: 400,
      message: expect.stringMatching(/"q".*U\+0001/),
    });
    expect(urlRefusal("/api/datasets/d/search", "?q%00=1")).toMatchObject({
      status: 400,
      message: expect.stringMatching(/name/),
    });
    expect(urlRefusal("/api/datasets/d/search", "?q=a%09b%0D%0Ac+d&k=2&mode=")).toBeNull();
    expect(urlRefusal("/runs/run_%C3%A9t%C3%A9", "?a=run_1&b=%E2%9C%93")).toBeNull();
  });
});
