// The prompt template is filled literally: every {context} and every {question} is replaced by the text as it
// is, and nothing else in the template, the question or the documents is interpreted. (String.replace would
// read $&, $$ and $` in the replacement as patterns, and replaced only the first placeholder.)

export const PLACEHOLDERS = ["context", "question"] as const;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Placeholders the template uses that Lineup does not fill, e.g. ["{foo}"]; empty when all are known. */
export function unknownPlaceholders(template: string): string[] {
  const found = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
  return [...new Set(found.filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name)))].map((n) => `{${n}}`);
}

/** The template with every {context} and {question} replaced; values are inserted verbatim, in one pass. */
export function fillTemplate(template: string, values: Record<(typeof PLACEHOLDERS)[number], string>): string {
  return template.replace(PLACEHOLDER, (match, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof typeof values] : match,
  );
}
