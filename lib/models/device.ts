// Where a loaded model runs. Browser-safe (the run page shows it).

/** Where a loaded model runs: what node-llama-cpp found and used. */
export type DeviceInfo = {
  backend: "cpu" | "cuda" | "metal" | "vulkan";
  /** The GPU devices' names; empty on the CPU. */
  deviceNames: string[];
  /** Layers offloaded to the GPU, of the model's total. */
  gpuLayers: number;
  totalLayers: number;
  /** VRAM in use with the model loaded (the whole device's, as node-llama-cpp reports it); 0 on the CPU. */
  vramUsedBytes: number;
};
