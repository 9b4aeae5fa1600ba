import { expect, test, type APIRequestContext } from "@playwright/test";

// Data a test makes for itself through the API, so every test passes alone and in any order.

/** What a script sends to change anything: the server's own origin (see README, Security). */
export const SCRIPT_HEADERS = { origin: `http://127.0.0.1:${process.env.E2E_PORT ?? 3123}` };

export const SAMPLE = "Sample product reviews";

/** The sample dataset the server imports at its first start, once it is ready. */
export async function sampleDataset(request: APIRequestContext): Promise<{ id: string; name: string }> {
  let found: { id: string; name: string; status: string } | undefined;
  await expect
    .poll(
      async () => {
        const { datasets } = await (await request.get("/api/datasets")).json();
        found = datasets.find((d: { name: string }) => d.name === SAMPLE);
        return found?.status;
      },
      { timeout: 120_000, message: "the sample dataset never became ready" },
    )
    .toBe("ready");
  return found!;
}

/**
 * On a fresh server the model files' headers are still being read, and a run started then is refused (503),
 * rightly: waits until these local models are listed as usable.
 */
export async function modelsReady(request: APIRequestContext, files: string[]): Promise<void> {
  const local = files.filter((f) => !f.startsWith("remote:")); // remote models are not files in the folder
  await expect
    .poll(
      async () => {
        const { models } = await (await request.get("/api/models?remote=0")).json();
        return local.every((file) => models.some((m: { file: string; valid: boolean }) => m.file === file && m.valid));
      },
      { timeout: 60_000, message: `the models ${local.join(", ")} never became usable` },
    )
    .toBe(true);
}

/** Runs the file's tests start are cancelled after each test, so one left going cannot hold up the next test's run. */
export function cancelRunsAfterEach(): string[] {
  const started: string[] = [];
  test.afterEach(async ({ request }) => {
    // A clean-up, tried twice: a kept-alive connection the server closes just as the request goes out ends in
    // ECONNRESET (it did once in CI), and the test it follows has passed.
    for (const id of started.splice(0)) {
      const cancel = () => request.post(`/api/runs/${id}/cancel`, { headers: SCRIPT_HEADERS });
      await cancel().catch(cancel);
    }
  });
  return started;
}

/** A small run of two tiny models over one group, started through the API once its models are usable; answers with its id. */
export async function startSmallRun(request: APIRequestContext, values: Record<string, unknown> = {}): Promise<string> {
  const sample = await sampleDataset(request);
  const data = {
    datasetId: sample.id,
    groups: ["B00SAMPLE01"],
    models: ["tiny-dense-mha.Q8_0.gguf", "tiny-gqa.Q8_0.gguf"],
    maxTokens: 8,
    threads: 1,
    ...values,
  };
  await modelsReady(request, data.models as string[]);
  const res = await request.post("/api/runs", { data, headers: SCRIPT_HEADERS });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()).id;
}

export async function waitForRunEnd(request: APIRequestContext, id: string): Promise<string> {
  let status = "";
  await expect
    .poll(async () => (status = (await (await request.get(`/api/runs/${id}`)).json()).run.status), { timeout: 180_000 })
    .toMatch(/completed|failed|cancelled/);
  return status;
}
