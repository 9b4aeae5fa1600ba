// The engines that can run a local GGUF file; browser-safe (the run form offers them).

export const LOCAL_ENGINES = ["node-llama-cpp", "llama-server"] as const;
export type LocalEngine = (typeof LOCAL_ENGINES)[number];

/** node-llama-cpp needs no build; llama-server needs `npm run llama:build`. */
export const DEFAULT_ENGINE: LocalEngine = "node-llama-cpp";

export const ENGINE_LABELS: Record<LocalEngine, string> = {
  "node-llama-cpp": "node-llama-cpp (prebuilt, in a worker process)",
  "llama-server": "llama-server (llama.cpp built for this CPU, managed by Lineup)",
};

/** Runs stored before engines existed ran on node-llama-cpp. */
export const engineOf = (settings: { engine?: LocalEngine }): LocalEngine => settings.engine ?? DEFAULT_ENGINE;
