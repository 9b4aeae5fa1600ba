import { describe, expect, it } from "vitest";
import { normaliseBaseUrl } from "./base-url";
import { parseRemoteRef, remoteRef } from "./types";

describe("an endpoint's base URL", () => {
  it("is kept as scheme, host and path, without a trailing slash or /v1", () => {
    expect(normaliseBaseUrl("http://127.0.0.1:8080/")).toEqual({ ok: true, url: "http://127.0.0.1:8080" });
    expect(normaliseBaseUrl(" https://gpu.example/llm/v1/ ")).toEqual({ ok: true, url: "https://gpu.example/llm" });
  });
  it("is refused with a reason when it is not http(s), carries credentials, a query, or is no URL at all", () => {
    expect(normaliseBaseUrl("file:///etc/passwd")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/http:\/\/ or https:\/\//),
    });
    expect(normaliseBaseUrl("http://user:secret@host:8080")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/API key field/),
    });
    expect(normaliseBaseUrl("http://host:8080/?key=1")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/query/),
    });
    expect(normaliseBaseUrl("localhost 8080")).toMatchObject({ ok: false, error: expect.stringMatching(/not a URL/) });
  });
});

describe("a remote model reference", () => {
  it("round-trips model ids that contain slashes", () => {
    const ref = remoteRef("ep_1", "org/model-7b");
    expect(ref).toBe("remote:ep_1/org/model-7b");
    expect(parseRemoteRef(ref)).toEqual({ endpointId: "ep_1", modelId: "org/model-7b" });
  });
  it("is not taken from a local file name or an incomplete reference", () => {
    expect(parseRemoteRef("demo-gqa.Q8_0.gguf")).toBeNull();
    expect(parseRemoteRef("remote:ep_1")).toBeNull();
    expect(parseRemoteRef("remote:ep_1/")).toBeNull();
  });
});
