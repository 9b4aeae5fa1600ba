import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";

// The CSV upload route is left out of the proxy (its body must stream to disk, not be buffered in memory), so
// it runs the proxy's gate itself: these are the refusals the proxy gives every other route, sent to the route.

process.env.HOST = "127.0.0.1";
process.env.DATA_DIR ??= "/tmp/lineup-upload-gate-test";
let POST: (request: Request) => Promise<Response>;
let config: { matcher: string[] };
beforeAll(async () => {
  ({ POST } = await import("@/app/api/uploads/route"));
  ({ config } = await import("@/proxy"));
});

const APP = "http://127.0.0.1:3000";
const upload = (headers: Record<string, string>) =>
  POST(
    new NextRequest(`${APP}/api/uploads?name=x.csv`, {
      method: "POST",
      headers: { host: "127.0.0.1:3000", ...headers },
      body: "a,b\n1,2\n",
    }),
  );

describe("the upload route, outside the proxy, refuses what the proxy refuses", () => {
  it("is the one path the proxy leaves out", () => {
    const matches = (url: string) => unstable_doesMiddlewareMatch({ config, url, nextConfig: {} });
    expect(matches("/api/uploads")).toBe(false);
    expect(matches("/api/uploads?name=x.csv")).toBe(false);
    for (const url of ["/", "/api/runs", "/api/uploadsx", "/runs/run_1", "/api/datasets"])
      expect(matches(url), url).toBe(true);
  });

  it("refuses another site (403), another Host (421) and a non-CSV body (415), with the security headers on", async () => {
    const crossSite = await upload({
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
      "content-type": "text/csv",
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(
      (await upload({ host: "evil.example:3000", origin: "http://evil.example:3000", "content-type": "text/csv" }))
        .status,
    ).toBe(421);
    expect((await upload({ origin: APP, "content-type": "application/json" })).status).toBe(415);
  });
});
