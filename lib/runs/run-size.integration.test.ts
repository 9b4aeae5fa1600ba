import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importText, testContext } from "../datasets/testing/context";
import { runQuestions, runs } from "../db/schema";
import { toErrorBody } from "../errors";
import { TINY } from "../models/testing/fixtures";
import { cancelRun, stopAll } from "./queue";
import { PROMPT_TEMPLATE_MAX_CHARS, RUN_PROMPT_MAX_CHARS, runSize, runSizeProblem } from "./run-size";
import { createRun } from "./service";
import { DEFAULT_PROMPT, DEFAULT_QUESTIONS } from "./settings";

// Case 9 of issue 19: one 242 KB POST /api/runs (a 180 KB template, 200 groups, 20 questions) grew the database
// from 94 MB to 2 GB. Such a run is refused on its settings, with its size, and nothing of it is stored.

let ctx: Awaited<ReturnType<typeof testContext>> & { threads: number };
let datasetId: string;
const MODELS = TINY.slice(0, 2).map((m) => m.file);
const GROUPS = Array.from({ length: 200 }, (_, i) => `B0GROUP${String(i + 1).padStart(3, "0")}`);

/** Reviews of 200 products in the sample's (Datafiniti) layout, so the attacker's 200 groups all exist. */
function twoHundredProducts(): string {
  const rows = GROUPS.flatMap((asin, i) =>
    [0, 1].map(
      (j) =>
        `r${i}-${j},Product ${i},${asin},Amazon,${4 + j},Fine,"Review ${j} of product ${i}: the battery lasts and the case is sturdy.",user${j}`,
    ),
  );
  return ["id,name,asins,brand,reviews.rating,reviews.title,reviews.text,reviews.username", ...rows].join("\n") + "\n";
}

beforeAll(async () => {
  ctx = { ...(await testContext()), threads: 1 };
  datasetId = await importText(ctx, twoHundredProducts());
}, 120_000);
afterAll(async () => {
  await stopAll();
  await ctx.close();
});

/** The request as the attacker sent it: a 180 KB template, 200 groups, 20 questions. */
function amplifyingRun() {
  const head = "Answer from these reviews.\n\n{context}\n\nQuestion: {question}\nAnswer:";
  return {
    datasetId,
    models: MODELS,
    promptTemplate: head + "x".repeat(180 * 1024 - head.length),
    groups: GROUPS,
    questions: Array.from({ length: 20 }, (_, i) => `What do people say about aspect number ${i + 1} of the product?`),
  };
}

const count = async (table: typeof runs | typeof runQuestions) =>
  (await ctx.db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;

describe("a run's prompt volume is bounded before anything is stored", () => {
  it("refuses the amplifying request with 413, naming its computed size and the limits, and stores nothing", async () => {
    const body = amplifyingRun();
    const size = runSize({
      promptTemplate: body.promptTemplate,
      questions: body.questions,
      k: 2,
      groups: 200,
      docCharCap: 4000,
    });
    expect(size.prompts).toBe(4000);
    const err = await createRun(ctx, body).catch((e: unknown) => e);
    const { status, body: answer } = toErrorBody(err);
    expect(status).toBe(413);
    expect(answer.error.message).toContain(
      `the prompt template is ${(180 * 1024).toLocaleString("en")} characters; the limit is ${PROMPT_TEMPLATE_MAX_CHARS.toLocaleString("en")}`,
    );
    expect(answer.error.message).toContain(
      `its prompts would add up to ${size.totalChars.toLocaleString("en")} characters (200 groups × 20 questions`,
    );
    expect(answer.error.message).toMatch(/fewer groups or questions, a lower k, or a shorter template/);
    expect(await count(runs)).toBe(0);
    expect(await count(runQuestions)).toBe(0);
    console.log(
      `case 9: request body ${JSON.stringify(body).length.toLocaleString("en")} bytes; computed ${size.totalChars.toLocaleString("en")} characters of prompts (${size.prompts} prompts of up to ${size.largestPromptChars.toLocaleString("en")}), limit ${RUN_PROMPT_MAX_CHARS.toLocaleString("en")}: refused with ${status}`,
    );
  });

  it("refuses a short template that multiplies through its groups and k, and a long one on its own", async () => {
    const wide = {
      datasetId,
      models: MODELS,
      groups: amplifyingRun().groups,
      questions: amplifyingRun().questions,
      k: 20,
    };
    const err = await createRun(ctx, wide).catch((e: unknown) => e);
    expect(toErrorBody(err)).toMatchObject({
      status: 413,
      body: {
        error: {
          message: expect.stringMatching(
            /^This run is too large: its prompts would add up to [\d,]+ characters \(200 groups × 20 questions, up to [\d,]+ characters each with k = 20 documents of up to 4,000\)/,
          ),
        },
      },
    });
    const long = await createRun(ctx, {
      datasetId,
      models: MODELS,
      promptTemplate: `{context}{question}${"y".repeat(PROMPT_TEMPLATE_MAX_CHARS)}`,
    }).catch((e: unknown) => e);
    expect(toErrorBody(long).body.error.message).toMatch(
      /^This run is too large: the prompt template is 16,403 characters; the limit is 16,384: shorten it\.$/,
    );
    expect(await count(runs)).toBe(0);
  });

  it("accepts a default run, and the largest run of ordinary settings", async () => {
    expect(
      runSizeProblem({
        promptTemplate: DEFAULT_PROMPT,
        questions: Array(20).fill(DEFAULT_QUESTIONS[1]),
        k: 2,
        groups: 200,
        docCharCap: 4000,
      }),
    ).toBeNull();
    const { id } = await createRun(ctx, { datasetId, models: MODELS });
    await cancelRun(ctx, id);
    expect(await count(runs)).toBe(1);
  });
});
