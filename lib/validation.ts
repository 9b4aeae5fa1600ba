import type { z } from "zod";
import { AppError } from "./errors";

/** Parses a JSON body against a schema; every problem is named in one 400. */
export async function parseJson<T extends z.ZodTypeAny>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    throw new AppError("bad_request", `The request is not valid: ${problems.join("; ")}.`);
  }
  return result.data;
}
