import type { NextConfig } from "next";
import { parseEnv } from "./lib/env";

/**
 * Next hands a route the body its proxy (proxy.ts) has buffered, cut at `proxyClientMaxBodySize` (10 MB by
 * default) without an error: an upload past it was stored short with a 201. `next start` reads this file at
 * start, with the server's environment, so the cut follows LINEUP_UPLOAD_LIMIT_MB. Next drops the whole chunk
 * that crosses its cut, so the cut sits a margin above the limit: a cut body is still longer than the limit, and
 * the upload route refuses it (413) instead of storing the part that arrived.
 */
const PROXY_CUT_MARGIN_BYTES = 16 * 1024 * 1024;

function uploadLimitBytes(): number {
  try {
    return parseEnv().uploadLimitBytes;
  } catch {
    return parseEnv({}).uploadLimitBytes; // a bad setting stops the server at start (scripts/start.ts) with its reason
  }
}

const nextConfig: NextConfig = {
  // Native and WASM packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "@electric-sql/pglite-socket",
    "node-llama-cpp",
    "@xenova/transformers",
    "onnxruntime-node",
    "pg",
  ],
  poweredByHeader: false,
  experimental: { proxyClientMaxBodySize: uploadLimitBytes() + PROXY_CUT_MARGIN_BYTES },
};

export default nextConfig;
