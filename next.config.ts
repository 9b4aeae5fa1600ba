import type { NextConfig } from "next";

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
};

export default nextConfig;
