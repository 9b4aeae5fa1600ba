import "server-only";
import { AppError, toErrorBody } from "./errors";
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

/** A downloadable format of an export route: its content type, how to render it, and headers of its own. */
export type ExportFormat<T> = { type: string; render: (value: T) => string; headers?: Record<string, string> };

/**
 * The `?format=` of an export request rendered as an attachment named `lineup-<id>.<format>` (json by default);
 * an unknown format is a 400 that lists the ones there are. `load` runs only for a known format.
 */
export async function exportResponse<T>(
  request: Request,
  id: string,
  formats: Record<string, ExportFormat<T>>,
  load: () => Promise<T>,
): Promise<Response> {
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (!Object.hasOwn(formats, format)) {
    const names = Object.keys(formats);
    throw new AppError(
      "bad_request",
      `format must be ${names.slice(0, -1).join(", ")} or ${names.at(-1)}; got "${format.slice(0, 40)}".`,
    );
  }
  const { type, render, headers } = formats[format];
  return new Response(render(await load()), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="lineup-${id}.${format}"`,
      ...headers,
    },
  });
}
