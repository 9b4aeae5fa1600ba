import { formatBytes } from "@/lib/format";
import { isRemoteRef } from "@/lib/remote/types";
import { promptFormatOf } from "@/lib/runs/run-options";
import type { ModelSummary, RunView } from "@/lib/runs/types";

/**
 * Where each model ran and how it was prompted: backend, device, layers offloaded, VRAM beside RAM, and the
 * prompt format it was given. A run whose models ran on different backends is not a like-for-like race: the
 * page says so first.
 */
export function ModelRuntime({ run, summaries }: { run: RunView; summaries: ModelSummary[] }) {
  const models = (run.manifest?.models ?? []).filter((m) => !isRemoteRef(m.file));
  if (!models.some((m) => m.runtime)) return null;
  const backends = [...new Set(models.flatMap((m) => (m.runtime?.device ? [m.runtime.device.backend] : [])))];
  const chatRun = promptFormatOf(run.settings) === "chat";
  const fellBack = models.filter((m) => chatRun && m.runtime?.chatTemplate === false).map((m) => m.file);
  const ram = (file: string) => summaries.find((s) => s.model === file)?.figures.peakRssBytes?.max ?? null;
  return (
    <section className="panel" data-testid="model-runtime">
      <h2>Where each model ran</h2>
      {backends.length > 1 ? (
        <p className="notice" role="alert" data-testid="mixed-backends">
          Not like-for-like: these models ran on different backends ({backends.join(", ")}). A model on a GPU is faster
          for that reason alone; compare them on one backend (GPU: cpu) to compare the models.
        </p>
      ) : null}
      {fellBack.length ? (
        <p className="notice" data-testid="raw-fallback">
          {fellBack.join(", ")} {fellBack.length === 1 ? "has" : "have"} no chat template in{" "}
          {fellBack.length === 1 ? "its" : "their"} file, so {fellBack.length === 1 ? "it was" : "they were"} given the
          raw prompt; the other models got the prompt in their own chat template.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data cards-sm">
          <thead>
            <tr>
              <th>Model</th>
              <th>Prompt</th>
              <th>Backend</th>
              <th>Device</th>
              <th className="num">GPU layers</th>
              <th className="num">VRAM peak</th>
              <th className="num">RAM peak</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => {
              const d = m.runtime?.device;
              return (
                <tr key={m.file} data-model={m.file}>
                  <th scope="row">{m.file}</th>
                  <td data-label="Prompt">{m.runtime?.promptFormat ?? "–"}</td>
                  <td data-testid="backend" data-label="Backend">
                    {d?.backend ?? "–"}
                  </td>
                  <td data-label="Device">{d ? d.deviceNames.join(", ") || "CPU" : "–"}</td>
                  <td className="num" data-label="GPU layers">
                    {d ? `${d.gpuLayers} of ${d.totalLayers}` : "–"}
                  </td>
                  <td className="num" data-label="VRAM peak">
                    {d ? formatBytes(m.runtime?.vramPeakBytes ?? d.vramUsedBytes) : "–"}
                  </td>
                  <td className="num" data-label="RAM peak">
                    {formatBytes(ram(m.file))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
