import { describe, expect, it } from "vitest";
import { DEFAULT_PROMPT } from "./setting-fields";
import { templateLabelStops } from "./label-stops";

describe("templateLabelStops", () => {
  it("stops an answer at a new Question: or Answer: line of the default template", () => {
    expect(templateLabelStops(DEFAULT_PROMPT)).toEqual(["\nQuestion:", "\nAnswer:"]);
  });

  it("takes the labels of a user's own template", () => {
    expect(templateLabelStops("Reviews:\n{context}\n\nQ: {question}\nA:")).toEqual(["\nQ:", "\nA:"]);
    expect(templateLabelStops("{context}\n### Frage: {question}\n### Antwort:\n")).toEqual([
      "\n### Frage:",
      "\n### Antwort:",
    ]);
  });

  it("never takes a label from the reviews or the question, nor from a line that is not a short label", () => {
    // The last lines of the filled prompt would be review text ("Pros:"), which must not cut an answer.
    expect(templateLabelStops("{question}\n\n{context}")).toEqual([]);
    expect(templateLabelStops("Summarise these reviews in one line: {context}")).toEqual([]);
    expect(
      templateLabelStops(
        "{context}\nWhat do people like about this product, in a few words and with quotes: {question}",
      ),
    ).toEqual([]);
  });
});
