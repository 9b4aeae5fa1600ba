import "server-only";
import type { Endpoint } from "./types";
import { readCapped } from "../read-capped";
import { remoteText } from "./remote-text";
import { GiveUpError, Watch } from "./watch";

// The one way Lineup talks to a remote endpoint: its base URL plus a path, the API key as a bearer token
// (sent to that endpoint only), and a time limit on top of the caller's cancel signal (lib/remote/watch.ts).
// Every message about a remote failure is a RemoteError, and its constructor is where remote text is made
// safe: storable, capped, and with the API key and anything secret-looking removed (lib/remote/remote-text.ts).

const MAX_MESSAGE_CHARS = 1000;

export class RemoteError extends Error {
  constructor(message: string, options?: { cause?: unknown; apiKey?: string | null }) {
    super(
      remoteText(message, { apiKey: options?.apiKey, max: MAX_MESSAGE_CHARS }),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "RemoteError";
  }
}

export function remoteHeaders(
  endpoint: Pick<Endpoint, "apiKey">,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}), ...extra };
}

/** Why a fetch failed, in words a user can act on (refused, unknown host, timed out, ...). */
export function describeFetchError(err: unknown, baseUrl: string, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e instanceof GiveUpError)
    return e.why === "cancel"
      ? `The request to ${baseUrl} was cancelled.`
      : `${baseUrl} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`;
  if (e.name === "TimeoutError") return `${baseUrl} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`;
  const code = e.cause?.code;
  if (code === "ECONNREFUSED") return `${baseUrl} refused the connection: is the server running, and on that port?`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `The host of ${baseUrl} could not be found.`;
  if (e.cause?.message === "bad port")
    return `${baseUrl} uses a port that HTTP clients refuse to connect to (the fetch standard's blocked ports); serve it on another port.`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `${baseUrl} closed the connection.`;
  return `${baseUrl} could not be reached: ${e.cause?.message ?? e.message}`;
}

const MAX_JSON_BYTES = 5_000_000;

/** The answer's body as text, refused as soon as it passes `limit` bytes (lib/read-capped.ts). */
export async function readCappedText(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  what: string,
): Promise<string> {
  const raw = await readCapped(
    body,
    limit,
    () =>
      new RemoteError(
        `${what} answered more than ${limit / 1_000_000} MB; that is not a model list or server description.`,
      ),
  );
  return raw.toString("utf8");
}

/**
 * GET a small document from the endpoint as text. `timeoutMs` is one deadline for the whole answer, headers
 * and body: a server that trickles its body is cut off like one that never starts. `signal` cancels it at once.
 */
export async function getText(
  endpoint: Pick<Endpoint, "baseUrl" | "apiKey">,
  path: string,
  opts: { timeoutMs: number; signal?: AbortSignal; maxBytes?: number },
): Promise<string> {
  const watch = new Watch(opts.timeoutMs, opts.signal);
  const fail = (err: unknown) =>
    new RemoteError(describeFetchError(err, endpoint.baseUrl, opts.timeoutMs), { cause: err, apiKey: endpoint.apiKey });
  let res: Response;
  try {
    res = await watch.fetch(`${endpoint.baseUrl}${path}`, { headers: remoteHeaders(endpoint), redirect: "error" });
  } catch (err) {
    throw fail(err);
  }
  if (!res.ok) {
    void res.body?.cancel().catch(() => {});
    throw new RemoteError(
      `${endpoint.baseUrl}${path} answered HTTP ${res.status}${res.status === 401 || res.status === 403 ? " (check the API key)" : ""}.`,
      { apiKey: endpoint.apiKey },
    );
  }
  try {
    return await readCappedText(
      res.body && watch.body(res.body),
      opts.maxBytes ?? MAX_JSON_BYTES,
      `${endpoint.baseUrl}${path}`,
    );
  } catch (err) {
    throw err instanceof RemoteError ? err : fail(err);
  }
}

/** GET a small JSON document from the endpoint, as `getText`. */
export async function getJson<T>(
  endpoint: Pick<Endpoint, "baseUrl" | "apiKey">,
  path: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  const text = await getText(endpoint, path, { timeoutMs, signal });
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RemoteError(`${endpoint.baseUrl}${path} did not answer JSON.`, { apiKey: endpoint.apiKey });
  }
}
