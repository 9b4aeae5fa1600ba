import path from "node:path";
import { AppError } from "../../errors";
import { GGUF_PRESETS } from "./catalog";

// Which file on the hub a pull name means. node-llama-cpp's resolver parses hf: URIs too, but it also downloads;
// Lineup downloads itself (download.ts), so only the parse is needed, and it is a few lines: the hub's own
// URL scheme, `<hub>/<org>/<repo>/resolve/<rev>/<path>`, is all a pull ever asks for.

export type HubFile = {
  /** What the user asked for (a preset name or the URI). */
  name: string;
  org: string;
  repo: string;
  rev: string;
  /** The file's path inside the repository. */
  filePath: string;
  /** The file name it gets in MODELS_DIR. */
  fileName: string;
  /** The download URL on `hubUrl`. */
  url: string;
};

const HF_URI = /^hf:([\w.-]+)\/([\w.-]+)\/([^#\s]+\.gguf)(?:#([\w.-]+))?$/i;

export function resolveHubFile(name: string, hubUrl: string): HubFile {
  const trimmed = name.trim();
  const uri = GGUF_PRESETS[trimmed]?.uri ?? trimmed;
  const match = HF_URI.exec(uri);
  if (!match) {
    throw new AppError(
      "bad_request",
      `"${trimmed}" is not a GGUF model Lineup can pull. Give a preset (${Object.keys(GGUF_PRESETS).join(", ")}) ` +
        `or an hf: URI naming the file, such as hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf (add #<revision> for another branch).`,
    );
  }
  const [, org, repo, filePath, rev = "main"] = match;
  if (filePath.split("/").some((part) => part === ".." || part === "." || part === "")) {
    throw new AppError("bad_request", `The file path in "${trimmed}" must not contain empty, "." or ".." parts.`);
  }
  const encodedPath = filePath.split("/").map(encodeURIComponent).join("/");
  return {
    name: trimmed,
    org,
    repo,
    rev,
    filePath,
    fileName: path.posix.basename(filePath),
    url: `${hubUrl.replace(/\/+$/, "")}/${org}/${repo}/resolve/${encodeURIComponent(rev)}/${encodedPath}`,
  };
}
