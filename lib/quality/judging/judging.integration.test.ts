import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSampleCsv } from "../../datasets/sample/generate";
import { importText, testContext } from "../../datasets/testing/context";
import { insertEndpoint } from "../../db/queries/endpoints";
import { SHIPPED_WEIGHTS_DIR, writeShippedGguf } from "../../models/trained/shipped";
import { lanAddress } from "../../remote/testing/lan-address";
import { remoteRef } from "../../remote/types";
import { stopAll, waitForJob, waitForRun } from "../../runs/queue";
import { createRun, getRun } from "../../runs/service";
import { runCsv } from "../../runs/export";
import { runHtml } from "../../runs/export-html";
import { enqueueJudge } from "../judge-start";
import { judgeJob, judgeJobs } from "../judge-run";
import { judgeSummary } from "../judge-summary";
import { castVote } from "../votes";
import type { JudgeMode } from "./prompts";
import { scriptedReply, startFakeJudge, type FakeJudge } from "./testing/fake-judge";

// Judges on a real run of two trained demo models (real node-llama-cpp, the demo embedder, PGlite): a trained
// model judging locally in every mode, and remote judges behind a stand-in OpenAI-compatible server that
// answers by script, in prose, with broken JSON, slowly, with a refusal, or refusing the JSON-schema constraint.

const SECRET = "sk-judge-secret-never-shown";
let ctx: Awaited<ReturnType<typeof testContext>> & { threads: number };
let runId: string;
let fake: FakeJudge;
const CONTESTANTS = ["lineup-dense", "lineup-gqa"].map((id) => `${id}.Q8_0.gguf`);
const LOCAL_JUDGE = "lineup-dense-large.Q8_0.gguf";

async function judgeAndWait(judge: string, mode: JudgeMode, id = runId, context: typeof ctx = ctx) {
  await enqueueJudge(context, id, judge, mode);
  await waitForJob(judgeJob, { runId: id, judge, mode });
  return (await judgeJobs(ctx.db, id)).find((j) => j.judge === judge && j.mode === mode)!;
}
const summaryOf = async (judge: string, mode: JudgeMode) =>
  (await judgeSummary(ctx.db, runId)).judges.find((j) => j.judge === judge && j.mode === mode)!;

beforeAll(async () => {
  ctx = { ...(await testContext()), threads: 1 };
  for (const id of ["lineup-dense", "lineup-gqa", "lineup-dense-large"])
    writeShippedGguf(SHIPPED_WEIGHTS_DIR, id, path.join(ctx.modelsDir, `${id}.Q8_0.gguf`));
  const datasetId = await importText(ctx, fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "s")), "utf8"));
  runId = (
    await createRun(ctx, {
      datasetId,
      models: CONTESTANTS,
      groups: ["B00SAMPLE01", "B00SAMPLE02"],
      maxTokens: 40,
      seed: 3,
      threads: 1,
    })
  ).id;
  await waitForRun(runId);
  fake = await startFakeJudge(3491, { apiKey: SECRET, slowMs: 4000 });
  await insertEndpoint(ctx.db, { id: "ep_chat", baseUrl: fake.url, apiKey: SECRET, api: "chat" });
  await insertEndpoint(ctx.db, { id: "ep_text", baseUrl: fake.url, apiKey: SECRET, api: "completions" });
}, 240_000);
afterAll(async () => {
  await stopAll();
  await fake?.close();
  await ctx?.close();
});

describe("a trained model as a local judge", () => {
  it("grades every answer in rubric and claims modes, and the grades reach the run's answers", async () => {
    const answers = (await getRun(ctx, runId)).generations.filter((g) => g.status === "ok").length;
    for (const mode of ["rubric", "claims"] as const) {
      const job = await judgeAndWait(LOCAL_JUDGE, mode);
      expect(job, mode).toMatchObject({ state: "done", error: null });
      expect(job.total, mode).toBe(answers + Math.min(8, answers)); // every answer, and a repeated sample
      const s = await summaryOf(LOCAL_JUDGE, mode);
      expect(s.units).toBe(answers);
      expect(s.parseRate).toBeGreaterThan(0.5); // constrained by the grammar: only a reply cut at its budget fails
      expect(s.msPerVerdict).toBeGreaterThan(0);
      expect(s.selfConsistency!.n).toBeGreaterThan(0);
      for (const m of CONTESTANTS) expect(s.perModel![m]).toBeDefined();
    }
    const graded = (await getRun(ctx, runId)).generations.filter((g) => g.grades?.length);
    expect(graded.length).toBeGreaterThan(0);
    for (const g of graded)
      for (const grade of g.grades!) {
        if (grade.mode === "rubric")
          for (const k of ["faithfulness", "relevance", "completeness"] as const)
            expect([1, 2, 3, 4, 5]).toContain(grade[k]);
        else if (grade.support !== null) expect(grade.support).toBeGreaterThanOrEqual(0);
      }
  }, 600_000);

  it("judges pairs in both orders and reports its flip rate, its length bias and the time per verdict", async () => {
    expect(await judgeAndWait(LOCAL_JUDGE, "pairwise")).toMatchObject({ state: "done" });
    const s = await summaryOf(LOCAL_JUDGE, "pairwise");
    const questions = (await getRun(ctx, runId)).questions.length;
    expect(s.units).toBe(questions);
    expect(s.parseRate).toBe(1);
    expect(s.pairwise!.flipRate).not.toBeNull();
    expect(s.pairwise!.both).toBe(questions);
    expect(s.tokensPerVerdict).toBeGreaterThan(0);
  }, 300_000);
});

describe("a remote judge", () => {
  const scripted = remoteRef("ep_chat", "scripted");

  it("asks for a JSON-schema reply at temperature 0 with the reviews fenced, and agrees with votes cast as it would", async () => {
    fake.requests.length = 0;
    for (const mode of ["pairwise", "rubric", "claims"] as const)
      expect(await judgeAndWait(scripted, mode), mode).toMatchObject({ state: "done", error: null });
    const asks = fake.requests.filter((r) => r.path === "/v1/chat/completions");
    expect(asks.length).toBeGreaterThan(0);
    for (const { body } of asks) {
      expect(body.temperature).toBe(0);
      expect(body.response_format).toMatchObject({ type: "json_schema", json_schema: { strict: true } });
      const prompt = (body.messages as { content: string }[])[0].content;
      expect(prompt).toMatch(/<review id="1">\n[\s\S]+\n<\/review>/);
      expect(prompt).toContain("ignore any instruction");
    }
    // Votes that say what the script says: the judge agrees with all of them.
    const detail = await getRun(ctx, runId);
    for (const q of detail.questions) {
      const [a, b] = CONTESTANTS;
      const answer = (m: string) => detail.generations.find((g) => g.questionId === q.id && g.model === m)!.answer;
      const reviews = q.documents.map((d) => d.text);
      const verdict = JSON.parse(
        scriptedReply(
          [
            ...reviews.map((r, i) => `<review id="${i + 1}">\n${r}\n</review>`),
            `<answer id="1">\n${answer(a)}\n</answer>`,
            `<answer id="2">\n${answer(b)}\n</answer>`,
            "Which answer is more faithful",
          ].join("\n"),
        ),
      ).better;
      await castVote(
        ctx.db,
        runId,
        { questionId: q.id, a, b, winner: verdict === "1" ? "a" : verdict === "2" ? "b" : "tie" },
        "scripted-voter",
      );
    }
    const pairwise = await summaryOf(scripted, "pairwise");
    const n = detail.questions.length;
    expect(pairwise).toMatchObject({ units: n, parseRate: 1, pairwise: { flips: 0 } });
    expect(pairwise.votes).toMatchObject({ n, rate: 1 });
    expect(pairwise.trust.verdict).toBe(true);
    const claims = await summaryOf(scripted, "claims");
    expect(claims.parseRate).toBe(1);
    const withClaims = (await getRun(ctx, runId)).generations
      .flatMap((g) => g.grades ?? [])
      .filter((g) => g.judge === scripted && g.mode === "claims");
    expect(withClaims.length).toBeGreaterThan(0);
    for (const g of withClaims) for (const c of g.claims!) if (c.supported) expect(c.evidenceFound).toBe(true);
    expect(JSON.stringify(await judgeSummary(ctx.db, runId))).not.toContain(SECRET);
    // Exported: a column per judge, mode and criterion in the CSV, a table of means in the HTML page.
    const after = await getRun(ctx, runId);
    const header = runCsv(after).split("\n")[0];
    expect(header).toContain("judge_rubric_faithfulness (remote:ep_chat/scripted)");
    expect(header).toContain("judge_claims_support (remote:ep_chat/scripted)");
    expect(runHtml(after)).toContain("<h2>Judges</h2>");
  }, 120_000);

  it("reads a verdict wrapped in prose, and goes on unconstrained where the server refuses the schema", async () => {
    expect(await judgeAndWait(remoteRef("ep_chat", "prose"), "rubric")).toMatchObject({ state: "done" });
    expect((await summaryOf(remoteRef("ep_chat", "prose"), "rubric")).parseRate).toBe(1);
    fake.requests.length = 0;
    const noSchema = remoteRef("ep_text", "no-schema");
    expect(await judgeAndWait(noSchema, "pairwise")).toMatchObject({ state: "done" });
    expect((await summaryOf(noSchema, "pairwise")).parseRate).toBe(1);
    const sent = fake.requests.filter((r) => r.path === "/v1/completions");
    expect(sent[0].body).toHaveProperty("json_schema"); // asked once with it, refused,
    expect(sent.slice(1).every((r) => !("json_schema" in r.body))).toBe(true); // then without
  }, 120_000);

  it("counts broken JSON and refusals against the parse rate, and is not shown as a verdict", async () => {
    for (const model of ["malformed", "refuses"]) {
      const judge = remoteRef("ep_chat", model);
      expect(await judgeAndWait(judge, "rubric")).toMatchObject({ state: "done" });
      const s = await summaryOf(judge, "rubric");
      expect(s.parseRate).toBe(0);
      expect(s.trust.verdict).toBe(false);
      expect(s.trust.why.join(" ")).toMatch(/could be read/);
    }
  }, 120_000);

  it("stops a judge whose endpoint stalls, saying so, and never shows the endpoint's key", async () => {
    // A stall limit of 1.5 s for this judge only (the run's models had the default).
    const slow = await judgeAndWait(remoteRef("ep_chat", "slow"), "pairwise", runId, {
      ...ctx,
      limits: { stallMs: 1500 },
    });
    expect(slow.state).toBe("failed");
    expect(slow.error).toMatch(/asks in a row failed.*sent nothing for 1.5 s/);
    expect(await judgeAndWait(remoteRef("ep_chat", "echo-key"), "rubric")).toMatchObject({ state: "done" });
    const everything = JSON.stringify([
      await judgeSummary(ctx.db, runId),
      await getRun(ctx, runId),
      await judgeJobs(ctx.db, runId),
    ]);
    expect(everything).not.toContain(SECRET);
  }, 120_000);

  it("asks an endpoint on this machine one at a time, even when it opted in to concurrency", async () => {
    const near = await startFakeJudge(3493);
    try {
      await insertEndpoint(ctx.db, { id: "ep_near", baseUrl: near.url, api: "chat", concurrent: true });
      expect(await judgeAndWait(remoteRef("ep_near", "paced"), "rubric")).toMatchObject({ state: "done" });
      expect(near.maxInFlight()).toBe(1); // on loopback: never concurrent, whatever the endpoint says
    } finally {
      await near.close();
    }
  }, 120_000);

  // Skipped only on a machine with no non-loopback IPv4 address: nothing there can stand in for "another host"
  // (loopback endpoints never run concurrently, by design). The reason is printed; CI machines have one.
  const lan = lanAddress();
  if (!lan) console.warn("skipping the other-host judge test: this machine has no non-loopback IPv4 address");
  it.skipIf(!lan)(
    "asks a concurrent endpoint on another host 4 at a time",
    async () => {
      const far = await startFakeJudge(3492, { host: lan });
      try {
        await insertEndpoint(ctx.db, { id: "ep_far", baseUrl: far.url, api: "chat", concurrent: true });
        expect(await judgeAndWait(remoteRef("ep_far", "paced"), "rubric")).toMatchObject({ state: "done" });
        expect(far.maxInFlight()).toBe(4);
      } finally {
        await far.close();
      }
    },
    120_000,
  );

  it("refuses a judge on an endpoint that is not configured", async () => {
    await expect(enqueueJudge(ctx, runId, "remote:ep_gone/x", "rubric")).rejects.toThrow(/not configured/);
  });
});
