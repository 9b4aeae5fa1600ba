"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import type { EndpointListing } from "@/lib/remote/types";

// Remote endpoints (llama-server, vLLM, Ollama, LM Studio, TGI: anything OpenAI-compatible) on the Models page:
// add one (the server checks it answers before storing it), see each one's health, latency and models, remove it.
// The API key goes to the server once and is never shown again.

const JSON_HEADERS = { "Content-Type": "application/json" };

export function EndpointPanel() {
  const client = useQueryClient();
  const listing = useQuery({ queryKey: ["endpoints"], queryFn: () => fetchJson<EndpointListing>("/api/endpoints") });
  const [baseUrl, setBaseUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [api, setApi] = useState<"completions" | "chat">("completions");
  const [concurrent, setConcurrent] = useState(false);
  const add = useMutation({
    mutationFn: () => fetchJson("/api/endpoints", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ baseUrl, apiKey, api, concurrent }) }),
    onSuccess: () => { setBaseUrl(""); setApiKey(""); void client.invalidateQueries({ queryKey: ["endpoints"] }); },
  });
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson(`/api/endpoints/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["endpoints"] }),
  });
  const endpoints = listing.data?.endpoints ?? [];

  return (
    <section className="panel stack" aria-labelledby="endpoints-title" data-testid="endpoint-panel">
      <h2 id="endpoints-title">Remote endpoints</h2>
      <p className="muted">
        Models served over an OpenAI-compatible API (llama.cpp&apos;s llama-server, vLLM, Ollama, LM Studio, TGI) run in the same comparison
        as local files, as <code>remote:&lt;endpoint&gt;/&lt;model&gt;</code>. Their speed is measured here, on the client (time to first chunk,
        gaps, end-to-end), and the server&apos;s own figures are shown apart; memory is not measurable remotely. Remote models run one
        at a time, like local ones, unless their endpoint is on another host and opted in to run at the same time as the others.
        This server connects to the URL you give: only add servers you trust.
      </p>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
        <label className="wide">Base URL<input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="http://127.0.0.1:8080" required aria-label="Base URL" /></label>
        <label>API key (optional)<input type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" aria-label="API key" /></label>
        <label>API
          <select value={api} onChange={(e) => setApi(e.target.value as "completions" | "chat")} aria-label="API">
            <option value="completions">/v1/completions (raw prompt)</option>
            <option value="chat">/v1/chat/completions</option>
          </select>
        </label>
        <label><span><input type="checkbox" checked={concurrent} onChange={(e) => setConcurrent(e.target.checked)} aria-label="Run concurrently" /> run at the same time as other models (other hosts only)</span></label>
        <button className="btn btn-primary" type="submit" disabled={add.isPending || !baseUrl.trim()}>{add.isPending ? "Checking…" : "Add endpoint"}</button>
      </form>
      {add.error ? <ErrorMessage error={add.error} /> : null}
      {remove.error ? <ErrorMessage error={remove.error} /> : null}
      {listing.error ? <ErrorMessage error={listing.error} /> : null}
      {endpoints.length === 0 ? <p className="muted">No endpoints yet.</p> : (
        <div className="table-wrap">
          <table data-testid="endpoint-list">
            <thead><tr><th>Endpoint</th><th>API</th><th>Health</th><th>Models (use in a run as)</th><th /></tr></thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id}>
                  <td><span className="mono">{e.baseUrl}</span><br /><span className="muted">{e.id}{e.hasApiKey ? " · API key set" : ""}{e.source === "env" ? " · from LINEUP_ENDPOINTS" : ""}</span></td>
                  <td>{e.api}<br /><span className="muted">{e.concurrent ? "concurrent (if on another host)" : "one at a time"}</span></td>
                  <td>{e.health.ok ? <span>answers in {e.health.latencyMs} ms{e.health.note ? <><br /><span className="muted">{e.health.note}</span></> : null}</span> : <span className="text-bad">{e.health.error}</span>}</td>
                  <td>{listing.data!.models.filter((m) => m.endpointId === e.id).map((m) => <div key={m.ref} className="mono">{m.ref}</div>)}</td>
                  <td>{e.source === "db" ? <button className="btn" type="button" onClick={() => remove.mutate(e.id)} disabled={remove.isPending}>Remove</button> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
