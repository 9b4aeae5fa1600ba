import { expect, type APIRequestContext } from "@playwright/test";

// Data a test makes for itself through the API, so every test passes alone and in any order.

/** What a script sends to change anything: the server's own origin (see README, Security). */
export const SCRIPT_HEADERS = { origin: `http://127.0.0.1:${process.env.E2E_PORT ?? 3123}` };

export const SAMPLE = "Sample product reviews";

/** The sample dataset the server imports at its first start, once it is ready. */
export async function sampleDataset(request: APIRequestContext): Promise<{ id: string; name: string }> {
  let found: { id: string; name: string; status: string } | undefined;
  await expect.poll(async () => {
    const { datasets } = await (await request.get("/api/datasets")).json();
    found = datasets.find((d: { name: string }) => d.name === SAMPLE);
    return found?.status;
  }, { timeout: 120_000, message: "the sample dataset never became ready" }).toBe("ready");
  return found!;
}

/** A small run of two tiny models over one group, started through the API; answers with its id. */
export async function startSmallRun(request: APIRequestContext, values: Record<string, unknown> = {}): Promise<string> {
  const sample = await sampleDataset(request);
  const res = await request.post("/api/runs", {
    data: { datasetId: sample.id, groups: ["B00SAMPLE01"], models: ["tiny-dense-mha.Q8_0.gguf", "tiny-gqa.Q8_0.gguf"], maxTokens: 8, threads: 1, ...values },
    headers: SCRIPT_HEADERS,
  });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()).id;
}

export async function waitForRunEnd(request: APIRequestContext, id: string): Promise<string> {
  let status = "";
  await expect.poll(async () => (status = (await (await request.get(`/api/runs/${id}`)).json()).run.status), { timeout: 180_000 })
    .toMatch(/completed|failed|cancelled/);
  return status;
}
