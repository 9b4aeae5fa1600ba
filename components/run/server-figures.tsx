import type { ServerFigures } from "@/lib/remote/types";

/** A remote answer's figures as its server reported them (llama-server timings, /metrics), apart from the client's. */
export function ServerFiguresLine({ server }: { server: ServerFigures | null | undefined }) {
  if (!server) return null;
  const parts = [
    server.predictedPerSecond != null ? `decode ${server.predictedPerSecond.toFixed(1)} tok/s` : null,
    server.promptPerSecond != null ? `prompt ${server.promptPerSecond.toFixed(1)} tok/s` : null,
    server.kvCacheUsageRatio != null ? `KV cache ${(server.kvCacheUsageRatio * 100).toFixed(1)} %` : null,
  ].filter(Boolean);
  if (!parts.length) return null;
  return (
    <p
      className="muted answer-server"
      data-testid="server-figures"
      title={`reported by the server (${server.source}), not measured here`}
    >
      server: {parts.join(" · ")}
    </p>
  );
}
