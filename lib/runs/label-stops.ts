// The filled prompt template ends in labelled lines, "Question: …" then "Answer:". A model given it, base models
// above all, often answers and then carries on into a new exchange of its own: "\nQuestion: …\nAnswer: …",
// repeating the prompt's form (issue 26: an echo of the prompt counts as a failure). The answer stops where a new
// line starts with one of those labels, as llama.cpp's examples stop at a reverse prompt: in raw runs, and in chat
// runs beside the template's end of turn (the labels come from the user's turn, the filled template).

/** The labels of the prompt's last two lines ("Question:", "Answer:"), each after a newline: the text of a line up
 * to and including its first colon, when that is a short label (at most four words). Empty when neither is. */
export function promptLabelStops(prompt: string): string[] {
  const lines = prompt.trimEnd().split("\n").slice(-2);
  const labels = lines
    .map((line) => line.trim().match(/^[^:\n]{1,40}:/)?.[0])
    .filter((label): label is string => label !== undefined && label.split(/\s+/).length <= 4);
  return [...new Set(labels)].map((label) => `\n${label}`);
}
