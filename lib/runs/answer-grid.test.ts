import { describe, expect, it } from "vitest";
import type { QualityScores } from "../quality/scores-meta";
import type { GenerationView, QuestionView } from "./types";
import { differenceOf, filterRows, gridChoices, gridRows, NO_FILTER } from "./answer-grid";

const q = (id: number, groupKey: string, question: string) => ({ id, groupKey, question }) as QuestionView;
const score = (groundedness: number) => ({ groundedness }) as QualityScores;
const g = (questionId: number, model: string, grounded: number | null, status: GenerationView["status"] = "ok") =>
  ({ questionId, model, repetition: 0, status, quality: grounded === null ? null : score(grounded) }) as GenerationView;

const models = ["a.gguf", "b.gguf", "c.gguf"];
const questions = [q(1, "P1", "Battery?"), q(2, "P1", "Screen?"), q(3, "P2", "Battery?")];
const generations = [
  ...[g(1, "a.gguf", 0.8), g(1, "b.gguf", 0.1), g(1, "c.gguf", 0.75)], // a and b far apart
  ...[g(2, "a.gguf", 0.5), g(2, "b.gguf", 0.55), g(2, "c.gguf", 0, "failed")], // c failed
  ...[g(3, "a.gguf", 0.4), g(3, "b.gguf", 0.45), g(3, "c.gguf", 0.5)], // alike
];
const rows = gridRows(questions, generations, models, 0);

describe("answer grid", () => {
  it("puts each model's answer under its column, for the chosen repetition only", () => {
    expect(rows.map((r) => r.cells["b.gguf"]?.quality?.groundedness)).toEqual([0.1, 0.55, 0.45]);
    expect(gridRows(questions, generations, models, 1)[0].cells["a.gguf"]).toBeUndefined();
  });

  it("filters by product and by question", () => {
    const ids = (f: Partial<typeof NO_FILTER>) =>
      filterRows(rows, { ...NO_FILTER, ...f }, models).map((r) => r.question.id);
    expect(ids({ group: "P1" })).toEqual([1, 2]);
    expect(ids({ question: "Battery?" })).toEqual([1, 3]);
    expect(ids({ group: "P2", question: "Screen?" })).toEqual([]);
  });

  it("keeps only the rows where the shown models' answers differ, by scores or by a failure", () => {
    const differing = (shown: string[]) =>
      filterRows(rows, { ...NO_FILTER, onlyDiffering: true, models: shown }, models).map((r) => r.question.id);
    expect(differing([])).toEqual([1, 2]);
    expect(differenceOf(rows[0], models)).toBe("groundedness 0.10–0.80");
    expect(differenceOf(rows[1], models)).toBe("some failed");
    // Without b and c, nothing is left to differ from a.
    expect(differing(["a.gguf", "c.gguf"])).toEqual([2]);
    expect(differing(["a.gguf"])).toEqual([]);
  });

  it("counts answers a judge graded far apart as differing, though their groundedness is alike", () => {
    const judged = (id: number, faithfulness: number, support: number) => [
      { judge: "j.gguf", mode: "rubric" as const, faithfulness },
      { judge: "k.gguf", mode: "claims" as const, support, claims: [] },
    ];
    const alike = rows[2];
    const graded = (f: [number, number, number], s: [number, number, number]) => ({
      ...alike,
      cells: Object.fromEntries(models.map((m, i) => [m, { ...alike.cells[m]!, grades: judged(i, f[i], s[i]) }])),
    });
    expect(differenceOf(alike, models)).toBeNull();
    expect(differenceOf(graded([2, 5, 4], [0.5, 0.5, 0.5]), models)).toBe("judged faithfulness 2–5 of 5");
    expect(differenceOf(graded([4, 4, 5], [0.2, 0.9, 0.5]), models)).toBe("claims supported 20–90 %");
    expect(differenceOf(graded([4, 4, 5], [0.5, 0.6, 0.5]), models)).toBeNull();
  });

  it("offers each product and question once", () => {
    expect(gridChoices(questions)).toEqual({ groups: ["P1", "P2"], questions: ["Battery?", "Screen?"] });
  });
});
