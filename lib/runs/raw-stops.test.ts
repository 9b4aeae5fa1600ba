import { describe, expect, it } from "vitest";
import { DEFAULT_PROMPT } from "./setting-fields";
import { fillTemplate } from "./prompt";
import { rawStopTriggers } from "./raw-stops";

describe("rawStopTriggers", () => {
  it("stops a raw answer at a new Question: or Answer: line of the default template", () => {
    const prompt = fillTemplate(DEFAULT_PROMPT, {
      context: "Great battery.\n\nQuestion: is it good?\nAnswer: yes",
      question: "What do people like?",
    });
    expect(rawStopTriggers(prompt)).toEqual(["\nQuestion:", "\nAnswer:"]);
  });

  it("takes the labels of a user's own template", () => {
    expect(rawStopTriggers("Reviews:\nnice\n\nQ: what is good?\nA:")).toEqual(["\nQ:", "\nA:"]);
    expect(rawStopTriggers("Context\n### Frage: Was mögen Leute?\n### Antwort:\n")).toEqual([
      "\n### Frage:",
      "\n### Antwort:",
    ]);
  });

  it("adds nothing where the last lines carry no short label", () => {
    expect(rawStopTriggers("Summarise these reviews in one line")).toEqual([]);
    expect(
      rawStopTriggers("the context\nWhat do people like about this product, in a few words and with quotes:"),
    ).toEqual([]);
  });
});
