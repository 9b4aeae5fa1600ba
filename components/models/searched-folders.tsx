import type { SearchedFolder } from "@/lib/models/sources/searched";
import { SourceBadge } from "./source-badge";

/** Where Lineup looked for GGUF files: the models folder, LINEUP_MODEL_DIRS and other tools' stores. */
export function SearchedFolders({ folders }: { folders: SearchedFolder[] }) {
  const present = folders.filter((f) => f.present);
  return (
    <details className="searched-folders">
      <summary>
        Where Lineup looks for models ({present.length} of {folders.length} folders present)
      </summary>
      <ul>
        {folders.map((f) => (
          <li key={`${f.source}:${f.dir}`}>
            <SourceBadge source={f.source} /> <code>{f.dir}</code>{" "}
            {f.present ? null : <span className="muted">(not here)</span>}
          </li>
        ))}
      </ul>
      <p className="muted">
        Lineup only reads these folders: it never writes into Ollama&apos;s, LM Studio&apos;s or Hugging Face&apos;s stores.
        Add folders with <code>LINEUP_MODEL_DIRS</code>.
      </p>
    </details>
  );
}
