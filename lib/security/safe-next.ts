// Where the login page sends the browser after sign-in (`/login?next=...`). A string test ("starts with / but
// not //") is not enough: the browser's URL parser drops tabs and newlines anywhere and C0 controls and spaces
// at the ends, and reads "\" as "/", so "/%09/evil.example" arrives as "/\t/evil.example" and becomes
// "//evil.example", another site. So `next` is parsed the way the browser will parse it, against a stand-in
// origin, and only a path on that same origin is kept. Browser-safe: the login form checks with it too.

const BASE = "http://lineup.invalid";

/** `next` as a path on this server (pathname + search + hash), or "/" when it would leave it. */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || next === "") return "/";
  let url: URL;
  try {
    url = new URL(next, `${BASE}/`);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const target = url.pathname + url.search + url.hash;
  // "/.//evil.example" parses to the pathname "//evil.example", which the browser would read as another host.
  if (!target.startsWith("/") || target.startsWith("//")) return "/";
  return target;
}
