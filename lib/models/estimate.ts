import type { ModelFacts } from "./gguf/inspect";

type ComputeFacts = Pick<ModelFacts, "computeBytes" | "computeBytesPerToken">;

/** llama.cpp's compute buffers at this context (they grow with it: the attention's scratch is context × batch). */
export function computeBufferBytes(facts: ComputeFacts, contextSize: number): number {
  return facts.computeBytes + (facts.computeBytesPerToken ?? 0) * contextSize;
}

/** The model's own memory estimate before loading: weights + f16 KV cache at this context + compute buffers. */
export function estimateMemoryBytes(facts: Pick<ModelFacts, "weightsBytes" | "kvBytesPerToken"> & ComputeFacts, contextSize: number): number {
  return facts.weightsBytes + facts.kvBytesPerToken * contextSize + computeBufferBytes(facts, contextSize);
}

export function kvCacheBytes(facts: Pick<ModelFacts, "kvBytesPerToken">, contextSize: number): number {
  return facts.kvBytesPerToken * contextSize;
}

/** A memory estimate split between RAM and GPU memory. */
export type SplitEstimate = { ramBytes: number; vramBytes: number; gpuLayers: number; totalLayers: number };

/** Free VRAM kept for other programs and llama.cpp's own buffers when deciding what fits. */
const VRAM_HEADROOM = 0.1;

/**
 * Where the estimate would sit on a GPU with `vramFreeBytes` free: node-llama-cpp offloads as many layers as fit
 * (gpuLayers "auto"), each taking its share of the weights and of the KV cache, with the compute buffers on the
 * GPU; the rest stays in RAM. Without a GPU (null) everything is RAM. An approximation, to tell before loading.
 */
export function splitEstimate(
  facts: Pick<ModelFacts, "weightsBytes" | "kvBytesPerToken" | "computeBytes" | "computeBytesPerToken" | "layers">,
  contextSize: number,
  vramFreeBytes: number | null,
): SplitEstimate {
  const total = estimateMemoryBytes(facts, contextSize);
  const totalLayers = facts.layers + 1; // the repeating blocks and the output layer, as llama.cpp counts them
  if (!vramFreeBytes) return { ramBytes: total, vramBytes: 0, gpuLayers: 0, totalLayers };
  const perLayer = (facts.weightsBytes + kvCacheBytes(facts, contextSize)) / totalLayers;
  const compute = computeBufferBytes(facts, contextSize);
  const room = vramFreeBytes * (1 - VRAM_HEADROOM) - compute;
  const gpuLayers = Math.max(0, Math.min(totalLayers, Math.floor(room / perLayer)));
  const vramBytes = gpuLayers === 0 ? 0 : Math.round(gpuLayers * perLayer + compute);
  return { ramBytes: total - vramBytes, vramBytes, gpuLayers, totalLayers };
}
