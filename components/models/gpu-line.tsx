import { formatBytes } from "@/lib/format";
import type { Inventory } from "@/lib/models";

/** What runs on under the server's default: the GPU node-llama-cpp found, none, or "cpu" by choice. */
export function GpuLine({ gpu }: { gpu: Inventory["gpu"] }) {
  const { choice, found } = gpu;
  let text: string;
  if (choice === "cpu") text = "GPU: off (LINEUP_GPU=cpu), models run on the CPU";
  else if (!found) text = "GPU: checking…";
  else if (found.backend === "cpu") text = "GPU: none found, models run on the CPU";
  else
    text = `GPU: ${found.backend}${found.deviceNames.length ? ` (${found.deviceNames.join(", ")})` : ""}, ${formatBytes(found.vramFreeBytes)} free of ${formatBytes(found.vramTotalBytes)}`;
  return (
    <span className="muted" data-testid="gpu-line">
      {text}
    </span>
  );
}
