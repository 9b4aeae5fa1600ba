/**
 * The sampling the llama-server engine asks for: node-llama-cpp's defaults (top-k 40, top-p 0.95, no min-p), so
 * both local engines sample alike, and `cache_prompt: false`, so every answer starts from an empty cache as in the
 * local worker. llama-server's own defaults differ (min-p 0.05).
 */
export const LLAMA_SERVER_SAMPLING = { top_k: 40, top_p: 0.95, min_p: 0, cache_prompt: false } as const;
