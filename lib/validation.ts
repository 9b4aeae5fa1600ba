import type { z } from "zod";
import { AppError } from "./errors";
import { readCapped } from "./read-capped";
import { JSON_BODY_LIMIT_BYTES } from "./security/request-guard";

/**
 * The request body as JSON, read up to `limit` bytes: a longer body (even one sent without Content-Length,
 * which the proxy cannot judge in advance) is refused with 413 as soon as it passes the limit, unread beyond.
 */
export async function readJsonBody(request: Request, limit = JSON_BODY_LIMIT_BYTES): Promise<unknown> {
  const raw = await readCapped(
    request.body,
    limit,
    () => new AppError("too_large", `The request body is larger than ${limit / 1024} KB, the limit for JSON requests.`),
  );
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  const where = nulPath(body, "");
  if (where !== null) {
    // Postgres cannot store NUL in text or jsonb: refused here, for every route, instead of failing at the insert.
    throw new AppError(
      "bad_request",
      `The text${where ? ` in ${where}` : ""} contains a NUL character (\\u0000), which cannot be stored. Remove it and send again.`,
    );
  }
  return body;
}

/** Where in a JSON value a string (or key) holds a NUL character, or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulPath(v, `${path}[${i}]`);
      if (found !== null) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000")) return path || "a key";
      const found = nulPath(v, path ? `${path}.${k}` : k);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Parses a JSON body against a schema; every problem is named in one 400. */
export async function parseJson<T extends z.ZodTypeAny>(request: Request, schema: T): Promise<z.infer<T>> {
  const body = await readJsonBody(request);
  const result = schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    throw new AppError("bad_request", `The request is not valid: ${problems.join("; ")}.`);
  }
  return result.data;
}
