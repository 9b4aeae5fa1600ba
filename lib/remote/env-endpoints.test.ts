import { describe, expect, it } from "vitest";
import { parseEnvEndpoints } from "./env-endpoints";

describe("LINEUP_ENDPOINTS", () => {
  it("takes a comma list of URLs, with stable ids derived from the URL", () => {
    const list = parseEnvEndpoints("http://127.0.0.1:8080, https://gpu.lan/v1");
    expect(list.map((e) => e.baseUrl)).toEqual(["http://127.0.0.1:8080", "https://gpu.lan"]);
    expect(list[0].id).toMatch(/^env-[0-9a-f]{8}$/);
    expect(parseEnvEndpoints("http://127.0.0.1:8080/")[0].id).toBe(list[0].id);
    expect(list[0]).toMatchObject({ apiKey: null, api: "completions", concurrent: false });
  });
  it("takes JSON with an API key and the chat API", () => {
    expect(parseEnvEndpoints('[{"baseUrl":"http://h:1","apiKey":"k","api":"chat"}]')[0]).toMatchObject({
      baseUrl: "http://h:1",
      apiKey: "k",
      api: "chat",
    });
  });
  it("names the bad entry and what is wrong with it", () => {
    expect(() => parseEnvEndpoints("http://ok:1,ftp://bad")).toThrow(/entry 2: .*http:\/\/ or https:\/\//);
    expect(() => parseEnvEndpoints('[{"baseUrl":"http://h:1","api":"grpc"}]')).toThrow(/entry 1: api must be/);
    expect(() => parseEnvEndpoints("[not json")).toThrow(/not valid JSON/);
  });
});

describe("a bad LINEUP_ENDPOINTS", () => {
  it("stops the configuration check, naming the variable", async () => {
    const { parseEnv } = await import("../env");
    expect(() => parseEnv({ LINEUP_ENDPOINTS: "ftp://x" })).toThrow(/LINEUP_ENDPOINTS: LINEUP_ENDPOINTS entry 1/);
  });
});
