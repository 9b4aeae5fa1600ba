import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { FailureLimit, LOGIN_LIMIT } from "./login-limit";
import { safeNext } from "./safe-next";
import { sessionValue } from "./token";

// Login on an exposed server (HOST=0.0.0.0 with a token), through the real proxy and the real login route:
// where the browser goes after sign-in, and how many wrong tokens a client may try.

const TOKEN = "login-test-token-0123456789";
process.env.HOST = "0.0.0.0";
process.env.LINEUP_TOKEN = TOKEN;
let proxy: (request: NextRequest) => Promise<Response>;
let login: (request: Request) => Promise<Response>;
beforeAll(async () => {
  ({ proxy } = await import("@/proxy"));
  ({ POST: login } = await import("@/app/api/login/route"));
});

const APP = "http://127.0.0.1:3000";
/** Where a browser on our origin goes when told to go to `target`. */
const landing = (target: string) => new URL(target, APP);

describe("after sign-in the browser stays on this server", () => {
  // Each as it stands in the address bar, percent-encoded: the page receives it decoded.
  const HOSTILE = [
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%0d%0a/evil.example",
    "%09//evil.example",
    "%20//evil.example",
    "%00//evil.example",
    "/%09%09/evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/.//evil.example",
    "/./%09/evil.example",
    "https:evil.example",
    "https://evil.example",
    "http://evil.example/",
    "HTTP://evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example@127.0.0.1",
    "/%2F/evil.example",
    "http:\\\\evil.example",
    "%0a%0d//evil.example",
    "/%E2%80%A8/evil.example",
    "ftp://evil.example",
    "//%65vil.example",
  ];

  it("parses next as the browser does and keeps only a path on the same origin", () => {
    for (const raw of HOSTILE) {
      const next = decodeURIComponent(raw);
      const target = safeNext(next);
      expect(landing(target).origin, raw).toBe(APP);
      expect(target, raw).toMatch(/^\/(?![/\\])/);
    }
  });

  it("keeps an ordinary link whole: path, query and fragment", () => {
    expect(safeNext("/datasets?from=share")).toBe("/datasets?from=share");
    expect(safeNext("/runs/run_abc#q3")).toBe("/runs/run_abc#q3");
    expect(safeNext("/runs/compare?a=run_1&b=run_2")).toBe("/runs/compare?a=run_1&b=run_2");
    for (const nothing of [undefined, "", ["/a", "/b"], "evil.example"])
      expect(landing(safeNext(nothing)).origin).toBe(APP);
  });

  it("the login page hands the form only that path", async () => {
    const { default: LoginPage } = await import("@/app/login/page");
    const { LoginForm } = await import("@/components/auth/login-form");
    for (const next of ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "/datasets?from=share"]) {
      const page = await LoginPage({ searchParams: Promise.resolve({ next }) });
      const form = (page.props.children as { type: unknown; props: { next: string } }[]).find(
        (c) => c.type === LoginForm,
      )!;
      expect(landing(form.props.next).origin, JSON.stringify(next)).toBe(APP);
    }
  });

  it("the proxy's redirect to the login page carries a same-origin next", async () => {
    const res = await proxy(new NextRequest(`${APP}/runs/x?y=%09`, { headers: { host: "127.0.0.1:3000" } }));
    expect(res.status).toBe(303);
    const next = new URL(res.headers.get("location")!).searchParams.get("next")!;
    expect(next).toBe("/runs/x?y=%09");
  });
});

describe("wrong tokens are limited", () => {
  it("counts failures per client in a sliding window, and for all clients together", () => {
    let now = 0;
    const limit = new FailureLimit({ perClient: 3, overall: 5, windowMs: 10_000 }, () => now);
    for (let i = 0; i < 3; i++, now += 1000) {
      expect(limit.retryAfter("a")).toBe(0);
      limit.fail("a");
    }
    expect(limit.retryAfter("a")).toBe(7); // now t=3 s; the first failure (t=0) leaves the window at t=10 s
    expect(limit.retryAfter("b")).toBe(0);
    limit.fail("b");
    limit.fail(null); // no address: counted only overall
    expect(limit.retryAfter("c")).toBe(7); // five failures overall: every client waits
    now = 10_001;
    expect(limit.retryAfter("a")).toBe(0);
    limit.succeed("a");
    expect(limit.retryAfter("a")).toBe(0);
  });

  const send = (path: string, headers: Record<string, string>, init: { method?: string; body?: string } = {}) =>
    proxy(new NextRequest(`${APP}${path}`, { headers: { host: "127.0.0.1:3000", ...headers }, ...init }));

  it(`refuses a client's tokens with 429 and Retry-After after ${LOGIN_LIMIT.perClient} wrong ones, in the proxy and the login route alike`, async () => {
    const guesser = { "x-forwarded-for": "192.0.2.7" };
    const statuses: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 200; i++)
      statuses.push((await send("/api/runs", { ...guesser, authorization: `Bearer guess-${i}-0123456789` })).status);
    const took = performance.now() - started;
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMIT.perClient);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - LOGIN_LIMIT.perClient);
    console.log(
      `200 wrong bearer tokens from one client in ${took.toFixed(0)} ms: ${LOGIN_LIMIT.perClient} checked (401), the rest 429`,
    );

    const refused = await send("/api/runs", { ...guesser, authorization: `Bearer ${TOKEN}` }); // even the right one
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/wait \d+ s/),
    });
    const cookie = await send("/runs", {
      ...guesser,
      cookie: `lineup_session=${sessionValue("a-wrong-token-0123456789")}`,
    });
    expect(cookie.status).toBe(429);

    const viaRoute = await login(
      new Request(`${APP}/api/login`, {
        method: "POST",
        headers: { ...guesser, "content-type": "application/json" },
        body: JSON.stringify({ token: TOKEN }),
      }),
    );
    expect(viaRoute.status).toBe(429);
    expect(viaRoute.headers.get("retry-after")).toMatch(/^\d+$/);

    // Another client is not held up by this one, and signs in.
    const other = { "x-forwarded-for": "192.0.2.8" };
    expect((await send("/api/runs", { ...other, authorization: `Bearer ${TOKEN}` })).status).not.toBe(429);
    const signedIn = await login(
      new Request(`${APP}/api/login`, {
        method: "POST",
        headers: { ...other, "content-type": "application/json" },
        body: JSON.stringify({ token: TOKEN }),
      }),
    );
    expect(signedIn.status).toBe(200);
  });

  it("counts wrong tokens sent to the login route too, and drops a stale session cookie instead of counting it again", async () => {
    const client = { "x-forwarded-for": "192.0.2.9" };
    const attempt = (token: string) =>
      login(
        new Request(`${APP}/api/login`, {
          method: "POST",
          headers: { ...client, "content-type": "application/json" },
          body: JSON.stringify({ token }),
        }),
      );
    for (let i = 0; i < LOGIN_LIMIT.perClient; i++) expect((await attempt(`wrong-${i}-0123456789`)).status).toBe(401);
    expect((await attempt(TOKEN)).status).toBe(429);
    expect((await send("/api/runs", { ...client, authorization: `Bearer ${TOKEN}` })).status).toBe(429);

    const stale = await send("/runs", {
      "x-forwarded-for": "192.0.2.10",
      cookie: `lineup_session=${sessionValue("an-old-token-0123456789")}`,
    });
    expect(stale.status).toBe(303);
    expect(stale.headers.get("set-cookie")).toMatch(/lineup_session=;.*Max-Age=0/i);
  });
});
