import type { z } from "zod";
import { AppError } from "./errors";
import { JSON_BODY_LIMIT_BYTES } from "./security/request-guard";

/**
 * The request body as JSON, read up to `limit` bytes: a longer body (even one sent without Content-Length,
 * which the proxy cannot judge in advance) is refused with 413 as soon as it passes the limit, unread beyond.
 */
export async function readJsonBody(request: Request, limit = JSON_BODY_LIMIT_BYTES): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > limit) {
        await reader.cancel().catch(() => {});
        throw new AppError("too_large", `The request body is larger than ${limit / 1024} KB, the limit for JSON requests.`);
      }
      chunks.push(value);
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
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
