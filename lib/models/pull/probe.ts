import "server-only";
import { AppError } from "../../errors";
import type { HubFile } from "./hub-file";

// What the hub says about a file before any byte of it is fetched: its size and its SHA-256. The hub answers a
// resolve URL for an LFS file with a redirect to its CDN that carries `X-Linked-Etag` (the LFS oid, which is
// the file's SHA-256) and `X-Linked-Size`; the redirect is therefore read by hand (redirect: "manual"),
// because a followed redirect loses those headers. A mirror that sends neither is asked through the hub API
// (`/api/models/<org>/<repo>/tree/<rev>`, each entry's `lfs.oid`). Without a SHA-256, nothing is pulled.

export type RemoteFile = { sizeBytes: number; sha256: string };

const SHA256 = /^[0-9a-f]{64}$/;
const unquote = (value: string | null) => value?.replace(/^W\//, "").replace(/"/g, "").trim().toLowerCase() ?? null;

/** The reason a fetch could not connect, as the system names it (ECONNREFUSED, ENOTFOUND...). */
export function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
}

export function unreachable(hubUrl: string, err: unknown): AppError {
  return new AppError(
    "unavailable",
    `Cannot reach the model hub at ${hubUrl} (${networkReason(err)}). Pulling models needs internet access, or a mirror ` +
      `named in LINEUP_HUB_URL. Without either, copy .gguf files into the models folder yourself.`,
    { cause: err },
  );
}

async function askHub(url: string, init: RequestInit, hubUrl: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.any([AbortSignal.timeout(15_000), ...(init.signal ? [init.signal] : [])]) });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw unreachable(hubUrl, err);
  }
}

function refused(file: HubFile, status: number): AppError {
  if (status === 404 || status === 401 || status === 403) {
    return new AppError(
      "not_found",
      `The hub has no file ${file.filePath} in ${file.org}/${file.repo} at revision ${file.rev} (it answered ${status}). ` +
        `Check the repository and file name on the hub (a private or gated repository answers this way too).`,
    );
  }
  return new AppError("unavailable", `The hub answered ${status} for ${file.url}. Try again later.`);
}

async function shaFromApi(file: HubFile, hubUrl: string, signal?: AbortSignal): Promise<string | null> {
  const dir = file.filePath.includes("/") ? `/${file.filePath.slice(0, file.filePath.lastIndexOf("/"))}` : "";
  const res = await askHub(`${hubUrl}/api/models/${file.org}/${file.repo}/tree/${encodeURIComponent(file.rev)}${dir}`, { signal }, hubUrl);
  if (!res.ok) return null;
  const entries = (await res.json().catch(() => [])) as { path?: string; lfs?: { oid?: string } }[];
  const oid = unquote(Array.isArray(entries) ? (entries.find((e) => e.path === file.filePath)?.lfs?.oid ?? null) : null);
  return oid && SHA256.test(oid) ? oid : null;
}

/** The file's size and SHA-256 as the hub advertises them; refuses a file whose checksum the hub does not give. */
export async function probeHubFile(file: HubFile, hubUrl: string, signal?: AbortSignal): Promise<RemoteFile> {
  const res = await askHub(file.url, { method: "HEAD", redirect: "manual", signal }, hubUrl);
  if (res.status >= 400) throw refused(file, res.status);
  let sha256 = unquote(res.headers.get("x-linked-etag"));
  let sizeBytes = Number(res.headers.get("x-linked-size") ?? (res.status === 200 ? res.headers.get("content-length") : NaN));
  if (!sha256 || !SHA256.test(sha256)) sha256 = await shaFromApi(file, hubUrl, signal);
  if (!sha256) {
    throw new AppError(
      "unprocessable",
      `The hub gives no SHA-256 for ${file.filePath} in ${file.org}/${file.repo} (no X-Linked-Etag, no lfs.oid), so a download could not be verified and is not started. ` +
        `Pull from a hub that serves the file through LFS, or download it yourself and copy it into the models folder.`,
    );
  }
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) {
    const follow = await askHub(file.url, { method: "HEAD", signal }, hubUrl);
    sizeBytes = Number(follow.headers.get("content-length") ?? NaN);
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) throw new AppError("unavailable", `The hub does not say how large ${file.filePath} is. Try again later.`);
  }
  return { sizeBytes, sha256 };
}
