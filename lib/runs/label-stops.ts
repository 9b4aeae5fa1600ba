// The default prompt template ends in labelled lines, "Question: {question}" then "Answer:". A model given it, base
// models above all, often answers and then carries on into a new exchange of its own: "\nQuestion: …\nAnswer: …",
// repeating the prompt's form (issue 26: an echo of the prompt counts as a failure). The answer stops where a new
// line starts with one of those labels, as llama.cpp's examples stop at a reverse prompt: in raw runs, and in chat
// runs beside the template's end of turn. The labels come from the template's own text, never from the retrieved
// reviews or the question, so a review line such as "Pros:" cannot cut an answer.

const LABEL = /^[^:{}\n]{1,40}:$/;
const isLabel = (text: string) => LABEL.test(text) && text.split(/\s+/).length <= 4;

/** The label before {question} on its line ("Question:") and the template's last line when it is a label and holds
 * no placeholder ("Answer:"), each after a newline. Empty when neither is. */
export function templateLabelStops(template: string): string[] {
  const lines = template.trimEnd().split("\n");
  const asked = lines
    .find((line) => line.includes("{question}"))
    ?.split("{question}")[0]
    .trim();
  const last = lines.at(-1)?.trim();
  const labels = [asked, last].filter((label): label is string => label !== undefined && isLabel(label));
  return [...new Set(labels)].map((label) => `\n${label}`);
}
