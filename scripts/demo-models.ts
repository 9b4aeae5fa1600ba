// `npm run models:demo`: writes the demo models that are missing from MODELS_DIR (npm start does this too).
import { env } from "../lib/env";
import { ensureDemoModels, ensureTrainedModels } from "../lib/models/demo/ensure";

const log = (line: string) => console.log(`[demo] ${line}`);
const written = [...ensureDemoModels(env().modelsDir, undefined, log), ...ensureTrainedModels(env().modelsDir, log)];
console.log(written.length ? `[demo] wrote ${written.join(", ")}` : "[demo] all demo models are present");
