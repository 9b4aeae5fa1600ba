"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { EndpointListing } from "@/lib/remote/types";

// The remote endpoints' models as choices in the run form, beside the local files. Fetched in the browser, so
// a slow endpoint never holds up the page; endpoints are added on the Models page.

export function RemotePicks({ chosen, onToggle }: { chosen: string[]; onToggle: (ref: string) => void }) {
  const listing = useQuery({ queryKey: ["endpoints"], queryFn: () => fetchJson<EndpointListing>("/api/endpoints") });
  const models = listing.data?.models ?? [];
  const down = listing.data?.endpoints.filter((e) => !e.health.ok) ?? [];
  if (!models.length && !down.length) return null;
  return (
    <div className="stack" data-testid="remote-picks">
      <h3>
        Remote endpoints <span className="muted">(measured over the network; memory not measurable remotely)</span>
      </h3>
      <div className="model-picks">
        {models.map((m) => (
          <label key={m.ref} className="model-pick">
            <input type="checkbox" checked={chosen.includes(m.ref)} onChange={() => onToggle(m.ref)} />
            <span>
              <strong>{m.modelId}</strong> <span className="badge">remote</span>
              <br />
              <span className="muted mono">{m.baseUrl}</span>
              {listing.data!.endpoints.find((e) => e.id === m.endpointId)?.concurrent ? (
                <span className="badge">concurrent</span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
      {down.map((e) => (
        <p key={e.id} className="muted">
          {e.baseUrl}: {!e.health.ok ? e.health.error : null}
        </p>
      ))}
    </div>
  );
}
