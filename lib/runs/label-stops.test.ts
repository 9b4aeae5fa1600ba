import { describe, expect, it } from "vitest";
import { DEFAULT_PROMPT } from "./setting-fields";
import { fillTemplate } from "./prompt";
import { promptLabelStops } from "./label-stops";

describe("promptLabelStops", () => {
  it("stops an answer at a new Question: or Answer: line of the default template", () => {
    const prompt = fillTemplate(DEFAULT_PROMPT, {
      context: "Great battery.\n\nQuestion: is it good?\nAnswer: yes",
      question: "What do people like?",
    });
    expect(promptLabelStops(prompt)).toEqual(["\nQuestion:", "\nAnswer:"]);
  });

  it("takes the labels of a user's own template", () => {
    expect(promptLabelStops("Reviews:\nnice\n\nQ: what is good?\nA:")).toEqual(["\nQ:", "\nA:"]);
    expect(promptLabelStops("Context\n### Frage: Was mögen Leute?\n### Antwort:\n")).toEqual([
      "\n### Frage:",
      "\n### Antwort:",
    ]);
  });

  it("adds nothing where the last lines carry no short label", () => {
    expect(promptLabelStops("Summarise these reviews in one line")).toEqual([]);
    expect(
      promptLabelStops("the context\nWhat do people like about this product, in a few words and with quotes:"),
    ).toEqual([]);
  });
});
