// `--assert name>=X` checks for the headless CLI: each named figure, per model, against a threshold. Pure, so
// it is unit-tested; a figure the run does not report fails the assertion (a CI gate must not pass by omission).

export type Assertion = { name: string; op: ">=" | "<=" | ">" | "<"; value: number; raw: string };

/** Assertion names and how to read them from a model's row of the table. */
export const ASSERTABLE = {
  genRate: "median generation tokens/s",
  ttft: "median time to first token, ms",
  e2e: "median end-to-end time, ms",
  wordsPerSecond: "median words/s",
  groundedness: "mean groundedness (0-1), from the quality scores",
  failed: "failed cells",
} as const;
export type AssertName = keyof typeof ASSERTABLE;
export type ModelRow = { model: string } & Partial<Record<AssertName, number | null>>;

export function parseAssertion(raw: string): Assertion {
  const m = /^\s*([A-Za-z]+)\s*(>=|<=|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$/.exec(raw);
  if (!m) throw new Error(`--assert "${raw}" is not of the form name>=number (e.g. genRate>=20).`);
  if (!(m[1] in ASSERTABLE))
    throw new Error(`--assert "${raw}": unknown figure ${m[1]}; known: ${Object.keys(ASSERTABLE).join(", ")}.`);
  return { name: m[1], op: m[2] as Assertion["op"], value: Number(m[3]), raw };
}

const holds = (x: number, a: Assertion) =>
  a.op === ">=" ? x >= a.value : a.op === "<=" ? x <= a.value : a.op === ">" ? x > a.value : x < a.value;

/** Every failed check, in words; empty when all hold for every model. */
export function checkAssertions(rows: ModelRow[], assertions: Assertion[]): string[] {
  const failures: string[] = [];
  for (const a of assertions) {
    for (const row of rows) {
      const x = row[a.name as AssertName];
      if (x == null || !Number.isFinite(x))
        failures.push(
          `${row.model}: ${a.raw} cannot be checked, the run reports no ${ASSERTABLE[a.name as AssertName]}.`,
        );
      else if (!holds(x, a))
        failures.push(`${row.model}: ${a.raw} failed (${a.name} = ${Math.round(x * 1000) / 1000}).`);
    }
  }
  return failures;
}
