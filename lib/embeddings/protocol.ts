// The methods of the embedding process (lib/process/wire.ts carries them). Types only.

export type EmbedProtocol = {
  load: { params: { modelsDir: string; modelId: string }; result: { dim: number; metric: "cosine" | "dot" } };
  embed: { params: { texts: string[] }; result: number[][] };
};
