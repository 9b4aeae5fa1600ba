import { ENGINE_LABELS, engineOf } from "@/lib/backends/engine-names";
import { GPU_LABELS, gpuOf, PROMPT_FORMAT_LABELS, promptFormatOf } from "@/lib/runs/run-options";
import { NUMBER_SETTINGS } from "@/lib/runs/setting-fields";
import { retrievalLabel, retrievalOf } from "@/lib/retrieval/modes";
import type { RunView } from "@/lib/runs/types";

/** What ran, with which settings, on what: folded, for whoever wants to check or re-run it. */
export function RunSettingsPanel({ run, datasetName }: { run: RunView; datasetName: string | null }) {
  const s = run.settings;
  const rows: [string, string][] = [
    ["Dataset", datasetName ?? s.datasetId],
    ["Groups", `${s.groups.length}: ${s.groups.join(", ")}`],
    ["Questions", s.questions.join(" · ")],
    ["Models", s.models.join(", ")],
    ["Engine for local models", ENGINE_LABELS[engineOf(s)]],
    ["Prompt format", PROMPT_FORMAT_LABELS[promptFormatOf(s)]],
    ["GPU", GPU_LABELS[gpuOf(s)]],
    ...NUMBER_SETTINGS.map((f): [string, string] => [f.label, String(s[f.key])]),
    ["Retrieval", retrievalLabel(retrievalOf(s))],
  ];
  return (
    <details className="panel">
      <summary>
        <strong>Settings and manifest</strong>{" "}
        <span className="muted">(what ran, on what; everything needed to run it again)</span>
      </summary>
      <table className="data settings-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Prompt template</h3>
      <pre className="prompt">{s.promptTemplate}</pre>
      <h3>Manifest</h3>
      <pre className="manifest">{JSON.stringify(run.manifest, null, 2)}</pre>
    </details>
  );
}
