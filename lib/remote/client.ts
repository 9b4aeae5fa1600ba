import "server-only";
import type { Endpoint } from "./endpoints";
import { readCapped } from "../read-capped";

// The one way Lineup talks to a remote endpoint: its base URL plus a path, the API key as a bearer token
// (sent to that endpoint only), and a time limit on top of the caller's cancel signal.

export class RemoteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RemoteError";
  }
}

export function remoteHeaders(endpoint: Pick<Endpoint, "apiKey">, extra: Record<string, string> = {}): Record<string, string> {
  return { ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}), ...extra };
}

/** Why a fetch failed, in words a user can act on (refused, unknown host, timed out, ...). */
export function describeFetchError(err: unknown, baseUrl: string, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return `${baseUrl} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`;
  const code = e.cause?.code;
  if (code === "ECONNREFUSED") return `${baseUrl} refused the connection: is the server running, and on that port?`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `The host of ${baseUrl} could not be found.`;
  if (e.cause?.message === "bad port") return `${baseUrl} uses a port that HTTP clients refuse to connect to (the fetch standard's blocked ports); serve it on another port.`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `${baseUrl} closed the connection.`;
  return `${baseUrl} could not be reached: ${e.cause?.message ?? e.message}`;
}

const MAX_JSON_BYTES = 5_000_000;

/** The answer's body as text, refused as soon as it passes `limit` bytes (lib/read-capped.ts). */
export async function readCappedText(res: Response, limit: number, what: string): Promise<string> {
  const raw = await readCapped(res.body, limit, () => new RemoteError(`${what} answered more than ${limit / 1_000_000} MB; that is not a model list or server description.`));
  return raw.toString("utf8");
}

/** GET a small JSON document from the endpoint, within `timeoutMs`. */
export async function getJson<T>(endpoint: Pick<Endpoint, "baseUrl" | "apiKey">, path: string, timeoutMs: number): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${endpoint.baseUrl}${path}`, { headers: remoteHeaders(endpoint), signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (err) {
    throw new RemoteError(describeFetchError(err, endpoint.baseUrl, timeoutMs), { cause: err });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new RemoteError(`${endpoint.baseUrl}${path} answered HTTP ${res.status}${res.status === 401 || res.status === 403 ? " (check the API key)" : ""}.`);
  }
  let text: string;
  try {
    text = await readCappedText(res, MAX_JSON_BYTES, `${endpoint.baseUrl}${path}`);
  } catch (err) {
    // The time limit covers the body too: a server that trickles its answer is cut off like one that never starts.
    throw err instanceof RemoteError ? err : new RemoteError(describeFetchError(err, endpoint.baseUrl, timeoutMs), { cause: err });
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RemoteError(`${endpoint.baseUrl}${path} did not answer JSON.`);
  }
}
