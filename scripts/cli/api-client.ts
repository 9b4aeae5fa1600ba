import { scriptHeaders } from "../../lib/api-headers";

// The CLI's HTTP client for a running Lineup: every request names the server as its Origin (scripts must; see
// README, Security) and carries the bearer token when LINEUP_TOKEN is set. Errors carry the server's message.

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export type Client = {
  url: string;
  headers: Record<string, string>;
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, body: unknown) => Promise<T>;
};

export function apiClient(url: string, token = process.env.LINEUP_TOKEN): Client {
  const headers = scriptHeaders(url, token);
  async function call<T>(path: string, init: RequestInit): Promise<T> {
    const res = await fetch(`${url}${path}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    });
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!res.ok)
      throw new ApiCallError(
        `${init.method ?? "GET"} ${path} answered ${res.status}: ${body?.error?.message ?? res.statusText}`,
        res.status,
      );
    return body as T;
  }
  return {
    url,
    headers,
    get: (path) => call(path, {}),
    post: (path, body) =>
      call(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  };
}
