// Checks a remote endpoint's base URL before the server ever connects to it. Only http(s), no credentials in
// the URL (they would be stored and shown in plain text: the API key has its own, server-only field), no query
// or fragment. A trailing "/v1" is dropped, so "http://host:8080" and "http://host:8080/v1" are the same endpoint.

export function normaliseBaseUrl(raw: string): { ok: true; url: string } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: `"${raw}" is not a URL. Give the server's address, e.g. http://127.0.0.1:8080.` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, error: `The base URL must start with http:// or https://, not ${url.protocol}//.` };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      error: "The base URL may not contain a user name or password; put an API key in the API key field instead.",
    };
  }
  if (url.search || url.hash)
    return { ok: false, error: "The base URL may not have a query (?...) or fragment (#...)." };
  const pathname = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  return { ok: true, url: `${url.protocol}//${url.host}${pathname}` };
}
