import type { ModelFacts } from "./gguf/inspect";

/** The model's own memory estimate before loading: weights + f16 KV cache at this context + compute buffers. */
export function estimateMemoryBytes(facts: Pick<ModelFacts, "weightsBytes" | "kvBytesPerToken" | "computeBytes">, contextSize: number): number {
  return facts.weightsBytes + facts.kvBytesPerToken * contextSize + facts.computeBytes;
}

export function kvCacheBytes(facts: Pick<ModelFacts, "kvBytesPerToken">, contextSize: number): number {
  return facts.kvBytesPerToken * contextSize;
}
