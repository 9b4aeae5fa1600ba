/** An API error with the server's message, which is written for the user. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const message = body?.error?.message ?? `The server answered ${res.status} ${res.statusText}.`;
    throw new ApiError(message, res.status, body?.error?.code);
  }
  return body as T;
}
