"use client";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { safeNext } from "@/lib/security/safe-next";

export function LoginForm({ next }: { next: string }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="panel form-grid"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await fetchJson("/api/login", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ token }),
          });
          // A full load, so the server renders the page with the new cookie; checked again here, so the
          // form never leaves the site whatever its caller passed.
          window.location.assign(safeNext(next));
        } catch (err) {
          setError(err);
          setBusy(false);
        }
      }}
    >
      <label>
        Token
        <input
          type="password"
          name="token"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy || !token}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
