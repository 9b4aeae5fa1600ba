import "server-only";
import { toErrorBody } from "./errors";
import { log } from "./log";

/** Turns any thrown value into a JSON error response; internals are logged, not sent. */
export function errorResponse(err: unknown): Response {
  const { status, body } = toErrorBody(err);
  if (status >= 500) log.error(body.error.message, err);
  return Response.json(body, { status });
}

/** Wraps a route handler so that every failure becomes a clear JSON error. */
export function handler<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

type IdParams = { params: Promise<{ id: string }> };

/** A POST /api/.../[id]/<action> route: runs `action` on the id and answers with its result as JSON. */
export function idAction(action: (id: string) => Promise<unknown>, status = 200) {
  return handler(async (_request: Request, { params }: IdParams) =>
    Response.json(await action((await params).id), { status }),
  );
}
